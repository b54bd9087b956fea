// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: cbdma's channels on the engine (the QEMU model in `make check`),
 * through the dmaengine API as a client sees them. Results are checked
 * against the kernel's own xor_blocks() and lib/raid6. Skipped without a
 * cbdma channel.
 */
#include <kunit/test.h>
#include <linux/cbdma.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/kthread.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/raid/pq.h>
#include <linux/raid/xor.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#define DT_MAX_SRC	16
#define DT_TIMEOUT_MS	10000
#define DT_FLAGS	(DMA_PREP_INTERRUPT | DMA_CTRL_ACK)

static unsigned int seed;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "PRNG seed for buffer contents (0: random, printed)");

struct dt_buf {
	u8 *va;
	dma_addr_t dma;
	size_t size;
	struct device *dev;
	struct list_head node;
};

struct dt_ctx {
	struct dma_chan *chan;
	struct device *dev;
	struct rnd_state rnd;
	struct list_head bufs;
};

static struct dt_buf *dt_buf(struct kunit *test, size_t size)
{
	struct dt_ctx *ctx = test->priv;
	struct dt_buf *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->size = PAGE_ALIGN(size);
	b->dev = ctx->dev;
	b->va = alloc_pages_exact(b->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->va);
	prandom_bytes_state(&ctx->rnd, b->va, b->size);
	b->dma = dma_map_single(ctx->dev, b->va, b->size, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ctx->dev, b->dma)) {
		free_pages_exact(b->va, b->size);
		KUNIT_ASSERT_FAILURE(test, "dma_map_single failed");
	}
	list_add(&b->node, &ctx->bufs);	/* freed by dt_exit() */
	return b;
}

