// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for atx.ko: every API function against a software
 * reference written here (byte loops and lib/raid6's tables), run three
 * ways: atx_software (no channel), atx_offload (every operation may go to
 * a cbdma channel) and atx_mixed (only copies and xors may, so chains
 * cross between channels and the CPU). Each case also checks, from atx's
 * counters, that its operations went where the suite says.
 */
#include <kunit/test.h>
#include <linux/async_tx.h>
#include <linux/atx.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/raid/pq.h>
#include <linux/sched/clock.h>

#include "atx.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define T_PAGES		128
#define T_TIMEOUT_MS	20000

enum t_mode { T_SOFTWARE, T_OFFLOAD, T_MIXED };
static enum t_mode t_mode;

#define T_MIXED_MASK (BIT(ATX_MEMCPY) | BIT(ATX_XOR) | BIT(ATX_INTERRUPT))

struct t_ctx {
	struct page *pg[T_PAGES];
	struct page *blocks[ATX_MAX_DISKS];
	struct page *part[ATX_MAX_DISKS];
	unsigned int offs[ATX_MAX_DISKS];
	s64 dma[ATX_NR_OPS];
	s64 sw[ATX_NR_OPS];
};

struct t_cb {
	struct completion done;
	atomic_t calls;
	int result;
};

static void t_cb_fn(void *p)
{
	struct t_cb *c = p;

	atomic_inc(&c->calls);
	complete(&c->done);
}

static void t_cb_result(void *p, const struct dmaengine_result *res)
{
	struct t_cb *c = p;

	c->result = res->result;
	atomic_inc(&c->calls);
	complete(&c->done);
}

static void t_cb_init(struct t_cb *c)
{
	init_completion(&c->done);
	atomic_set(&c->calls, 0);
	c->result = -1;
}

static bool t_done(struct completion *c, unsigned int ms)
{
	return wait_for_completion_timeout(c, msecs_to_jiffies(ms));
}

/* the callback ran, once, within the bound */
static void t_cb_wait(struct kunit *test, struct t_cb *c)
{
	KUNIT_ASSERT_TRUE_MSG(test, t_done(&c->done, T_TIMEOUT_MS),
			      "no completion in %d ms", T_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), 1);
}

static u8 *t_va(struct kunit *test, int i)
{
	struct t_ctx *ctx = test->priv;

	return page_address(ctx->pg[i]);
}

static void t_fill(struct kunit *test, int i)
{
	get_random_bytes(t_va(test, i), PAGE_SIZE);
}

/* whether page @a comes to equal page @b within 2 s (nobody waits on it) */
static bool t_lands(struct kunit *test, int a, int b)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(2000);

	for (;;) {
		if (!memcmp(t_va(test, a), t_va(test, b), PAGE_SIZE))
			return true;
		if (time_after(jiffies, deadline))
			return false;
		usleep_range(500, 1000);
	}
}

/* would this operation type be offloaded in this suite? */
static bool t_offloaded(enum atx_op_type type)
{
	if (t_mode == T_SOFTWARE)
		return false;
	return t_mode == T_OFFLOAD || (T_MIXED_MASK & BIT(type));
}

static void t_snap(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	int t;

	for (t = 0; t < ATX_NR_OPS; t++) {
		ctx->dma[t] = atomic64_read(&atx_stats.dma[t]);
		ctx->sw[t] = atomic64_read(&atx_stats.sw[t]);
	}
}

/* doorbells rung so far for @why */
static s64 t_rings(enum atx_ring_reason why)
{
	return atomic64_read(&atx_stats.rings[why]);
}

/* operations of this type went where the suite sends them */
static void t_expect_path(struct kunit *test, enum atx_op_type type)
{
	struct t_ctx *ctx = test->priv;
	s64 dma = atomic64_read(&atx_stats.dma[type]) - ctx->dma[type];
	s64 sw = atomic64_read(&atx_stats.sw[type]) - ctx->sw[type];

	if (t_offloaded(type)) {
		KUNIT_EXPECT_GT_MSG(test, dma, 0, "%s not offloaded",
				    atx_op_names[type]);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, dma, 0, "%s offloaded",
				    atx_op_names[type]);
		KUNIT_EXPECT_GT_MSG(test, sw, 0, "%s not run in software",
				    atx_op_names[type]);
	}
}

static void t_memcpy(struct kunit *test)
{
	static const unsigned int offs[][3] = {	/* dst, src, len */
		{ 0, 0, PAGE_SIZE }, { 1, 3, 1 }, { 7, 100, 2000 },
		{ 2048, 0, 2048 }, { 5, 4090, 6 },
	};
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	struct t_cb cb;
	int i;

	t_snap(test);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		t_fill(test, 0);
		t_fill(test, 1);
		memcpy(t_va(test, 2), t_va(test, 1), PAGE_SIZE);
		memcpy(t_va(test, 2) + offs[i][0], t_va(test, 0) + offs[i][1],
		       offs[i][2]);
		t_cb_init(&cb);
		init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn, &cb,
				  NULL);
		async_memcpy(ctx->pg[1], ctx->pg[0], offs[i][0], offs[i][1],
			     offs[i][2], &submit);
		t_cb_wait(test, &cb);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 1), t_va(test, 2),
						 PAGE_SIZE), 0,
				    "dst %u src %u len %u", offs[i][0],
				    offs[i][1], offs[i][2]);
	}
	t_expect_path(test, ATX_MEMCPY);
}

static void t_memset(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	struct t_cb cb;
	unsigned int off, len;
	int i;

	t_snap(test);
	for (i = 0; i < 6; i++) {
		off = i ? get_random_u32() % PAGE_SIZE : 0;
		len = i ? 1 + get_random_u32() % (PAGE_SIZE - off) : PAGE_SIZE;
		t_fill(test, 0);
		memcpy(t_va(test, 1), t_va(test, 0), PAGE_SIZE);
		memset(t_va(test, 1) + off, 0xa5 + i, len);
		t_cb_init(&cb);
		init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn, &cb,
				  NULL);
		async_memset(ctx->pg[0], 0xa5 + i, off, len, &submit);
		t_cb_wait(test, &cb);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 0), t_va(test, 1),
						 PAGE_SIZE), 0,
				    "off %u len %u", off, len);
	}
	t_expect_path(test, ATX_MEMSET);
}

/* ref = (keep ? ref : 0) ^ pages first..first+n-1, byte by byte */
static void t_xor_ref(struct kunit *test, u8 *ref, bool keep, int first,
		      int n)
{
	int i, b;

	if (!keep)
		memset(ref, 0, PAGE_SIZE);
	for (i = 0; i < n; i++)
		for (b = 0; b < PAGE_SIZE; b++)
			ref[b] ^= t_va(test, first + i)[b];
}

/*
 * xor with 2..64 sources and each flag: pages 1..64 are sources, page 0
 * the destination, page 100 the reference.
 */
