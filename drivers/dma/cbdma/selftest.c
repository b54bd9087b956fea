// SPDX-License-Identifier: GPL-2.0
/*
 * Probe self-test: every advertised operation runs once on channel 0 and
 * is checked against the CPU (xor_blocks() and lib/raid6's tables). An
 * operation that fails is dropped from the capability mask with a log
 * line; the device stays. Only a failing memcpy or interrupt, which every
 * client needs, fails the probe.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/raid/pq.h>
#include <linux/raid/xor.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "cbdma.h"

#define ST_LEN		2048
#define ST_NSRC		3
/* the sources, then two results (a copy, fill or xor, or P; Q) */
#define ST_BUF_LEN	((ST_NSRC + 2) * ST_LEN)
#define ST_TIMEOUT_MS	3000
#define ST_FLAGS	(DMA_PREP_INTERRUPT | DMA_CTRL_ACK)

struct cbdma_st {
	struct cbdma_device *cbdev;
	struct dma_chan *chan;
	struct device *dev;
	u8 *buf;			/* ST_BUF_LEN, mapped */
	dma_addr_t dma;
	/*
	 * The CPU's answer, outside the mapped buffer: a sync for the CPU
	 * (with bounce buffering, a copy back) rewrites all of that.
	 */
	u8 *want;
};

static u8 *st_src(struct cbdma_st *st, unsigned int i)
{
	return st->buf + i * ST_LEN;
}

static dma_addr_t st_src_dma(struct cbdma_st *st, unsigned int i)
{
	return st->dma + i * ST_LEN;
}

static void st_callback(void *arg)
{
	complete(arg);
}

/* Submit, issue, and wait for the callback; 0 when it ran clean. */
static int st_run(struct cbdma_st *st, struct dma_async_tx_descriptor *tx,
		  const char *what)
{
	DECLARE_COMPLETION_ONSTACK(done);
	dma_cookie_t cookie;

	if (!tx) {
		dev_err(st->dev, "self-test: %s: prep failed\n", what);
		return -ENOMEM;
	}
	tx->callback = st_callback;
	tx->callback_param = &done;
	cookie = dmaengine_submit(tx);
	dma_async_issue_pending(st->chan);
	if (!wait_for_completion_timeout(&done,
					 msecs_to_jiffies(ST_TIMEOUT_MS))) {
		dev_err(st->dev, "self-test: %s: no completion interrupt\n",
			what);
		dmaengine_terminate_sync(st->chan);
		return -ETIMEDOUT;
	}
	if (dma_async_is_tx_complete(st->chan, cookie, NULL, NULL) !=
	    DMA_COMPLETE) {
		dev_err(st->dev, "self-test: %s: completed with an error\n",
			what);
		return -EIO;
	}
	return 0;
}

static int st_check(struct cbdma_st *st, const u8 *got, const u8 *want,
		    const char *what)
{
	dma_sync_single_for_cpu(st->dev, st->dma, ST_BUF_LEN,
				DMA_BIDIRECTIONAL);
	if (memcmp(got, want, ST_LEN)) {
		dev_err(st->dev, "self-test: %s: wrong result\n", what);
		return -EIO;
	}
	return 0;
}

static int st_memcpy(struct cbdma_st *st)
{
	struct dma_device *dma = st->chan->device;
	struct dma_async_tx_descriptor *tx;
	int ret;

	memset(st_src(st, ST_NSRC), 0, ST_LEN);
	tx = dma->device_prep_dma_memcpy(st->chan, st_src_dma(st, ST_NSRC),
					 st_src_dma(st, 0), ST_LEN, ST_FLAGS);
	ret = st_run(st, tx, "memcpy");
	return ret ?: st_check(st, st_src(st, ST_NSRC), st_src(st, 0),
			       "memcpy");
}

static int st_memset(struct cbdma_st *st)
{
	struct dma_device *dma = st->chan->device;
	struct dma_async_tx_descriptor *tx;
	u8 *want = st->want;
	int ret;

	memset(want, 0xa5, ST_LEN);
	memset(st_src(st, ST_NSRC), 0, ST_LEN);
	tx = dma->device_prep_dma_memset(st->chan, st_src_dma(st, ST_NSRC),
					 0xa5, ST_LEN, ST_FLAGS);
	ret = st_run(st, tx, "memset");
	return ret ?: st_check(st, st_src(st, ST_NSRC), want, "memset");
}

