// SPDX-License-Identifier: GPL-2.0
/*
 * Channel hardware control: reset, start, doorbell, error recovery and the
 * watchdog. A halted or stalled channel is never fatal: the descriptor that
 * caused it fails with an error result, the ones queued behind it are
 * aborted (DMA_TRANS_ABORTED), the channel is reset and serves again.
 * Validate mismatches are results, not errors: that descriptor completes
 * with its sum_check_flags set and the ones behind it are restarted.
 * A channel that does not even reset stops the device: see
 * cbdma_chan_reset_or_wedge().
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/jiffies.h>
#include <linux/pci.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "cbdma.h"
#include "cookie.h"
#include "trace.h"

u64 cbdma_chan_chansts(struct cbdma_chan *c)
{
	return readq(c->regs + CBDMA_CHANSTS);
}

static unsigned int chansts_state(u64 sts)
{
	return sts & CBDMA_CHANSTS_STATE;
}

/*
 * Stop the channel and reset it. Bounded: the engine acknowledges SUSPEND
 * within microseconds, and a suspend that does not come is not fatal (the
 * reset follows), so it gets a millisecond. A reset that does not come is:
 * the device is given up (cbdma_chan_reset_or_wedge()), so it gets 100 ms,
 * as ioatdma gives it 200 ms, polled in atomic context there too. The
 * budget is spent only by a device that is failing.
 */
#define CBDMA_SUSPEND_TIMEOUT_US	1000
#define CBDMA_RESET_TIMEOUT_US		100000

int cbdma_chan_reset_hw(struct cbdma_chan *c)
{
	unsigned int st = chansts_state(cbdma_chan_chansts(c));
	u8 cmd;
	u64 sts;
	int ret;

	/* a ringer in progress finishes first; later ones find nothing */
	spin_lock_bh(&c->db_lock);
	WRITE_ONCE(c->db_want, c->db_done);
	spin_unlock_bh(&c->db_lock);
	if (st == CBDMA_CHANSTS_ACTIVE || st == CBDMA_CHANSTS_IDLE) {
		writeb(CBDMA_CHANCMD_SUSPEND, c->regs + CBDMA_CHANCMD);
		ret = readq_poll_timeout_atomic(c->regs + CBDMA_CHANSTS, sts,
						chansts_state(sts) !=
						CBDMA_CHANSTS_ACTIVE, 1,
						CBDMA_SUSPEND_TIMEOUT_US);
		if (ret)
			dev_warn(cbdma_chan_dev(c),
				 "chan %u: did not suspend, resetting anyway\n",
				 c->id);
	}
	writel(readl(c->regs + CBDMA_CHANERR), c->regs + CBDMA_CHANERR);
	writeb(CBDMA_CHANCMD_RESET, c->regs + CBDMA_CHANCMD);
	ret = readb_poll_timeout_atomic(c->regs + CBDMA_CHANCMD, cmd,
					!(cmd & CBDMA_CHANCMD_RESET), 10,
					CBDMA_RESET_TIMEOUT_US);
	if (ret) {
		dev_err(cbdma_chan_dev(c), "chan %u: reset timed out\n", c->id);
		return ret;
	}
	c->stats.resets++;
	trace_cbdma_reset(c);
	return 0;
}

/*
 * Reset @c, or give the device up when it does not reset. A channel that
 * ignores RESET may still fetch descriptors and move data, into buffers
 * that its clients reuse as soon as their work fails: nothing of it may be
 * failed, nor restarted, while it can still DMA. Bus mastering off stops
 * every DMA of the function, so the device as a whole is given up: @c
 * here (its caller fails its work), the other channels from wedge_work,
 * outside this lock, which then unbinds the device. Binding it again
 * tries afresh.
 * Whether the channel was reset and may be started. Lock held.
 */
bool cbdma_chan_reset_or_wedge(struct cbdma_chan *c)
{
	struct cbdma_device *cbdev = c->cbdev;

	lockdep_assert_held(&c->lock);
	if (!cbdma_chan_reset_hw(c))
		return true;
	/* a config write under pci_lock, a raw spinlock: fine in atomic */
	pci_clear_master(cbdev->pdev);
	WRITE_ONCE(c->dead, true);
	if (!test_and_set_bit(0, &cbdev->wedged)) {
		dev_err(cbdma_chan_dev(c),
			"chan %u did not reset: DMA stopped (bus mastering off), every channel fails its work, the device is unbound; bind it again to retry\n",
			c->id);
		schedule_work(&cbdev->wedge_work);
	}
	return false;
}

