// SPDX-License-Identifier: GPL-2.0
/*
 * The software path: the kernel's xor_blocks() and lib/raid6 on the pages
 * of an operation. Used when no channel fits, when a mapping or a
 * descriptor cannot be had, and to recompute what a device failed.
 *
 * The parity code needs scratch space (pointer tables, a page for a
 * check's recomputed parity). It is per CPU and used with interrupts off,
 * so that a completion path recomputing on the same CPU cannot reuse it
 * underneath a caller.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/raid/pq.h>
#include <linux/raid/xor.h>
#include <linux/string.h>

#include "atx.h"

struct atx_scratch {
	void *ptrs[ATX_MAX_DISKS];
	void *p;		/* a page for a recomputed P */
	void *q;		/* and Q */
};

static DEFINE_PER_CPU(struct atx_scratch, atx_scratch);
/* where a disabled P or Q goes in software; its contents are never read */
static void *atx_discard;

static void *atx_addr(struct page *page, unsigned int off)
{
	return page ? page_address(page) + off : (void *)raid6_empty_zero_page;
}

/*
 * Copy @len bytes. A whole page goes through copy_page(), the
 * architecture's page copy (as copy_highpage()): on x86 with ERMS,
 * memcpy() is a "rep movsb", which QEMU's TCG executes one byte per
 * iteration, and a 4 KiB memcpy() measured 6300 guest cycles there
 * against 3200 for copy_page() (its "rep movsq") and 4300 for a memset().
 */
static void atx_copy(void *d, void *s, size_t len)
{
	if (len == PAGE_SIZE && PAGE_ALIGNED(d) && PAGE_ALIGNED(s))
		copy_page(d, s);
	else
		memcpy(d, s, len);
}

void atx_sw_memcpy(struct page *dst, unsigned int doff, struct page *src,
		   unsigned int soff, size_t len)
{
	void *s = kmap_local_page(src);
	void *d = kmap_local_page(dst);

	atx_copy(d + doff, s + soff, len);
	kunmap_local(d);
	kunmap_local(s);
}

void atx_sw_memset(struct page *dst, unsigned int off, int val, size_t len)
{
	void *d = kmap_local_page(dst);

	memset(d + off, val, len);
	kunmap_local(d);
}

/* xor_blocks() takes at most MAX_XOR_BLOCKS sources per call */
static void atx_xor_into(void *d, struct page **srcs, unsigned int *offs,
			 unsigned int off, int n, size_t len)
{
	void *batch[MAX_XOR_BLOCKS];
	int i = 0, k;

	while (i < n) {
		for (k = 0; k < MAX_XOR_BLOCKS && i < n; k++, i++)
			batch[k] = page_address(srcs[i]) +
				   (offs ? offs[i] : off);
		xor_blocks(k, len, d, batch);
	}
}

/* whether a source is the destination itself */
static bool atx_src_is_dst(struct page *dst, unsigned int doff,
			   struct page **srcs, unsigned int *offs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (srcs[i] == dst && (offs ? offs[i] : doff) == doff)
			return true;
	return false;
}

/*
 * dst = (keep_dst ? dst : 0) ^ srcs[0] ^ ... ^ srcs[n - 1]. offs may be
 * NULL, then every source is at doff.
 *
 * A destination that starts at zero starts as a copy of the first source
 * instead of being zeroed and xored with every source (as the kernel's
 * async_xor does): xor_blocks() combines one source fewer, and a whole
 * page is copied by copy_page() (atx_copy()), which costs less than a
 * memset() under TCG. Not when the destination is among the sources: it
 * is zeroed first then, as there.
 */
void atx_sw_xor(struct page *dst, unsigned int doff, bool keep_dst,
		struct page **srcs, unsigned int *offs, int n, size_t len)
{
	void *d = page_address(dst) + doff;

	if (!keep_dst && n && !atx_src_is_dst(dst, doff, srcs, offs, n)) {
		atx_copy(d, page_address(srcs[0]) + (offs ? offs[0] : doff),
			 len);
		srcs++;
		if (offs)
			offs++;
		n--;
	} else if (!keep_dst) {
		memset(d, 0, len);
	}
	atx_xor_into(d, srcs, offs, doff, n, len);
}

/* whether srcs[0] ^ ... ^ srcs[n - 1] is all zero; nothing is written */
bool atx_sw_xor_zero(struct page **srcs, unsigned int *offs, unsigned int off,
		     int n, size_t len)
{
	struct atx_scratch *s;
	unsigned long flags;
	size_t done, chunk;
	unsigned int o[ATX_MAX_SRC];
	bool zero = true;
	int i, k;

	local_irq_save(flags);
	s = this_cpu_ptr(&atx_scratch);
	for (done = 0; done < len && zero; done += chunk) {
		chunk = min_t(size_t, len - done, PAGE_SIZE);
		atx_copy(s->p, page_address(srcs[0]) +
			 (offs ? offs[0] : off) + done, chunk);
		for (i = 1; i < n; i += k) {
			for (k = 0; k < ATX_MAX_SRC && i + k < n; k++)
				o[k] = (offs ? offs[i + k] : off) + done;
			atx_xor_into(s->p, srcs + i, o, 0, k, chunk);
		}
		zero = !memchr_inv(s->p, 0, chunk);
	}
	local_irq_restore(flags);
	return zero;
}

