// SPDX-License-Identifier: GPL-2.0
/*
 * Operation records: submission to a channel, completion, recomputation
 * after a device error, and the dependency rules.
 *
 * Dependencies. x86 has no async_tx channel switch, so a dependency is
 * honoured in one of two ways: a record on the channel its parent runs on
 * is simply queued behind it (a channel executes in order, and a failed
 * descriptor aborts everything behind it); any other dependent (another
 * channel, or the CPU) first waits, with a bound, for the parent's
 * completion to have run, since that is when a failed parent has been
 * recomputed.
 *
 * Finding the record of a descriptor: a client hands back the descriptor
 * of an earlier operation as depend_tx. Records of submitted descriptors
 * the client may still hand back (not submitted acknowledged) are kept in
 * a hash by descriptor address until the descriptor is both complete and
 * acknowledged (only then may the provider reuse it). A descriptor handed
 * over as depend_tx is acknowledged then, and as the async_tx API allows
 * one dependent per descriptor, its record leaves the hash at once. One
 * the client acknowledged behind our back is dropped when its descriptor
 * comes back in a new submission, or when its channel goes.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/hash.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "atx.h"

#define ATX_HASH_BITS	10

static struct kmem_cache *atx_op_cache;
static DEFINE_SPINLOCK(atx_hash_lock);
static struct hlist_head atx_hash[1 << ATX_HASH_BITS];

/* completions that need process context, in completion order */
static DEFINE_SPINLOCK(atx_fix_lock);
static LIST_HEAD(atx_fix_list);
atomic_t atx_deferred;
static struct workqueue_struct *atx_fix_wq;
static void atx_fix_work_fn(struct work_struct *work);
static DECLARE_WORK(atx_fix_work, atx_fix_work_fn);
static void atx_unmap(struct atx_op *op, struct device *dev);

/*
 * A new record, its fields set one by one rather than zeroed whole: every
 * operation allocates one, and a memset() of the whole record (its source
 * arrays make it over 600 bytes) is a string instruction that costs one
 * translation-block iteration per byte under QEMU's TCG. The per-source
 * arrays are written by the API for the sources it sets (nsrc) and by the
 * mapping; nothing reads them beyond.
 */
struct atx_op *atx_op_alloc(enum atx_op_type type, size_t len)
{
	struct atx_op *op = kmem_cache_alloc(atx_op_cache, GFP_NOWAIT |
					     __GFP_NOWARN);

	if (!op)
		return NULL;
	kref_init(&op->ref);
	op->type = type;
	op->flags = 0;
	op->state = ATX_OP_NEW;
	op->error = 0;
	op->len = len;
	op->nsrc = 0;
	op->dst[0] = NULL;
	op->dst[1] = NULL;
	op->dst_off[0] = 0;
	op->dst_off[1] = 0;
	op->value = 0;
	op->result = NULL;
	op->ac = NULL;
	op->tx = NULL;
	op->dep = NULL;
	INIT_HLIST_NODE(&op->hnode);
	INIT_LIST_HEAD(&op->fix);
	op->pending = 0;
	op->tx_acked = false;
	op->redone = false;
	op->submitted = 0;
	op->cookie = 0;
	op->last = false;
	op->result_aware = false;
	op->cb_fn = NULL;
	op->cb_param = NULL;
	return op;
}

/*
 * A record holds its channel to the end, not only until it completes: a
 * dependent picks its parent's channel (atx_pick()) from a finished
 * parent, whose channel may otherwise have been retired and freed.
 */
static void atx_op_release(struct kref *ref)
{
	struct atx_op *op = container_of(ref, struct atx_op, ref);

	if (op->ac)
		atx_chan_put(op->ac);
	kmem_cache_free(atx_op_cache, op);
}

void atx_op_put(struct atx_op *op)
{
	if (op)
		kref_put(&op->ref, atx_op_release);
}

static struct hlist_head *atx_bucket(struct dma_async_tx_descriptor *tx)
{
	return &atx_hash[hash_ptr(tx, ATX_HASH_BITS)];
}

static struct atx_op *atx_hash_find(struct dma_async_tx_descriptor *tx)
{
	struct atx_op *op;

	hlist_for_each_entry(op, atx_bucket(tx), hnode)
		if (op->tx == tx)
			return op;
	return NULL;
}

