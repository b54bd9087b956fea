// SPDX-License-Identifier: GPL-2.0
/*
 * The channel table: which DMA channels atx offloads to, and which one an
 * operation goes to.
 *
 * atx takes channels for itself with dma_request_channel(), every channel
 * of every provider that can copy, fill, xor or compute P+Q, up to
 * max_channels. It follows providers coming and going through the bus
 * notifiers: a bound driver triggers a rescan, and a driver about to be
 * unbound gets its channels back once the work atx queued on them has
 * completed, before its remove() runs.
 *
 * Picking a channel (the NetBSD dmover idea: the best back-end by load and
 * relative speed): among the channels that have the capability and whose
 * limits fit, the one whose queued bytes would be done soonest at its
 * measured service rate, an idle channel counting start_bytes more for
 * being started (atx_chan_load(), atx_chan_sooner()). A dependent
 * operation stays on its parent's channel when that channel can run it.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sched/clock.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "atx.h"

LIST_HEAD(atx_chans);
static DEFINE_MUTEX(atx_chans_lock);	/* changes to atx_chans */
static int atx_nr;
static bool atx_ready;

static int max_channels = -1;
static u32 offload_mask = GENMASK(ATX_NR_OPS - 1, 0);
unsigned int atx_dep_timeout_ms = 5000;

/*
 * Descriptors left queued before the caller rings anyway, so that a
 * channel does not sit idle while a long chain without callback grows
 * (the kernel's ioatdma issues at eight pending). md ends every chain
 * with a callback, which rings, so this only bounds what waits on the
 * count alone. Measured on the model (md writes, ten runs of each value,
 * interleaved): 8 -> 32 raised raid5 from 149 to 158 MB/s and raid6 from
 * 133 to 145; 256 was no better than 32.
 */
static unsigned int issue_batch = 32;
module_param(issue_batch, uint, 0644);
MODULE_PARM_DESC(issue_batch,
		 "Descriptors left queued before the caller rings the doorbell (default 32)");

/*
 * Starting an idle channel costs a doorbell and an interrupt of its own,
 * which work added to a running channel shares; spreading a burst over
 * idle channels one operation each pays them all. So an idle channel is
 * charged start_bytes of queue it does not have: work joins a running
 * channel until its queue is about that deep, then the next channel
 * starts. Measured on the model (async_xor of 8 x 4 KiB, 32 in flight,
 * medians of 18 runs, values interleaved): 0 -> 32 KiB took the cost per
 * operation from 30.8 to 19.0 us, md writes unchanged; with channels that
 * run in parallel (the bench's bandwidth cap), 4 channels over 1 went from
 * 3.65x to 3.1x, and to 2.7x with 64 KiB.
 */
static unsigned int start_bytes = SZ_32K;
module_param(start_bytes, uint, 0644);
MODULE_PARM_DESC(start_bytes,
		 "Queue in bytes an idle channel is charged for being started (default 32768, 0: spread at once)");

static void atx_flush_timer_fn(struct timer_list *t)
{
	struct atx_chan *ac = from_timer(ac, t, flush_timer);

	atx_chan_flush(ac, ATX_RING_TIMER);
}

/* an initial service rate guess, bytes per microsecond */
#define ATX_RATE_INIT	1000

static const enum dma_transaction_type atx_cap[ATX_NR_OPS] = {
	[ATX_MEMCPY] = DMA_MEMCPY,
	[ATX_MEMSET] = DMA_MEMSET,
	[ATX_XOR] = DMA_XOR,
	[ATX_XOR_VAL] = DMA_XOR_VAL,
	[ATX_PQ] = DMA_PQ,
	[ATX_PQ_VAL] = DMA_PQ_VAL,
	[ATX_INTERRUPT] = DMA_INTERRUPT,
};

/*
 * The channels atx takes: memory-to-memory offload engines. Not those of
 * a controller that serves peripherals (DMA_SLAVE, DMA_CYCLIC: a SPI or
 * UART driver would be left without its channel), and not those that may
 * complete out of order (DMA_COMPLETION_NO_ORDER, idxd's): a chain queued
 * on one channel relies on its order, as the kernel's async_tx does, and
 * a record completing before its parent would run its callback first.
 */