static void atx_fill_ptrs(void **ptrs, struct page **blocks,
			  unsigned int *offs, int disks, size_t at)
{
	int i;

	for (i = 0; i < disks; i++)
		ptrs[i] = blocks[i] ? atx_addr(blocks[i], offs[i]) + at :
				      (void *)raid6_empty_zero_page;
}

/*
 * P and Q of blocks[0 .. disks - 3] into blocks[disks - 2] and
 * blocks[disks - 1] (either may be NULL: not wanted). NULL data blocks
 * count as zero. With xor_dst the syndrome of the data is added to P and
 * Q instead of replacing them, and only data blocks from index from on
 * are taken (the others were done already).
 */
int atx_sw_pq(struct page **blocks, unsigned int *offs, int disks, size_t len,
	      int from, bool xor_dst)
{
	struct atx_scratch *s;
	unsigned long flags;
	int i, start = -1, stop = -1;

	if (disks < 3 || disks > ATX_MAX_DISKS)
		return -EINVAL;
	for (i = xor_dst ? from : 0; i < disks - 2; i++) {
		if (blocks[i]) {
			if (start < 0)
				start = i;
			stop = i;
		}
	}
	if (xor_dst && start < 0)
		return 0;		/* nothing to add */
	if (xor_dst && !raid6_call.xor_syndrome)
		return -EOPNOTSUPP;

	local_irq_save(flags);
	s = this_cpu_ptr(&atx_scratch);
	atx_fill_ptrs(s->ptrs, blocks, offs, disks, 0);
	for (i = disks - 2; i < disks; i++)
		if (!blocks[i])
			s->ptrs[i] = atx_discard;
	if (xor_dst)
		raid6_call.xor_syndrome(disks, start, stop, len, s->ptrs);
	else
		raid6_call.gen_syndrome(disks, len, s->ptrs);
	local_irq_restore(flags);
	return 0;
}

/*
 * Recompute P and Q of the data blocks a page at a time and compare them
 * with blocks[disks - 2] and blocks[disks - 1] (NULL: not checked).
 */
int atx_sw_pq_val(struct page **blocks, unsigned int *offs, int disks,
		  size_t len, enum sum_check_flags *result)
{
	struct page *pp = blocks[disks - 2], *qp = blocks[disks - 1];
	struct atx_scratch *s;
	unsigned long flags;
	size_t done, chunk;

	if (disks < 3 || disks > ATX_MAX_DISKS)
		return -EINVAL;
	*result = 0;
	local_irq_save(flags);
	s = this_cpu_ptr(&atx_scratch);
	for (done = 0; done < len; done += chunk) {
		chunk = min_t(size_t, len - done, PAGE_SIZE);
		atx_fill_ptrs(s->ptrs, blocks, offs, disks, done);
		s->ptrs[disks - 2] = s->p;
		s->ptrs[disks - 1] = s->q;
		raid6_call.gen_syndrome(disks, chunk, s->ptrs);
		if (pp && memcmp(s->p, atx_addr(pp, offs[disks - 2]) + done,
				 chunk))
			*result |= SUM_CHECK_P_RESULT;
		if (qp && memcmp(s->q, atx_addr(qp, offs[disks - 1]) + done,
				 chunk))
			*result |= SUM_CHECK_Q_RESULT;
	}
	local_irq_restore(flags);
	return 0;
}

/*
 * dst = coef[0] * srcs[0] + ... in GF(2^8), by the multiplication tables
 * lib/raid6 exports: the raid6 recovery steps (a sum of two products, a
 * product) when their descriptor cannot be had or failed. lib/raid6 has
 * no such region function; its own recovery code uses the same tables.
 */
void atx_sw_gf(struct page *dst, unsigned int doff, struct page **srcs,
	       unsigned int *soffs, const u8 *coef, int n, size_t len)
{
	const u8 *s[ATX_MAX_SRC];
	u8 *d = page_address(dst) + doff;
	size_t i;
	u8 acc;
	int k;

	for (k = 0; k < n; k++)
		s[k] = page_address(srcs[k]) + soffs[k];
	/* byte by byte: dst may be one of the sources */
	for (i = 0; i < len; i++) {
		for (acc = 0, k = 0; k < n; k++)
			acc ^= raid6_gfmul[coef[k]][s[k][i]];
		d[i] = acc;
	}
}

static void atx_fill_recov(void **ptrs, struct page **blocks,
			   unsigned int *offs, int disks)
{
	int i;

	for (i = 0; i < disks; i++)
		ptrs[i] = atx_addr(blocks[i], offs[i]);
}

