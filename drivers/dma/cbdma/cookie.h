/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cookie bookkeeping and callback invocation for a dma_chan. The kernel
 * keeps equivalent helpers in drivers/dma/dmaengine.h, which is not
 * installed with the kernel headers an out-of-tree module builds against.
 *
 * Cookies are handed out in submission order; chan->completed_cookie is
 * the newest completed one. The caller serialises with the channel lock.
 */
#ifndef _CBDMA_COOKIE_H
#define _CBDMA_COOKIE_H

#include <linux/dmaengine.h>

static inline void cbdma_cookie_init(struct dma_chan *chan)
{
	chan->cookie = DMA_MIN_COOKIE;
	chan->completed_cookie = DMA_MIN_COOKIE;
}

/* the cookie handed out after @cookie: INT_MAX wraps to DMA_MIN_COOKIE */
static inline dma_cookie_t cbdma_cookie_next(dma_cookie_t cookie)
{
	return cookie == INT_MAX ? DMA_MIN_COOKIE : cookie + 1;
}

static inline dma_cookie_t
cbdma_cookie_assign(struct dma_async_tx_descriptor *tx)
{
	struct dma_chan *chan = tx->chan;
	dma_cookie_t cookie = cbdma_cookie_next(chan->cookie);

	chan->cookie = cookie;
	tx->cookie = cookie;
	return cookie;
}

static inline void cbdma_cookie_complete(struct dma_async_tx_descriptor *tx)
{
	tx->chan->completed_cookie = tx->cookie;
	tx->cookie = 0;
}

static inline enum dma_status cbdma_cookie_status(struct dma_chan *chan,
						  dma_cookie_t cookie,
						  struct dma_tx_state *state)
{
	dma_cookie_t complete, used;

	/*
	 * completed_cookie first: a cookie is handed out before it
	 * completes, so used is then at least as new. The other way round,
	 * a submission and its completion between the two reads make
	 * complete pass used, which dma_async_is_complete() takes for a
	 * wrap, and a finished cookie reads as in progress.
	 */
	complete = READ_ONCE(chan->completed_cookie);
	/* completed_cookie before cookie, as said above */
	smp_rmb();
	used = READ_ONCE(chan->cookie);

	if (state) {
		state->last = complete;
		state->used = used;
		state->residue = 0;
		state->in_flight_bytes = 0;
	}
	return dma_async_is_complete(cookie, complete, used);
}

/*
 * Failed cookies, for tx_status. A channel fails descriptors in cookie
 * order: the one that halted it and every one queued behind it, or every
 * one submitted after its device went. So they are kept as runs of
 * consecutive cookies, the newest CBDMA_FAILED_RUNS runs: one fault, or a
 * dead channel's whole stream, is one run however many it failed. An
 * empty run is {0, 0}, and 0 is never a cookie.
 *
 * Cookies wrap from INT_MAX to DMA_MIN_COOKIE, some 2^31 submissions
 * apart (an hour at a real engine's rate), and a run may outlive that
 * when faults are rare. So each run is tagged with the epoch (the count
 * of wraps) its first cookie was handed out in, and a cookie is looked
 * up in the epoch of its newest hand-out: the current one up to the
 * channel's last cookie (@used), the one before above it.
 */
#define CBDMA_FAILED_RUNS	32

struct cbdma_failed_run {
	dma_cookie_t first;
	dma_cookie_t last;
	u32 epoch;			/* of first */
};

struct cbdma_failed_runs {
	struct cbdma_failed_run run[CBDMA_FAILED_RUNS];
	unsigned int next;		/* the slot of the next new run */
	u32 epoch;			/* wraps of the channel's cookies */
	bool any;			/* a run was ever recorded */
};

/* cbdma_cookie_assign() has just handed out @cookie */
static inline void cbdma_failed_assigned(struct cbdma_failed_runs *f,
					 dma_cookie_t cookie)
{
	if (unlikely(cookie == DMA_MIN_COOKIE))
		f->epoch++;
}

/* the epoch @cookie was last handed out in, @used the newest cookie */
static inline u32 cbdma_failed_epoch(const struct cbdma_failed_runs *f,
				     dma_cookie_t cookie, dma_cookie_t used)
{
	return cookie <= used ? f->epoch : f->epoch - 1;
}

/* the epoch of @cookie, one of @r's: past the wrap inside it, the next */
static inline u32 cbdma_failed_run_epoch(const struct cbdma_failed_run *r,
					 dma_cookie_t cookie)
{
	return cookie < r->first ? r->epoch + 1 : r->epoch;
}

static inline bool cbdma_failed_has(const struct cbdma_failed_runs *f,
				    dma_cookie_t cookie, dma_cookie_t used)
{
	u32 epoch = cbdma_failed_epoch(f, cookie, used);
	unsigned int i;

	for (i = 0; i < CBDMA_FAILED_RUNS; i++) {
		const struct cbdma_failed_run *r = &f->run[i];

		if (!r->first)
			continue;
		/* a run may wrap from INT_MAX to DMA_MIN_COOKIE */
		if ((r->first <= r->last ?
		     cookie >= r->first && cookie <= r->last :
		     cookie >= r->first || cookie <= r->last) &&
		    cbdma_failed_run_epoch(r, cookie) == epoch)
			return true;
	}
	return false;
}

/*
 * Whether any cookie of the channel failed: if not, tx_status needs no
 * lock to say so. Read after the cookie was seen complete; @cookie's run
 * is recorded before @cookie completes (cbdma_failed_add()).
 */
static inline bool cbdma_failed_any(const struct cbdma_failed_runs *f)
{
	/* pairs with the smp_wmb() in cbdma_failed_add() */
	smp_rmb();
	return READ_ONCE(f->any);
}

/* Record @cookie as failed; before the caller completes it. */
static inline void cbdma_failed_add(struct cbdma_failed_runs *f,
				    dma_cookie_t cookie, dma_cookie_t used)
{
	unsigned int last = (f->next + CBDMA_FAILED_RUNS - 1) %
			    CBDMA_FAILED_RUNS;
	struct cbdma_failed_run *prev = &f->run[last];
	u32 epoch = cbdma_failed_epoch(f, cookie, used);

	WRITE_ONCE(f->any, true);
	/* before the cookie's completion: pairs with cbdma_failed_any() */
	smp_wmb();
	if (prev->first && cbdma_cookie_next(prev->last) == cookie &&
	    cbdma_failed_run_epoch(prev, cookie) == epoch) {
		prev->last = cookie;
		return;
	}
	f->run[f->next].first = cookie;
	f->run[f->next].last = cookie;
	f->run[f->next].epoch = epoch;
	f->next = (f->next + 1) % CBDMA_FAILED_RUNS;
}

/* The client's callback, the result-aware one when it has set it */
static inline void cbdma_invoke_callback(struct dma_async_tx_descriptor *tx,
					 const struct dmaengine_result *res)
{
	dma_async_tx_callback_result cb_result = tx->callback_result;
	dma_async_tx_callback cb = tx->callback;
	void *param = tx->callback_param;

	tx->callback = NULL;
	tx->callback_result = NULL;
	if (cb_result)
		cb_result(param, res);
	else if (cb)
		cb(param);
}

#endif /* _CBDMA_COOKIE_H */
