// SPDX-License-Identifier: GPL-2.0
/*
 * RAID6 recovery: two lost data blocks, or a lost data block and P.
 *
 * With a channel that computes P+Q, recovery is a chain of atx
 * operations (syndrome of the survivors into the lost pages, xor with P
 * and Q, then products in GF(2^8)), each depending on the previous, so
 * that every step goes wherever it fits and any step may fall back to
 * software. Without one, lib/raid6's raid6_2data_recov() and
 * raid6_datap_recov() do it at once.
 */
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "atx.h"

static const char *atx_recov_check(int disks, size_t bytes,
				   struct page **blocks, unsigned int *offs)
{
	int i;

	if (!blocks || !offs || disks < 4 || disks > ATX_MAX_DISKS)
		return "disk count out of 4..258";
	if (!bytes || bytes % ATX_PARITY_ALIGN)
		return "length is not a non-zero multiple of 512";
	if (!blocks[disks - 2] || !blocks[disks - 1])
		return "P or Q missing";
	for (i = 0; i < disks; i++)
		if (blocks[i] && (offs[i] >= page_size(blocks[i]) ||
				  bytes > page_size(blocks[i]) - offs[i]))
			return "a page range is not within its page";
	return NULL;
}

/* whether a channel could run the recovery's P+Q steps */
static bool atx_recov_offload(size_t bytes, unsigned int *offs, int disks)
{
	struct atx_need need = {
		.type = ATX_PQ, .nsrc = 2, .len = bytes, .offs = offs,
		.noffs = disks,
	};
	enum atx_sw_reason why;
	struct atx_chan *ac = atx_pick(&need, NULL, &why);

	if (!ac)
		return false;
	atx_unuse(ac);
	return true;
}

/* software: wait for the parent, then run fn in the caller's context */
static struct dma_async_tx_descriptor *
atx_recov_sync(struct async_submit_ctl *submit, struct page **blocks,
	       unsigned int *offs, int disks, size_t bytes, int faila,
	       int failb)
{
	int error = 0;

	if (submit->depend_tx) {
		if (atx_wait_tx(submit->depend_tx))
			error = DMA_TRANS_ABORTED;
		atx_ack(submit->depend_tx);
	}
	atx_count_sw(ATX_PQ, ATX_SW_NOCHAN);
	if (!error && failb >= 0)
		atx_sw_2data(blocks, offs, disks, bytes, faila, failb);
	else if (!error)
		atx_sw_datap(blocks, offs, disks, bytes, faila);
	if (error)
		atomic64_inc(&atx_stats.failed[ATX_PQ]);
	atx_finish(submit, error);
	return NULL;
}

/* the last step carries the caller's flags and completion */
static struct dma_async_tx_descriptor *
atx_recov_last(struct page *dst, unsigned int doff, struct page *src,
	       unsigned int soff, size_t bytes,
	       struct dma_async_tx_descriptor *tx,
	       struct async_submit_ctl *submit)
{
	struct page *srcs[2] = { dst, src };
	unsigned int offs[2] = { doff, soff };
	struct atx_submit_ctl last;

	if (atx_result_aware(submit))
		last = *to_atx_submit(submit);
	else
		last.submit = *submit;
	last.submit.depend_tx = tx;
	last.submit.flags |= ASYNC_TX_XOR_DROP_DST;
	last.submit.flags &= ~ASYNC_TX_XOR_ZERO_DST;
	return async_xor_offs(dst, doff, srcs, offs, 2, bytes, &last.submit);
}

/*
 * What the intermediate steps of one recovery report. A step that fails
 * where it runs (in software behind a failed parent) returns no
 * descriptor, so the next step would have nothing to wait for and would
 * run on what is not there: its result callback, called before it
 * returns, stops the recovery. A step that fails on a channel fails
 * those queued behind it, down to the last, whose result is the caller's.
 */
struct atx_recov_state {
	refcount_t ref;		/* the recovery's, and one per step */
	int error;
};