/*
 * The device was given up (cbdma_chan_reset_or_wedge()): every channel
 * is marked dead, as at removal, and what it had queued fails aborted.
 * What completed before still completes. Bus mastering is off, so no
 * channel still moves data. Then the device is unbound, once registered:
 * a probe that gives it up fails by itself.
 */
void cbdma_wedge_work(struct work_struct *work)
{
	struct cbdma_device *cbdev = container_of(work, struct cbdma_device,
						  wedge_work);
	unsigned int i;

	for (i = 0; i < cbdev->nr_chans && cbdev->chans[i].cbdev; i++) {
		struct cbdma_chan *c = &cbdev->chans[i];

		spin_lock_bh(&c->lock);
		cbdma_chan_kill(c);
		spin_unlock_bh(&c->lock);
		cbdma_run_completions(c);
	}
	if (READ_ONCE(cbdev->registered) && !cbdma_unbind_later(cbdev))
		dev_err(&cbdev->pdev->dev,
			"could not queue the unbind: unbind the device by hand\n");
}

/* Point CHAINADDR at the slot of index @idx: DMACOUNT counts from there. */
static void cbdma_chan_load_chain(struct cbdma_chan *c, u16 idx)
{
	dma_addr_t first = c->ring_dma + (dma_addr_t)CBDMA_DESC_SIZE *
			   cbdma_ring_slot(c->order, idx);

	writel(lower_32_bits(first), c->regs + CBDMA_CHAINADDR);
	writel(upper_32_bits(first), c->regs + CBDMA_CHAINADDR + 4);
	c->chain_base = idx;
}

/*
 * Program a freshly reset channel. Slots from the tail on are handed to it
 * again by the next doorbell; CHAINADDR is loaded now, so that the
 * doorbell is a single register write.
 */
void cbdma_chan_start_hw(struct cbdma_chan *c)
{
	writel(0, c->regs + CBDMA_CHANERR_MASK);
	writel(lower_32_bits(c->completion_dma), c->regs + CBDMA_CHANCMP);
	writel(upper_32_bits(c->completion_dma), c->regs + CBDMA_CHANCMP + 4);
	WRITE_ONCE(*c->completion, 0);
	c->last_completion = 0;
	WRITE_ONCE(c->issued, c->tail);
	cbdma_chan_load_chain(c, c->tail);
	/* DMACOUNT counts from the new chain */
	spin_lock_bh(&c->db_lock);
	WRITE_ONCE(c->db_want, 0);
	WRITE_ONCE(c->db_done, 0);
	spin_unlock_bh(&c->db_lock);
	writew(CBDMA_CHANCTRL_RUN, c->regs + CBDMA_CHANCTRL);
}

/*
 * Doorbells. The DMACOUNT write is an MMIO write, a trap under
 * virtualisation: under QEMU's TCG 0.4 to 0.9 us, or 30 to 60 us when it
 * has to wake the device model's thread. It is made outside c->lock, so that
 * the completion tasklet and submitters on other CPUs do not spin behind
 * it: under c->lock, cbdma_chan_issue() publishes the count wanted
 * (db_want); cbdma_chan_ring() writes it under db_lock, so that counts
 * reach the register in order. A ringer that finds db_lock taken leaves
 * its count to the holder, which looks again after letting go. Resets and
 * chain loads, under c->lock, take db_lock to drop a count computed
 * against the old chain (cbdma_chan_reset_hw(), cbdma_chan_start_hw()).
 */

/*
 * Hand every submitted slot to the hardware: publish the DMACOUNT value,
 * slots since CHAINADDR was loaded, modulo 2^16. Whether there is
 * anything for cbdma_chan_ring() to write.
 */
bool cbdma_chan_issue(struct cbdma_chan *c)
{
	lockdep_assert_held(&c->lock);
	if (c->issued == c->head || c->dead)
		return false;
	if (c->issued == c->tail)
		c->progress_stamp = jiffies;
	/* read without the lock by cbdma_issue_pending() */
	WRITE_ONCE(c->issued, c->head);
	/*
	 * The watchdog is not armed here: it runs for as long as the
	 * channel is allocated. Arming a timer can reprogram the clock
	 * event device, which under virtualisation is a trap, on every
	 * idle doorbell.
	 */
	WRITE_ONCE(c->db_want, (u16)(c->issued - c->chain_base));
	return true;
}