/*
 * The record of a descriptor atx submitted, with a reference, or NULL.
 * @take: the client hands the descriptor over (as depend_tx): acknowledge
 * it, and the record leaves the hash, its reference passing to the
 * caller; from then on only the record is used.
 */
static struct atx_op *atx_op_find(struct dma_async_tx_descriptor *tx,
				  bool take)
{
	struct atx_op *op;
	unsigned long flags;

	if (!tx)
		return NULL;
	spin_lock_irqsave(&atx_hash_lock, flags);
	op = atx_hash_find(tx);
	if (op && take) {
		async_tx_ack(tx);
		hlist_del_init(&op->hnode);	/* the hash's reference */
	} else if (op) {
		kref_get(&op->ref);
	}
	spin_unlock_irqrestore(&atx_hash_lock, flags);
	return op;
}

struct atx_op *atx_op_of(struct dma_async_tx_descriptor *tx)
{
	return atx_op_find(tx, false);
}

/* as atx_op_of(), and @tx acknowledged if it is atx's: see atx_op_find() */
struct atx_op *atx_op_take(struct dma_async_tx_descriptor *tx)
{
	return atx_op_find(tx, true);
}

/*
 * Take @op out of the hash; whether it was in it (the hash's reference is
 * then the caller's). A record leaves the hash only under the lock, never
 * to enter it again.
 */
static bool atx_op_unhash(struct atx_op *op)
{
	unsigned long flags;
	bool hashed;

	spin_lock_irqsave(&atx_hash_lock, flags);
	hashed = !hlist_unhashed(&op->hnode);
	hlist_del_init(&op->hnode);
	spin_unlock_irqrestore(&atx_hash_lock, flags);
	return hashed;
}

/*
 * Acknowledge a parent now that its dependent is queued or done. One of
 * atx's is acknowledged under the hash lock, by atx_op_take(), and not
 * touched after: once acknowledged and done, its provider may reuse it.
 */
void atx_ack(struct dma_async_tx_descriptor *tx)
{
	struct atx_op *op;

	if (!tx)
		return;
	op = atx_op_take(tx);
	if (!op)
		async_tx_ack(tx);
	atx_op_put(op);
}

/* Forget the records of a channel that is going away (nothing in flight). */
void atx_forget_chan(struct atx_chan *ac)
{
	struct atx_op *op;
	struct hlist_node *n;
	unsigned long flags;
	HLIST_HEAD(gone);
	int b;

	spin_lock_irqsave(&atx_hash_lock, flags);
	for (b = 0; b < ARRAY_SIZE(atx_hash); b++)
		hlist_for_each_entry_safe(op, n, &atx_hash[b], hnode)
			if (!ac || op->ac == ac) {
				hlist_del(&op->hnode);
				hlist_add_head(&op->hnode, &gone);
			}
	spin_unlock_irqrestore(&atx_hash_lock, flags);
	hlist_for_each_entry_safe(op, n, &gone, hnode) {
		hlist_del_init(&op->hnode);
		atx_op_put(op);
	}
}

void atx_count_sw(enum atx_op_type type, enum atx_sw_reason why)
{
	atomic64_inc(&atx_stats.sw[type]);
	atomic64_inc(&atx_stats.why[type][why]);
}

static void atx_report(struct async_submit_ctl *submit, void *param,
		       dma_async_tx_callback cb_fn, int error)
{
	if (submit && atx_result_aware(submit)) {
		struct dmaengine_result res = { .result = error };

		to_atx_submit(submit)->cb_result(param, &res);
		return;
	}
	if (error)
		pr_err_ratelimited("atx: an operation failed (result %d) and its caller cannot be told\n",
				   error);
	if (cb_fn)
		cb_fn(param);
}

/* complete an operation run (or refused) in the caller's context */
void atx_finish(struct async_submit_ctl *submit, int error)
{
	atx_report(submit, submit->cb_param, submit->cb_fn, error);
}

/* sleep when the context allows it, spin briefly otherwise */
static void atx_pause(void)
{
	if (preemptible())
		usleep_range(5, 20);
	else
		udelay(2);
}

