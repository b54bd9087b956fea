// SPDX-License-Identifier: GPL-2.0
/*
 * The async_tx API: the kernel's crypto/async_tx functions with the same
 * names and meaning, plus async_memset.
 *
 * One meaning whatever runs it. The kernel's async_xor treats a
 * destination that is in neither flag's scope differently on a channel
 * (not a source) than in software (xor_blocks() keeps it); here it is a
 * source on both paths unless ASYNC_TX_XOR_ZERO_DST is given, and
 * ASYNC_TX_XOR_DROP_DST says src_list[0] is the destination. xor_val and
 * syndrome_val never write. Lengths of the xor and P+Q family are
 * multiples of 512 bytes (what xor_blocks() and lib/raid6 process); every
 * page range must lie within its page.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>

#include "atx.h"

static unsigned int atx_zero_offs[ATX_MAX_DISKS];

/*
 * Whether [off, off + len) is a non-empty range within @page. Ranges
 * within PAGE_SIZE are decided without reading the struct page, which md
 * does not otherwise touch on this path: under TCG the first access to
 * it is a softmmu TLB refill, and this test drew more of the guest's
 * samples in md writes (kprof) than atx's completion did.
 */
static bool atx_range_ok(struct page *page, unsigned int off, size_t len)
{
	if (!page || !len)
		return false;
	if (off < PAGE_SIZE && len <= PAGE_SIZE - off)
		return true;
	return off < page_size(page) && len <= page_size(page) - off;
}

/* refuse bad arguments: say why, complete the call with an error */
struct dma_async_tx_descriptor *
atx_reject(struct async_submit_ctl *submit, enum atx_op_type type,
	   const char *why)
{
	pr_err_ratelimited("atx: %s refused: %s\n", atx_op_names[type], why);
	if (submit->depend_tx) {
		atx_wait_tx(submit->depend_tx);
		atx_ack(submit->depend_tx);
	}
	atomic64_inc(&atx_stats.failed[type]);
	atx_finish(submit, DMA_TRANS_ABORTED);
	return NULL;
}

static size_t atx_seg(struct atx_run *run)
{
	return dma_get_max_seg_size(run->ac->chan->device->dev);
}

static int atx_max_xor(struct atx_run *run)
{
	return min_t(int, run->ac->chan->device->max_xor, ATX_MAX_SRC);
}

struct dma_async_tx_descriptor *
async_memcpy(struct page *dest, struct page *src, unsigned int dest_offset,
	     unsigned int src_offset, size_t len,
	     struct async_submit_ctl *submit)
{
	struct atx_need need = {
		.type = ATX_MEMCPY, .nsrc = 1, .len = len, .off = dest_offset,
		.offs = &src_offset, .noffs = 1,
	};
	struct atx_run run;
	struct atx_op *op;
	size_t done = 0, chunk;

	if (!atx_range_ok(dest, dest_offset, len) ||
	    !atx_range_ok(src, src_offset, len))
		return atx_reject(submit, ATX_MEMCPY,
				  "empty range, or not within its page");
	atx_run_begin(&run, submit, &need);
	while (run.ac && done < len) {
		chunk = min(len - done, atx_seg(&run));
		op = atx_op_alloc(ATX_MEMCPY, chunk);
		if (op) {
			op->nsrc = 1;
			op->src[0] = src;
			op->src_off[0] = src_offset + done;
			op->dst[0] = dest;
			op->dst_off[0] = dest_offset + done;
		}
		if (atx_run_dma(&run, op, done + chunk == len))
			break;
		done += chunk;
	}
	if (!run.error && done < len)
		atx_sw_memcpy(dest, dest_offset + done, src, src_offset + done,
			      len - done);
	return atx_run_end(&run);
}
EXPORT_SYMBOL_GPL(async_memcpy);

/**
 * async_memset - fill a page range with a byte, offloaded when a channel
 *	can fill (DMA_MEMSET)
 * @dest: the page
 * @val: the byte (only the low 8 bits count)
 * @offset: where the range starts in @dest
 * @len: its length, within the page
 * @submit: dependency, flags and completion, as for async_memcpy()
 */
struct dma_async_tx_descriptor *
async_memset(struct page *dest, int val, unsigned int offset, size_t len,
	     struct async_submit_ctl *submit)
{
	struct atx_need need = {
		.type = ATX_MEMSET, .len = len, .off = offset,
	};
	struct atx_run run;
	struct atx_op *op;
	size_t done = 0, chunk;

