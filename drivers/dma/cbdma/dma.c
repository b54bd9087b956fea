// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine operations other than prep: the ring, submission, the
 * doorbell, completion processing, status, terminate and synchronize.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/dmaengine.h>
#include <linux/slab.h>

#include "cookie.h"
#include "cbdma.h"
#include "trace.h"

/*
 * A new ring, published under the lock, as remove reads it: never a ring
 * with another ring's order or address. -ENXIO once the channel is dead.
 */
int cbdma_alloc_ring(struct cbdma_chan *c, unsigned int order, gfp_t gfp)
{
	struct device *dev = cbdma_chan_dev(c);
	size_t size = (size_t)CBDMA_DESC_SIZE << order;
	struct cbdma_hw_desc *ring;
	dma_addr_t dma;
	bool dead;

	ring = dma_alloc_coherent(dev, size, &dma, gfp);
	if (!ring)
		return -ENOMEM;
	spin_lock_bh(&c->lock);
	dead = c->dead;
	if (!dead) {
		c->ring_dma = dma;
		c->order = order;
		WRITE_ONCE(c->ring, ring);
	}
	spin_unlock_bh(&c->lock);
	if (dead) {
		dma_free_coherent(dev, size, ring, dma);
		return -ENXIO;
	}
	return 0;
}

/* Detach the ring under the lock, free it outside: remove may race us. */
void cbdma_free_ring(struct cbdma_chan *c)
{
	struct cbdma_hw_desc *ring;
	dma_addr_t dma;
	size_t size;

	spin_lock_bh(&c->lock);
	ring = c->ring;
	dma = c->ring_dma;
	size = (size_t)CBDMA_DESC_SIZE << c->order;
	WRITE_ONCE(c->ring, NULL);
	spin_unlock_bh(&c->lock);
	if (ring)
		dma_free_coherent(cbdma_chan_dev(c), size, ring, dma);
}

static size_t cbdma_pool_stride(void)
{
	return struct_size((struct cbdma_desc *)NULL, hw,
			   CBDMA_DESC_POOL_SLOTS);
}

static bool cbdma_desc_pooled(struct cbdma_chan *c, struct cbdma_desc *d)
{
	return c->pool && (void *)d >= c->pool &&
	       (void *)d < c->pool + c->pool_n * cbdma_pool_stride();
}

static void cbdma_desc_destroy(struct cbdma_chan *c, struct cbdma_desc *d)
{
	/* given back when it left the ring, or at prep when prep failed */
	WARN_ON_ONCE(d->nsed);
	kfree(d);
}

/*
 * Super-extended descriptors (PQ with more than 8 sources) come from the
 * device's DMA pool, which goes at remove, while clients may keep their
 * descriptors past it. So a descriptor holds pool blocks only while the
 * engine may read them: from prep (here) until it leaves the ring
 * (cbdma_desc_put_seds(), from its cookie's completion), and a prepared
 * one is on c->sed_prepared, whose blocks remove takes back. Prep writes
 * the images into the descriptor, and tx_submit copies them into the
 * blocks under the lock after its check for a dead channel, so that no
 * context touches a block the pool may no longer have. False when the
 * pool is out of blocks or the channel is dead.
 */
bool cbdma_desc_get_seds(struct cbdma_chan *c, struct cbdma_desc *d,
			 unsigned int n)
{
	bool ok = false;

	spin_lock_bh(&c->lock);
	if (c->dead)
		goto out;
	while (d->nsed < n) {
		struct cbdma_sed *sed = &d->seds[d->nsed];

		sed->va = dma_pool_alloc(c->cbdev->sed_pool, GFP_NOWAIT,
					 &sed->dma);
		if (!sed->va) {
			cbdma_desc_put_seds(c, d);
			goto out;
		}
		d->nsed++;
		c->sed_held++;
	}
	list_add_tail(&d->node, &c->sed_prepared);
	ok = true;
out:
	spin_unlock_bh(&c->lock);
	return ok;
}

/* @d's pool blocks back: the engine is done with them. Lock held. */
void cbdma_desc_put_seds(struct cbdma_chan *c, struct cbdma_desc *d)
{
	lockdep_assert_held(&c->lock);
	while (d->nsed) {
		struct cbdma_sed *sed = &d->seds[--d->nsed];

		dma_pool_free(c->cbdev->sed_pool, sed->va, sed->dma);
		c->sed_held--;
	}
}