static void dt_sync_cpu(struct dt_buf *b)
{
	dma_sync_single_for_cpu(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

static void dt_sync_dev(struct dt_buf *b)
{
	dma_sync_single_for_device(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

struct dt_wait {
	struct completion done;
	enum dmaengine_tx_result result;
	atomic_t calls;
};

static void dt_callback(void *arg, const struct dmaengine_result *res)
{
	struct dt_wait *w = arg;

	w->result = res->result;
	atomic_inc(&w->calls);
	complete(&w->done);
}

/* submit @tx, issue, wait for its callback; returns the tx_status */
static enum dma_status dt_run(struct kunit *test,
			      struct dma_async_tx_descriptor *tx)
{
	struct dt_ctx *ctx = test->priv;
	struct dt_wait w = { .result = DMA_TRANS_ABORTED };
	dma_cookie_t cookie;
	unsigned long left;

	KUNIT_ASSERT_NOT_NULL(test, tx);
	init_completion(&w.done);
	tx->callback_result = dt_callback;
	tx->callback_param = &w;
	cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GE(test, cookie, DMA_MIN_COOKIE);
	dma_async_issue_pending(ctx->chan);
	left = wait_for_completion_timeout(&w.done,
					   msecs_to_jiffies(DT_TIMEOUT_MS));
	KUNIT_ASSERT_NE_MSG(test, 0UL, left, "no callback within %d ms",
			    DT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&w.calls), 1);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	return dmaengine_tx_status(ctx->chan, cookie, NULL);
}

static int dt_init_with(struct kunit *test, enum dma_transaction_type cap)
{
	struct dt_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	dma_cap_mask_t mask;

	if (!ctx)
		return -ENOMEM;
	dma_cap_zero(mask);
	dma_cap_set(cap, mask);
	ctx->chan = dma_request_channel(mask, cbdma_filter, NULL);
	if (!ctx->chan)
		kunit_skip(test, "no cbdma channel with this capability");
	ctx->dev = ctx->chan->device->dev;
	INIT_LIST_HEAD(&ctx->bufs);
	/* KUnit runs the suites before any init function of this module */
	if (!seed) {
		seed = get_random_u32() | 1;
		pr_info("cbdma_device_test: seed=%u (load with seed=%u to repeat)\n",
			seed, seed);
	}
	prandom_seed_state(&ctx->rnd, seed);
	test->priv = ctx;
	return 0;
}

static int dt_init(struct kunit *test)
{
	return dt_init_with(test, DMA_MEMCPY);
}

static void dt_exit(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dt_buf *b, *n;

	if (!ctx || !ctx->chan)
		return;
	/* nothing may still be running on the buffers */
	dmaengine_terminate_sync(ctx->chan);
	list_for_each_entry_safe(b, n, &ctx->bufs, node) {
		dma_unmap_single(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
		free_pages_exact(b->va, b->size);
	}
	dma_release_channel(ctx->chan);
}

/* memcpy and memset: (length, offset) sweep */

struct dt_size {
	size_t len;
	unsigned int off;
};

static const struct dt_size dt_sizes[] = {
	{ 1, 0 }, { 1, 63 }, { 7, 5 }, { 64, 0 }, { 4095, 1 }, { 4096, 0 },
	{ 65537, 3 }, { SZ_1M, 0 }, { SZ_1M + 3, 61 }, { 3 * SZ_1M + 17, 9 },
};

static void dt_size_desc(const struct dt_size *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "len %zu off %u", s->len,
		 s->off);
}

KUNIT_ARRAY_PARAM(dt_size, dt_sizes, dt_size_desc);

static void cbdma_device_memcpy(struct kunit *test)
{
	const struct dt_size *p = test->param_value;
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dt_buf *src = dt_buf(test, p->len + p->off);
	struct dt_buf *dst = dt_buf(test, p->len + p->off + 1);
	struct dma_async_tx_descriptor *tx;
	u8 guard;

	guard = dst->va[p->off + p->len];
	dt_sync_dev(dst);
	tx = dma->device_prep_dma_memcpy(ctx->chan, dst->dma + p->off,
					 src->dma + p->off, p->len, DT_FLAGS);
	KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
	dt_sync_cpu(dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst->va + p->off, src->va + p->off,
				     p->len), 0);
	KUNIT_EXPECT_EQ_MSG(test, dst->va[p->off + p->len], guard,
			    "byte after the destination was written");
}

static void cbdma_device_memset(struct kunit *test)
{
	const struct dt_size *p = test->param_value;
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dt_buf *dst = dt_buf(test, p->len + p->off + 1);
	u8 guard = dst->va[p->off + p->len];
	struct dma_async_tx_descriptor *tx;

	if (!dma_has_cap(DMA_MEMSET, dma->cap_mask))
		kunit_skip(test, "no memset");
	tx = dma->device_prep_dma_memset(ctx->chan, dst->dma + p->off, 0x1c7,
					 p->len, DT_FLAGS);
	KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
	dt_sync_cpu(dst);
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->va + p->off, 0xc7, p->len));
	KUNIT_EXPECT_EQ(test, dst->va[p->off + p->len], guard);
}

/* xor with every source count, against xor_blocks() */

static const unsigned int dt_xor_counts[] = { 2, 3, 4, 5, 6, 7, 8 };

static void dt_count_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u sources", *n);
}

KUNIT_ARRAY_PARAM(dt_xor, dt_xor_counts, dt_count_desc);

static int dt_init_xor(struct kunit *test)
{
	return dt_init_with(test, DMA_XOR);
}