	if (!atx_range_ok(dest, offset, len))
		return atx_reject(submit, ATX_MEMSET,
				  "empty range, or not within its page");
	atx_run_begin(&run, submit, &need);
	while (run.ac && done < len) {
		chunk = min(len - done, atx_seg(&run));
		op = atx_op_alloc(ATX_MEMSET, chunk);
		if (op) {
			op->dst[0] = dest;
			op->dst_off[0] = offset + done;
			op->value = val & 0xff;
		}
		if (atx_run_dma(&run, op, done + chunk == len))
			break;
		done += chunk;
	}
	if (!run.error && done < len)
		atx_sw_memset(dest, offset + done, val & 0xff, len - done);
	return atx_run_end(&run);
}
EXPORT_SYMBOL_GPL(async_memset);

static const char *atx_check_parity(size_t len, struct page **pages,
				    unsigned int *offs, unsigned int off, int n,
				    bool null_ok)
{
	int i;

	if (!len || len % ATX_PARITY_ALIGN)
		return "length is not a non-zero multiple of 512";
	for (i = 0; i < n; i++) {
		if (!pages[i] && null_ok)
			continue;
		if (!atx_range_ok(pages[i], offs ? offs[i] : off, len))
			return "a page range is missing or not within its page";
	}
	return NULL;
}

static struct atx_op *atx_xor_rec(struct page *dest, unsigned int doff,
				  bool reads_dst, struct page **srcs,
				  unsigned int *soffs, int n, size_t len)
{
	struct atx_op *op = atx_op_alloc(ATX_XOR, len);
	int i, k = 0;

	if (!op)
		return NULL;
	op->dst[0] = dest;
	op->dst_off[0] = doff;
	if (reads_dst) {
		op->flags |= ATX_OP_READS_DST;
		op->src[k] = dest;
		op->src_off[k++] = doff;
	}
	for (i = 0; i < n; i++, k++) {
		op->src[k] = srcs[i];
		op->src_off[k] = soffs ? soffs[i] : doff;
	}
	op->nsrc = k;
	return op;
}

struct dma_async_tx_descriptor *
async_xor_offs(struct page *dest, unsigned int offset,
	       struct page **src_list, unsigned int *src_offs,
	       int src_cnt, size_t len, struct async_submit_ctl *submit)
{
	bool keep = !(submit->flags & ASYNC_TX_XOR_ZERO_DST);
	int skip = submit->flags & ASYNC_TX_XOR_DROP_DST ? 1 : 0;
	struct page **srcs = src_list + skip;
	unsigned int *offs = src_offs ? src_offs + skip : NULL;
	int n = src_cnt - skip, i = 0, take, max;
	struct atx_need need = {
		.type = ATX_XOR, .nsrc = n + keep, .len = len, .off = offset,
		.offs = offs, .noffs = n,
	};
	const char *bad = NULL;
	struct atx_run run;
	bool first = true;

	if (!dest || !src_list || n < 0)
		bad = "no destination or sources";
	if (!bad)
		bad = atx_check_parity(len, &dest, NULL, offset, 1, false);
	if (!bad)
		bad = atx_check_parity(len, src_list, src_offs, offset,
				       src_cnt, false);
	if (bad)
		return atx_reject(submit, ATX_XOR, bad);

	atx_run_begin(&run, submit, &need);
	while (run.ac && i < n) {
		bool reads = first ? keep : true;

		max = atx_max_xor(&run);
		take = min(n - i, max - reads);
		if (atx_run_dma(&run, atx_xor_rec(dest, offset, reads, srcs + i,
						  offs ? offs + i : NULL, take,
						  len),
				i + take == n))
			break;
		i += take;
		first = false;
	}
	if (!run.error && (i < n || !n))
		atx_sw_xor(dest, offset, first ? keep : true, srcs + i,
			   offs ? offs + i : NULL, n - i, len);
	return atx_run_end(&run);
}
EXPORT_SYMBOL_GPL(async_xor_offs);

struct dma_async_tx_descriptor *
async_xor(struct page *dest, struct page **src_list, unsigned int offset,
	  int src_cnt, size_t len, struct async_submit_ctl *submit)
{
	return async_xor_offs(dest, offset, src_list, NULL, src_cnt, len,
			      submit);
}
EXPORT_SYMBOL_GPL(async_xor);