/*
 * tx_submit of a descriptor that holds pool blocks: off c->sed_prepared,
 * and its images into the blocks. It holds some, so the channel is not
 * dead: remove takes them back when it marks the channel dead. Out of
 * line: the common submit has none, and tx_submit keeps its size. Lock
 * held.
 */
static noinline void cbdma_desc_submit_seds(struct cbdma_chan *c,
					    struct cbdma_desc *d)
{
	unsigned int i;

	lockdep_assert_held(&c->lock);
	list_del(&d->node);
	for (i = 0; i < d->nsed; i++)
		memcpy(d->seds[i].va, d->seds[i].img, sizeof(d->seds[i].img));
}

/*
 * The device is going: take the pool blocks back from the descriptors
 * prepared and not submitted. Submitted, they complete aborted without
 * touching the ring. Lock held, c->dead set.
 */
void cbdma_desc_strip_prepared(struct cbdma_chan *c)
{
	struct cbdma_desc *d, *n;

	lockdep_assert_held(&c->lock);
	list_for_each_entry_safe(d, n, &c->sed_prepared, node) {
		list_del_init(&d->node);
		cbdma_desc_put_seds(c, d);
	}
}

/*
 * The pool's free descriptors are bits, so that preps on several CPUs
 * take them without a lock (and without the ABA problem of a lock-free
 * list); test_and_clear_bit() orders the taker after the giver's writes.
 */
struct cbdma_desc *cbdma_desc_get_pooled(struct cbdma_chan *c)
{
	unsigned int i;

	for (i = find_first_bit(c->pool_free, c->pool_n); i < c->pool_n;
	     i = find_next_bit(c->pool_free, c->pool_n, i + 1))
		if (test_and_clear_bit(i, c->pool_free))
			return c->pool + i * cbdma_pool_stride();
	return NULL;
}

/* A free descriptor back to the pool, if it is one of it. */
static bool cbdma_desc_put_pooled(struct cbdma_chan *c, struct cbdma_desc *d)
{
	if (!cbdma_desc_pooled(c, d))
		return false;
	/* everything written to it before it can be taken again */
	smp_mb__before_atomic();
	set_bit(((void *)d - c->pool) / cbdma_pool_stride(), c->pool_free);
	return true;
}

/*
 * A free descriptor of the pool's shape allocated past the pool, kept on
 * the spare list while the pool and the list together hold fewer than
 * the ring has slots: the ring has grown, and so many may be needed
 * again. None once the pool is gone (the channel is being released).
 * Lock held.
 */
static bool cbdma_desc_put_spare(struct cbdma_chan *c, struct cbdma_desc *d)
{
	lockdep_assert_held(&c->lock);
	if (d->cap != CBDMA_DESC_POOL_SLOTS || !c->pool ||
	    c->pool_n + c->spare_n >= 1u << c->order)
		return false;
	list_add(&d->node, &c->spare);
	c->spare_n++;
	return true;
}

/* A descriptor from the spare list, or NULL. Lock held. */
struct cbdma_desc *cbdma_desc_get_spare(struct cbdma_chan *c)
{
	struct cbdma_desc *d;

	lockdep_assert_held(&c->lock);
	d = list_first_entry_or_null(&c->spare, struct cbdma_desc, node);
	if (d) {
		list_del(&d->node);
		c->spare_n--;
	}
	return d;
}

void cbdma_desc_free(struct cbdma_chan *c, struct cbdma_desc *d)
{
	if (!cbdma_desc_put_pooled(c, d))
		cbdma_desc_destroy(c, d);
}

/* Free a list of descriptors, outside the lock. */
static void cbdma_destroy_list(struct cbdma_chan *c, struct list_head *list)
{
	struct cbdma_desc *d, *n;

	list_for_each_entry_safe(d, n, list, node)
		cbdma_desc_destroy(c, d);
}

/*
 * Give the spare list back once the channel has been idle, nothing in the
 * ring and nothing being prepared, for CBDMA_SPARE_IDLE: the burst that
 * grew the ring is over, and the next one allocates again. Called by the
 * watchdog, after its cleanup has put the last completed descriptors
 * back. At most CBDMA_SPARE_TRIM kfree()s a look, so that the timer does
 * not free a grown ring's worth (2^14 by default) in one softirq.
 */
