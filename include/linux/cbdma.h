/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbdma: what clients of the cbdma provider may use besides dmaengine.
 */
#ifndef _LINUX_CBDMA_H
#define _LINUX_CBDMA_H

#include <linux/dmaengine.h>

/**
 * cbdma_filter - dma_request_channel() filter that takes cbdma channels only
 * @chan: candidate channel
 * @param: NULL for any cbdma channel, or a struct pci_dev * to take only
 *         channels of that device
 */
bool cbdma_filter(struct dma_chan *chan, void *param);

#endif /* _LINUX_CBDMA_H */