static void cbdma_device_xor(struct kunit *test)
{
	unsigned int n = *(const unsigned int *)test->param_value, i;
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	/* xor_blocks() works in 512-byte lines */
	const size_t len = 8192;
	struct dt_buf *src[8], *dst = dt_buf(test, len + 3);
	dma_addr_t dsrc[8];
	void *cpu[8];
	u8 *want = kunit_kzalloc(test, len, GFP_KERNEL);
	enum sum_check_flags res = 0;
	dma_addr_t vsrc[9];

	KUNIT_ASSERT_NOT_NULL(test, want);
	/* the engine works at odd offsets; xor_blocks() wants them aligned */
	for (i = 0; i < n; i++) {
		src[i] = dt_buf(test, len + 3);
		dsrc[i] = src[i]->dma + 3;
		cpu[i] = kunit_kmalloc(test, len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, cpu[i]);
		memcpy(cpu[i], src[i]->va + 3, len);
	}
	tx = dma->device_prep_dma_xor(ctx->chan, dst->dma + 3, dsrc, n, len,
				      DT_FLAGS);
	KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
	dt_sync_cpu(dst);
	/* xor_blocks() takes at most 4 sources at a time */
	for (i = 0; i < n; i += 4)
		xor_blocks(min(n - i, 4u), len, want, &cpu[i]);
	KUNIT_EXPECT_EQ(test, memcmp(dst->va + 3, want, len), 0);

	/* xor_val agrees with the parity just made, then sees a flip */
	vsrc[0] = dst->dma + 3;
	memcpy(&vsrc[1], dsrc, n * sizeof(*dsrc));
	tx = dma->device_prep_dma_xor_val(ctx->chan, vsrc, n + 1, len, &res,
					  DT_FLAGS);
	dt_run(test, tx);
	KUNIT_EXPECT_EQ(test, res, 0);
	dst->va[100] ^= 0x40;
	dt_sync_dev(dst);
	tx = dma->device_prep_dma_xor_val(ctx->chan, vsrc, n + 1, len, &res,
					  DT_FLAGS);
	dt_run(test, tx);
	KUNIT_EXPECT_EQ(test, res, SUM_CHECK_P_RESULT);
}

/* pq with 1..16 sources and random coefficients */

static const unsigned int dt_pq_counts[] = { 1, 2, 3, 4, 7, 8, 9, 13, 16 };
KUNIT_ARRAY_PARAM(dt_pq, dt_pq_counts, dt_count_desc);

static int dt_init_pq(struct kunit *test)
{
	return dt_init_with(test, DMA_PQ);
}

static void dt_pq_reference(u8 **src, const u8 *coef, unsigned int n,
			    size_t len, u8 *p, u8 *q)
{
	unsigned int i;
	size_t b;

	memset(p, 0, len);
	memset(q, 0, len);
	for (i = 0; i < n; i++)
		for (b = 0; b < len; b++) {
			p[b] ^= src[i][b];
			q[b] ^= raid6_gfmul[coef[i]][src[i][b]];
		}
}

/* one pq of @n sources of @len bytes, checked against the reference */
struct dt_pq {
	struct dt_buf *p, *q;
	dma_addr_t dpq[2], dsrc[DT_MAX_SRC];
	u8 coef[DT_MAX_SRC];
};

static void dt_pq_run(struct kunit *test, struct dt_pq *pq, unsigned int n,
		      size_t len)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	u8 *want_p = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *want_q = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *cpu[DT_MAX_SRC];
	struct dt_buf *src;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, want_p);
	KUNIT_ASSERT_NOT_NULL(test, want_q);
	pq->p = dt_buf(test, len);
	pq->q = dt_buf(test, len);
	pq->dpq[0] = pq->p->dma;
	pq->dpq[1] = pq->q->dma;
	for (i = 0; i < n; i++) {
		src = dt_buf(test, len);
		pq->dsrc[i] = src->dma;
		cpu[i] = src->va;
		pq->coef[i] = prandom_u32_state(&ctx->rnd);
	}
	tx = dma->device_prep_dma_pq(ctx->chan, pq->dpq, pq->dsrc, n, pq->coef,
				     len, DT_FLAGS);
	KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
	dt_sync_cpu(pq->p);
	dt_sync_cpu(pq->q);
	dt_pq_reference(cpu, pq->coef, n, len, want_p, want_q);
	KUNIT_EXPECT_EQ(test, memcmp(pq->p->va, want_p, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(pq->q->va, want_q, len), 0);
}

static void cbdma_device_pq(struct kunit *test)
{
	unsigned int n = *(const unsigned int *)test->param_value;
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	const size_t len = 4096 * 3;
	enum sum_check_flags res = 0;
	struct dt_pq pq;

	if (n > dma_maxpq(dma, 0))
		kunit_skip(test, "device takes %d sources", dma_maxpq(dma, 0));
	dt_pq_run(test, &pq, n, len);

	/* pq_val agrees, then sees a flipped Q byte */
	tx = dma->device_prep_dma_pq_val(ctx->chan, pq.dpq, pq.dsrc, n,
					 pq.coef, len, &res, DT_FLAGS);
	dt_run(test, tx);
	KUNIT_EXPECT_EQ(test, res, 0);
	pq.q->va[len - 1] ^= 1;
	dt_sync_dev(pq.q);
	tx = dma->device_prep_dma_pq_val(ctx->chan, pq.dpq, pq.dsrc, n,
					 pq.coef, len, &res, DT_FLAGS);
	dt_run(test, tx);
	KUNIT_EXPECT_EQ(test, res, SUM_CHECK_Q_RESULT);
}