static void t_xor(struct kunit *test)
{
	static const int counts[] = { 2, 3, 4, 5, 8, 9, 15, 16, 17, 33, 64 };
	static const enum async_tx_flags flags[] = {
		ASYNC_TX_XOR_ZERO_DST, ASYNC_TX_XOR_DROP_DST, 0,
		ASYNC_TX_XOR_ZERO_DST | ASYNC_TX_FENCE,
	};
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	struct page *srcs[65];
	u8 *ref = t_va(test, 100);
	struct t_cb cb;
	int c, f, i, n;

	t_snap(test);
	for (c = 0; c < ARRAY_SIZE(counts); c++) {
		for (f = 0; f < ARRAY_SIZE(flags); f++) {
			n = counts[c];
			for (i = 0; i <= n; i++)
				t_fill(test, i);
			memcpy(ref, t_va(test, 0), PAGE_SIZE);
			if (flags[f] & ASYNC_TX_XOR_DROP_DST) {
				/* src_list[0] is the destination */
				srcs[0] = ctx->pg[0];
				for (i = 1; i < n; i++)
					srcs[i] = ctx->pg[i];
				t_xor_ref(test, ref, true, 1, n - 1);
			} else {
				for (i = 0; i < n; i++)
					srcs[i] = ctx->pg[i + 1];
				t_xor_ref(test, ref,
					  !(flags[f] & ASYNC_TX_XOR_ZERO_DST),
					  1, n);
			}
			t_cb_init(&cb);
			init_async_submit(&submit, flags[f] | ASYNC_TX_ACK,
					  NULL, t_cb_fn, &cb, NULL);
			async_xor(ctx->pg[0], srcs, 0, n, PAGE_SIZE, &submit);
			t_cb_wait(test, &cb);
			KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 0), ref,
							 PAGE_SIZE), 0,
					    "%d sources, flags %#x", n,
					    flags[f]);
		}
	}
	t_expect_path(test, ATX_XOR);
}

/*
 * async_xor_offs with an offset for every source, the destination zeroed
 * or kept: pages 1..8 are sources, page 0 the destination, page 100 the
 * reference. In software, a ZERO_DST destination that is also a source is
 * zeroed before it is read, as the kernel's async_xor does in software (a
 * device reads its old contents instead, so only software is asked).
 */
static void t_xor_offs(struct kunit *test)
{
	static const unsigned int at[] = {
		512, 0, 3584, 1024, 2560, 1536, 3072, 2048,
	};
	const unsigned int doff = 1536, len = 512;
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	unsigned int offs[8];
	struct page *srcs[8];
	u8 *ref = t_va(test, 100);
	struct t_cb cb;
	int n, keep, i, b;

	t_snap(test);
	for (n = 2; n <= 8; n += 3) {
		for (keep = 0; keep < 2; keep++) {
			for (i = 0; i <= n; i++)
				t_fill(test, i);
			memcpy(ref, t_va(test, 0), PAGE_SIZE);
			if (!keep)
				memset(ref + doff, 0, len);
			for (i = 0; i < n; i++) {
				srcs[i] = ctx->pg[i + 1];
				offs[i] = at[(i + n) % ARRAY_SIZE(at)];
				for (b = 0; b < len; b++)
					ref[doff + b] ^= t_va(test, i + 1)
							 [offs[i] + b];
			}
			t_cb_init(&cb);
			init_async_submit(&submit, ASYNC_TX_ACK |
					  (keep ? 0 : ASYNC_TX_XOR_ZERO_DST),
					  NULL, t_cb_fn, &cb, NULL);
			async_xor_offs(ctx->pg[0], doff, srcs, offs, n, len,
				       &submit);
			t_cb_wait(test, &cb);
			KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 0), ref,
							 PAGE_SIZE), 0,
					    "%d sources, destination %s", n,
					    keep ? "kept" : "zeroed");
		}
	}
	t_expect_path(test, ATX_XOR);
	if (t_mode != T_SOFTWARE)
		return;

	/* page 0 at doff among the sources: it counts as zero */
	for (i = 0; i < 3; i++)
		t_fill(test, i);
	memcpy(ref, t_va(test, 0), PAGE_SIZE);
	for (b = 0; b < len; b++)
		ref[doff + b] = t_va(test, 1)[b] ^ t_va(test, 2)[512 + b];
	srcs[0] = ctx->pg[0];
	offs[0] = doff;
	srcs[1] = ctx->pg[1];
	offs[1] = 0;
	srcs[2] = ctx->pg[2];
	offs[2] = 512;
	t_cb_init(&cb);
	init_async_submit(&submit, ASYNC_TX_ACK | ASYNC_TX_XOR_ZERO_DST, NULL,
			  t_cb_fn, &cb, NULL);
	async_xor_offs(ctx->pg[0], doff, srcs, offs, 3, len, &submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 0), ref, PAGE_SIZE), 0,
			    "the destination among the sources");
}

/* xor_val finds a zero sum zero and a planted one-byte error not */
static void t_xor_val(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	enum sum_check_flags result;
	struct page *srcs[9];
	struct t_cb cb;
	int i, n, bad;

	t_snap(test);
	for (n = 2; n <= 9; n++) {
		for (bad = 0; bad < 2; bad++) {
			for (i = 1; i < n; i++)
				t_fill(test, i);
			/* page 0 holds the xor of the others: a zero sum */
			t_xor_ref(test, t_va(test, 0), false, 1, n - 1);
			if (bad)
				t_va(test, get_random_u32() % n)
					[get_random_u32() % PAGE_SIZE] ^= 1 <<
					(get_random_u32() % 8);
			for (i = 0; i < n; i++)
				srcs[i] = ctx->pg[i];
			result = 0xdead;
			t_cb_init(&cb);
			init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn,
					  &cb, NULL);
			async_xor_val(ctx->pg[0], srcs, 0, n, PAGE_SIZE,
				      &result, &submit);
			t_cb_wait(test, &cb);
			KUNIT_EXPECT_EQ_MSG(test, result,
					    bad ? SUM_CHECK_P_RESULT : 0,
					    "%d sources, corrupt %d", n, bad);
		}
	}
	t_expect_path(test, ATX_XOR_VAL);
}

/* P and Q of pages 0..ndata-1 (NULL blocks are zero) by the GF tables */
static void t_pq_ref(struct page **blocks, int disks, u8 *p, u8 *q)
{
	int i, b;
	u8 *d;

	memset(p, 0, PAGE_SIZE);
	memset(q, 0, PAGE_SIZE);
	for (i = 0; i < disks - 2; i++) {
		if (!blocks[i])
			continue;
		d = page_address(blocks[i]);
		for (b = 0; b < PAGE_SIZE; b++) {
			p[b] ^= d[b];
			q[b] ^= raid6_gfmul[raid6_gfexp[i]][d[b]];
		}
	}
}

static void t_stripe(struct kunit *test, struct page **blocks, int disks,
		     unsigned int *offs)
{
	struct t_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < disks; i++) {
		blocks[i] = ctx->pg[i];
		offs[i] = 0;
		if (i < disks - 2)
			t_fill(test, i);
	}
}