/*
 * Wait, with a bound, until a parent descriptor's outcome is known:
 * 0 when its result is in place, -EIO when it failed, -ETIMEDOUT.
 * The provider is polled, so that completions make progress even when
 * the caller runs where the provider's own completion context cannot.
 */
static int atx_timed_out(ktime_t deadline, const char *chan_name,
			 dma_cookie_t cookie)
{
	if (!ktime_after(ktime_get(), deadline))
		return 0;
	pr_err_ratelimited("atx: %s: no completion of cookie %d in %u ms\n",
			   chan_name, cookie, atx_dep_timeout_ms);
	return -ETIMEDOUT;
}

/*
 * Wait, with a bound, until a record's outcome is known: 0 when its
 * result is in place, -EIO when it failed, -ETIMEDOUT. The provider is
 * polled, so that completions make progress even where its own
 * completion context cannot run.
 */
int atx_wait_op(struct atx_op *op)
{
	struct atx_chan *ac = op->ac;
	ktime_t deadline;
	int ret = 0;

	/*
	 * Done already (a parent that a fast device finished before its
	 * dependent came): no doorbell, no clock, and no look at a channel
	 * that may have been given back since.
	 */
	if (atx_op_is_done(op))
		return op->error ? -EIO : 0;
	atomic_inc(&ac->users);
	/* counted before looking again: pairs with atx_chan_idle() */
	smp_mb__after_atomic();
	deadline = ktime_add_ms(ktime_get(), atx_dep_timeout_ms);
	if (!atx_op_is_done(op))
		atx_chan_flush(ac, ATX_RING_WAIT);
	while (!atx_op_is_done(op)) {
		dmaengine_tx_status(ac->chan, op->cookie, NULL);
		ret = atx_timed_out(deadline, ac->name, op->cookie);
		if (ret)
			break;
		atx_pause();
	}
	atomic_dec(&ac->users);
	if (ret)
		return ret;
	return op->error ? -EIO : 0;
}

/* the same for any descriptor, atx's or a client's own */
int atx_wait_tx(struct dma_async_tx_descriptor *tx)
{
	struct atx_op *op = atx_op_of(tx);
	struct dma_chan *chan = tx->chan;
	ktime_t deadline;
	enum dma_status st;
	int ret;

	if (op) {
		ret = atx_wait_op(op);
		atx_op_put(op);
		return ret;
	}
	deadline = ktime_add_ms(ktime_get(), atx_dep_timeout_ms);
	dma_async_issue_pending(chan);
	for (;;) {
		/* a cookie below 1: not submitted yet */
		if (tx->cookie > 0) {
			st = dma_async_is_tx_complete(chan, tx->cookie, NULL,
						      NULL);
			if (st == DMA_COMPLETE)
				return 0;
			if (st == DMA_ERROR)
				return -EIO;
		}
		ret = atx_timed_out(deadline, dma_chan_name(chan), tx->cookie);
		if (ret)
			return ret;
		atx_pause();
	}
}

/* final step of a submitted record: outcome, statistics, callback */
static void atx_op_finish(struct atx_op *op, int result)
{
	struct atx_chan *ac = op->ac;
	struct atx_op *dep = op->dep;
	bool unhash = false;

	op->error = result;
	if (result)
		atomic64_inc(&atx_stats.failed[op->type]);
	/*
	 * Publishes error and redone; pairs with atx_op_is_done(). Done
	 * before it leaves inflight: see atx_chan_idle().
	 */
	smp_store_release(&op->state, ATX_OP_DONE);
	atomic_long_sub(op->len, &ac->inflight_bytes);
	atx_chan_done(ac, op->len, op->submitted,
		      atomic_dec_and_test(&ac->inflight));
	/* what was queued behind it (cheap when nothing was) */
	atx_chan_flush(ac, ATX_RING_COMPLETION);

	/*
	 * Most records are out of the hash by now (submitted acknowledged,
	 * or handed over as depend_tx): no lock then. The descriptor is
	 * not read here: from process context (atx_fix_work_fn()) it may
	 * be back in its provider's hands.
	 */
	if (!hlist_unhashed_lockless(&op->hnode) && op->tx_acked)
		unhash = atx_op_unhash(op);

	op->dep = NULL;
	atx_op_put(dep);
	if (op->last)
		atx_report(op->result_aware ? &op->submit.submit : NULL,
			   op->cb_param,
			   op->cb_fn, result);
	if (unhash)
		atx_op_put(op);
	atx_op_put(op);		/* the descriptor's reference */
}