/*
 * A 9-source pq over two XFERCAP chunks (the model's default XFERCAP is
 * 2^20) takes two ring slots and two super-extended descriptors, on a
 * channel whose descriptor cache holds freed two-slot descriptors: the
 * prep must not take one of those (no room for the super-extended ones;
 * KASAN in the debug flavour sees the overrun).
 */
static void cbdma_device_pq16_split(struct kunit *test)
{
	const unsigned int n = 9;
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	struct dt_buf *a, *b;
	struct dt_pq pq;
	unsigned int i;

	if (dma_maxpq(dma, 0) < n)
		kunit_skip(test, "device takes %d sources", dma_maxpq(dma, 0));
	/* fill the channel's cache with freed small descriptors */
	a = dt_buf(test, PAGE_SIZE);
	b = dt_buf(test, PAGE_SIZE);
	for (i = 0; i < 4; i++) {
		tx = dma->device_prep_dma_memcpy(ctx->chan, b->dma, a->dma, 64,
						 DT_FLAGS);
		KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
	}
	dt_pq_run(test, &pq, n, SZ_1M + SZ_4K);
}

/* the syndrome md uses (coefficients g^i) is lib/raid6's */
static void cbdma_device_pq_matches_raid6(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	const unsigned int n = 6;
	const size_t len = PAGE_SIZE;
	struct dt_buf *src[6], *p = dt_buf(test, len), *q = dt_buf(test, len);
	dma_addr_t dsrc[6], dpq[2] = { p->dma, q->dma };
	void *ptrs[8];
	u8 coef[6];
	unsigned int i;

	for (i = 0; i < n; i++) {
		src[i] = dt_buf(test, len);
		dsrc[i] = src[i]->dma;
		ptrs[i] = src[i]->va;
		coef[i] = raid6_gfexp[i];
	}
	ptrs[n] = kunit_kzalloc(test, len, GFP_KERNEL);
	ptrs[n + 1] = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ptrs[n]);
	KUNIT_ASSERT_NOT_NULL(test, ptrs[n + 1]);
	raid6_call.gen_syndrome(n + 2, len, ptrs);
	tx = dma->device_prep_dma_pq(ctx->chan, dpq, dsrc, n, coef, len,
				     DT_FLAGS);
	dt_run(test, tx);
	dt_sync_cpu(p);
	dt_sync_cpu(q);
	KUNIT_EXPECT_EQ(test, memcmp(p->va, ptrs[n], len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(q->va, ptrs[n + 1], len), 0);
}