static void t_gen_syndrome(struct kunit *test)
{
	static const int nr[] = { 4, 5, 6, 10, 17, 18, 19, 34, 64 };
	struct t_ctx *ctx = test->priv;
	unsigned int *offs = ctx->offs;
	struct page **blocks = ctx->blocks;
	struct async_submit_ctl submit;
	u8 *p = t_va(test, 100), *q = t_va(test, 101);
	struct t_cb cb;
	int k, disks, hole;

	t_snap(test);
	for (k = 0; k < ARRAY_SIZE(nr); k++) {
		disks = nr[k];
		t_stripe(test, blocks, disks, offs);
		/* a missing data block counts as zero */
		hole = get_random_u32() % (disks - 2);
		if (disks > 5)
			blocks[hole] = NULL;
		t_pq_ref(blocks, disks, p, q);
		t_cb_init(&cb);
		init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn, &cb,
				  NULL);
		async_gen_syndrome(blocks, offs, disks, PAGE_SIZE, &submit);
		t_cb_wait(test, &cb);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, disks - 2), p,
						 PAGE_SIZE), 0,
				    "P of %d disks", disks);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, disks - 1), q,
						 PAGE_SIZE), 0,
				    "Q of %d disks", disks);
	}
	t_expect_path(test, ATX_PQ);
}

/* PQ_XOR_DST adds the syndrome of the given blocks to P and Q (rmw) */
static void t_pq_xor_dst(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	unsigned int *offs = ctx->offs;
	struct page **blocks = ctx->blocks, **part = ctx->part;
	struct async_submit_ctl submit;
	u8 *p = t_va(test, 100), *q = t_va(test, 101);
	int disks = 20, i, b;
	struct t_cb cb;

	t_stripe(test, blocks, disks, offs);
	t_fill(test, disks - 2);
	t_fill(test, disks - 1);
	/* only some blocks take part: the others are NULL */
	for (i = 0; i < disks - 2; i++)
		part[i] = (i % 3) ? blocks[i] : NULL;
	part[disks - 2] = blocks[disks - 2];
	part[disks - 1] = blocks[disks - 1];
	t_pq_ref(part, disks, p, q);
	for (b = 0; b < PAGE_SIZE; b++) {
		p[b] ^= t_va(test, disks - 2)[b];
		q[b] ^= t_va(test, disks - 1)[b];
	}
	t_cb_init(&cb);
	init_async_submit(&submit, ASYNC_TX_ACK | ASYNC_TX_PQ_XOR_DST, NULL,
			  t_cb_fn, &cb, NULL);
	async_gen_syndrome(part, offs, disks, PAGE_SIZE, &submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, memcmp(t_va(test, disks - 2), p, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t_va(test, disks - 1), q, PAGE_SIZE), 0);
}

static void t_syndrome_val(struct kunit *test)
{
	static const int nr[] = { 4, 8, 18, 64 };
	struct t_ctx *ctx = test->priv;
	unsigned int *offs = ctx->offs;
	struct page **blocks = ctx->blocks;
	struct async_submit_ctl submit;
	enum sum_check_flags res, want;
	struct t_cb cb;
	int k, disks, bad;

	for (k = 0; k < ARRAY_SIZE(nr); k++) {
		for (bad = 0; bad < 4; bad++) {
			disks = nr[k];
			t_stripe(test, blocks, disks, offs);
			t_pq_ref(blocks, disks, t_va(test, disks - 2),
				 t_va(test, disks - 1));
			/* 1: P wrong, 2: Q wrong, 3: a data byte wrong */
			want = 0;
			if (bad == 1) {
				t_va(test, disks - 2)[17] ^= 0x40;
				want = SUM_CHECK_P_RESULT;
			} else if (bad == 2) {
				t_va(test, disks - 1)[4095] ^= 0x01;
				want = SUM_CHECK_Q_RESULT;
			} else if (bad == 3) {
				t_va(test, (disks - 2) / 2)[2048] ^= 0x80;
				want = SUM_CHECK_P_RESULT | SUM_CHECK_Q_RESULT;
			}
			res = 0xdead;
			t_cb_init(&cb);
			init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn,
					  &cb, NULL);
			async_syndrome_val(blocks, offs, disks, PAGE_SIZE, &res,
					   NULL, 0, &submit);
			t_cb_wait(test, &cb);
			KUNIT_EXPECT_EQ_MSG(test, res, want,
					    "%d disks, case %d", disks, bad);
		}
	}
}

static bool t_same(struct kunit *test, int i, const u8 *buf)
{
	return !memcmp(t_va(test, i), buf, PAGE_SIZE);
}

/* lose data blocks a and b (b == a: a and P), recover, check, validate */
static void t_recov_one(struct kunit *test, int disks, int a, int b)
{
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	u8 *save_a = t_va(test, 100), *save_b = t_va(test, 101);
	u8 *save_p = t_va(test, 102);
	enum sum_check_flags res = 0xdead;
	struct t_cb cb;

	memcpy(save_a, t_va(test, a), PAGE_SIZE);
	memcpy(save_b, t_va(test, b), PAGE_SIZE);
	memcpy(save_p, t_va(test, disks - 2), PAGE_SIZE);
	memset(t_va(test, a), 0x5a, PAGE_SIZE);
	t_cb_init(&cb);
	init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn, &cb, NULL);
	if (a == b) {
		memset(t_va(test, disks - 2), 0x5a, PAGE_SIZE);
		async_raid6_datap_recov(disks, PAGE_SIZE, a, ctx->blocks,
					ctx->offs, &submit);
	} else {
		memset(t_va(test, b), 0xa5, PAGE_SIZE);
		async_raid6_2data_recov(disks, PAGE_SIZE, a, b, ctx->blocks,
					ctx->offs, &submit);
	}
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_TRUE_MSG(test, t_same(test, a, save_a),
			      "%d disks, lost %d and %d", disks, a, b);
	KUNIT_EXPECT_TRUE_MSG(test, t_same(test, b, save_b),
			      "%d disks, lost %d and %d", disks, a, b);
	KUNIT_EXPECT_TRUE_MSG(test, t_same(test, disks - 2, save_p),
			      "P, %d disks, lost %d and %d", disks, a, b);

	t_cb_init(&cb);
	init_async_submit(&submit, ASYNC_TX_ACK, NULL, t_cb_fn, &cb, NULL);
	async_syndrome_val(ctx->blocks, ctx->offs, disks, PAGE_SIZE, &res, NULL,
			   0, &submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, res, 0);
}

/*
 * Every two-data and data+P failure of stripes of 4, 5, 8 and 12 disks,
 * recovered and then checked with async_syndrome_val.
 */
static void t_recov(struct kunit *test)
{
	static const int nr[] = { 4, 5, 8, 12 };
	struct t_ctx *ctx = test->priv;
	int k, disks, a, b;

	t_snap(test);
	for (k = 0; k < ARRAY_SIZE(nr); k++) {
		disks = nr[k];
		t_stripe(test, ctx->blocks, disks, ctx->offs);
		t_pq_ref(ctx->blocks, disks, t_va(test, disks - 2),
			 t_va(test, disks - 1));
		for (a = 0; a < disks - 2; a++)
			for (b = a; b < disks - 2; b++)
				t_recov_one(test, disks, a, b);
	}
	t_expect_path(test, ATX_PQ);
}

/*
 * A copy from an address the device cannot read, submitted on a channel
 * atx uses for copies: a parent that completes with DMA_ERROR. NULL when
 * the suite has no channel.
 */