VISIBLE_IF_KUNIT bool atx_filter(struct dma_chan *chan, void *param)
{
	dma_cap_mask_t *m = &chan->device->cap_mask;

	if (dma_has_cap(DMA_SLAVE, *m) || dma_has_cap(DMA_CYCLIC, *m) ||
	    dma_has_cap(DMA_COMPLETION_NO_ORDER, *m))
		return false;
	return dma_has_cap(DMA_MEMCPY, *m) || dma_has_cap(DMA_MEMSET, *m) ||
	       dma_has_cap(DMA_XOR, *m) || dma_has_cap(DMA_PQ, *m);
}
EXPORT_SYMBOL_IF_KUNIT(atx_filter);

static void atx_chan_release(struct kref *ref)
{
	kfree(container_of(ref, struct atx_chan, ref));
}

void atx_chan_put(struct atx_chan *ac)
{
	kref_put(&ac->ref, atx_chan_release);
}

/* what atx_fits() needs of the channel's device, in one place */
static void atx_chan_caps(struct atx_chan *ac)
{
	struct dma_device *dma = ac->chan->device;
	int t;

	for (t = 0; t < ATX_NR_OPS; t++)
		if (dma_has_cap(atx_cap[t], dma->cap_mask))
			ac->types |= BIT(t);
	ac->align[ATX_MEMCPY] = dma->copy_align;
	ac->align[ATX_MEMSET] = dma->fill_align;
	ac->align[ATX_XOR] = dma->xor_align;
	ac->align[ATX_XOR_VAL] = dma->xor_align;
	ac->align[ATX_PQ] = dma->pq_align;
	ac->align[ATX_PQ_VAL] = dma->pq_align;
	ac->max_xor = dma->max_xor;
	ac->max_pq = dma_maxpq(dma, 0);
	ac->max_pq_continue = dma_maxpq(dma, DMA_PREP_CONTINUE);
}

static void atx_chan_add(struct dma_chan *chan)
{
	struct atx_chan *ac = kzalloc(sizeof(*ac), GFP_KERNEL);

	if (!ac) {
		dma_release_channel(chan);
		return;
	}
	ac->chan = chan;
	strscpy(ac->name, dma_chan_name(chan), sizeof(ac->name));
	atx_chan_caps(ac);
	kref_init(&ac->ref);
	timer_setup(&ac->flush_timer, atx_flush_timer_fn, 0);
	ac->rate = ATX_RATE_INIT;
	list_add_tail_rcu(&ac->node, &atx_chans);
	atx_nr++;
	pr_info("atx: offloading to %s (%s)\n", dma_chan_name(chan),
		dev_name(chan->device->dev));
}

/* Take free channels up to max_channels. atx_chans_lock held. */
static void atx_rescan_locked(void)
{
	dma_cap_mask_t mask;
	struct dma_chan *chan;

	dma_cap_zero(mask);
	while (atx_ready && (max_channels < 0 || atx_nr < max_channels)) {
		chan = dma_request_channel(mask, atx_filter, NULL);
		if (!chan)
			break;
		atx_chan_add(chan);
	}
}

/*
 * Ask the provider about the newest descriptor submitted: that runs its
 * completions, which is how records that asked for no interrupt complete
 * (and a full ring frees room) when no interrupt comes.
 */
void atx_chan_poll(struct atx_chan *ac)
{
	dma_cookie_t newest = READ_ONCE(ac->last_submitted);

	if (newest > 0)
		dmaengine_tx_status(ac->chan, newest, NULL);
}

/*
 * No run uses a retiring channel and no record of it is in flight or
 * waited on. A record is done before it leaves inflight, and a waiter
 * counts in users before it looks whether its record is done, both with
 * full barriers: seeing users, then inflight, at 0 means every waiter
 * will find its record done and leave the channel alone.
 */
static bool atx_chan_idle(struct atx_chan *ac)
{
	if (atomic_read(&ac->users))
		return false;
	/* users before inflight; pairs with atx_wait_op() and finish */
	smp_mb();
	return !atomic_read(&ac->inflight);
}

/* Wait (bounded) for the records queued on a retiring channel. */
static bool atx_chan_drain(struct atx_chan *ac, unsigned long deadline)
{
	while (!atx_chan_idle(ac)) {
		if (time_after(jiffies, deadline))
			return false;
		atx_chan_poll(ac);
		usleep_range(5000, 10000);
	}
	return true;
}