/* P only, Q only: the disabled result is left alone */
static void cbdma_device_pq_disable(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	const size_t len = 4096;
	struct dt_buf *src[3], *p = dt_buf(test, len), *q = dt_buf(test, len);
	u8 *want_p = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *want_q = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *q_before = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *p_before = kunit_kzalloc(test, len, GFP_KERNEL);
	dma_addr_t dsrc[3], dpq[2];
	u8 *cpu[3], coef[3] = { 3, 7, 0x8e };
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, q_before);
	KUNIT_ASSERT_NOT_NULL(test, p_before);
	for (i = 0; i < 3; i++) {
		src[i] = dt_buf(test, len);
		dsrc[i] = src[i]->dma;
		cpu[i] = src[i]->va;
	}
	dt_pq_reference(cpu, coef, 3, len, want_p, want_q);

	memcpy(q_before, q->va, len);
	dpq[0] = p->dma;
	dpq[1] = q->dma;
	tx = dma->device_prep_dma_pq(ctx->chan, dpq, dsrc, 3, coef, len,
				     DMA_PREP_PQ_DISABLE_Q | DT_FLAGS);
	dt_run(test, tx);
	dt_sync_cpu(p);
	dt_sync_cpu(q);
	KUNIT_EXPECT_EQ(test, memcmp(p->va, want_p, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(q->va, q_before, len), 0);

	memcpy(p_before, p->va, len);
	dpq[0] = p->dma;
	dpq[1] = q->dma;
	tx = dma->device_prep_dma_pq(ctx->chan, dpq, dsrc, 3, coef, len,
				     DMA_PREP_PQ_DISABLE_P | DT_FLAGS);
	dt_run(test, tx);
	dt_sync_cpu(p);
	dt_sync_cpu(q);
	KUNIT_EXPECT_EQ(test, memcmp(q->va, want_q, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(p->va, p_before, len), 0);
}

/* DMA_PREP_CONTINUE: pq(A) then pq(B, continue) == pq(A + B) */
static void cbdma_device_pq_continue(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	const size_t len = 4096;
	struct dt_buf *src[6], *p = dt_buf(test, len), *q = dt_buf(test, len);
	u8 *want_p = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *want_q = kunit_kzalloc(test, len, GFP_KERNEL);
	dma_addr_t dsrc[6], dpq[2];
	u8 *cpu[6], coef[6];
	unsigned int i;

	for (i = 0; i < 6; i++) {
		src[i] = dt_buf(test, len);
		dsrc[i] = src[i]->dma;
		cpu[i] = src[i]->va;
		coef[i] = raid6_gfexp[i];
	}
	dt_pq_reference(cpu, coef, 6, len, want_p, want_q);
	dpq[0] = p->dma;
	dpq[1] = q->dma;
	tx = dma->device_prep_dma_pq(ctx->chan, dpq, dsrc, 3, coef, len,
				     DT_FLAGS);
	dt_run(test, tx);
	dpq[0] = p->dma;
	dpq[1] = q->dma;
	tx = dma->device_prep_dma_pq(ctx->chan, dpq, &dsrc[3], 3, &coef[3],
				     len, DMA_PREP_CONTINUE | DT_FLAGS);
	dt_run(test, tx);
	dt_sync_cpu(p);
	dt_sync_cpu(q);
	KUNIT_EXPECT_EQ(test, memcmp(p->va, want_p, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(q->va, want_q, len), 0);
}

/* ordering, callbacks, status */

struct dt_seq {
	atomic_t next;
	int order[256];
	atomic_t calls;
	struct completion done;
	int total;
};

struct dt_seq_arg {
	struct dt_seq *seq;
	int id;
};

static void dt_seq_callback(void *arg, const struct dmaengine_result *res)
{
	struct dt_seq_arg *a = arg;
	int slot = atomic_inc_return(&a->seq->next) - 1;

	if (slot < ARRAY_SIZE(a->seq->order))
		a->seq->order[slot] = a->id;
	if (atomic_inc_return(&a->seq->calls) == a->seq->total)
		complete(&a->seq->done);
}

/*
 * A chain of copies, each from the previous one's destination, with FENCE:
 * the last buffer holds the first; callbacks come once each, in order.
 */
static void cbdma_device_fence_and_order(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	const int n = 200;
	const size_t len = 4096;
	struct dt_buf *a = dt_buf(test, len), *b = dt_buf(test, len);
	struct dt_seq *seq = kunit_kzalloc(test, sizeof(*seq), GFP_KERNEL);
	struct dt_seq_arg *args = kunit_kcalloc(test, n, sizeof(*args),
						GFP_KERNEL);
	u8 *orig = kunit_kzalloc(test, len, GFP_KERNEL);
	dma_cookie_t last = 0;
	enum dma_status st;
	unsigned long left;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, seq);
	KUNIT_ASSERT_NOT_NULL(test, args);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, a->va, len);
	init_completion(&seq->done);
	seq->total = n;
	for (i = 0; i < n; i++) {
		struct dt_buf *from = i & 1 ? b : a, *to = i & 1 ? a : b;
		unsigned long flags = DMA_PREP_FENCE | DMA_CTRL_ACK |
				      (i % 16 == 15 ? DMA_PREP_INTERRUPT : 0);
		struct dma_async_tx_descriptor *tx;

		/* odd steps copy back, so the data must travel in order */
		tx = dma->device_prep_dma_memcpy(ctx->chan, to->dma + (i & 7),
						 from->dma + ((i + 7) & 7),
						 len - 8, flags);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		args[i].seq = seq;
		args[i].id = i;
		tx->callback_result = dt_seq_callback;
		tx->callback_param = &args[i];
		last = dmaengine_submit(tx);
		/* not issued yet: in progress */
		if (i == 0) {
			st = dmaengine_tx_status(ctx->chan, last, NULL);
			KUNIT_EXPECT_EQ(test, st, DMA_IN_PROGRESS);
		}
	}
	dma_async_issue_pending(ctx->chan);
	left = wait_for_completion_timeout(&seq->done,
					   msecs_to_jiffies(DT_TIMEOUT_MS));
	KUNIT_ASSERT_NE(test, 0UL, left);
	/* no callback more than once */
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&seq->calls), n);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, seq->order[i], i);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, last, NULL),
			DMA_COMPLETE);
}

