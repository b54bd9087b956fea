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

static inline dma_cookie_t
cbdma_cookie_assign(struct dma_async_tx_descriptor *tx)
{
	struct dma_chan *chan = tx->chan;
	dma_cookie_t cookie = chan->cookie + 1;

	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
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
	dma_cookie_t used = READ_ONCE(chan->cookie);
	dma_cookie_t complete = READ_ONCE(chan->completed_cookie);

	if (state) {
		state->last = complete;
		state->used = used;
		state->residue = 0;
		state->in_flight_bytes = 0;
	}
	return dma_async_is_complete(cookie, complete, used);
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