void cbdma_desc_trim_spare(struct cbdma_chan *c)
{
	LIST_HEAD(spare);
	unsigned int n = 0;

	spin_lock_bh(&c->lock);
	if (c->spare_n && c->head == c->tail && !atomic_read(&c->reserved) &&
	    time_after(jiffies, c->progress_stamp + CBDMA_SPARE_IDLE)) {
		while (c->spare_n && n < CBDMA_SPARE_TRIM) {
			list_move(c->spare.next, &spare);
			c->spare_n--;
			n++;
		}
		c->stats.spares_freed += n;
	}
	spin_unlock_bh(&c->lock);
	cbdma_destroy_list(c, &spare);
}

/*
 * The pool: @n descriptors in one allocation, all free. The pool is an
 * optimisation: without it every prep allocates.
 */
static void cbdma_desc_pool_alloc(struct cbdma_chan *c, unsigned int n)
{
	size_t stride = cbdma_pool_stride();
	unsigned long *free = bitmap_zalloc(n, GFP_KERNEL);
	void *pool = kvcalloc(n, stride, GFP_KERNEL);
	unsigned int i;

	if (!pool || !free) {
		kvfree(pool);
		bitmap_free(free);
		return;
	}
	for (i = 0; i < n; i++) {
		struct cbdma_desc *d = pool + i * stride;

		d->cap = CBDMA_DESC_POOL_SLOTS;
		cbdma_desc_init_txd(c, d);
	}
	bitmap_fill(free, n);
	/* under the lock for debugfs; no prep runs before this returns */
	spin_lock_bh(&c->lock);
	c->pool = pool;
	c->pool_n = n;
	c->pool_free = free;
	spin_unlock_bh(&c->lock);
}

/*
 * Free the pool and the spare list: the channel is released, every
 * descriptor is back.
 */
static void cbdma_desc_pool_free(struct cbdma_chan *c)
{
	unsigned long *free;
	void *pool;
	LIST_HEAD(spare);

	spin_lock_bh(&c->lock);
	pool = c->pool;
	free = c->pool_free;
	c->pool = NULL;
	c->pool_free = NULL;
	c->pool_n = 0;
	list_splice_init(&c->spare, &spare);
	c->spare_n = 0;
	spin_unlock_bh(&c->lock);
	cbdma_destroy_list(c, &spare);
	kvfree(pool);
	bitmap_free(free);
}

/* DWBES: the engine wrote PQ_VAL results into the ring slots */
static void cbdma_take_dwbes(struct cbdma_chan *c, struct cbdma_desc *d)
{
	unsigned int i;

	if (!d->result || !c->cbdev->caps.dwbes)
		return;
	for (i = 0; i < d->nslots; i++) {
		struct cbdma_hw_desc *hw = &c->ring[cbdma_ring_slot(c->order,
							d->first + i)];
		u32 w0 = le64_to_cpu(READ_ONCE(hw->w[0]));
		u8 op = cbdma_hw_ctl(hw) >> CBDMA_CTL_OP_SHIFT;

		if (op != CBDMA_OP_PQ_VAL && op != CBDMA_OP_PQ_VAL_16S)
			continue;
		if (!(w0 & CBDMA_DWBES_WBES))
			continue;
		if (w0 & CBDMA_DWBES_P_VAL_ERR)
			*d->result |= SUM_CHECK_P_RESULT;
		if (w0 & CBDMA_DWBES_Q_VAL_ERR)
			*d->result |= SUM_CHECK_Q_RESULT;
	}
}

/**
 * cbdma_reap - move what the hardware completed to the done list
 * @c: channel, lock held
 *
 * The completion writeback holds the address of the last completed slot
 * that asked for a writeback; every transaction up to and including the
 * one whose completion slot that is has finished. An address outside the
 * issued part of the ring is a device fault, handled by recovery.
 * Returns whether the writeback moved since the last call.
 */