/* bad input: NULL from prep, no warning, no hang */
static void cbdma_device_bad_input(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_chan *chan = ctx->chan;
	struct dma_device *dma = chan->device;
	struct dt_buf *b = dt_buf(test, 4096);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t src[20] = { };
	u8 coef[20] = { };
	unsigned int i;

	for (i = 0; i < 20; i++)
		src[i] = b->dma;
	tx = dma->device_prep_dma_memcpy(chan, b->dma, b->dma, 0, 0);
	KUNIT_EXPECT_NULL(test, tx);
	/* more than any ring holds, and lengths whose rounding up wraps */
	tx = dma->device_prep_dma_memcpy(chan, b->dma, b->dma, SIZE_MAX, 0);
	KUNIT_EXPECT_NULL(test, tx);
	tx = dma->device_prep_dma_memcpy(chan, b->dma, b->dma,
					 SIZE_MAX - 4096, 0);
	KUNIT_EXPECT_NULL(test, tx);
	tx = dma->device_prep_dma_memcpy(chan, b->dma, b->dma,
					 (size_t)1 << 40, 0);
	KUNIT_EXPECT_NULL(test, tx);
	if (dma->device_prep_dma_memset) {
		tx = dma->device_prep_dma_memset(chan, b->dma, 0, 0, 0);
		KUNIT_EXPECT_NULL(test, tx);
		tx = dma->device_prep_dma_memset(chan, b->dma, 0, SIZE_MAX, 0);
		KUNIT_EXPECT_NULL(test, tx);
	}
	if (dma->device_prep_dma_xor) {
		tx = dma->device_prep_dma_xor(chan, b->dma, src, 1, 64, 0);
		KUNIT_EXPECT_NULL(test, tx);
		tx = dma->device_prep_dma_xor(chan, b->dma, src,
					      dma->max_xor + 1, 64, 0);
		KUNIT_EXPECT_NULL(test, tx);
		tx = dma->device_prep_dma_xor(chan, b->dma, src, 2, 0, 0);
		KUNIT_EXPECT_NULL(test, tx);
		tx = dma->device_prep_dma_xor(chan, b->dma, src, 2, SIZE_MAX,
					      0);
		KUNIT_EXPECT_NULL(test, tx);
	}
	if (dma->device_prep_dma_pq) {
		dma_addr_t pq[2] = { b->dma, b->dma };
		unsigned int too_many = dma_maxpq(dma, 0) + 1;

		tx = dma->device_prep_dma_pq(chan, pq, src, too_many, coef,
					     64, 0);
		KUNIT_EXPECT_NULL(test, tx);
		tx = dma->device_prep_dma_pq(chan, pq, src, 0, coef, 64, 0);
		KUNIT_EXPECT_NULL(test, tx);
		tx = dma->device_prep_dma_pq(chan, pq, src, 2, coef, SIZE_MAX,
					     0);
		KUNIT_EXPECT_NULL(test, tx);
	}
	/* a good one still goes through afterwards */
	tx = dma->device_prep_dma_memcpy(chan, b->dma + 2048, b->dma, 2048,
					 DT_FLAGS);
	KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
}