static struct dma_async_tx_descriptor *
t_failing_parent(struct kunit *test, dma_addr_t *dst)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct async_submit_ctl submit;
	struct dma_chan *chan;
	struct device *dev;

	init_async_submit(&submit, 0, NULL, NULL, NULL, NULL);
	chan = __async_tx_find_channel(&submit, DMA_MEMCPY);
	if (!chan)
		return NULL;
	dev = chan->device->dev;
	*dst = dma_map_page(dev, ctx->pg[30], 0, PAGE_SIZE, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, *dst));
	tx = chan->device->device_prep_dma_memcpy(chan, *dst, 0xfff0000000ULL,
						  64, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	async_tx_submit(chan, tx, &submit);
	return tx;
}

/*
 * Recovery behind a parent that failed: the caller is told
 * DMA_TRANS_ABORTED. Its first step fails waiting for the parent, and
 * the steps after it must not run on as if it had worked.
 */
static void t_recov_failed_parent(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct atx_submit_ctl submit;
	struct device *dev;
	struct t_cb cb;
	dma_addr_t dst;
	int two;

	for (two = 0; two < 2; two++) {
		tx = t_failing_parent(test, &dst);
		if (!tx)
			kunit_skip(test, "no channel for copies in this suite");
		dev = tx->chan->device->dev;
		t_stripe(test, ctx->blocks, 6, ctx->offs);
		t_cb_init(&cb);
		init_atx_submit(&submit, ASYNC_TX_ACK, tx, t_cb_result, &cb,
				NULL);
		if (two)
			async_raid6_2data_recov(6, PAGE_SIZE, 0, 1, ctx->blocks,
						ctx->offs, &submit.submit);
		else
			async_raid6_datap_recov(6, PAGE_SIZE, 2, ctx->blocks,
						ctx->offs, &submit.submit);
		t_cb_wait(test, &cb);
		dma_unmap_page(dev, dst, PAGE_SIZE, DMA_FROM_DEVICE);
		KUNIT_EXPECT_EQ_MSG(test, cb.result, DMA_TRANS_ABORTED,
				    "%s recovery behind a failed parent",
				    two ? "two-data" : "data+P");
	}
}

/*
 * 100 dependent operations: X ^= K(i), then a copy of X to snapshot i,
 * fifty times, each depending on the previous; every snapshot must hold
 * the running xor (so the order held), every callback must run once and
 * in order. xor -> copy -> xor is the async_tx documentation's example.
 */
#define T_CHAIN 50
struct t_chain {
	atomic_t seq;
	int order[2 * T_CHAIN];
	atomic_t calls[2 * T_CHAIN];
	struct completion done;
};

struct t_link {
	struct t_chain *ch;
	int i;
};

static void t_link_cb(void *p)
{
	struct t_link *l = p;

	l->ch->order[l->i] = atomic_inc_return(&l->ch->seq) - 1;
	atomic_inc(&l->ch->calls[l->i]);
	if (l->i == 2 * T_CHAIN - 1)
		complete(&l->ch->done);
}

static void t_chain100(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx = NULL;
	struct async_submit_ctl submit;
	struct t_link *links;
	struct t_chain *ch;
	struct page *srcs[2];
	u8 *ref = t_va(test, 120), *x = t_va(test, 0);
	int i;

	ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	links = kunit_kcalloc(test, 2 * T_CHAIN, sizeof(*links), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ch);
	KUNIT_ASSERT_NOT_NULL(test, links);
	init_completion(&ch->done);
	t_fill(test, 0);
	memcpy(ref, x, PAGE_SIZE);
	for (i = 0; i < T_CHAIN; i++) {
		t_fill(test, 1 + i);			/* K(i) */
		links[2 * i] = (struct t_link){ ch, 2 * i };
		links[2 * i + 1] = (struct t_link){ ch, 2 * i + 1 };
		srcs[0] = ctx->pg[0];
		srcs[1] = ctx->pg[1 + i];
		init_async_submit(&submit, ASYNC_TX_XOR_DROP_DST |
				  ASYNC_TX_FENCE, tx, t_link_cb,
				  &links[2 * i], NULL);
		tx = async_xor(ctx->pg[0], srcs, 0, 2, PAGE_SIZE, &submit);
		init_async_submit(&submit, i == T_CHAIN - 1 ? ASYNC_TX_ACK : 0,
				  tx, t_link_cb, &links[2 * i + 1], NULL);
		tx = async_memcpy(ctx->pg[1 + T_CHAIN + i], ctx->pg[0], 0, 0,
				  PAGE_SIZE, &submit);
		/*
		 * Every xor maps pg[0] for reading and writing, and DMA-API
		 * debugging warns beyond 7 such mappings of one cacheline at
		 * once: let every second pair's callback run (unmapped by
		 * then; bounded, the checks below report a miss) before the
		 * chain goes on, as its dependent.
		 */
		if (i % 2) {
			unsigned long end = jiffies +
					    msecs_to_jiffies(T_TIMEOUT_MS);

			while (!atomic_read(&ch->calls[2 * i + 1]) &&
			       time_before(jiffies, end))
				usleep_range(100, 200);
		}
	}
	KUNIT_ASSERT_TRUE_MSG(test, t_done(&ch->done, T_TIMEOUT_MS),
			      "chain did not complete");
	for (i = 0; i < T_CHAIN; i++) {
		t_xor_ref(test, ref, true, 1 + i, 1);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 1 + T_CHAIN + i),
						 ref, PAGE_SIZE), 0,
				    "snapshot %d", i);
	}
	for (i = 0; i < 2 * T_CHAIN; i++) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ch->calls[i]), 1,
				    "callback %d", i);
		KUNIT_EXPECT_EQ_MSG(test, ch->order[i], i, "callback %d", i);
	}
}

/*
 * A copy without callback, not waited for and followed by nothing: no
 * call into atx rings its doorbell, the channel's flush timer does. The
 * data must arrive within a bound all the same.
 */
static void t_lone_copy(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct async_submit_ctl submit;
	s64 timer_rings;

	/* what earlier cases left (a flush timer, a completion) runs first */
	msleep(20);
	timer_rings = t_rings(ATX_RING_TIMER);
	t_snap(test);
	t_fill(test, 0);
	t_fill(test, 1);
	init_async_submit(&submit, 0, NULL, NULL, NULL, NULL);
	tx = async_memcpy(ctx->pg[1], ctx->pg[0], 0, 0, PAGE_SIZE, &submit);
	KUNIT_EXPECT_TRUE_MSG(test, t_lands(test, 1, 0),
			      "a copy nobody waits for was not issued in 2 s");
	/* and it was the flush timer that issued it (before the wait below) */
	if (t_offloaded(ATX_MEMCPY))
		KUNIT_EXPECT_GT_MSG(test, t_rings(ATX_RING_TIMER), timer_rings,
				    "no doorbell from the flush timer");
	async_tx_quiesce(&tx);
	t_expect_path(test, ATX_MEMCPY);
}

/*
 * The hash of records holds only what a client may hand back: a copy
 * submitted without ASYNC_TX_ACK enters it and stays (complete or not)
 * until acknowledged; handed over as depend_tx, or quiesced, it leaves at
 * once; one submitted acknowledged never enters. Software keeps no
 * records. Each count is taken right around its call, after what earlier
 * cases left has settled. The acknowledged copy asks for no callback, so
 * that only the flush timer, a tick later, issues it: a build that hashed
 * it would still hold it (until its completion) when counted.
 */