/* two lost data blocks, from P and Q, by lib/raid6 */
int atx_sw_2data(struct page **blocks, unsigned int *offs, int disks,
		 size_t len, int faila, int failb)
{
	struct atx_scratch *s;
	unsigned long flags;

	local_irq_save(flags);
	s = this_cpu_ptr(&atx_scratch);
	atx_fill_recov(s->ptrs, blocks, offs, disks);
	raid6_2data_recov(disks, len, faila, failb, s->ptrs);
	local_irq_restore(flags);
	return 0;
}

/* a lost data block and P, from Q, by lib/raid6 */
int atx_sw_datap(struct page **blocks, unsigned int *offs, int disks,
		 size_t len, int faila)
{
	struct atx_scratch *s;
	unsigned long flags;

	local_irq_save(flags);
	s = this_cpu_ptr(&atx_scratch);
	atx_fill_recov(s->ptrs, blocks, offs, disks);
	raid6_datap_recov(disks, len, faila, s->ptrs);
	local_irq_restore(flags);
	return 0;
}

/*
 * A pq record's sources carry their disk index: lay them out as the
 * blocks of a stripe (per CPU, interrupts off) and run the stripe code.
 */
struct atx_stripe {
	struct page *blocks[ATX_MAX_DISKS];
	unsigned int offs[ATX_MAX_DISKS];
};

static DEFINE_PER_CPU(struct atx_stripe, atx_stripe);

static int atx_sw_pq_op(struct atx_op *op)
{
	struct atx_stripe *st;
	struct page **b;
	unsigned int *o;
	unsigned long flags;
	int i, disks = 0, ret;

	if (op->flags & ATX_OP_CUSTOM_COEF) {
		if (op->type != ATX_PQ || op->dst[0] ||
		    (op->flags & ATX_OP_CONTINUE))
			return -EOPNOTSUPP;
		atx_sw_gf(op->dst[1], op->dst_off[1], op->src, op->src_off,
			  op->coef, op->nsrc, op->len);
		return 0;
	}
	for (i = 0; i < op->nsrc; i++)
		disks = max(disks, op->coef[i] + 3);
	disks = max(disks, 3);

	local_irq_save(flags);
	st = this_cpu_ptr(&atx_stripe);
	b = st->blocks;
	o = st->offs;
	memset(b, 0, sizeof(*b) * disks);
	memset(o, 0, sizeof(*o) * disks);
	for (i = 0; i < op->nsrc; i++) {
		b[op->coef[i]] = op->src[i];
		o[op->coef[i]] = op->src_off[i];
	}
	for (i = 0; i < 2; i++) {
		b[disks - 2 + i] = op->dst[i];
		o[disks - 2 + i] = op->dst_off[i];
	}
	if (op->type == ATX_PQ)
		ret = atx_sw_pq(b, o, disks, op->len, 0,
				op->flags & ATX_OP_CONTINUE);
	else
		ret = atx_sw_pq_val(b, o, disks, op->len, op->result);
	local_irq_restore(flags);
	return ret;
}

/* run one record in software: a recomputation after a device error */
int atx_sw_run(struct atx_op *op)
{
	bool keep = op->flags & ATX_OP_READS_DST;

	switch (op->type) {
	case ATX_MEMCPY:
		atx_sw_memcpy(op->dst[0], op->dst_off[0], op->src[0],
			      op->src_off[0], op->len);
		return 0;
	case ATX_MEMSET:
		atx_sw_memset(op->dst[0], op->dst_off[0], op->value, op->len);
		return 0;
	case ATX_XOR:
		atx_sw_xor(op->dst[0], op->dst_off[0], keep, op->src + keep,
			   op->src_off + keep, op->nsrc - keep, op->len);
		return 0;
	case ATX_XOR_VAL:
		*op->result = atx_sw_xor_zero(op->src, op->src_off, 0,
					      op->nsrc, op->len) ?
			      0 : SUM_CHECK_P_RESULT;
		return 0;
	case ATX_PQ:
	case ATX_PQ_VAL:
		return atx_sw_pq_op(op);
	case ATX_INTERRUPT:
		return 0;
	default:
		return -EINVAL;
	}
}

int atx_sw_init(void)
{
	int cpu;

	atx_discard = (void *)__get_free_page(GFP_KERNEL);
	if (!atx_discard)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct atx_scratch *s = per_cpu_ptr(&atx_scratch, cpu);

		s->p = (void *)__get_free_page(GFP_KERNEL);
		s->q = (void *)__get_free_page(GFP_KERNEL);
		if (!s->p || !s->q) {
			atx_sw_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

void atx_sw_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct atx_scratch *s = per_cpu_ptr(&atx_scratch, cpu);

		free_page((unsigned long)s->p);
		free_page((unsigned long)s->q);
		s->p = NULL;
		s->q = NULL;
	}
	free_page((unsigned long)atx_discard);
	atx_discard = NULL;
}