/* Write the newest published count, unless another context is doing so. */
void cbdma_chan_ring(struct cbdma_chan *c)
{
	u16 want;

	for (;;) {
		/* db_want before db_lock: pairs with the barrier below */
		smp_mb();
		if (!spin_trylock_bh(&c->db_lock))
			return;
		want = READ_ONCE(c->db_want);
		if (want != c->db_done) {
			/* writew orders the ring writes before the doorbell */
			writew(want, c->regs + CBDMA_DMACOUNT);
			WRITE_ONCE(c->db_done, want);
			c->stats.doorbells++;
		}
		spin_unlock_bh(&c->db_lock);
		/* a count published while we held db_lock is ours to write */
		smp_mb();
		if (READ_ONCE(c->db_want) == READ_ONCE(c->db_done))
			return;
	}
}

static void cbdma_record_err(struct cbdma_chan *c, u32 chanerr, u64 sts)
{
	struct cbdma_err_record *r = &c->errs[c->errs_next++ %
					      CBDMA_ERR_HISTORY];

	r->jiffies = get_jiffies_64();
	r->chanerr = chanerr;
	r->chansts = sts;
}

/* the slot the hardware stopped at, as a free-running index, or -1 */
static int cbdma_cdar_index(struct cbdma_chan *c)
{
	u64 cdar = readq(c->regs + CBDMA_CDAR);
	u64 size = (u64)CBDMA_DESC_SIZE << c->order;
	unsigned int slot;
	u16 idx;

	if (cdar < c->ring_dma || cdar >= c->ring_dma + size)
		return -1;
	slot = (cdar - c->ring_dma) / CBDMA_DESC_SIZE;
	idx = c->tail + ((slot - cbdma_ring_slot(c->order, c->tail)) &
			 ((1u << c->order) - 1));
	if ((u16)(idx - c->tail) >= (u16)(c->issued - c->tail))
		return -1;
	return idx;
}

/* Validate mismatch on the oldest descriptor: a result, then go on. */
static bool cbdma_take_val_result(struct cbdma_chan *c, u32 chanerr)
{
	struct cbdma_desc *d;
	int idx;

	if (!(chanerr & CBDMA_CHANERR_VAL_MISMATCH) ||
	    (chanerr & ~CBDMA_CHANERR_VAL_MISMATCH) ||
	    list_empty(&c->submitted))
		return false;
	d = list_first_entry(&c->submitted, struct cbdma_desc, node);
	if (d->kind != CBDMA_KIND_XOR_VAL && d->kind != CBDMA_KIND_PQ_VAL)
		return false;
	idx = cbdma_cdar_index(c);
	if (idx >= 0 && (u16)(idx - d->first) >= d->nslots)
		return false;		/* halted elsewhere: not this result */
	if (d->result) {
		if (chanerr & CBDMA_CHANERR_XOR_P_OR_CRC)
			*d->result |= SUM_CHECK_P_RESULT;
		if (chanerr & CBDMA_CHANERR_XOR_Q)
			*d->result |= SUM_CHECK_Q_RESULT;
	}
	cbdma_desc_retire(c, d);
	return true;
}

/**
 * cbdma_chan_recover - deal with a halted or stalled channel
 * @c: the channel
 * @stalled: the watchdog saw no progress (else: the channel halted)
 *
 * Reaps what completed, decodes CHANERR, fails or finishes the descriptor
 * that stopped the channel, aborts the rest (unless the stop was only a
 * validate result), resets the channel and restarts it. Runs the
 * completions (callbacks) after dropping the channel lock.
 */