struct dma_async_tx_descriptor *
async_xor_val_offs(struct page *dest, unsigned int offset,
		   struct page **src_list, unsigned int *src_offs,
		   int src_cnt, size_t len, enum sum_check_flags *result,
		   struct async_submit_ctl *submit)
{
	struct atx_need need = {
		.type = ATX_XOR_VAL, .nsrc = src_cnt, .len = len,
		.off = offset, .offs = src_offs, .noffs = src_cnt,
	};
	const char *bad = NULL;
	struct atx_run run;
	struct atx_op *op;
	int i;

	if (!src_list || src_cnt < 1 || !result)
		bad = "no sources or no result";
	if (!bad)
		bad = atx_check_parity(len, src_list, src_offs, offset,
				       src_cnt, false);
	if (bad)
		return atx_reject(submit, ATX_XOR_VAL, bad);

	atx_run_begin(&run, submit, &need);
	if (run.ac) {
		op = atx_op_alloc(ATX_XOR_VAL, len);
		if (op) {
			for (i = 0; i < src_cnt; i++) {
				op->src[i] = src_list[i];
				op->src_off[i] = src_offs ? src_offs[i] :
							    offset;
			}
			op->nsrc = src_cnt;
			op->result = result;
		}
		if (!atx_run_dma(&run, op, true))
			return atx_run_end(&run);
	}
	if (!run.error)
		*result = atx_sw_xor_zero(src_list, src_offs, offset, src_cnt,
					  len) ? 0 : SUM_CHECK_P_RESULT;
	return atx_run_end(&run);
}
EXPORT_SYMBOL_GPL(async_xor_val_offs);

struct dma_async_tx_descriptor *
async_xor_val(struct page *dest, struct page **src_list, unsigned int offset,
	      int src_cnt, size_t len, enum sum_check_flags *result,
	      struct async_submit_ctl *submit)
{
	return async_xor_val_offs(dest, offset, src_list, NULL, src_cnt, len,
				  result, submit);
}
EXPORT_SYMBOL_GPL(async_xor_val);

/* a P+Q stripe's arguments: NULL when good, else why not */
static const char *atx_check_stripe(struct page **blocks, unsigned int *offs,
				    int disks, size_t len)
{
	if (!blocks || disks < 3 || disks > ATX_MAX_DISKS)
		return "disk count out of 3..258";
	if (!blocks[disks - 2] && !blocks[disks - 1])
		return "neither P nor Q";
	return atx_check_parity(len, blocks, offs, 0, disks, true);
}

static int atx_count_data(struct page **blocks, int disks)
{
	int i, n = 0;

	for (i = 0; i < disks - 2; i++)
		n += !!blocks[i];
	return n;
}

/*
 * A pq record of up to max data blocks from disk index *from on, each
 * with its index as weight. *from moves past the blocks taken.
 */
static struct atx_op *atx_pq_rec(enum atx_op_type type, struct page **blocks,
				 unsigned int *offs, int disks, int *from,
				 int max, size_t len, int *left)
{
	struct atx_op *op = atx_op_alloc(type, len);
	int i, k = 0;

	for (i = *from; i < disks - 2 && k < max; i++) {
		if (!blocks[i])
			continue;
		if (op) {
			op->src[k] = blocks[i];
			op->src_off[k] = offs[i];
			op->coef[k] = i;
		}
		k++;
		(*left)--;
	}
	*from = i;
	if (op) {
		op->nsrc = k;
		op->dst[0] = blocks[disks - 2];
		op->dst_off[0] = offs[disks - 2];
		op->dst[1] = blocks[disks - 1];
		op->dst_off[1] = offs[disks - 1];
	}
	return op;
}