static void atx_recov_put(struct atx_recov_state *st)
{
	if (refcount_dec_and_test(&st->ref))
		kfree(st);
}

static void atx_recov_step_done(void *param,
				const struct dmaengine_result *res)
{
	struct atx_recov_state *st = param;

	if (res->result != DMA_TRANS_NOERROR)
		WRITE_ONCE(st->error, res->result);
	atx_recov_put(st);
}

/* an intermediate step: fenced, behind @tx, reporting to @st */
static struct async_submit_ctl *
atx_recov_step(struct atx_submit_ctl *s, enum async_tx_flags flags,
	       struct dma_async_tx_descriptor *tx, struct atx_recov_state *st)
{
	refcount_inc(&st->ref);
	init_atx_submit(s, ASYNC_TX_FENCE | flags, tx, atx_recov_step_done, st,
			NULL);
	return &s->submit;
}

/* a step gave no descriptor and said it failed: nothing to go on from */
static bool atx_recov_stopped(struct dma_async_tx_descriptor *tx,
			      struct atx_recov_state *st)
{
	return !tx && READ_ONCE(st->error);
}

/* the caller is told; the steps before the failed one are done */
static struct dma_async_tx_descriptor *
atx_recov_abort(struct async_submit_ctl *submit, struct atx_recov_state *st)
{
	pr_err_ratelimited("atx: raid6 recovery stopped: a step failed (result %d)\n",
			   READ_ONCE(st->error));
	atomic64_inc(&atx_stats.failed[ATX_PQ]);
	atx_recov_put(st);
	atx_finish(submit, DMA_TRANS_ABORTED);
	return NULL;
}

static struct atx_recov_state *atx_recov_state_new(void)
{
	struct atx_recov_state *st = kmalloc(sizeof(*st),
					     GFP_NOWAIT | __GFP_NOWARN);

	if (st) {
		refcount_set(&st->ref, 1);
		st->error = 0;
	}
	return st;
}

/* dst ^= src, as an intermediate step */
static struct dma_async_tx_descriptor *
atx_recov_xor(struct page *dst, unsigned int doff, struct page *src,
	      unsigned int soff, size_t bytes,
	      struct dma_async_tx_descriptor *tx, struct atx_recov_state *st)
{
	struct page *srcs[2] = { dst, src };
	unsigned int offs[2] = { doff, soff };
	struct atx_submit_ctl s;

	return async_xor_offs(dst, doff, srcs, offs, 2, bytes,
			      atx_recov_step(&s, ASYNC_TX_XOR_DROP_DST, tx,
					     st));
}

struct dma_async_tx_descriptor *
async_raid6_2data_recov(int disks, size_t bytes, int faila, int failb,
			struct page **blocks, unsigned int *offs,
			struct async_submit_ctl *submit)
{
	struct page *p, *q, *dp, *dq, *srcs[2];
	unsigned int p_off, q_off, dp_off, dq_off, soffs[2];
	struct dma_async_tx_descriptor *tx;
	struct atx_recov_state *st;
	struct atx_submit_ctl s;
	const char *bad;
	u8 coef[2];

	bad = atx_recov_check(disks, bytes, blocks, offs);
	if (!bad && failb < faila)
		swap(faila, failb);
	if (!bad && (faila < 0 || faila == failb || failb >= disks - 2 ||
		     !blocks[faila] || !blocks[failb]))
		bad = "the failed blocks must be two distinct data blocks";
	if (bad)
		return atx_reject(submit, ATX_PQ, bad);
	st = atx_recov_offload(bytes, offs, disks) ? atx_recov_state_new() :
						     NULL;
	if (!st)
		return atx_recov_sync(submit, blocks, offs, disks, bytes,
				      faila, failb);

	p = blocks[disks - 2];
	p_off = offs[disks - 2];
	q = blocks[disks - 1];
	q_off = offs[disks - 1];
	dp = blocks[faila];
	dp_off = offs[faila];
	dq = blocks[failb];
	dq_off = offs[failb];