/*
 * The device failed this record, or a parent of it was recomputed: rerun
 * it in software when its inputs are intact (it never ran, or it does
 * not read what it writes); otherwise report the device's error.
 */
static int atx_op_recover(struct atx_op *op, int result)
{
	bool parent_redone = op->dep && op->dep->redone;
	bool intact = result == DMA_TRANS_ABORTED ||
		      !(op->flags & (ATX_OP_READS_DST | ATX_OP_CONTINUE));

	if (op->dep && op->dep->error)
		return DMA_TRANS_ABORTED;
	if (result == DMA_TRANS_NOERROR && !parent_redone)
		return result;
	if (!intact || atx_sw_run(op))
		return result ? result : DMA_TRANS_ABORTED;
	op->redone = true;
	atx_count_sw(op->type, ATX_SW_ERROR);
	return DMA_TRANS_NOERROR;
}

static void atx_fix_work_fn(struct work_struct *work)
{
	struct atx_op *op;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&atx_fix_lock, flags);
		op = list_first_entry_or_null(&atx_fix_list, struct atx_op,
					      fix);
		if (op) {
			list_del_init(&op->fix);
			atomic_dec(&atx_deferred);
		}
		spin_unlock_irqrestore(&atx_fix_lock, flags);
		if (!op)
			return;
		atx_op_finish(op, atx_op_recover(op, op->pending));
	}
}

/*
 * The provider's completion callback. The common case finishes here; a
 * failed record, or one whose parent is still being recovered, goes to
 * process context in order: xor_blocks() and lib/raid6 use the FPU,
 * which softirq context may not.
 */
static void atx_op_done(void *param, const struct dmaengine_result *res)
{
	struct atx_op *op = param;
	int result = res ? res->result : DMA_TRANS_NOERROR;
	unsigned long flags;

	atx_unmap(op, op->ac->chan->device->dev);
	/* the descriptor is the provider's again once this returns */
	op->tx_acked = async_tx_test_ack(op->tx);
	if (result == DMA_TRANS_NOERROR &&
	    (!op->dep || atx_op_is_done(op->dep)) &&
	    !(op->dep && (op->dep->error || op->dep->redone))) {
		atx_op_finish(op, result);
		return;
	}
	op->pending = result;
	spin_lock_irqsave(&atx_fix_lock, flags);
	list_add_tail(&op->fix, &atx_fix_list);
	atomic_inc(&atx_deferred);
	spin_unlock_irqrestore(&atx_fix_lock, flags);
	queue_work(atx_fix_wq, &atx_fix_work);
}

/*
 * Mapping. atx maps a record's pages itself and unmaps them when the
 * record completes (atx_unmap() from atx_op_done()), rather than handing
 * the provider dmaengine unmap data: that is an allocation from a mempool
 * and three reference count changes per descriptor, which under TCG cost
 * about as much as the provider's tx_submit. Everything that looks at the
 * pages with the CPU after the device (the recomputation of a failed
 * record, the client's callback) runs after the unmapping.
 *
 * Dependent operations queued on one channel often write the same page
 * (a chain through a destination, the raid6 recovery steps), so a page
 * the device writes may be mapped by several of them at once, as with
 * the kernel's async_tx. The channel runs them in order, fenced, and the
 * CPU does not touch the page meanwhile. Such mappings skip the sync of
 * dma_map_page(), which the DMA API's debug code takes for a conflicting
 * overlap, and sync the same way explicitly; unmapping syncs as usual.
 */
static bool atx_map_one(struct device *dev, struct page *page,
			unsigned int off, size_t len,
			enum dma_data_direction dir, dma_addr_t *addr)
{
	unsigned long attrs = dir == DMA_TO_DEVICE ? 0 : DMA_ATTR_SKIP_CPU_SYNC;
	dma_addr_t a = dma_map_page_attrs(dev, page, off, len, dir, attrs);

	if (dma_mapping_error(dev, a))
		return false;
	if (attrs)
		dma_sync_single_for_device(dev, a, len, dir);
	*addr = a;
	return true;
}