struct dma_async_tx_descriptor *
async_gen_syndrome(struct page **blocks, unsigned int *offsets, int disks,
		   size_t len, struct async_submit_ctl *submit)
{
	bool xor_dst = submit->flags & ASYNC_TX_PQ_XOR_DST;
	unsigned int *offs = offsets ? offsets : atx_zero_offs;
	struct atx_need need = {
		.type = ATX_PQ, .len = len, .offs = offs, .noffs = disks,
	};
	const char *bad = NULL;
	struct atx_run run;
	struct atx_op *op;
	int from = 0, left, max, at, was;
	bool first = true;

	bad = atx_check_stripe(blocks, offs, disks, len);
	if (bad)
		return atx_reject(submit, ATX_PQ, bad);

	need.nsrc = atx_count_data(blocks, disks);
	left = need.nsrc;
	atx_run_begin(&run, submit, &need);
	while (run.ac && left) {
		bool cont = !first || xor_dst;
		struct dma_device *dma = run.ac->chan->device;

		max = min_t(int, dma_maxpq(dma, cont ? DMA_PREP_CONTINUE : 0),
			    ATX_MAX_SRC);
		at = from;
		was = left;
		op = atx_pq_rec(ATX_PQ, blocks, offs, disks, &from, max, len,
				&left);
		if (op && cont)
			op->flags |= ATX_OP_CONTINUE;
		if (atx_run_dma(&run, op, !left)) {
			from = at;
			left = was;
			break;
		}
		first = false;
	}
	if (!run.error && (left || !need.nsrc)) {
		/* the rest, from where the channel stopped */
		atx_sw_pq(blocks, offs, disks, len, from, !first || xor_dst);
	}
	return atx_run_end(&run);
}
EXPORT_SYMBOL_GPL(async_gen_syndrome);

struct dma_async_tx_descriptor *
async_syndrome_val(struct page **blocks, unsigned int *offsets, int disks,
		   size_t len, enum sum_check_flags *pqres, struct page *spare,
		   unsigned int s_off, struct async_submit_ctl *submit)
{
	unsigned int *offs = offsets ? offsets : atx_zero_offs;
	struct atx_need need = {
		.type = ATX_PQ_VAL, .len = len, .offs = offs, .noffs = disks,
	};
	const char *bad = NULL;
	struct atx_run run;
	struct atx_op *op;
	int from = 0, left;

	bad = pqres ? atx_check_stripe(blocks, offs, disks, len) :
		      "no result";
	if (bad)
		return atx_reject(submit, ATX_PQ_VAL, bad);

	need.nsrc = atx_count_data(blocks, disks);
	left = need.nsrc;
	atx_run_begin(&run, submit, &need);
	if (run.ac) {
		op = atx_pq_rec(ATX_PQ_VAL, blocks, offs, disks, &from,
				ATX_MAX_SRC, len, &left);
		if (op)
			op->result = pqres;
		if (!atx_run_dma(&run, op, true))
			return atx_run_end(&run);
	}
	if (!run.error)
		atx_sw_pq_val(blocks, offs, disks, len, pqres);
	return atx_run_end(&run);
}
EXPORT_SYMBOL_GPL(async_syndrome_val);

/*
 * dst = coef[0] * srcs[0] + ... + coef[n - 1] * srcs[n - 1] in GF(2^8): a
 * P+Q descriptor with P disabled and the coefficients given. The raid6
 * recovery steps.
 */
struct dma_async_tx_descriptor *
atx_gf_sum(struct page *dst, unsigned int doff, struct page **srcs,
	   unsigned int *soffs, const u8 *coef, int n, size_t len,
	   struct async_submit_ctl *submit)
{
	struct atx_need need = {
		.type = ATX_PQ, .nsrc = n, .len = len, .off = doff,
		.offs = soffs, .noffs = n,
	};
	struct atx_run run;
	struct atx_op *op;
	int i;

	atx_run_begin(&run, submit, &need);
	if (run.ac) {
		op = atx_op_alloc(ATX_PQ, len);
		if (op) {
			op->flags |= ATX_OP_CUSTOM_COEF;
			for (i = 0; i < n; i++) {
				op->src[i] = srcs[i];
				op->src_off[i] = soffs[i];
				op->coef[i] = coef[i];
				/*
				 * in place (the recovery steps): a device
				 * error may leave the input half written,
				 * so it is not recomputed from it
				 */
				if (srcs[i] == dst && soffs[i] < doff + len &&
				    doff < soffs[i] + len)
					op->flags |= ATX_OP_READS_DST;
			}
			op->nsrc = n;
			op->dst[1] = dst;
			op->dst_off[1] = doff;
		}
		if (!atx_run_dma(&run, op, true))
			return atx_run_end(&run);
	}
	if (!run.error)
		atx_sw_gf(dst, doff, srcs, soffs, coef, n, len);
	return atx_run_end(&run);
}