bool cbdma_reap(struct cbdma_chan *c)
{
	u64 addr = READ_ONCE(*c->completion) & CBDMA_CHANSTS_COMPLETED_ADDR;
	u64 ring_size = (u64)CBDMA_DESC_SIZE << c->order;
	struct cbdma_desc *d, *n;
	unsigned int slot;
	u16 idx, span, t0 = c->tail;

	lockdep_assert_held(&c->lock);
	if (!addr || addr == c->last_completion)
		return false;
	if (addr < c->ring_dma || addr >= c->ring_dma + ring_size ||
	    (addr - c->ring_dma) % CBDMA_DESC_SIZE) {
		dev_err_ratelimited(cbdma_chan_dev(c),
				    "chan %u: completion address %#llx is not in the ring\n",
				    c->id, addr);
		return false;
	}
	slot = (addr - c->ring_dma) / CBDMA_DESC_SIZE;
	idx = c->tail + ((slot - cbdma_ring_slot(c->order, c->tail)) &
			 ((1u << c->order) - 1));
	span = idx - c->tail;
	if (span >= (u16)(c->issued - c->tail)) {
		dev_err_ratelimited(cbdma_chan_dev(c),
				    "chan %u: completion address %#llx was not issued\n",
				    c->id, addr);
		return false;
	}
	c->last_completion = addr;
	/* CHANSTS said so too: the watchdog does not count it again */
	c->watchdog_addr = addr;
	c->progress_stamp = jiffies;

	list_for_each_entry_safe(d, n, &c->submitted, node) {
		if ((u16)(d->compl - t0) > span)
			break;
		if (d->kind == CBDMA_KIND_PQ_VAL)
			cbdma_take_dwbes(c, d);
		cbdma_desc_retire(c, d);
	}
	return true;
}

/*
 * Run completions in order, outside the channel lock: unmap, start the
 * dependent operations, then the callback with its result. Only one
 * context runs them at a time; another one arriving leaves its work on the
 * done list for the running one.
 */
void cbdma_run_completions(struct cbdma_chan *c)
{
	struct cbdma_desc *d, *n;
	LIST_HEAD(batch);
	LIST_HEAD(freed);
	LIST_HEAD(gone);

again:
	/*
	 * What this context put on the done list before its look at
	 * cb_lock (a failed trylock is a plain read): pairs with the
	 * runner's barrier after it lets go.
	 */
	smp_mb();
	if (!spin_trylock_bh(&c->cb_lock))
		return;
	for (;;) {
		spin_lock_bh(&c->lock);
		list_splice_tail_init(&c->done, &batch);
		list_splice_init(&c->unacked, &freed);
		/* the last batch and the unacked: reuse or free the acked */
		list_for_each_entry_safe(d, n, &freed, node) {
			list_del(&d->node);
			if (!async_tx_test_ack(&d->txd))
				list_add_tail(&d->node, &c->unacked);
			else if (!cbdma_desc_put_pooled(c, d) &&
				 !cbdma_desc_put_spare(c, d))
				list_add(&d->node, &gone);
		}
		spin_unlock_bh(&c->lock);
		cbdma_destroy_list(c, &gone);
		INIT_LIST_HEAD(&gone);
		if (list_empty(&batch))
			break;
		list_for_each_entry_safe(d, n, &batch, node) {
			list_del(&d->node);
			trace_cbdma_complete(c, d);
			dma_descriptor_unmap(&d->txd);
			dma_run_dependencies(&d->txd);
			cbdma_invoke_callback(&d->txd, &d->res);
			/* sorted, acked or not, under the next lock */
			list_add_tail(&d->node, &freed);
		}
	}
	spin_unlock_bh(&c->cb_lock);
	/* work that arrived while we were leaving: pairs with the list_add */
	smp_mb();
	if (!list_empty_careful(&c->done))
		goto again;
}

/* Reap and run completions; whether the hardware made progress. */
bool cbdma_cleanup(struct cbdma_chan *c)
{
	bool moved = false;

	spin_lock_bh(&c->lock);
	if (c->ring)
		moved = cbdma_reap(c);
	spin_unlock_bh(&c->lock);
	cbdma_run_completions(c);
	return moved;
}

/* issued work not yet reaped */
static bool cbdma_chan_busy(struct cbdma_chan *c)
{
	bool busy;

	spin_lock_bh(&c->lock);
	busy = c->ring && c->issued != c->tail;
	spin_unlock_bh(&c->lock);
	return busy;
}

static bool cbdma_halted(u64 sts)
{
	return (sts & CBDMA_CHANSTS_STATE) == CBDMA_CHANSTS_HALTED;
}