/* how a record's destinations (or P and Q to check) are mapped */
static enum dma_data_direction atx_dst_dir(struct atx_op *op)
{
	if (op->type == ATX_XOR_VAL || op->type == ATX_PQ_VAL)
		return DMA_TO_DEVICE;
	if (op->flags & ATX_OP_CONTINUE)
		return DMA_BIDIRECTIONAL;
	return DMA_FROM_DEVICE;
}

/* how many of dst[] a record of this type has */
static int atx_ndst(struct atx_op *op)
{
	if (op->type == ATX_PQ || op->type == ATX_PQ_VAL)
		return 2;
	return op->type == ATX_XOR_VAL ? 0 : 1;
}

/* Unmap the first @nsrc sources and the present ones of the first @ndst */
static void atx_unmap_n(struct atx_op *op, struct device *dev, int nsrc,
			int ndst)
{
	enum dma_data_direction ddir = atx_dst_dir(op);
	int i;

	for (i = 0; i < nsrc; i++)
		dma_unmap_page(dev, op->src_dma[i], op->len, DMA_TO_DEVICE);
	for (i = 0; i < ndst; i++)
		if (op->dst[i])
			dma_unmap_page(dev, op->dst_dma[i], op->len, ddir);
}

/* Unmap what atx_map() mapped (once per record; nothing for an interrupt) */
static void atx_unmap(struct atx_op *op, struct device *dev)
{
	atx_unmap_n(op, dev, op->nsrc, atx_ndst(op));
}

/*
 * Map a record's pages for the channel's device: true, or false with
 * nothing left mapped.
 */
static bool atx_map(struct atx_op *op, struct device *dev)
{
	bool pq = op->type == ATX_PQ || op->type == ATX_PQ_VAL;
	enum dma_data_direction ddir = atx_dst_dir(op);
	int i, d, ndst = atx_ndst(op);

	for (i = 0; i < op->nsrc; i++)
		if (!atx_map_one(dev, op->src[i], op->src_off[i], op->len,
				 DMA_TO_DEVICE, &op->src_dma[i]))
			goto fail;
	/*
	 * A disabled P or Q gets the other one's address: the device
	 * neither reads nor writes it, and one shared page for it would be
	 * mapped for writing by many operations at once (overlapping
	 * mappings).
	 */
	for (d = 0; d < ndst; d++)
		if (op->dst[d] &&
		    !atx_map_one(dev, op->dst[d], op->dst_off[d], op->len,
				 ddir, &op->dst_dma[d]))
			goto fail_dst;
	if (pq && !op->dst[0])
		op->dst_dma[0] = op->dst_dma[1];
	if (pq && !op->dst[1])
		op->dst_dma[1] = op->dst_dma[0];
	return true;
fail_dst:
	atx_unmap_n(op, dev, op->nsrc, d);
	return false;
fail:
	atx_unmap_n(op, dev, i, 0);
	return false;
}

static struct dma_async_tx_descriptor *
atx_prep(struct atx_op *op, struct dma_chan *chan, unsigned long fl)
{
	struct dma_device *dma = chan->device;

	if (op->type == ATX_PQ || op->type == ATX_PQ_VAL) {
		if (!op->dst[0])
			fl |= DMA_PREP_PQ_DISABLE_P;
		if (!op->dst[1])
			fl |= DMA_PREP_PQ_DISABLE_Q;
		if (op->flags & ATX_OP_CONTINUE)
			fl |= DMA_PREP_CONTINUE;
	}
	switch (op->type) {
	case ATX_MEMCPY:
		return dma->device_prep_dma_memcpy(chan, op->dst_dma[0],
						   op->src_dma[0], op->len, fl);
	case ATX_MEMSET:
		return dma->device_prep_dma_memset(chan, op->dst_dma[0],
						   op->value, op->len, fl);
	case ATX_XOR:
		return dma->device_prep_dma_xor(chan, op->dst_dma[0],
						op->src_dma, op->nsrc, op->len,
						fl);
	case ATX_XOR_VAL:
		return dma->device_prep_dma_xor_val(chan, op->src_dma,
						    op->nsrc, op->len,
						    op->result, fl);
	case ATX_PQ:
		return dma->device_prep_dma_pq(chan, op->dst_dma, op->src_dma,
					       op->nsrc, op->coef, op->len, fl);
	case ATX_PQ_VAL:
		return dma->device_prep_dma_pq_val(chan, op->dst_dma,
						   op->src_dma, op->nsrc,
						   op->coef, op->len,
						   op->result, fl);
	case ATX_INTERRUPT:
		return dma->device_prep_dma_interrupt(chan, fl);
	default:
		return NULL;
	}
}