/* terminate_all with work in flight: no callback after, channel reusable */
static void cbdma_device_terminate(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_async_tx_descriptor *tx;
	const int n = 64;
	struct dt_buf *a = dt_buf(test, SZ_1M), *b = dt_buf(test, SZ_1M);
	struct dt_seq *seq = kunit_kzalloc(test, sizeof(*seq), GFP_KERNEL);
	struct dt_seq_arg *args = kunit_kcalloc(test, n, sizeof(*args),
						GFP_KERNEL);
	int i, calls;

	KUNIT_ASSERT_NOT_NULL(test, seq);
	KUNIT_ASSERT_NOT_NULL(test, args);
	init_completion(&seq->done);
	seq->total = n;
	for (i = 0; i < n; i++) {
		tx = dma->device_prep_dma_memcpy(ctx->chan, b->dma, a->dma,
						 SZ_1M, DT_FLAGS);
		if (!tx)
			break;
		args[i].seq = seq;
		args[i].id = i;
		tx->callback_result = dt_seq_callback;
		tx->callback_param = &args[i];
		dmaengine_submit(tx);
	}
	dma_async_issue_pending(ctx->chan);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(ctx->chan), 0);
	calls = atomic_read(&seq->calls);
	msleep(50);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&seq->calls), calls,
			    "callbacks after terminate_sync returned");
	KUNIT_EXPECT_LE(test, calls, n);
	/* the channel serves again */
	tx = dma->device_prep_dma_memcpy(ctx->chan, b->dma, a->dma, 4096,
					 DT_FLAGS);
	KUNIT_EXPECT_EQ(test, dt_run(test, tx), DMA_COMPLETE);
	dt_sync_cpu(b);
	KUNIT_EXPECT_EQ(test, memcmp(a->va, b->va, 4096), 0);
}

/* several threads on several channels at once */

struct dt_worker {
	struct kunit *test;
	struct dma_chan *chan;
	int id;
	int failures;
	struct completion done;
};

static int dt_worker_fn(void *data)
{
	struct dt_worker *w = data;
	struct dma_chan *chan = w->chan;
	struct dma_device *dma = chan->device;
	struct device *dev = dma->dev;
	const size_t len = 8192;
	u8 *src = kmalloc(len, GFP_KERNEL), *dst = kzalloc(len, GFP_KERNEL);
	dma_addr_t ds, dd;
	int i;

	if (!src || !dst) {
		w->failures++;
		goto out;
	}
	get_random_bytes(src, len);
	ds = dma_map_single(dev, src, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, ds)) {
		w->failures++;
		goto out;
	}
	dd = dma_map_single(dev, dst, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, dd)) {
		dma_unmap_single(dev, ds, len, DMA_TO_DEVICE);
		w->failures++;
		goto out;
	}
	for (i = 0; i < 100; i++) {
		struct dma_async_tx_descriptor *tx;
		dma_cookie_t cookie;
		unsigned long end = jiffies + msecs_to_jiffies(DT_TIMEOUT_MS);
		enum dma_status st;

		do {
			tx = dma->device_prep_dma_memcpy(chan, dd + i, ds + i,
							 len - i, DMA_CTRL_ACK);
			if (!tx)
				usleep_range(50, 100);
		} while (!tx && time_before(jiffies, end));
		if (!tx) {
			w->failures++;
			break;
		}
		cookie = dmaengine_submit(tx);
		dma_async_issue_pending(chan);
		/* polled: tx_status must make progress by itself */
		do {
			st = dmaengine_tx_status(chan, cookie, NULL);
			if (st == DMA_IN_PROGRESS)
				usleep_range(20, 50);
		} while (st == DMA_IN_PROGRESS && time_before(jiffies, end));
		dma_sync_single_for_cpu(dev, dd, len, DMA_FROM_DEVICE);
		if (st != DMA_COMPLETE || memcmp(dst + i, src + i, len - i))
			w->failures++;
		dma_sync_single_for_device(dev, dd, len, DMA_FROM_DEVICE);
	}
	dma_unmap_single(dev, ds, len, DMA_TO_DEVICE);
	dma_unmap_single(dev, dd, len, DMA_FROM_DEVICE);