void cbdma_cleanup_tasklet(struct tasklet_struct *t)
{
	struct cbdma_chan *c = from_tasklet(c, t, cleanup_task);
	bool moved;

	moved = cbdma_cleanup(c);
	if (READ_ONCE(c->dead))
		return;
	/*
	 * A halt is written back (ERR_COMPLETION_EN), so the register is
	 * read (an MMIO read, a trap under virtualisation) only when an
	 * interrupt brought no progress while work is outstanding: a halt
	 * whose writeback failed. With nothing outstanding there is nothing
	 * to halt on; the interrupt was for work another context reaped.
	 */
	if (cbdma_halted(READ_ONCE(*c->completion)) ||
	    (!moved && cbdma_chan_busy(c) &&
	     cbdma_halted(cbdma_chan_chansts(c))))
		cbdma_chan_recover(c, false);
	/* re-arm: the engine interrupts again on the next int_en slot */
	writew(CBDMA_CHANCTRL_RUN, c->regs + CBDMA_CHANCTRL);
}

/*
 * @d failed with @res: its cookie completes, and tx_status reports it
 * failed. Lock held.
 */
static void cbdma_mark_failed(struct cbdma_chan *c, struct cbdma_desc *d,
			      enum dmaengine_tx_result res)
{
	d->res.result = res;
	cbdma_failed_add(&c->failed, d->txd.cookie, c->dma_chan.cookie);
	if (res == DMA_TRANS_ABORTED)
		c->stats.aborted++;
	else
		c->stats.errors[d->kind]++;
	cbdma_desc_left_ring(c, d);
}

static dma_cookie_t cbdma_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct cbdma_chan *c = to_cbdma_chan(tx->chan);
	struct cbdma_desc *d = to_cbdma_desc(tx);
	unsigned int i, level = READ_ONCE(cbdma_issue_level);
	dma_cookie_t cookie;
	bool ring;

	spin_lock_bh(&c->lock);
	cookie = cbdma_cookie_assign(tx);
	cbdma_failed_assigned(&c->failed, cookie);
	if (unlikely(d->nsed))
		cbdma_desc_submit_seds(c, d);
	if (c->dead || !d->nslots) {
		/* the channel is gone: the client is told at issue_pending */
		cbdma_mark_failed(c, d, DMA_TRANS_ABORTED);
		list_add_tail(&d->node, &c->done);
		spin_unlock_bh(&c->lock);
		return cookie;
	}
	for (i = 0; i < d->nslots; i++) {
		u16 idx = c->head + i;
		struct cbdma_hw_desc *slot =
			&c->ring[cbdma_ring_slot(c->order, idx)];

		*slot = d->hw[i];
		cbdma_hw_link(slot, c->ring_dma + (dma_addr_t)CBDMA_DESC_SIZE *
			      cbdma_ring_slot(c->order, idx + 1));
	}
	d->first = c->head;
	d->compl += c->head;
	WRITE_ONCE(c->head, c->head + d->nslots);
	/* head, then reserved: cbdma_reserve() reads them the other way */
	smp_mb__before_atomic();
	atomic_sub(d->nslots, &c->reserved);
	list_add_tail(&d->node, &c->submitted);
	trace_cbdma_submit(c, d);
	/* enough waits: start it without waiting for issue_pending */
	ring = level && (u16)(c->head - c->issued) >= level &&
	       cbdma_chan_issue(c);
	spin_unlock_bh(&c->lock);
	if (ring)
		cbdma_chan_ring(c);
	return cookie;
}

/*
 * Fail everything submitted onto @to, in cookie order: the first with
 * @first (the descriptor that halted the channel, or DMA_TRANS_ABORTED),
 * the ones queued behind it aborted. The ring is then empty. Lock held.
 */
void __cbdma_fail_submitted(struct cbdma_chan *c,
			    enum dmaengine_tx_result first,
			    struct list_head *to)
{
	struct cbdma_desc *d, *n;

	lockdep_assert_held(&c->lock);
	list_for_each_entry_safe(d, n, &c->submitted, node) {
		cbdma_mark_failed(c, d, first);
		first = DMA_TRANS_ABORTED;
		list_move_tail(&d->node, to);
	}
	WRITE_ONCE(c->head, c->tail);
	WRITE_ONCE(c->issued, c->tail);
}