/*
 * pq records carry disk indices in coef[] (their software form); the
 * device wants the weights g^index.
 */
static void atx_weights(struct atx_op *op, u8 *saved)
{
	int i;

	if (op->type != ATX_PQ && op->type != ATX_PQ_VAL)
		return;
	memcpy(saved, op->coef, op->nsrc);
	if (op->flags & ATX_OP_CUSTOM_COEF)
		return;
	for (i = 0; i < op->nsrc; i++)
		op->coef[i] = raid6_gfexp[op->coef[i]];
}

/*
 * Make @op the record of its descriptor: a record of the same descriptor
 * (the provider reused it) is stale and goes; @op enters the hash if the
 * client may hand its descriptor back (@lookup), with a reference.
 * Buckets are mostly empty, and a stale record was hashed before the
 * provider could hand its descriptor out again (its locking orders the
 * two): an empty bucket and no lookup need no lock.
 */
static void atx_op_hash(struct atx_op *op, bool lookup)
{
	struct dma_async_tx_descriptor *tx = op->tx;
	struct hlist_head *bucket = atx_bucket(tx);
	struct atx_op *stale;
	unsigned long flags;

	if (!lookup && hlist_empty(bucket))
		return;
	if (lookup)
		kref_get(&op->ref);
	spin_lock_irqsave(&atx_hash_lock, flags);
	stale = atx_hash_find(tx);
	if (stale) {
		hlist_del_init(&stale->hnode);
		if (READ_ONCE(stale->state) != ATX_OP_DONE)
			pr_err("atx: %s reused descriptor %p of a %s in flight (cookie %d)\n",
			       dma_chan_name(tx->chan), tx,
			       atx_op_names[stale->type], stale->cookie);
	}
	if (lookup)
		hlist_add_head(&op->hnode, bucket);
	spin_unlock_irqrestore(&atx_hash_lock, flags);
	atx_op_put(stale);
}

/*
 * Queue one record on the run's channel behind the previous one. 0, or
 * -ENOMEM / -EBUSY when no mapping or descriptor could be had (nothing
 * was queued then).
 */
