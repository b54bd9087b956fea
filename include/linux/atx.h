/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atx: cbdma's async_tx layer. What it adds to the kernel's
 * <linux/async_tx.h> API, whose functions atx.ko exports unchanged.
 */
#ifndef _LINUX_ATX_H
#define _LINUX_ATX_H

#include <linux/async_tx.h>
#include <linux/bits.h>
#include <linux/dmaengine.h>

/*
 * ATX_SUBMIT_RESULT in async_submit_ctl.flags says the control block is
 * the first member of a struct atx_submit_ctl, whose cb_result is called
 * instead of cb_fn with the outcome: DMA_TRANS_NOERROR when the result is
 * in place (offloaded, or recomputed in software after a device error),
 * DMA_TRANS_READ_FAILED / WRITE_FAILED when the device failed and the
 * inputs were no longer intact, DMA_TRANS_ABORTED when an operation this
 * one depended on failed, did not finish in time, or the arguments were
 * invalid. Without the flag, errors are only logged and counted.
 */
#define ATX_SUBMIT_RESULT	BIT(8)

struct atx_submit_ctl {
	struct async_submit_ctl submit;
	dma_async_tx_callback_result cb_result;
};

static inline void
init_atx_submit(struct atx_submit_ctl *ctl, enum async_tx_flags flags,
		struct dma_async_tx_descriptor *tx,
		dma_async_tx_callback_result cb_result, void *cb_param,
		addr_conv_t *scribble)
{
	init_async_submit(&ctl->submit, flags | ATX_SUBMIT_RESULT, tx, NULL,
			  cb_param, scribble);
	ctl->cb_result = cb_result;
}

struct dma_async_tx_descriptor *
async_memset(struct page *dest, int val, unsigned int offset, size_t len,
	     struct async_submit_ctl *submit);

#endif /* _LINUX_ATX_H */