static void t_hash(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	int in = t_offloaded(ATX_MEMCPY) ? 1 : 0;
	struct dma_async_tx_descriptor *tx1, *tx3;
	struct async_submit_ctl submit;
	int n;

	msleep(20);
	t_fill(test, 0);
	memset(t_va(test, 2), 0, PAGE_SIZE);

	n = atx_hashed_records();
	init_async_submit(&submit, 0, NULL, NULL, NULL, NULL);
	tx1 = async_memcpy(ctx->pg[1], ctx->pg[0], 0, 0, PAGE_SIZE, &submit);
	KUNIT_EXPECT_EQ_MSG(test, atx_hashed_records(), n + in,
			    "a copy a client may hand back is not in the hash");

	n = atx_hashed_records();
	init_async_submit(&submit, ASYNC_TX_ACK, tx1, NULL, NULL, NULL);
	async_memcpy(ctx->pg[2], ctx->pg[1], 0, 0, PAGE_SIZE, &submit);
	KUNIT_EXPECT_EQ_MSG(test, atx_hashed_records(), n - in,
			    "a parent handed over stayed, or an acknowledged copy entered");
	/* acknowledged: not to be quiesced; its data comes within a bound */
	KUNIT_EXPECT_TRUE_MSG(test, t_lands(test, 2, 0),
			      "the chained copies did not land in 2 s");

	n = atx_hashed_records();
	init_async_submit(&submit, 0, NULL, NULL, NULL, NULL);
	tx3 = async_memcpy(ctx->pg[3], ctx->pg[0], 0, 0, PAGE_SIZE, &submit);
	KUNIT_EXPECT_EQ(test, atx_hashed_records(), n + in);
	async_tx_quiesce(&tx3);
	KUNIT_EXPECT_EQ_MSG(test, atx_hashed_records(), n,
			    "a quiesced copy stayed in the hash");
	KUNIT_EXPECT_EQ(test, memcmp(t_va(test, 3), t_va(test, 0), PAGE_SIZE),
			0);
}

/*
 * More independent copies without callbacks than one channel's ring
 * holds: no interrupt comes, so room in the ring comes from taking back
 * completed work at prep time. All of them must go to the channel (none
 * falls back to software for lack of a descriptor) and land.
 */
#define T_STREAM_PAGES	64
#define T_STREAM_LEN	64

static void t_stream(struct kunit *test)
{
	const int per_page = PAGE_SIZE / T_STREAM_LEN;
	const int n = T_STREAM_PAGES * per_page;
	struct t_ctx *ctx = test->priv;
	struct async_submit_ctl submit;
	unsigned long deadline;
	int i, bad = 0;
	s64 sw;

	/* one channel, so that its ring fills */
	if (t_mode != T_SOFTWARE)
		KUNIT_ASSERT_EQ(test, atx_set_max_channels(1), 0);
	t_snap(test);
	t_fill(test, 0);
	for (i = 1; i <= T_STREAM_PAGES; i++)
		memset(t_va(test, i), 0, PAGE_SIZE);
	for (i = 0; i < n; i++) {
		unsigned int off = (i % per_page) * T_STREAM_LEN;

		init_async_submit(&submit, ASYNC_TX_ACK, NULL, NULL, NULL,
				  NULL);
		async_memcpy(ctx->pg[1 + i / per_page], ctx->pg[0], off, off,
			     T_STREAM_LEN, &submit);
	}
	deadline = jiffies + msecs_to_jiffies(2000);
	do {
		for (i = 1, bad = 0; i <= T_STREAM_PAGES; i++)
			bad += !!memcmp(t_va(test, i), t_va(test, 0),
					PAGE_SIZE);
		if (bad)
			usleep_range(500, 1000);
	} while (bad && time_before(jiffies, deadline));
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "%d page(s) of copies missing",
			    bad);
	sw = atomic64_read(&atx_stats.sw[ATX_MEMCPY]) - ctx->sw[ATX_MEMCPY];
	if (t_offloaded(ATX_MEMCPY))
		KUNIT_EXPECT_EQ_MSG(test, sw, 0,
				    "copies fell back to software");
	t_expect_path(test, ATX_MEMCPY);
	if (t_mode != T_SOFTWARE)
		KUNIT_EXPECT_EQ(test, atx_set_max_channels(-1), 0);
}

/* async_trigger_callback after an operation, async_tx_quiesce */
static void t_trigger_quiesce(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct async_submit_ctl submit;
	struct t_cb cb;

	t_fill(test, 0);
	init_async_submit(&submit, 0, NULL, NULL, NULL, NULL);
	tx = async_memcpy(ctx->pg[1], ctx->pg[0], 0, 0, PAGE_SIZE, &submit);
	t_cb_init(&cb);
	init_async_submit(&submit, ASYNC_TX_ACK, tx, t_cb_fn, &cb, NULL);
	async_trigger_callback(&submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, memcmp(t_va(test, 0), t_va(test, 1), PAGE_SIZE),
			0);

	t_fill(test, 0);
	init_async_submit(&submit, 0, NULL, NULL, NULL, NULL);
	tx = async_memcpy(ctx->pg[2], ctx->pg[0], 0, 0, PAGE_SIZE, &submit);
	async_tx_quiesce(&tx);
	KUNIT_EXPECT_NULL(test, tx);
	KUNIT_EXPECT_EQ(test, memcmp(t_va(test, 0), t_va(test, 2), PAGE_SIZE),
			0);
	KUNIT_EXPECT_EQ(test, !!__async_tx_find_channel(&submit, DMA_XOR),
			t_offloaded(ATX_XOR));
}

/*
 * A dependent that cannot queue behind its parent waits for it, and the
 * parent's descriptor, acknowledged when handed over, may go back to its
 * provider during that wait: an 8-source xor takes three ring slots, so
 * it is none of cbdma's pooled descriptors and is freed once done and
 * acknowledged. atx must not touch it after handing it over. In
 * atx_mixed the memsets run in software behind xors on a channel; the
 * debug kernel's KASAN reports a write to a freed descriptor.
 */
static void t_dep_handover(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct async_submit_ctl submit;
	struct page *srcs[8];
	u8 *ref = t_va(test, 20);
	int round, i, j;

	t_snap(test);
	for (round = 0; round < 32; round++) {
		memset(ref, 0, PAGE_SIZE);
		for (i = 0; i < 8; i++) {
			t_fill(test, i);
			for (j = 0; j < PAGE_SIZE; j++)
				ref[j] ^= t_va(test, i)[j];
			srcs[i] = ctx->pg[i];
		}
		init_async_submit(&submit, ASYNC_TX_XOR_ZERO_DST, NULL, NULL,
				  NULL, NULL);
		tx = async_xor(ctx->pg[8], srcs, 0, 8, PAGE_SIZE, &submit);
		init_async_submit(&submit, ASYNC_TX_ACK, tx, NULL, NULL, NULL);
		tx = async_memset(ctx->pg[9], 0x5a + round, 0, PAGE_SIZE,
				  &submit);
		async_tx_quiesce(&tx);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(t_va(test, 8), ref, PAGE_SIZE),
				    0, "xor of round %d", round);
		KUNIT_EXPECT_NULL_MSG(test, memchr_inv(t_va(test, 9),
						       0x5a + round, PAGE_SIZE),
				      "memset of round %d", round);
	}
	t_expect_path(test, ATX_XOR);
	t_expect_path(test, ATX_MEMSET);
}