/*
 * The channel is gone for good (removal, or its device given up): from
 * here the watchdog does not re-arm itself and no submit reaches the
 * ring; what completed completes, the rest fails aborted, in cookie
 * order, onto the done list. The engine must no longer be able to DMA.
 * Lock held.
 */
void cbdma_chan_kill(struct cbdma_chan *c)
{
	lockdep_assert_held(&c->lock);
	WRITE_ONCE(c->dead, true);
	if (c->ring)
		cbdma_reap(c);
	__cbdma_fail_submitted(c, DMA_TRANS_ABORTED, &c->done);
}

static void cbdma_issue_pending(struct dma_chan *chan)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	bool ring;

	/*
	 * Nothing submitted since the last issue (tx_submit issues every
	 * issue_level slots): no lock. A submission ordered before this
	 * call (the caller's own, or another context's that the caller
	 * synchronised with, as atx's count of unissued work does) is seen
	 * here; issued never passes head, so a stale issued can only send
	 * us to the lock for nothing.
	 */
	if (READ_ONCE(c->head) != READ_ONCE(c->issued)) {
		spin_lock_bh(&c->lock);
		ring = cbdma_chan_issue(c);
		spin_unlock_bh(&c->lock);
		if (ring)
			cbdma_chan_ring(c);
	}
	/*
	 * The device is gone: what was submitted since completes aborted,
	 * from the tasklet as ever, never in the caller's context (which
	 * may hold a lock its callbacks take).
	 */
	if (READ_ONCE(c->dead))
		tasklet_schedule(&c->cleanup_task);
}

static bool cbdma_cookie_failed(struct cbdma_chan *c, dma_cookie_t cookie)
{
	bool ret;

	/* a channel that never failed anything: no lock */
	if (!cbdma_failed_any(&c->failed))
		return false;
	spin_lock_bh(&c->lock);
	ret = cbdma_failed_has(&c->failed, cookie, c->dma_chan.cookie);
	spin_unlock_bh(&c->lock);
	return ret;
}

/*
 * Polling makes progress even with interrupts off: the completion
 * writeback is read here, and callbacks run from this context.
 */
static enum dma_status cbdma_tx_status(struct dma_chan *chan,
				       dma_cookie_t cookie,
				       struct dma_tx_state *state)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	enum dma_status ret;

	ret = cbdma_cookie_status(chan, cookie, state);
	if (ret != DMA_COMPLETE) {
		cbdma_cleanup(c);
		ret = cbdma_cookie_status(chan, cookie, state);
	}
	if (ret == DMA_COMPLETE && cbdma_cookie_failed(c, cookie))
		ret = DMA_ERROR;
	return ret;
}

/*
 * One look of remove's drain (cbdma_drain_chans()): reap what completed,
 * issue what was submitted and not yet issued (remove loses nothing it
 * can still run), and say whether the channel is idle: nothing submitted
 * is left on it, or it has no ring, or it is dead.
 */
bool cbdma_chan_drain_look(struct cbdma_chan *c)
{
	bool ring, idle;

	cbdma_cleanup(c);
	spin_lock_bh(&c->lock);
	idle = !c->ring || c->dead || c->head == c->tail;
	ring = !idle && cbdma_chan_issue(c);
	spin_unlock_bh(&c->lock);
	if (ring)
		cbdma_chan_ring(c);
	return idle;
}

/* Free without callbacks: the terminate contract. Lock not held. */
static void cbdma_drop_list(struct cbdma_chan *c, struct list_head *list)
{
	struct cbdma_desc *d, *n;

	list_for_each_entry_safe(d, n, list, node) {
		list_del(&d->node);
		dma_descriptor_unmap(&d->txd);
		cbdma_desc_free(c, d);
	}
}

/*
 * Stop the channel and drop everything submitted: no callback runs for
 * those descriptors, their cookies complete with DMA_ERROR so that no
 * poller waits on them, and their mappings are released.
 */
static int cbdma_terminate_all(struct dma_chan *chan)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	LIST_HEAD(dropped);

	spin_lock_bh(&c->lock);
	if (c->ring && !c->dead) {
		/* wedged, it is dead and stays stopped */
		cbdma_chan_reset_or_wedge(c);
		cbdma_reap(c);
	}
	__cbdma_fail_submitted(c, DMA_TRANS_ABORTED, &dropped);
	if (c->ring && !c->dead)
		cbdma_chan_start_hw(c);
	spin_unlock_bh(&c->lock);
	cbdma_drop_list(c, &dropped);
	/*
	 * What had completed before the stop still gets its callback, from
	 * the tasklet: the caller may hold a lock its callbacks take.
	 */
	tasklet_schedule(&c->cleanup_task);
	return 0;
}