static int st_xor(struct cbdma_st *st)
{
	struct dma_device *dma = st->chan->device;
	struct dma_async_tx_descriptor *tx;
	dma_addr_t src[ST_NSRC + 1];
	void *cpu_src[ST_NSRC];
	u8 *want = st->want, *dst = st_src(st, ST_NSRC);
	enum sum_check_flags res = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < ST_NSRC; i++) {
		src[i] = st_src_dma(st, i);
		cpu_src[i] = st_src(st, i);
	}
	memset(want, 0, ST_LEN);
	xor_blocks(ST_NSRC, ST_LEN, want, cpu_src);
	tx = dma->device_prep_dma_xor(st->chan, st_src_dma(st, ST_NSRC), src,
				      ST_NSRC, ST_LEN, ST_FLAGS);
	ret = st_run(st, tx, "xor");
	ret = ret ?: st_check(st, dst, want, "xor");
	if (ret)
		return ret;

	/* xor_val: the parity just made matches, a flipped byte does not */
	src[0] = st_src_dma(st, ST_NSRC);
	for (i = 0; i < ST_NSRC; i++)
		src[i + 1] = st_src_dma(st, i);
	tx = dma->device_prep_dma_xor_val(st->chan, src, ST_NSRC + 1, ST_LEN,
					  &res, ST_FLAGS);
	ret = st_run(st, tx, "xor_val");
	if (!ret && res) {
		dev_err(st->dev, "self-test: xor_val: false mismatch\n");
		return -EIO;
	}
	dst[ST_LEN / 2] ^= 0x5a;
	dma_sync_single_for_device(st->dev, st->dma, ST_BUF_LEN,
				   DMA_BIDIRECTIONAL);
	if (!ret) {
		tx = dma->device_prep_dma_xor_val(st->chan, src, ST_NSRC + 1,
						  ST_LEN, &res, ST_FLAGS);
		ret = st_run(st, tx, "xor_val");
	}
	if (!ret && res != SUM_CHECK_P_RESULT) {
		dev_err(st->dev, "self-test: xor_val: mismatch not seen\n");
		return -EIO;
	}
	return ret;
}

static int st_pq(struct cbdma_st *st)
{
	struct dma_device *dma = st->chan->device;
	struct dma_async_tx_descriptor *tx;
	u8 *p = st_src(st, ST_NSRC), *q = st_src(st, ST_NSRC + 1);
	u8 *want = st->want;
	dma_addr_t src[ST_NSRC], pq[2];
	u8 coef[ST_NSRC];
	enum sum_check_flags res = 0;
	unsigned int i, b;
	int ret;

	for (i = 0; i < ST_NSRC; i++) {
		src[i] = st_src_dma(st, i);
		coef[i] = raid6_gfexp[i];
	}
	pq[0] = st_src_dma(st, ST_NSRC);
	pq[1] = st_src_dma(st, ST_NSRC + 1);
	tx = dma->device_prep_dma_pq(st->chan, pq, src, ST_NSRC, coef, ST_LEN,
				     ST_FLAGS);
	ret = st_run(st, tx, "pq");
	if (ret)
		return ret;
	/* Q by lib/raid6's multiplication table, P by the same sum */
	memset(want, 0, ST_LEN);
	for (i = 0; i < ST_NSRC; i++)
		for (b = 0; b < ST_LEN; b++)
			want[b] ^= raid6_gfmul[coef[i]][st_src(st, i)[b]];
	ret = st_check(st, q, want, "pq (Q)");
	memset(want, 0, ST_LEN);
	for (i = 0; i < ST_NSRC; i++)
		for (b = 0; b < ST_LEN; b++)
			want[b] ^= st_src(st, i)[b];
	ret = ret ?: st_check(st, p, want, "pq (P)");
	if (ret)
		return ret;

	tx = dma->device_prep_dma_pq_val(st->chan, pq, src, ST_NSRC, coef,
					 ST_LEN, &res, ST_FLAGS);
	ret = st_run(st, tx, "pq_val");
	if (!ret && res) {
		dev_err(st->dev, "self-test: pq_val: false mismatch\n");
		return -EIO;
	}
	q[7] ^= 0x01;
	dma_sync_single_for_device(st->dev, st->dma, ST_BUF_LEN,
				   DMA_BIDIRECTIONAL);
	if (!ret) {
		tx = dma->device_prep_dma_pq_val(st->chan, pq, src, ST_NSRC,
						 coef, ST_LEN, &res, ST_FLAGS);
		ret = st_run(st, tx, "pq_val");
	}
	if (!ret && res != SUM_CHECK_Q_RESULT) {
		dev_err(st->dev, "self-test: pq_val: Q mismatch not seen (%#x)\n",
			res);
		return -EIO;
	}
	return ret;
}