/* bad arguments: a clear refusal through the result, nothing written */
static void t_bad_input(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct atx_submit_ctl submit;
	struct page *srcs[2] = { ctx->pg[1], ctx->pg[2] };
	struct t_cb cb;

	t_fill(test, 0);
	memcpy(t_va(test, 3), t_va(test, 0), PAGE_SIZE);
	t_cb_init(&cb);
	init_atx_submit(&submit, 0, NULL, t_cb_result, &cb, NULL);
	async_xor(ctx->pg[0], srcs, 0, 2, 100, &submit.submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_ABORTED);

	t_cb_init(&cb);
	init_atx_submit(&submit, 0, NULL, t_cb_result, &cb, NULL);
	async_memcpy(ctx->pg[0], ctx->pg[1], 4000, 0, 200, &submit.submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, memcmp(t_va(test, 3), t_va(test, 0), PAGE_SIZE),
			0);

	/* too few disks for a P+Q stripe */
	t_cb_init(&cb);
	init_atx_submit(&submit, 0, NULL, t_cb_result, &cb, NULL);
	async_gen_syndrome(ctx->pg, NULL, 2, PAGE_SIZE, &submit.submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_ABORTED);

	/* a good operation reports success the same way */
	t_cb_init(&cb);
	init_atx_submit(&submit, ASYNC_TX_XOR_ZERO_DST, NULL, t_cb_result, &cb,
			NULL);
	async_xor(ctx->pg[0], srcs, 0, 2, PAGE_SIZE, &submit.submit);
	t_cb_wait(test, &cb);
	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_NOERROR);
}

/* four threads submitting independent xor chains at once */
struct t_thread {
	struct kunit *test;
	struct page *pg[4];	/* dst, two sources, reference */
	int errors;
	struct completion done;
};

static int t_thread_fn(void *p)
{
	struct t_thread *t = p;
	struct async_submit_ctl submit;
	struct t_cb cb;
	u8 *ref = page_address(t->pg[3]);
	int i, b;

	for (i = 0; i < 100; i++) {
		get_random_bytes(page_address(t->pg[1]), PAGE_SIZE);
		get_random_bytes(page_address(t->pg[2]), PAGE_SIZE);
		for (b = 0; b < PAGE_SIZE; b++)
			ref[b] = ((u8 *)page_address(t->pg[1]))[b] ^
				 ((u8 *)page_address(t->pg[2]))[b];
		t_cb_init(&cb);
		init_async_submit(&submit, ASYNC_TX_ACK | ASYNC_TX_XOR_ZERO_DST,
				  NULL, t_cb_fn, &cb, NULL);
		async_xor(t->pg[0], &t->pg[1], 0, 2, PAGE_SIZE, &submit);
		if (!t_done(&cb.done, T_TIMEOUT_MS) ||
		    memcmp(page_address(t->pg[0]), ref, PAGE_SIZE))
			t->errors++;
	}
	complete(&t->done);
	return 0;
}