out:
	kfree(src);
	kfree(dst);
	complete(&w->done);
	return 0;
}

static void cbdma_device_concurrent(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_chan *chans[2] = { ctx->chan, NULL };
	struct dt_worker w[6];
	dma_cap_mask_t mask;
	unsigned long left;
	int i;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chans[1] = dma_request_channel(mask, cbdma_filter, NULL);
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		w[i].test = test;
		w[i].chan = chans[1] ? chans[i & 1] : chans[0];
		w[i].id = i;
		w[i].failures = 0;
		init_completion(&w[i].done);
		kthread_run(dt_worker_fn, &w[i], "cbdma-kunit-%d", i);
	}
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		left = wait_for_completion_timeout(&w[i].done,
						   msecs_to_jiffies(60000));
		KUNIT_EXPECT_NE(test, 0UL, left);
		KUNIT_EXPECT_EQ_MSG(test, w[i].failures, 0, "worker %d", i);
	}
	if (chans[1])
		dma_release_channel(chans[1]);
}

/* requesting channels: by capability mask, by filter, public or private */
static void cbdma_device_request(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *dma = ctx->chan->device;
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	char not_a_cbdma_dev;

	/* by a mask of everything the device offers */
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	dma_cap_set(DMA_XOR, mask);
	dma_cap_set(DMA_PQ, mask);
	chan = dma_request_channel(mask, cbdma_filter, to_pci_dev(dma->dev));
	if (dma_has_cap(DMA_XOR, dma->cap_mask) &&
	    dma_has_cap(DMA_PQ, dma->cap_mask)) {
		KUNIT_EXPECT_NOT_NULL(test, chan);
		if (chan) {
			KUNIT_EXPECT_PTR_EQ(test, chan->device, dma);
			dma_release_channel(chan);
		}
	}
	/* the filter refuses other devices: any pointer but its pci_dev */
	KUNIT_EXPECT_FALSE(test, cbdma_filter(ctx->chan, &not_a_cbdma_dev));
	KUNIT_EXPECT_TRUE(test, cbdma_filter(ctx->chan, NULL));
}

static struct kunit_case cbdma_device_cases[] = {
	KUNIT_CASE_PARAM(cbdma_device_memcpy, dt_size_gen_params),
	KUNIT_CASE_PARAM(cbdma_device_memset, dt_size_gen_params),
	KUNIT_CASE(cbdma_device_fence_and_order),
	KUNIT_CASE(cbdma_device_bad_input),
	KUNIT_CASE(cbdma_device_terminate),
	KUNIT_CASE(cbdma_device_concurrent),
	KUNIT_CASE(cbdma_device_request),
	{}
};

static struct kunit_suite cbdma_device_suite = {
	.name = "cbdma_device",
	.init = dt_init,
	.exit = dt_exit,
	.test_cases = cbdma_device_cases,
};

static struct kunit_case cbdma_raid_cases[] = {
	KUNIT_CASE_PARAM(cbdma_device_xor, dt_xor_gen_params),
	{}
};

static struct kunit_suite cbdma_raid_xor_suite = {
	.name = "cbdma_raid_xor",
	.init = dt_init_xor,
	.exit = dt_exit,
	.test_cases = cbdma_raid_cases,
};

static struct kunit_case cbdma_pq_cases[] = {
	KUNIT_CASE_PARAM(cbdma_device_pq, dt_pq_gen_params),
	KUNIT_CASE(cbdma_device_pq_matches_raid6),
	KUNIT_CASE(cbdma_device_pq16_split),
	KUNIT_CASE(cbdma_device_pq_disable),
	KUNIT_CASE(cbdma_device_pq_continue),
	{}
};

static struct kunit_suite cbdma_raid_pq_suite = {
	.name = "cbdma_raid_pq",
	.init = dt_init_pq,
	.exit = dt_exit,
	.test_cases = cbdma_pq_cases,
};

kunit_test_suites(&cbdma_device_suite, &cbdma_raid_xor_suite,
		  &cbdma_raid_pq_suite);

MODULE_DESCRIPTION("KUnit tests for cbdma channels on the engine");
MODULE_LICENSE("GPL");