	/* P and Q of the survivors into the lost pages; the table put back */
	blocks[faila] = NULL;
	blocks[failb] = NULL;
	blocks[disks - 2] = dp;
	offs[disks - 2] = dp_off;
	blocks[disks - 1] = dq;
	offs[disks - 1] = dq_off;
	tx = async_gen_syndrome(blocks, offs, disks, bytes,
				atx_recov_step(&s, 0, submit->depend_tx, st));
	blocks[faila] = dp;
	blocks[failb] = dq;
	blocks[disks - 2] = p;
	offs[disks - 2] = p_off;
	blocks[disks - 1] = q;
	offs[disks - 1] = q_off;
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);

	tx = atx_recov_xor(dp, dp_off, p, p_off, bytes, tx, st); /* P + Pxy */
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);
	tx = atx_recov_xor(dq, dq_off, q, q_off, bytes, tx, st); /* Q + Qxy */
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);

	/* D(failb) = A (P + Pxy) + B (Q + Qxy) */
	srcs[0] = dp;
	soffs[0] = dp_off;
	srcs[1] = dq;
	soffs[1] = dq_off;
	coef[0] = raid6_gfexi[failb - faila];
	coef[1] = raid6_gfinv[raid6_gfexp[faila] ^ raid6_gfexp[failb]];
	tx = atx_gf_sum(dq, dq_off, srcs, soffs, coef, 2, bytes,
			atx_recov_step(&s, 0, tx, st));
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);
	atx_recov_put(st);

	/* D(faila) = P + Pxy + D(failb) */
	return atx_recov_last(dp, dp_off, dq, dq_off, bytes, tx, submit);
}
EXPORT_SYMBOL_GPL(async_raid6_2data_recov);

struct dma_async_tx_descriptor *
async_raid6_datap_recov(int disks, size_t bytes, int faila,
			struct page **blocks, unsigned int *offs,
			struct async_submit_ctl *submit)
{
	struct page *q, *dq;
	unsigned int q_off, dq_off;
	struct dma_async_tx_descriptor *tx;
	struct atx_recov_state *st;
	struct atx_submit_ctl s;
	const char *bad;
	u8 coef;

	bad = atx_recov_check(disks, bytes, blocks, offs);
	if (!bad && (faila < 0 || faila >= disks - 2 || !blocks[faila]))
		bad = "the failed block must be a data block";
	if (bad)
		return atx_reject(submit, ATX_PQ, bad);
	st = atx_recov_offload(bytes, offs, disks) ? atx_recov_state_new() :
						     NULL;
	if (!st)
		return atx_recov_sync(submit, blocks, offs, disks, bytes,
				      faila, -1);

	q = blocks[disks - 1];
	q_off = offs[disks - 1];
	dq = blocks[faila];
	dq_off = offs[faila];

	/* P of the survivors into P, their Q into the lost page */
	blocks[faila] = NULL;
	blocks[disks - 1] = dq;
	offs[disks - 1] = dq_off;
	tx = async_gen_syndrome(blocks, offs, disks, bytes,
				atx_recov_step(&s, 0, submit->depend_tx, st));
	blocks[faila] = dq;
	blocks[disks - 1] = q;
	offs[disks - 1] = q_off;
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);

	tx = atx_recov_xor(dq, dq_off, q, q_off, bytes, tx, st); /* Q + Qx */
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);

	/* D = (Q + Qx) / g^faila */
	coef = raid6_gfinv[raid6_gfexp[faila]];
	tx = atx_gf_sum(dq, dq_off, &dq, &dq_off, &coef, 1, bytes,
			atx_recov_step(&s, 0, tx, st));
	if (atx_recov_stopped(tx, st))
		return atx_recov_abort(submit, st);
	atx_recov_put(st);

	/* P = P(survivors) + D */
	return atx_recov_last(blocks[disks - 2], offs[disks - 2], dq, dq_off,
			      bytes, tx, submit);
}
EXPORT_SYMBOL_GPL(async_raid6_datap_recov);