static void t_threads(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	struct t_thread th[4];
	struct task_struct *task;
	int i, k;

	for (i = 0; i < 4; i++) {
		th[i].test = test;
		th[i].errors = 0;
		init_completion(&th[i].done);
		for (k = 0; k < 4; k++)
			th[i].pg[k] = ctx->pg[4 * i + k];
		task = kthread_run(t_thread_fn, &th[i], "atx_test%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_TRUE(test, t_done(&th[i].done, 4 * T_TIMEOUT_MS));
		KUNIT_EXPECT_EQ_MSG(test, th[i].errors, 0, "thread %d", i);
	}
}

/*
 * Independent operations and start_bytes: 64 xors of a page (256 KiB),
 * none interrupting (so none completes, and no rate estimate moves,
 * before something polls it), on two fresh channels (equal rates):
 * with start_bytes 1 MiB all stay on one channel; with 32 KiB they
 * spread over both. Returns how many channels got work.
 */
#define T_SPREAD_OPS	64

static int t_spread_burst(struct kunit *test, unsigned int start)
{
	struct t_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx[T_SPREAD_OPS];
	struct page *(*srcs)[2];
	struct async_submit_ctl submit;
	u64 ops[2];
	unsigned int old;
	int i, bad = 0;
	u8 *ref = t_va(test, T_PAGES - 1);

	/* retired and taken again: new records, initial rates, no ops */
	KUNIT_ASSERT_EQ(test, atx_set_max_channels(0), 0);
	KUNIT_ASSERT_EQ(test, atx_set_max_channels(2), 0);
	KUNIT_ASSERT_EQ(test, atx_nr_channels(), 2);
	srcs = kunit_kcalloc(test, T_SPREAD_OPS, sizeof(*srcs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, srcs);
	t_fill(test, 0);
	t_fill(test, 1);
	for (i = 0; i < PAGE_SIZE; i++)
		ref[i] = t_va(test, 0)[i] ^ t_va(test, 1)[i];
	old = atx_set_start_bytes(start);
	for (i = 0; i < T_SPREAD_OPS; i++) {
		srcs[i][0] = ctx->pg[0];
		srcs[i][1] = ctx->pg[1];
		init_async_submit(&submit, ASYNC_TX_XOR_ZERO_DST, NULL, NULL,
				  NULL, NULL);
		tx[i] = async_xor(ctx->pg[2 + i], srcs[i], 0, 2, PAGE_SIZE,
				  &submit);
	}
	atx_set_start_bytes(old);
	for (i = 0; i < T_SPREAD_OPS; i++) {
		async_tx_quiesce(&tx[i]);
		bad += !!memcmp(t_va(test, 2 + i), ref, PAGE_SIZE);
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "%d wrong xor result(s)", bad);
	KUNIT_ASSERT_EQ(test, atx_chan_op_counts(ops, 2), 2);
	kunit_info(test, "start_bytes %u: %llu and %llu operations\n", start,
		   ops[0], ops[1]);
	KUNIT_EXPECT_EQ(test, ops[0] + ops[1], T_SPREAD_OPS);
	return !!ops[0] + !!ops[1];
}

static void t_spread(struct kunit *test)
{
	if (t_mode == T_SOFTWARE)
		kunit_skip(test, "no channel in this suite");
	if (atx_nr_channels() < 2)
		kunit_skip(test, "one channel: nothing to spread over");
	KUNIT_EXPECT_EQ(test, t_spread_burst(test, SZ_1M), 1);
	KUNIT_EXPECT_EQ(test, t_spread_burst(test, SZ_32K), 2);
	KUNIT_EXPECT_EQ(test, atx_set_max_channels(-1), 0);
}

static int t_init(struct kunit *test)
{
	struct t_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int i;

	if (!ctx)
		return -ENOMEM;
	for (i = 0; i < T_PAGES; i++) {
		ctx->pg[i] = alloc_page(GFP_KERNEL);
		if (!ctx->pg[i])
			return -ENOMEM;
	}
	test->priv = ctx;
	return 0;
}

static void t_exit(struct kunit *test)
{
	struct t_ctx *ctx = test->priv;
	int i;

	for (i = 0; ctx && i < T_PAGES; i++)
		if (ctx->pg[i])
			__free_page(ctx->pg[i]);
}

/*
 * One case array per suite: KUnit keeps a log per case and frees it
 * with each suite, so suites must not share their cases.
 */
#define ATX_CASES(name)					\
static struct kunit_case name[] = {			\
	KUNIT_CASE(t_memcpy),				\
	KUNIT_CASE(t_memset),				\
	KUNIT_CASE(t_xor),				\
	KUNIT_CASE(t_xor_offs),				\
	KUNIT_CASE(t_xor_val),				\
	KUNIT_CASE(t_gen_syndrome),			\
	KUNIT_CASE(t_pq_xor_dst),			\
	KUNIT_CASE(t_syndrome_val),			\
	KUNIT_CASE(t_recov),				\
	KUNIT_CASE(t_recov_failed_parent),		\
	KUNIT_CASE(t_chain100),				\
	KUNIT_CASE(t_trigger_quiesce),			\
	KUNIT_CASE(t_lone_copy),			\
	KUNIT_CASE(t_hash),				\
	KUNIT_CASE(t_stream),				\
	KUNIT_CASE(t_dep_handover),			\
	KUNIT_CASE(t_bad_input),			\
	KUNIT_CASE(t_threads),				\
	KUNIT_CASE(t_spread),				\
	{}						\
}

ATX_CASES(atx_software_cases);
ATX_CASES(atx_offload_cases);
ATX_CASES(atx_mixed_cases);

static int t_software_init(struct kunit_suite *suite)
{
	t_mode = T_SOFTWARE;
	atx_set_offload_mask(~0u);
	return atx_set_max_channels(0);
}

static int t_offload_init(struct kunit_suite *suite)
{
	t_mode = T_OFFLOAD;
	atx_set_offload_mask(~0u);
	return atx_set_max_channels(-1);
}

static int t_mixed_init(struct kunit_suite *suite)
{
	t_mode = T_MIXED;
	atx_set_offload_mask(T_MIXED_MASK);
	return atx_set_max_channels(-1);
}

static void t_suite_exit(struct kunit_suite *suite)
{
	atx_set_offload_mask(~0u);
	atx_set_max_channels(-1);
}

/* the channel suites need channels: skip every case without them */
static int t_init_dma(struct kunit *test)
{
	if (!atx_nr_channels())
		kunit_skip(test, "atx has no DMA channel");
	return t_init(test);
}

static struct kunit_suite atx_software_suite = {
	.name = "atx_software",
	.suite_init = t_software_init,
	.suite_exit = t_suite_exit,
	.init = t_init,
	.exit = t_exit,
	.test_cases = atx_software_cases,
};

static struct kunit_suite atx_offload_suite = {
	.name = "atx_offload",
	.suite_init = t_offload_init,
	.suite_exit = t_suite_exit,
	.init = t_init_dma,
	.exit = t_exit,
	.test_cases = atx_offload_cases,
};

static struct kunit_suite atx_mixed_suite = {
	.name = "atx_mixed",
	.suite_init = t_mixed_init,
	.suite_exit = t_suite_exit,
	.init = t_init_dma,
	.exit = t_exit,
	.test_cases = atx_mixed_cases,
};

/*
 * atx_chan_load() and atx_chan_sooner(), what the pick compares: an idle
 * channel counts start_bytes more than its queue; a faster channel
 * counts its queue for less.
 */
static void t_cost(struct kunit *test)
{
	unsigned int old = atx_set_start_bytes(SZ_32K);
	u64 idle = atx_chan_load(0, true, SZ_4K);
	u64 huge = BIT_ULL(50);

	KUNIT_EXPECT_EQ(test, idle, (u64)SZ_32K + SZ_4K);
	KUNIT_EXPECT_EQ(test, atx_chan_load(SZ_16K, false, SZ_4K),
			(u64)SZ_16K + SZ_4K);
	KUNIT_EXPECT_TRUE(test, atx_chan_sooner(atx_chan_load(SZ_16K, false,
							      SZ_4K), 100,
						idle, 100));
	KUNIT_EXPECT_FALSE(test, atx_chan_sooner(atx_chan_load(SZ_64K, false,
							       SZ_4K), 100,
						 idle, 100));
	/* strictly sooner: a tie keeps the channel found first */
	KUNIT_EXPECT_FALSE(test, atx_chan_sooner(idle, 100, idle, 100));
	/* twice the rate: done sooner with the same load, not with twice */
	KUNIT_EXPECT_TRUE(test, atx_chan_sooner(idle, 200, idle, 100));
	KUNIT_EXPECT_FALSE(test, atx_chan_sooner(2 * idle, 200, idle, 100));
	KUNIT_EXPECT_TRUE(test, atx_chan_sooner(atx_chan_load(SZ_64K, false,
							      SZ_4K), 400,
						idle, 100));
	/* a rate not measured yet counts as 1, not as 0 */
	KUNIT_EXPECT_TRUE(test, atx_chan_sooner(SZ_4K, 0, SZ_4K + 1, 1));
	KUNIT_EXPECT_FALSE(test, atx_chan_sooner(SZ_4K, 0, SZ_4K, 1));
	/* capped, not wrapped: a huge queue is never sooner */
	KUNIT_EXPECT_FALSE(test, atx_chan_sooner(huge, BIT(30), SZ_4K, 1));
	KUNIT_EXPECT_TRUE(test, atx_chan_sooner(SZ_4K, 1, huge, BIT(30)));
	/* start_bytes 0: an idle channel is the cheapest, as before */
	atx_set_start_bytes(0);
	KUNIT_EXPECT_TRUE(test, atx_chan_sooner(atx_chan_load(0, true, SZ_4K),
						100,
						atx_chan_load(1, false, SZ_4K),
						100));
	atx_set_start_bytes(old);
}

/*
 * atx_chan_done(): the rate moves when a window of completions closes,
 * which is only where the clock is read: when a record woke the channel
 * or left it idle, and every ATX_RATE_WINDOW_RECS-th record (8) between.
 * The calls run on one CPU: local_clock() is monotonic there.
 */
static void t_rate(struct kunit *test)
{
	struct atx_chan *ac = kunit_kzalloc(test, sizeof(*ac), GFP_KERNEL);
	unsigned long r7;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ac);
	/*
	 * From the slowest rate, so that any measured one is faster:
	 * 64 MiB in the millisecond (or more, if the vCPU was held up)
	 * since this record woke the channel.
	 */
	ac->rate = 1;
	preempt_disable();
	atx_chan_done(ac, SZ_64M, local_clock() - NSEC_PER_MSEC, true);
	preempt_enable();
	KUNIT_EXPECT_GT(test, ac->rate, 1UL);

	/* a window open for a millisecond: closed by the 8th record only */
	ac->rate = 1;
	preempt_disable();
	ac->win_start = local_clock() - NSEC_PER_MSEC;
	for (i = 0; i < 7; i++)
		atx_chan_done(ac, SZ_64M, 0, false);
	r7 = ac->rate;
	atx_chan_done(ac, SZ_64M, 0, false);
	preempt_enable();
	KUNIT_EXPECT_EQ_MSG(test, r7, 1UL,
			    "the window closed before its 8th record");
	KUNIT_EXPECT_GT(test, ac->rate, 1UL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ac->ops), 9);
}

