/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hardware images of the most frequent operations, inline: the prep
 * and submit paths build or link one for every operation, and a call and
 * its return cost a translation-block lookup each under QEMU's TCG. The
 * images with sources (xor, pq) are built in desc.c. Pure functions of
 * their arguments, held against golden images by the KUnit suite
 * cbdma_desc. The "next" field (w[3]) is left zero and filled when the
 * image is copied into the ring.
 */
#ifndef _CBDMA_DESC_H
#define _CBDMA_DESC_H

#include <linux/types.h>

#include "registers.h"

/* one 64-byte hardware descriptor, little endian */
struct cbdma_hw_desc {
	__le64 w[8];
};

/* the control word's opcode field */
static inline u32 cbdma_hw_op(unsigned int op)
{
	return (u32)op << CBDMA_CTL_OP_SHIFT;
}

/* an image with only its size, control word, w[1] and w[2] set */
static inline void cbdma_hw_simple(struct cbdma_hw_desc *hw, u32 len, u32 ctl,
				   u64 w1, u64 w2)
{
	hw->w[0] = cpu_to_le64((u64)ctl << 32 | len);
	hw->w[1] = cpu_to_le64(w1);
	hw->w[2] = cpu_to_le64(w2);
	hw->w[3] = 0;
	hw->w[4] = 0;
	hw->w[5] = 0;
	hw->w[6] = 0;
	hw->w[7] = 0;
}

static inline void cbdma_hw_copy(struct cbdma_hw_desc *hw, dma_addr_t dst,
				 dma_addr_t src, u32 len, u32 ctl)
{
	cbdma_hw_simple(hw, len, ctl | cbdma_hw_op(CBDMA_OP_COPY), src, dst);
}

/* No data moves; the engine rejects a zero size, so the size is 1. */
static inline void cbdma_hw_null(struct cbdma_hw_desc *hw, u32 ctl)
{
	ctl |= CBDMA_CTL_NULL | cbdma_hw_op(CBDMA_OP_COPY);
	cbdma_hw_simple(hw, 1, ctl, 0, 0);
}

static inline void cbdma_hw_fill(struct cbdma_hw_desc *hw, dma_addr_t dst,
				 u64 pattern, u32 len, u32 ctl)
{
	cbdma_hw_simple(hw, len, ctl | cbdma_hw_op(CBDMA_OP_FILL), pattern,
			dst);
}

static inline void cbdma_hw_link(struct cbdma_hw_desc *hw, dma_addr_t next)
{
	hw->w[3] = cpu_to_le64(next);
}

static inline u32 cbdma_hw_ctl(const struct cbdma_hw_desc *hw)
{
	return le64_to_cpu(hw->w[0]) >> 32;
}

#endif /* _CBDMA_DESC_H */
