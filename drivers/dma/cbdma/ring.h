/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring arithmetic for cbdma descriptor rings.
 *
 * A ring has a power-of-two number of 64-byte slots. The driver keeps
 * free-running 16-bit indices, the same width as the DMACOUNT doorbell:
 * @head counts slots handed to the device, @tail slots reclaimed by
 * cleanup. Because DMACOUNT wraps at 65536, the ring size never exceeds
 * 2^15 slots, so head - tail (mod 2^16) is always the number in use.
 * These helpers are pure so that KUnit can test them without a device.
 */
#ifndef _CBDMA_RING_H
#define _CBDMA_RING_H

#include <linux/bits.h>
#include <linux/log2.h>
#include <linux/types.h>

#define CBDMA_RING_MAX_ORDER	15
#define CBDMA_RING_MIN_ORDER	4

/* slots in use between @tail and @head */
static inline u16 cbdma_ring_used(u16 head, u16 tail)
{
	return (head - tail) & 0xffff;
}

/*
 * Slots kept empty. The completion writeback names a slot, not an index:
 * the last completion the driver reclaimed can sit up to two slots behind
 * the tail (an operation's completion slot may be followed by its
 * extension slot). With two slots empty, the next completion can never
 * name that same slot again a whole ring later, so a changed address
 * always means progress.
 */
#define CBDMA_RING_RESERVED	2

/*
 * Slots a producer may still fill. Negative when head - tail counts more
 * than the ring holds, as it can when the two were read at different
 * times: never a wrapped, huge, count of free slots.
 */
static inline int cbdma_ring_space(unsigned int order, u16 head, u16 tail)
{
	return (int)(1u << order) - CBDMA_RING_RESERVED -
	       (int)cbdma_ring_used(head, tail);
}

/* the slot of free-running index @idx */
static inline unsigned int cbdma_ring_slot(unsigned int order, u16 idx)
{
	return idx & ((1u << order) - 1);
}

/* the ring order that holds @n slots plus the reserved ones, or -1 */
static inline int cbdma_ring_order_for(unsigned int n)
{
	unsigned int order;

	if (n + CBDMA_RING_RESERVED > 1u << CBDMA_RING_MAX_ORDER)
		return -1;
	order = order_base_2(n + CBDMA_RING_RESERVED);
	return order < CBDMA_RING_MIN_ORDER ? CBDMA_RING_MIN_ORDER : order;
}

/* more descriptors than any ring holds: what a huge length counts as */
#define CBDMA_XFER_DESCS_MAX	BIT(16)

/*
 * Descriptors needed to move @len bytes with at most 2^@xfercap_log each,
 * at most CBDMA_XFER_DESCS_MAX: a length near SIZE_MAX is then refused
 * for want of ring room, where len + cap - 1 would wrap to a small count.
 */
static inline unsigned int cbdma_xfer_descs(size_t len,
					    unsigned int xfercap_log)
{
	size_t n;

	if (!len)
		return 0;
	n = ((len - 1) >> xfercap_log) + 1;
	return n > CBDMA_XFER_DESCS_MAX ? CBDMA_XFER_DESCS_MAX : n;
}

#endif /* _CBDMA_RING_H */