/* The provider gets a retired channel back. atx_chans_lock held. */
static void atx_give_back(struct atx_chan *ac)
{
	/* kicks on a retiring channel arm no timer (atx_chan_kick()) */
	del_timer_sync(&ac->flush_timer);
	atx_forget_chan(ac);
	pr_info("atx: %s given back\n", ac->name);
	dma_release_channel(ac->chan);
	atx_chan_put(ac);
}

/*
 * Retired channels whose operations outlasted the drain: given back only
 * once those complete. Released earlier, the provider's
 * free_chan_resources would terminate them, which runs no callback: the
 * records would never complete, nor md's stripes behind them. When the
 * device is being unbound, its remove completes them (cbdma fails them
 * aborted, and atx recomputes them), and the channel is given back after
 * the device has gone, which only a provider with device_release allows
 * (dmaengine warns otherwise, and frees what the channel's provider may
 * still need). Given back, a channel may be taken again if max_channels
 * allows. Under atx_chans_lock.
 */
static LIST_HEAD(atx_held_back);

static void atx_held_back_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(atx_held_back_work, atx_held_back_fn);

static void atx_held_back_fn(struct work_struct *work)
{
	struct atx_chan *ac, *n;
	bool given = false;

	mutex_lock(&atx_chans_lock);
	list_for_each_entry_safe(ac, n, &atx_held_back, node) {
		atx_chan_poll(ac);
		if (!atx_chan_idle(ac))
			continue;
		list_del(&ac->node);
		atx_give_back(ac);
		given = true;
	}
	if (!list_empty(&atx_held_back))
		schedule_delayed_work(&atx_held_back_work, HZ / 10);
	if (given)
		atx_rescan_locked();
	mutex_unlock(&atx_chans_lock);
}

/*
 * Give a channel back: no new operation picks it, the ones queued on it
 * complete (bounded), then the provider gets it back; if they have not
 * completed by then, it is held back until they do (atx_held_back), but
 * at module unload. atx_chans_lock held.
 */
static void atx_retire(struct atx_chan *ac)
{
	unsigned long deadline;

	WRITE_ONCE(ac->retiring, true);
	list_del_rcu(&ac->node);
	atx_nr--;
	synchronize_rcu();
	atx_chan_flush(ac, ATX_RING_RETIRE);
	deadline = jiffies + msecs_to_jiffies(2 * atx_dep_timeout_ms);
	if (!atx_chan_drain(ac, deadline)) {
		if (atx_ready && ac->chan->device->device_release) {
			pr_err("atx: %s: %d operation(s) still queued, holding the channel until they complete\n",
			       ac->name, atomic_read(&ac->inflight));
			/* no RCU reader sees ac->node any more */
			list_add_tail(&ac->node, &atx_held_back);
			schedule_delayed_work(&atx_held_back_work, HZ / 10);
			return;
		}
		pr_err("atx: %s: %d operation(s) still queued, giving the channel back anyway\n",
		       ac->name, atomic_read(&ac->inflight));
	}
	atx_give_back(ac);
}

static void atx_apply_max(void)
{
	struct atx_chan *ac, *n;
	int keep = max_channels;

	mutex_lock(&atx_chans_lock);
	list_for_each_entry_safe(ac, n, &atx_chans, node) {
		if (keep > 0) {
			keep--;
			continue;
		}
		if (keep == 0)
			atx_retire(ac);
	}
	atx_rescan_locked();
	mutex_unlock(&atx_chans_lock);
}