int atx_op_submit(struct atx_op *op, struct atx_run *run, bool last)
{
	struct atx_chan *ac = run->ac;
	struct dma_chan *chan = ac->chan;
	struct async_submit_ctl *submit = run->submit;
	struct device *dev = chan->device->dev;
	struct dma_async_tx_descriptor *tx = NULL;
	unsigned long fl = DMA_CTRL_ACK;
	ktime_t deadline;
	u8 saved[ATX_MAX_SRC];
	dma_cookie_t cookie;
	bool irq;

	if (op->type != ATX_INTERRUPT && !atx_map(op, dev))
		return -ENOMEM;
	/* an interrupt where the client waits for a callback, as async_tx */
	irq = last && atx_wants_irq(submit);
	if (last) {
		fl = irq ? DMA_PREP_INTERRUPT : 0;
		if (submit->flags & ASYNC_TX_ACK)
			fl |= DMA_CTRL_ACK;
		if (submit->flags & ASYNC_TX_FENCE)
			fl |= DMA_PREP_FENCE;
	} else {
		fl |= DMA_PREP_FENCE;
	}
	if (op->result)
		*op->result = 0;
	atx_weights(op, saved);
	/* a full ring drains: give the provider a bounded while to do so */
	tx = atx_prep(op, chan, fl);
	if (!tx)
		deadline = ktime_add_ms(ktime_get(), 20);
	while (!tx) {
		if (ktime_after(ktime_get(), deadline))
			break;
		atx_chan_flush(ac, ATX_RING_FULL);
		atx_chan_poll(ac);
		atx_pause();
		tx = atx_prep(op, chan, fl);
	}
	if (op->type == ATX_PQ || op->type == ATX_PQ_VAL)
		memcpy(op->coef, saved, op->nsrc);
	if (!tx) {
		atx_unmap(op, dev);
		return -EBUSY;
	}

	op->tx = tx;
	op->ac = ac;
	kref_get(&ac->ref);
	/* the run's reference to the record queued before passes to @op */
	op->dep = run->prev;
	run->prev = NULL;
	op->last = last;
	if (last) {
		op->cb_fn = submit->cb_fn;
		op->cb_param = submit->cb_param;
		op->result_aware = atx_result_aware(submit);
		if (op->result_aware)
			op->submit = *to_atx_submit(submit);
	}
	op->state = ATX_OP_INFLIGHT;
	tx->callback = NULL;
	tx->callback_result = atx_op_done;
	tx->callback_param = op;
	/* the end of an idle time, for the rate estimate (atx_chan_done()) */
	if (atomic_inc_return(&ac->inflight) == 1)
		op->submitted = local_clock();
	atomic_long_add(op->len, &ac->inflight_bytes);

	kref_get(&op->ref);		/* for the descriptor */
	atx_op_hash(op, !(fl & DMA_CTRL_ACK));

	cookie = dmaengine_submit(tx);
	op->cookie = cookie;
	if (dma_submit_error(cookie)) {
		/* the provider refused it and will not complete it */
		pr_err_ratelimited("atx: %s refused a descriptor (%d)\n",
				   dma_chan_name(chan), cookie);
		/* the provider may hand @tx out again: a stale record now */
		if (atx_op_unhash(op))
			atx_op_put(op);
		atx_unmap(op, dev);
		/* the run goes on in software behind the record before */
		run->prev = op->dep;
		op->dep = NULL;
		op->last = false;
		op->tx = NULL;
		atx_op_finish(op, DMA_TRANS_ABORTED);
		return -EIO;
	}
	atx_chan_submitted(ac, cookie, irq);
	return 0;
}

/*
 * debugfs "inflight": per channel, the records whose completion has not
 * run yet; and those of them a client can still hand back (in the hash)
 */
void atx_ops_show_inflight(struct seq_file *s)
{
	struct atx_chan *ac;
	struct atx_op *op;
	unsigned long flags;
	int b;

	rcu_read_lock();
	list_for_each_entry_rcu(ac, &atx_chans, node)
		seq_printf(s, "chan %s records=%d\n", ac->name,
			   atomic_read(&ac->inflight));
	rcu_read_unlock();
	spin_lock_irqsave(&atx_hash_lock, flags);
	for (b = 0; b < ARRAY_SIZE(atx_hash); b++)
		hlist_for_each_entry(op, &atx_hash[b], hnode) {
			if (READ_ONCE(op->state) == ATX_OP_DONE)
				continue;
			seq_printf(s, "%s %s cookie=%d len=%zu last=%d dep=%s\n",
				   atx_op_names[op->type],
				   op->ac->name, op->cookie,
				   op->len, op->last,
				   !op->dep ? "none" :
				   atx_op_is_done(op->dep) ? "done" :
				   "inflight");
		}
	spin_unlock_irqrestore(&atx_hash_lock, flags);
}

/* KUnit: the records in the hash */
int atx_hashed_records(void)
{
	struct atx_op *op;
	unsigned long flags;
	int b, n = 0;

	spin_lock_irqsave(&atx_hash_lock, flags);
	for (b = 0; b < ARRAY_SIZE(atx_hash); b++)
		hlist_for_each_entry(op, &atx_hash[b], hnode)
			n++;
	spin_unlock_irqrestore(&atx_hash_lock, flags);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(atx_hashed_records);

int atx_ops_init(void)
{
	atx_op_cache = KMEM_CACHE(atx_op, 0);
	if (!atx_op_cache)
		return -ENOMEM;
	atx_fix_wq = alloc_ordered_workqueue("atx_fix", WQ_MEM_RECLAIM);
	if (!atx_fix_wq) {
		kmem_cache_destroy(atx_op_cache);
		return -ENOMEM;
	}
	return 0;
}

void atx_ops_exit(void)
{
	destroy_workqueue(atx_fix_wq);
	atx_forget_chan(NULL);
	kmem_cache_destroy(atx_op_cache);
}
