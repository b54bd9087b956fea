// SPDX-License-Identifier: GPL-2.0
/*
 * One API call: its dependency, its channel, its records queued one
 * behind the other, and what the caller gets back.
 */
#include "atx.h"

/*
 * Settle the dependency and pick the channel. A parent still queued on
 * the picked channel is simply run behind; any other parent is waited
 * for (bounded) first. The parent is acknowledged either way: the client
 * hands it over with the call. One of atx's is acknowledged at once
 * (atx_op_take()): from then on only its record is used, never the
 * descriptor.
 */
void atx_run_begin(struct atx_run *run, struct async_submit_ctl *submit,
		   const struct atx_need *need)
{
	struct dma_async_tx_descriptor *dep = submit->depend_tx;
	struct atx_op *parent = atx_op_take(dep);
	/* atx's own parent is acknowledged, and may be reused once done */
	bool theirs = dep && !parent;
	enum atx_sw_reason why = ATX_SW_NOCHAN;

	memset(run, 0, sizeof(*run));
	run->submit = submit;
	run->type = need->type;
	run->ac = atx_pick(need, parent, &why);
	if (dep) {
		if (run->ac && parent && parent->ac == run->ac &&
		    !atx_op_is_done(parent)) {
			run->prev = parent;
			parent = NULL;
		} else if (parent ? atx_wait_op(parent) : atx_wait_tx(dep)) {
			run->error = DMA_TRANS_ABORTED;
		}
		atx_op_put(parent);
		/*
		 * A descriptor atx did not submit: acknowledged once done.
		 * Never atx's own: atx_op_take() acknowledged it, and its
		 * provider may have reused or freed it since.
		 */
		if (theirs)
			async_tx_ack(dep);
	}
	if (!run->ac)
		atx_count_sw(need->type, why);
}

/* go on in software behind what was queued: 0, or the run failed */
static int atx_run_fallback(struct atx_run *run, enum atx_sw_reason why)
{
	if (run->prev && atx_wait_op(run->prev))
		run->error = DMA_TRANS_ABORTED;
	atx_op_put(run->prev);
	run->prev = NULL;
	atx_unuse(run->ac);
	run->ac = NULL;
	atx_count_sw(run->type, why);
	return run->error;
}

/*
 * Queue a record. 0 when queued (the run owns it now); otherwise the run
 * has gone over to software, behind everything it queued, and the
 * caller computes this part in software (unless run->error is set).
 */
int atx_run_dma(struct atx_run *run, struct atx_op *op, bool last)
{
	struct atx_op *prev = run->prev;
	int ret;

	if (run->error || !run->ac) {
		atx_op_put(op);
		return -EAGAIN;
	}
	if (!op)
		goto fallback;
	/*
	 * The records of one call write the same destination: one in
	 * flight at a time, so that it is never mapped for the device to
	 * write twice at once (the DMA API forbids overlapping mappings).
	 * Only calls split for the channel's limits have several.
	 */
	if (run->queued && prev && atx_wait_op(prev)) {
		run->error = DMA_TRANS_ABORTED;
		atx_op_put(op);
		return -EIO;
	}
	/* a parent already complete is not waited on again */
	if (prev && atx_op_is_done(prev)) {
		if (prev->error)
			run->error = DMA_TRANS_ABORTED;
		atx_op_put(prev);
		run->prev = NULL;
		if (run->error) {
			atx_op_put(op);
			return -EIO;
		}
	}
	ret = atx_op_submit(op, run, last);
	if (!ret) {
		/* its reference to the record before went to @op */
		run->prev = op;
		run->queued++;
		return 0;
	}
	atx_op_put(op);
fallback:
	atx_run_fallback(run, ATX_SW_NOMEM);
	return -EAGAIN;
}

/*
 * The descriptor of the last record queued, which completes the call;
 * or NULL when the call ran in software (or failed), after its
 * completion has been reported.
 */
struct dma_async_tx_descriptor *atx_run_end(struct atx_run *run)
{
	struct async_submit_ctl *submit = run->submit;
	struct dma_async_tx_descriptor *tx = NULL;
	struct atx_op *last = run->prev;

	if (run->ac) {
		atx_chan_kick(run->ac, atx_wants_irq(submit));
		if (!run->error && run->queued && last && last->last) {
			tx = last->tx;
			atomic64_inc(&atx_stats.dma[run->type]);
		} else if (last && atx_wait_op(last)) {
			/* nothing queued carries the callback: report here */
			run->error = DMA_TRANS_ABORTED;
		}
		atx_unuse(run->ac);
	}
	atx_op_put(last);
	if (tx)
		return tx;
	if (run->error)
		atomic64_inc(&atx_stats.failed[run->type]);
	atx_finish(submit, run->error);
	return NULL;
}