/*
 * No callback runs after this returns. Completions run in the tasklet, in
 * the watchdog and in tx_status callers: wait for a runner on another CPU
 * (it holds cb_lock while it runs callbacks), and run what it may have
 * left on the done list here, until the list is seen empty with no
 * runner: a runner that let go of cb_lock then finds nothing to run.
 */
static void cbdma_synchronize(struct dma_chan *chan)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);

	tasklet_kill(&c->cleanup_task);
	for (;;) {
		spin_lock_bh(&c->cb_lock);
		spin_unlock_bh(&c->cb_lock);
		/* as in cbdma_run_completions(): let go, then look */
		smp_mb();
		if (list_empty_careful(&c->done))
			break;
		cbdma_run_completions(c);
	}
}

static int cbdma_alloc_chan_resources(struct dma_chan *chan)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	int ret;

	/*
	 * Not -ENODEV: to dmaengine's find_candidate() that means the
	 * provider's module went, and it takes the device off its global
	 * list, which unregistering then does a second time (a list
	 * poison fault at unbind, cbdma_faults/11-reset-stuck).
	 */
	if (READ_ONCE(c->dead))
		return -ENXIO;
	if (!c->ring) {
		ret = cbdma_alloc_ring(c, cbdma_ring_min_order, GFP_KERNEL);
		if (ret)
			return ret;
	}
	spin_lock_bh(&c->lock);
	if (c->dead) {
		/* removed meanwhile: nothing may touch the device now */
		spin_unlock_bh(&c->lock);
		cbdma_free_ring(c);
		return -ENXIO;
	}
	WRITE_ONCE(c->issued, 0);
	WRITE_ONCE(c->tail, 0);
	WRITE_ONCE(c->head, 0);
	atomic_set(&c->reserved, 0);
	WRITE_ONCE(c->grow, 0);
	/* cookies start over: forget the failures of the previous owner */
	memset(&c->failed, 0, sizeof(c->failed));
	ret = cbdma_chan_reset_hw(c);
	if (!ret)
		cbdma_chan_start_hw(c);
	spin_unlock_bh(&c->lock);
	if (ret) {
		cbdma_free_ring(c);
		return ret;
	}
	cbdma_cookie_init(chan);
	cbdma_desc_pool_alloc(c, 1u << c->order);
	cbdma_watchdog_arm(c);
	return 1 << c->order;
}

static void cbdma_free_chan_resources(struct dma_chan *chan)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	LIST_HEAD(unacked);

	cbdma_terminate_all(chan);
	del_timer_sync(&c->watchdog);
	tasklet_kill(&c->cleanup_task);
	cbdma_synchronize(chan);
	spin_lock_bh(&c->lock);
	list_splice_tail_init(&c->unacked, &unacked);
	spin_unlock_bh(&c->lock);
	cbdma_drop_list(c, &unacked);
	cbdma_desc_pool_free(c);
	spin_lock_bh(&c->lock);
	/* wedged, it cannot reach the ring freed below: no bus mastering */
	if (!c->dead)
		cbdma_chan_reset_or_wedge(c);
	spin_unlock_bh(&c->lock);
	cbdma_free_ring(c);
}

void cbdma_init_dma_ops(struct cbdma_device *cbdev)
{
	struct dma_device *dma = &cbdev->dma_dev;

	dma->device_alloc_chan_resources = cbdma_alloc_chan_resources;
	dma->device_free_chan_resources = cbdma_free_chan_resources;
	dma->device_issue_pending = cbdma_issue_pending;
	dma->device_tx_status = cbdma_tx_status;
	dma->device_terminate_all = cbdma_terminate_all;
	dma->device_synchronize = cbdma_synchronize;
}

/* what stays the same over a descriptor's reuses */
void cbdma_desc_init_txd(struct cbdma_chan *c, struct cbdma_desc *d)
{
	dma_async_tx_descriptor_init(&d->txd, &c->dma_chan);
	d->txd.tx_submit = cbdma_tx_submit;
}