/*
 * atx_fits(): which operations a channel takes, from what was copied of
 * its device (atx_chan_caps()): the capability, the source limits of
 * each type, and the alignment of every offset and of the length. The
 * channel here is a record only; no provider is called.
 */
struct t_fits_count {
	enum atx_op_type type;
	int nsrc;
	int cont;		/* the channel's max_pq_continue */
	bool fits;
};

static const struct t_fits_count t_fits_counts[] = {
	/* xor: from 2, chained beyond max_xor; xor_val: 2 to max_xor */
	{ ATX_XOR, 1, 5, false },
	{ ATX_XOR, 2, 5, true },
	{ ATX_XOR, 16, 5, true },
	{ ATX_XOR_VAL, 1, 5, false },
	{ ATX_XOR_VAL, 8, 5, true },
	{ ATX_XOR_VAL, 9, 5, false },
	/* pq: beyond max_pq only where descriptors continue */
	{ ATX_PQ, 0, 5, false },
	{ ATX_PQ, 12, 5, true },
	{ ATX_PQ, 12, 0, false },
	{ ATX_PQ, 8, 0, true },
	/* pq_val: 1 to max_pq */
	{ ATX_PQ_VAL, 0, 5, false },
	{ ATX_PQ_VAL, 8, 5, true },
	{ ATX_PQ_VAL, 9, 5, false },
};

static void t_fits(struct kunit *test)
{
	struct atx_chan *ac = kunit_kzalloc(test, sizeof(*ac), GFP_KERNEL);
	unsigned int offs[3] = { 0, 64, 128 };
	struct atx_need need = { .len = SZ_4K };
	enum atx_sw_reason why;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ac);
	atx_set_offload_mask(~0u);
	ac->types = BIT(ATX_MEMCPY) | BIT(ATX_XOR) | BIT(ATX_XOR_VAL) |
		    BIT(ATX_PQ) | BIT(ATX_PQ_VAL);
	ac->max_xor = 8;
	ac->max_pq = 8;

	need.type = ATX_MEMCPY;
	KUNIT_EXPECT_TRUE(test, atx_fits(ac, &need, &why));
	/* no capability: NOCHAN, whatever else */
	need.type = ATX_MEMSET;
	why = ATX_SW_NOMEM;
	KUNIT_EXPECT_FALSE(test, atx_fits(ac, &need, &why));
	KUNIT_EXPECT_EQ(test, why, ATX_SW_NOCHAN);
	/* offload_mask takes a type away from every channel */
	need.type = ATX_MEMCPY;
	atx_set_offload_mask((u32)~BIT(ATX_MEMCPY));
	KUNIT_EXPECT_FALSE(test, atx_fits(ac, &need, &why));
	KUNIT_EXPECT_EQ(test, why, ATX_SW_NOCHAN);
	atx_set_offload_mask(~0u);

	/* source counts, against max_xor 8 and max_pq 8 */
	for (i = 0; i < ARRAY_SIZE(t_fits_counts); i++) {
		const struct t_fits_count *t = &t_fits_counts[i];

		ac->max_pq_continue = t->cont;
		need.type = t->type;
		need.nsrc = t->nsrc;
		why = ATX_SW_NOMEM;
		KUNIT_EXPECT_EQ_MSG(test, atx_fits(ac, &need, &why), t->fits,
				    "type %d, %d sources", t->type, t->nsrc);
		if (!t->fits)
			KUNIT_EXPECT_EQ(test, why, ATX_SW_LIMITS);
	}

	/* 64-byte alignment for xor: every offset and the length */
	ac->align[ATX_XOR] = DMAENGINE_ALIGN_64_BYTES;
	need.type = ATX_XOR;
	need.nsrc = 3;
	need.off = 0;
	need.offs = offs;
	need.noffs = ARRAY_SIZE(offs);
	KUNIT_EXPECT_TRUE(test, atx_fits(ac, &need, &why));
	offs[2] = 130;
	KUNIT_EXPECT_FALSE(test, atx_fits(ac, &need, &why));
	KUNIT_EXPECT_EQ(test, why, ATX_SW_LIMITS);
	offs[2] = 128;
	need.off = 8;
	KUNIT_EXPECT_FALSE(test, atx_fits(ac, &need, &why));
	need.off = 0;
	need.len = SZ_4K - 1;
	KUNIT_EXPECT_FALSE(test, atx_fits(ac, &need, &why));
	need.offs = NULL;
	KUNIT_EXPECT_FALSE(test, atx_fits(ac, &need, &why));
	need.len = SZ_4K;
	KUNIT_EXPECT_TRUE(test, atx_fits(ac, &need, &why));
	/* the other types keep their own (byte) alignment */
	need.type = ATX_MEMCPY;
	need.noffs = 1;
	KUNIT_EXPECT_TRUE(test, atx_fits(ac, &need, &why));
}

/*
 * The channels atx requests: offload engines only, not a peripheral
 * controller's (its SPI or UART user would go without) nor one that
 * completes out of order (idxd's).
 */
static void t_filter(struct kunit *test)
{
	struct dma_device *dma = kunit_kzalloc(test, sizeof(*dma), GFP_KERNEL);
	struct dma_chan *chan = kunit_kzalloc(test, sizeof(*chan), GFP_KERNEL);
	static const struct {
		unsigned long caps;	/* BIT(DMA_*) */
		bool taken;
	} cases[] = {
		{ BIT(DMA_MEMCPY) | BIT(DMA_INTERRUPT), true },
		{ BIT(DMA_XOR), true },
		{ BIT(DMA_PQ) | BIT(DMA_PRIVATE), true },
		{ BIT(DMA_MEMSET), true },
		{ BIT(DMA_INTERRUPT), false },
		{ BIT(DMA_MEMCPY) | BIT(DMA_SLAVE), false },
		{ BIT(DMA_MEMCPY) | BIT(DMA_CYCLIC), false },
		{ BIT(DMA_MEMCPY) | BIT(DMA_COMPLETION_NO_ORDER), false },
	};
	unsigned int i, j;

	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	chan->device = dma;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		dma_cap_zero(dma->cap_mask);
		for_each_set_bit(j, &cases[i].caps, DMA_TX_TYPE_END)
			dma_cap_set(j, dma->cap_mask);
		KUNIT_EXPECT_EQ_MSG(test, atx_filter(chan, NULL),
				    cases[i].taken, "case %u", i);
	}
}

static struct kunit_case atx_pick_cases[] = {
	KUNIT_CASE(t_fits),
	KUNIT_CASE(t_filter),
	KUNIT_CASE(t_cost),
	KUNIT_CASE(t_rate),
	{}
};

static struct kunit_suite atx_pick_suite = {
	.name = "atx_pick",
	.test_cases = atx_pick_cases,
};

kunit_test_suites(&atx_pick_suite, &atx_software_suite, &atx_offload_suite,
		  &atx_mixed_suite);

MODULE_DESCRIPTION("KUnit suites for atx.ko");
MODULE_LICENSE("GPL");