/* KUnit and the max_channels parameter: -1 all, 0 software only */
int atx_set_max_channels(int max)
{
	if (max < -1)
		return -EINVAL;
	WRITE_ONCE(max_channels, max);
	atx_apply_max();
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(atx_set_max_channels);

int atx_nr_channels(void)
{
	return READ_ONCE(atx_nr);
}
EXPORT_SYMBOL_IF_KUNIT(atx_nr_channels);

/* KUnit: set start_bytes, return what it was */
unsigned int atx_set_start_bytes(unsigned int bytes)
{
	return xchg(&start_bytes, bytes);
}
EXPORT_SYMBOL_IF_KUNIT(atx_set_start_bytes);

/* KUnit: the operation counts of up to @max channels, in table order */
int atx_chan_op_counts(u64 *ops, int max)
{
	struct atx_chan *ac;
	int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(ac, &atx_chans, node) {
		if (n == max)
			break;
		ops[n++] = atomic64_read(&ac->ops);
	}
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(atx_chan_op_counts);

void atx_set_offload_mask(u32 mask)
{
	WRITE_ONCE(offload_mask, mask & GENMASK(ATX_NR_OPS - 1, 0));
}
EXPORT_SYMBOL_IF_KUNIT(atx_set_offload_mask);

/*
 * Whether the channel can run the operation; if not, *why. An operation
 * with no parent asks every channel: what is read comes from the
 * channel's own record (atx_chan_caps()), not the provider's device.
 */
VISIBLE_IF_KUNIT bool atx_fits(struct atx_chan *ac,
			       const struct atx_need *need,
			       enum atx_sw_reason *why)
{
	enum dmaengine_alignment align = ac->align[need->type];
	int i;

	if (!(ac->types & READ_ONCE(offload_mask) & BIT(need->type))) {
		*why = ATX_SW_NOCHAN;
		return false;
	}
	switch (need->type) {
	case ATX_XOR:
		/* more sources than a descriptor takes are chained */
		if (ac->max_xor < 2 || need->nsrc < 2)
			goto limits;
		break;
	case ATX_XOR_VAL:
		if (need->nsrc < 2 ||
		    need->nsrc > min_t(int, ac->max_xor, ATX_MAX_SRC))
			goto limits;
		break;
	case ATX_PQ:
		/* more sources than a descriptor takes continue */
		if (need->nsrc < 1 ||
		    (need->nsrc > ac->max_pq && ac->max_pq_continue < 1))
			goto limits;
		break;
	case ATX_PQ_VAL:
		if (need->nsrc < 1 ||
		    need->nsrc > min_t(int, ac->max_pq, ATX_MAX_SRC))
			goto limits;
		break;
	default:
		break;
	}
	if (align == DMAENGINE_ALIGN_1_BYTE)
		return true;
	if (!dmaengine_check_align(align, need->off, 0, need->len))
		goto limits;
	for (i = 0; need->offs && i < need->noffs; i++)
		if (!dmaengine_check_align(align, need->offs[i], 0, need->len))
			goto limits;
	return true;
limits:
	*why = ATX_SW_LIMITS;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(atx_fits);

/*
 * The bytes a channel with @queued bytes in flight (@idle when nothing
 * is) has to move before an operation of @len bytes is done, an idle
 * channel charged start_bytes for being started.
 */
u64 atx_chan_load(u64 queued, bool idle, size_t len)
{
	return queued + len + (idle ? READ_ONCE(start_bytes) : 0);
}
EXPORT_SYMBOL_IF_KUNIT(atx_chan_load);

/*
 * Whether a channel with @load bytes to move at @rate bytes per
 * microsecond is done sooner than one with @load2 at @rate2 (a rate not
 * measured yet counts as 1). The quotients are compared cross multiplied:
 * a division is a helper call under TCG, and the pick makes one per
 * channel. Loads are capped at 2^40 bytes and rates at 2^23 bytes per
 * microsecond, so no product overflows.
 */
bool atx_chan_sooner(u64 load, unsigned long rate, u64 load2,
		     unsigned long rate2)
{
	load = min_t(u64, load, BIT_ULL(40));
	load2 = min_t(u64, load2, BIT_ULL(40));
	rate = clamp_t(unsigned long, rate, 1, BIT(23));
	rate2 = clamp_t(unsigned long, rate2, 1, BIT(23));
	return load * rate2 < load2 * rate;
}
EXPORT_SYMBOL_IF_KUNIT(atx_chan_sooner);

/*
 * The channel an operation goes to, marked in use until atx_unuse(), or
 * NULL with the reason in *why.
 */
struct atx_chan *atx_pick(const struct atx_need *need, struct atx_op *parent,
			  enum atx_sw_reason *why)
{
	struct atx_chan *ac, *best = NULL;
	u64 load, best_load = 0;
	unsigned long rate, best_rate = 1;
	enum atx_sw_reason r, reason = ATX_SW_NOCHAN;

	rcu_read_lock();
	if (parent && parent->ac && !READ_ONCE(parent->ac->retiring) &&
	    atx_fits(parent->ac, need, &r)) {
		best = parent->ac;
		goto found;
	}
	list_for_each_entry_rcu(ac, &atx_chans, node) {
		if (!atx_fits(ac, need, &r)) {
			/* "limits" when some channel has the capability */
			reason = max(reason, r);
			continue;
		}
		load = atx_chan_load(atomic_long_read(&ac->inflight_bytes),
				     !atomic_read(&ac->inflight), need->len);
		rate = READ_ONCE(ac->rate);
		if (!best ||
		    atx_chan_sooner(load, rate, best_load, best_rate)) {
			best = ac;
			best_load = load;
			best_rate = rate;
		}
	}
found:
	if (best) {
		atomic_inc(&best->users);
		/* retire() tests users after synchronize_rcu(): seen there */
		if (READ_ONCE(best->retiring)) {
			atomic_dec(&best->users);
			best = NULL;
		}
	}
	rcu_read_unlock();
	if (!best)
		*why = reason;
	return best;
}

void atx_unuse(struct atx_chan *ac)
{
	atomic_dec(&ac->users);
}

/*
 * Doorbells and interrupts. A doorbell is an MMIO write (a trap to the
 * hypervisor under virtualisation) and an interrupt costs more still.
 * The kernel's async_tx asks for an interrupt only where the client has
 * a callback, and leaves the doorbell to the provider's threshold and the
 * client's async_tx_issue_pending_all(), which does not reach private
 * channels. atx does the same for
 * interrupts: the descriptors in between complete with the next one that
 * interrupts (or when polled). For doorbells, atx_chan_kick() at the end
 * of each call:
 *  - issue_batch descriptors or more wait: ring;
 *  - a descriptor that will interrupt is in progress: leave it to its
 *    completion, which issues whatever was queued since
 *    (atx_op_finish());
 *  - the call asked for a callback (the end of a client's chain): ring;
 *  - otherwise (a step of a chain without callback) leave it to what
 *    comes next: a later call, anyone who waits for this one (every wait
 *    rings first), or at the latest the channel's flush timer, one tick
 *    later.
 * The provider's cookie status, not a count of ours, says what is in
 * progress: nothing can be left unissued by a miscount.
 *
 * No lock: a cookie is stored after its submission, and a flush reads it
 * before the doorbell it rings, so irq_issued names only a descriptor
 * issued or being issued by that flush (whose completion will come). Two
 * submitters may store their cookies out of order, and a flush may read
 * a cookie older than the count it takes; an older cookie only makes a
 * kick ring when it could have waited. Under TCG a lock round trip here
 * cost as much as the provider's tx_submit.
 */
void atx_chan_submitted(struct atx_chan *ac, dma_cookie_t cookie, bool irq)
{
	WRITE_ONCE(ac->last_submitted, cookie);
	if (irq)
		WRITE_ONCE(ac->irq_submitted, cookie);
	/*
	 * The submission before the count: a flush on another CPU that
	 * takes the count must see what it issues (a provider may read
	 * its ring's head without a lock, as cbdma.ko and ioatdma do).
	 */
	smp_mb__before_atomic();
	atomic_inc(&ac->unissued);
}

/*
 * Ring the doorbell for everything submitted so far; @why for debugfs.
 * A completion or the flush timer with nothing of ours unissued does not
 * call the provider: a submission still counting itself in is rung by its
 * own caller's atx_chan_kick(), which follows it. Under TCG the provider's
 * issue_pending (a lock and its checks) was about a fifth of the cost
 * atx adds to an operation's completion.
 */
void atx_chan_flush(struct atx_chan *ac, enum atx_ring_reason why)
{
	unsigned int n;

	if (why == ATX_RING_COMPLETION || why == ATX_RING_TIMER) {
		/*
		 * The provider's completed cookie is stored before this
		 * load: pairs with the smp_mb() in atx_chan_kick(), whose
		 * caller counted itself in before reading that cookie.
		 */
		smp_mb();
		if (!atomic_read(&ac->unissued))
			return;
	}
	n = atomic_xchg(&ac->unissued, 0);
	WRITE_ONCE(ac->irq_issued, READ_ONCE(ac->irq_submitted));
	if (n)
		atomic64_inc(&atx_stats.rings[why]);
	dma_async_issue_pending(ac->chan);
}

/*
 * The end of a call (see "Doorbells and interrupts" above); @irq: its
 * last descriptor interrupts. A descriptor in progress that interrupts
 * completes after this test, so after this call's submission, and issues
 * it (its cookie is marked complete before its callback runs: then the
 * test sees it complete). The test reads the channel's completed cookie
 * instead of asking the provider's tx_status, which would also run its
 * completions: the interrupt does that.
 */
void atx_chan_kick(struct atx_chan *ac, bool irq)
{
	struct dma_chan *chan = ac->chan;
	dma_cookie_t busy = READ_ONCE(ac->irq_issued);
	bool full = atomic_read(&ac->unissued) >= READ_ONCE(issue_batch);

	if (!full) {
		/* after our submission: pairs with the provider's locking */
		smp_mb();
		if (busy > 0 &&
		    dma_async_is_complete(busy,
					  READ_ONCE(chan->completed_cookie),
					  READ_ONCE(chan->cookie)) ==
		    DMA_IN_PROGRESS)
			return;
		/* a retiring channel is flushed by atx_retire() itself */
		if (!irq && !READ_ONCE(ac->retiring)) {
			if (!timer_pending(&ac->flush_timer))
				mod_timer(&ac->flush_timer, jiffies + 1);
			return;
		}
	}
	atx_chan_flush(ac, full ? ATX_RING_BATCH : irq ? ATX_RING_CALLBACK :
			   ATX_RING_RETIRE);
}

/*
 * A record finished on the channel: fold the channel's service rate into
 * its running average. Records complete in batches (one interrupt for
 * several), so the rate is bytes over time across a window of at least
 * ATX_RATE_WINDOW_NS, started when the first record of the window was
 * queued or the previous window closed, whichever is later: time the
 * channel sat idle does not count against it. @submitted is when the
 * record was queued if it found the channel idle (else 0), @idle whether
 * the channel is idle now.
 *
 * The clock is read only where the estimate needs it: when the channel
 * goes idle or wakes up, and every ATX_RATE_WINDOW_RECS records. Under
 * TCG a local_clock() with the TSC marked unstable costs as much as the
 * rest of atx's completion work; reading it for every record was 2% of
 * the guest's busy samples during md writes.
 */
#define ATX_RATE_WINDOW_NS	(50 * NSEC_PER_USEC)
#define ATX_RATE_WINDOW_RECS	8

void atx_chan_done(struct atx_chan *ac, size_t len, u64 submitted,
		   bool idle)
{
	unsigned long sample;
	u64 now, ns, idle_from;

	atomic64_inc(&ac->ops);
	atomic64_add(len, &ac->bytes);
	ac->win_bytes += len;
	if (!submitted && !idle && ++ac->win_recs < ATX_RATE_WINDOW_RECS)
		return;
	/*
	 * local_clock(): no clocksource read (an MMIO trap with HPET). Its
	 * skew between CPUs is small with a stable TSC, but up to a tick
	 * where the TSC is marked unstable (QEMU's TCG): @submitted comes
	 * from the submitting CPU, so the estimate is then noisy (see
	 * Documentation/cbdma/atx.rst). Completions of one channel run one
	 * at a time but for recomputed ones; a race only blurs the estimate.
	 */
	now = local_clock();
	ac->win_recs = 0;
	/* it sat idle from when it ran out of work until this record came */
	idle_from = max(ac->last_done, ac->win_start);
	if (submitted > idle_from)
		ac->win_start += submitted - idle_from;
	if (idle)
		ac->last_done = now;
	ns = now > ac->win_start ? now - ac->win_start : 0;
	if (ns < ATX_RATE_WINDOW_NS)
		return;
	sample = max_t(unsigned long,
		       div64_u64(ac->win_bytes * NSEC_PER_USEC, ns), 1);
	WRITE_ONCE(ac->rate, (7 * READ_ONCE(ac->rate) + sample) / 8 ?: 1);
	ac->win_bytes = 0;
	ac->win_start = now;
}
EXPORT_SYMBOL_IF_KUNIT(atx_chan_done);

static void atx_rescan_fn(struct work_struct *work)
{
	mutex_lock(&atx_chans_lock);
	atx_rescan_locked();
	mutex_unlock(&atx_chans_lock);
}

static DECLARE_WORK(atx_rescan_work, atx_rescan_fn);

static int atx_bus_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct device *dev = data;
	struct atx_chan *ac, *n;

	switch (action) {
	case BUS_NOTIFY_BOUND_DRIVER:
		/* it may have registered a DMA device in probe */
		schedule_work(&atx_rescan_work);
		break;
	case BUS_NOTIFY_UNBIND_DRIVER:
		mutex_lock(&atx_chans_lock);
		list_for_each_entry_safe(ac, n, &atx_chans, node)
			if (ac->chan->device->dev == dev)
				atx_retire(ac);
		mutex_unlock(&atx_chans_lock);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block atx_pci_nb = { .notifier_call = atx_bus_notify };
static struct notifier_block atx_platform_nb = {
	.notifier_call = atx_bus_notify,
};

int atx_chans_init(void)
{
	int ret;

	ret = bus_register_notifier(&platform_bus_type, &atx_platform_nb);
	if (ret)
		return ret;
#ifdef CONFIG_PCI
	ret = bus_register_notifier(&pci_bus_type, &atx_pci_nb);
	if (ret) {
		bus_unregister_notifier(&platform_bus_type, &atx_platform_nb);
		return ret;
	}
#endif
	mutex_lock(&atx_chans_lock);
	atx_ready = true;
	atx_rescan_locked();
	mutex_unlock(&atx_chans_lock);
	return 0;
}

void atx_chans_exit(void)
{
	struct atx_chan *ac, *n;

#ifdef CONFIG_PCI
	bus_unregister_notifier(&pci_bus_type, &atx_pci_nb);
#endif
	bus_unregister_notifier(&platform_bus_type, &atx_platform_nb);
	cancel_work_sync(&atx_rescan_work);
	mutex_lock(&atx_chans_lock);
	atx_ready = false;
	list_for_each_entry_safe(ac, n, &atx_chans, node)
		atx_retire(ac);
	mutex_unlock(&atx_chans_lock);
	/* the module's code goes: no channel may be held back past this */
	cancel_delayed_work_sync(&atx_held_back_work);
	mutex_lock(&atx_chans_lock);
	list_for_each_entry_safe(ac, n, &atx_held_back, node) {
		pr_err("atx: %s: %d operation(s) still queued, giving the channel back anyway\n",
		       ac->name, atomic_read(&ac->inflight));
		list_del(&ac->node);
		atx_give_back(ac);
	}
	mutex_unlock(&atx_chans_lock);
}

static int atx_set_max_param(const char *val, const struct kernel_param *kp)
{
	int max, ret;

	ret = kstrtoint(val, 0, &max);
	if (ret || max < -1) {
		pr_err("atx: max_channels must be -1 (all), 0 (software only) or a channel count\n");
		return -EINVAL;
	}
	if (!atx_ready) {
		max_channels = max;
		return 0;
	}
	return atx_set_max_channels(max);
}

static const struct kernel_param_ops atx_max_ops = {
	.set = atx_set_max_param,
	.get = param_get_int,
};
module_param_cb(max_channels, &atx_max_ops, &max_channels, 0644);
MODULE_PARM_DESC(max_channels,
		 "DMA channels to take: -1 every capable one (default), 0 software only");

static int atx_set_mask_param(const char *val, const struct kernel_param *kp)
{
	u32 mask;

	if (kstrtou32(val, 0, &mask) || mask & ~GENMASK(ATX_NR_OPS - 1, 0)) {
		pr_err("atx: offload is a mask of bits 0-%d (memcpy memset xor xor_val pq pq_val interrupt)\n",
		       ATX_NR_OPS - 1);
		return -EINVAL;
	}
	atx_set_offload_mask(mask);
	return 0;
}

static const struct kernel_param_ops atx_mask_ops = {
	.set = atx_set_mask_param,
	.get = param_get_uint,
};
module_param_cb(offload, &atx_mask_ops, &offload_mask, 0644);
MODULE_PARM_DESC(offload,
		 "Operation types offloaded, a mask: bit 0 memcpy, 1 memset, 2 xor, 3 xor_val, 4 pq, 5 pq_val, 6 interrupt (default all)");

static int atx_set_timeout_param(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;

	if (kstrtouint(val, 0, &ms) || !ms || ms > 600000) {
		pr_err("atx: dep_timeout_ms must be 1..600000\n");
		return -EINVAL;
	}
	WRITE_ONCE(atx_dep_timeout_ms, ms);
	return 0;
}

static const struct kernel_param_ops atx_timeout_ops = {
	.set = atx_set_timeout_param,
	.get = param_get_uint,
};
module_param_cb(dep_timeout_ms, &atx_timeout_ops, &atx_dep_timeout_ms, 0644);
MODULE_PARM_DESC(dep_timeout_ms,
		 "Longest wait for an operation another depends on, in ms (default 5000)");
