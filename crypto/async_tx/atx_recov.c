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

/* dst ^= src, as an intermediate step */
static struct dma_async_tx_descriptor *
atx_recov_xor(struct page *dst, unsigned int doff, struct page *src,
	      unsigned int soff, size_t bytes,
	      struct dma_async_tx_descriptor *tx)
{
	struct page *srcs[2] = { dst, src };
	unsigned int offs[2] = { doff, soff };
	struct async_submit_ctl s;

	init_async_submit(&s, ASYNC_TX_FENCE | ASYNC_TX_XOR_DROP_DST, tx, NULL,
			  NULL, NULL);
	return async_xor_offs(dst, doff, srcs, offs, 2, bytes, &s);
}

struct dma_async_tx_descriptor *
async_raid6_2data_recov(int disks, size_t bytes, int faila, int failb,
			struct page **blocks, unsigned int *offs,
			struct async_submit_ctl *submit)
{
	struct page *p, *q, *dp, *dq, *srcs[2];
	unsigned int p_off, q_off, dp_off, dq_off, soffs[2];
	struct dma_async_tx_descriptor *tx;
	struct async_submit_ctl s;
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
	if (!atx_recov_offload(bytes, offs, disks))
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
	init_async_submit(&s, ASYNC_TX_FENCE, submit->depend_tx, NULL, NULL,
			  NULL);
	tx = async_gen_syndrome(blocks, offs, disks, bytes, &s);
	blocks[faila] = dp;
	blocks[failb] = dq;
	blocks[disks - 2] = p;
	offs[disks - 2] = p_off;
	blocks[disks - 1] = q;
	offs[disks - 1] = q_off;

	tx = atx_recov_xor(dp, dp_off, p, p_off, bytes, tx);	/* P + Pxy */
	tx = atx_recov_xor(dq, dq_off, q, q_off, bytes, tx);	/* Q + Qxy */

	/* D(failb) = A (P + Pxy) + B (Q + Qxy) */
	srcs[0] = dp;
	soffs[0] = dp_off;
	srcs[1] = dq;
	soffs[1] = dq_off;
	coef[0] = raid6_gfexi[failb - faila];
	coef[1] = raid6_gfinv[raid6_gfexp[faila] ^ raid6_gfexp[failb]];
	init_async_submit(&s, ASYNC_TX_FENCE, tx, NULL, NULL, NULL);
	tx = atx_gf_sum(dq, dq_off, srcs, soffs, coef, 2, bytes, &s);

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
	struct async_submit_ctl s;
	const char *bad;
	u8 coef;

	bad = atx_recov_check(disks, bytes, blocks, offs);
	if (!bad && (faila < 0 || faila >= disks - 2 || !blocks[faila]))
		bad = "the failed block must be a data block";
	if (bad)
		return atx_reject(submit, ATX_PQ, bad);
	if (!atx_recov_offload(bytes, offs, disks))
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
	init_async_submit(&s, ASYNC_TX_FENCE, submit->depend_tx, NULL, NULL,
			  NULL);
	tx = async_gen_syndrome(blocks, offs, disks, bytes, &s);
	blocks[faila] = dq;
	blocks[disks - 1] = q;
	offs[disks - 1] = q_off;

	tx = atx_recov_xor(dq, dq_off, q, q_off, bytes, tx);	/* Q + Qx */

	/* D = (Q + Qx) / g^faila */
	coef = raid6_gfinv[raid6_gfexp[faila]];
	init_async_submit(&s, ASYNC_TX_FENCE, tx, NULL, NULL, NULL);
	tx = atx_gf_sum(dq, dq_off, &dq, &dq_off, &coef, 1, bytes, &s);

	/* P = P(survivors) + D */
	return atx_recov_last(blocks[disks - 2], offs[disks - 2], dq, dq_off,
			      bytes, tx, submit);
}
EXPORT_SYMBOL_GPL(async_raid6_datap_recov);