static int st_interrupt(struct cbdma_st *st)
{
	struct dma_device *dma = st->chan->device;
	struct dma_async_tx_descriptor *tx;

	tx = dma->device_prep_dma_interrupt(st->chan, ST_FLAGS);
	return st_run(st, tx, "interrupt");
}

static void st_drop(struct cbdma_device *cbdev, enum dma_transaction_type a,
		    enum dma_transaction_type b, const char *what)
{
	dev_err(&cbdev->pdev->dev,
		"self-test: %s failed: not offered to clients\n", what);
	dma_cap_clear(a, cbdev->caps.mask);
	dma_cap_clear(b, cbdev->caps.mask);
}

int cbdma_selftest(struct cbdma_device *cbdev)
{
	struct dma_device *dma = &cbdev->dma_dev;
	struct cbdma_st st = {
		.cbdev = cbdev,
		.chan = &cbdev->chans[0].dma_chan,
		.dev = &cbdev->pdev->dev,
	};
	int ret;

	/* run the very ops clients will get, before anyone can */
	dma->cap_mask = cbdev->caps.mask;
	cbdma_init_dma_ops(cbdev);
	cbdma_init_prep_ops(cbdev);
	st.buf = kmalloc(ST_BUF_LEN, GFP_KERNEL);
	st.want = kmalloc(ST_LEN, GFP_KERNEL);
	if (!st.buf || !st.want) {
		kfree(st.buf);
		kfree(st.want);
		return -ENOMEM;
	}
	get_random_bytes(st.buf, ST_NSRC * ST_LEN);
	st.dma = dma_map_single(st.dev, st.buf, ST_BUF_LEN,
				DMA_BIDIRECTIONAL);
	if (dma_mapping_error(st.dev, st.dma)) {
		kfree(st.buf);
		kfree(st.want);
		return -ENOMEM;
	}
	ret = dma->device_alloc_chan_resources(st.chan);
	if (ret < 0)
		goto unmap;

	ret = st_memcpy(&st) ?: st_interrupt(&st);
	if (ret) {
		dev_err(st.dev, "self-test: memcpy or interrupt failed: %d\n",
			ret);
		goto free;
	}
	if (dma_has_cap(DMA_MEMSET, cbdev->caps.mask) && st_memset(&st))
		st_drop(cbdev, DMA_MEMSET, DMA_MEMSET, "memset");
	if (dma_has_cap(DMA_XOR, cbdev->caps.mask) && st_xor(&st))
		st_drop(cbdev, DMA_XOR, DMA_XOR_VAL, "xor/xor_val");
	if (dma_has_cap(DMA_PQ, cbdev->caps.mask) && st_pq(&st))
		st_drop(cbdev, DMA_PQ, DMA_PQ_VAL, "pq/pq_val");
	if (!dma_has_cap(DMA_PRIVATE, cbdev->caps.mask) &&
	    !cbdma_caps_public(&cbdev->caps))
		dma_cap_set(DMA_PRIVATE, cbdev->caps.mask);
free:
	dma->device_free_chan_resources(st.chan);
unmap:
	dma_unmap_single(st.dev, st.dma, ST_BUF_LEN,
			 DMA_BIDIRECTIONAL);
	kfree(st.buf);
	kfree(st.want);
	/* drop the prep ops of what failed */
	dma->device_prep_dma_memset = NULL;
	dma->device_prep_dma_xor = NULL;
	dma->device_prep_dma_xor_val = NULL;
	dma->device_prep_dma_pq = NULL;
	dma->device_prep_dma_pq_val = NULL;
	return ret < 0 ? ret : 0;
}