void cbdma_chan_recover(struct cbdma_chan *c, bool stalled)
{
	unsigned long period = msecs_to_jiffies(cbdma_watchdog_ms);
	const char *why = "halted";
	char names[160];
	bool restart;
	u32 chanerr;
	u64 sts;

	spin_lock_bh(&c->lock);
	if (c->dead || !c->ring) {
		spin_unlock_bh(&c->lock);
		return;
	}
	/*
	 * The tasklet and the watchdog may both come for one fault: look
	 * again under the lock, the other may have dealt with it already.
	 */
	sts = cbdma_chan_chansts(c);
	if ((sts & CBDMA_CHANSTS_STATE) != CBDMA_CHANSTS_HALTED) {
		if (!stalled || c->issued == c->tail ||
		    !time_after(jiffies, c->progress_stamp + period)) {
			spin_unlock_bh(&c->lock);
			return;
		}
		why = "no progress (watchdog)";
	}
	/* what completed before the stop is good */
	WRITE_ONCE(*c->completion, sts & ~(u64)CBDMA_CHANSTS_STATE);
	cbdma_reap(c);
	chanerr = readl(c->regs + CBDMA_CHANERR);
	cbdma_record_err(c, chanerr, sts);
	cbdma_chanerr_scnprint(names, sizeof(names), chanerr);
	trace_cbdma_error(c, chanerr, sts);

	if (cbdma_take_val_result(c, chanerr)) {
		/* a validate result: clear it and run the rest again */
		writel(chanerr, c->regs + CBDMA_CHANERR);
		if (cbdma_chan_reset_or_wedge(c)) {
			cbdma_chan_start_hw(c);
			if (cbdma_chan_issue(c))
				cbdma_chan_ring(c);
		} else {
			__cbdma_fail_submitted(c, DMA_TRANS_ABORTED, &c->done);
		}
		spin_unlock_bh(&c->lock);
		cbdma_run_completions(c);
		return;
	}

	dev_err_ratelimited(cbdma_chan_dev(c),
			    "chan %u: %s: CHANSTS %#llx CHANERR %#x (%s); resetting\n",
			    c->id, why, sts, chanerr, names);
	/*
	 * Reset first: a stalled channel may still be fetching, and failing
	 * a descriptor gives its super-extended descriptors back to the
	 * pool, where another channel may take them.
	 */
	restart = cbdma_chan_reset_or_wedge(c);
	__cbdma_fail_submitted(c, cbdma_chanerr_result(chanerr), &c->done);
	if (restart)
		cbdma_chan_start_hw(c);
	spin_unlock_bh(&c->lock);
	cbdma_run_completions(c);
}

/*
 * The next progress check; a period of a second or more is rounded up to
 * wake the CPU with other timers.
 */
void cbdma_watchdog_arm(struct cbdma_chan *c)
{
	unsigned long period = msecs_to_jiffies(cbdma_watchdog_ms);

	mod_timer(&c->watchdog, period >= HZ ?
		  round_jiffies_up(jiffies + period) : jiffies + period);
}

/*
 * Progress check, every period while the channel is allocated (from
 * alloc_chan_resources to free_chan_resources or removal, whose
 * del_timer_sync() also stops the re-arming): issued work that has not
 * moved for a period is stalled, so a stall is caught between one and two
 * periods after the last progress. An idle channel costs one timer tick,
 * and gives back the descriptors a burst left on its spare list.
 */
void cbdma_watchdog_fn(struct timer_list *t)
{
	struct cbdma_chan *c = from_timer(c, t, watchdog);
	unsigned long period = msecs_to_jiffies(cbdma_watchdog_ms);
	bool busy, stalled, halted;

	cbdma_cleanup(c);
	spin_lock_bh(&c->lock);
	busy = !c->dead && c->ring && c->issued != c->tail;
	halted = false;
	if (busy) {
		u64 sts = cbdma_chan_chansts(c);
		u64 addr = sts & CBDMA_CHANSTS_COMPLETED_ADDR;

		halted = chansts_state(sts) == CBDMA_CHANSTS_HALTED;
		/*
		 * Only an operation's last descriptor writes back, but
		 * CHANSTS names each descriptor the engine finishes: one
		 * operation split over many (a long copy) that outlasts the
		 * period is progress, not a stall.
		 */
		if (addr != c->watchdog_addr) {
			c->watchdog_addr = addr;
			c->progress_stamp = jiffies;
		}
	}
	stalled = busy && time_after(jiffies, c->progress_stamp + period);
	if (!c->dead && c->ring)
		cbdma_watchdog_arm(c);
	if (stalled || halted)
		c->stats.watchdog++;
	spin_unlock_bh(&c->lock);

	if (halted || stalled)
		cbdma_chan_recover(c, stalled);
	else
		cbdma_desc_trim_spare(c);
}
