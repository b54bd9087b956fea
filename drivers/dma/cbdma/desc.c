// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware descriptor images of the operations with sources (xor, pq;
 * desc.h has copy, fill and NULL). Pure functions of their arguments, so
 * the KUnit suite cbdma_desc can hold them against golden 64-byte images.
 * The "next" field (w[3] of every slot, extension slots included) is left
 * zero here and filled when the image is copied into the ring.
 */
#include <kunit/visibility.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "cbdma.h"

/*
 * XOR / XOR_VAL: sources 1-5 in the base slot (w1, w4-w7), 6-8 in the
 * extension slot (w0-w2). For XOR_VAL, @dst is the parity to check.
 * Returns the slots used.
 */
unsigned int cbdma_hw_xor(struct cbdma_hw_desc *hw, bool val, dma_addr_t dst,
			  const dma_addr_t *src, unsigned int nsrc, u32 len,
			  u32 ctl)
{
	static const u8 field[CBDMA_XOR_MAX_SRC] = { 1, 4, 5, 6, 7, 0, 1, 2 };
	unsigned int i, slots = nsrc > CBDMA_XOR_BASE_SRC ? 2 : 1;

	ctl |= cbdma_hw_op(val ? CBDMA_OP_XOR_VAL : CBDMA_OP_XOR);
	ctl |= (nsrc - 2) << CBDMA_CTL_SRC_CNT_SHIFT;
	cbdma_hw_simple(hw, len, ctl, 0, 0);
	if (slots == 2)
		memset(&hw[1], 0, sizeof(hw[1]));
	hw->w[2] = cpu_to_le64(dst);
	for (i = 0; i < nsrc; i++)
		hw[i / CBDMA_XOR_BASE_SRC].w[field[i]] = cpu_to_le64(src[i]);
	return slots;
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_hw_xor);

/*
 * PQ / PQ_VAL with up to 8 sources: sources 1-3 in the base slot (w1, w4,
 * w5), 4-6 and 7-8 in the extension slot (w0-w2, w4-w5); coefficients in
 * base w6, P in w2, Q in w7. @pq[0] is P, @pq[1] is Q.
 */
unsigned int cbdma_hw_pq(struct cbdma_hw_desc *hw, bool val,
			 const dma_addr_t *pq, const dma_addr_t *src,
			 const u8 *coef, unsigned int nsrc, u32 len, u32 ctl)
{
	static const u8 field[CBDMA_PQ_MAX_SRC] = { 1, 4, 5, 0, 1, 2, 4, 5 };
	unsigned int i, slots = nsrc > CBDMA_PQ_BASE_SRC ? 2 : 1;
	u64 coefs = 0;

	ctl |= cbdma_hw_op(val ? CBDMA_OP_PQ_VAL : CBDMA_OP_PQ);
	ctl |= (nsrc - 2) << CBDMA_CTL_SRC_CNT_SHIFT;
	cbdma_hw_simple(hw, len, ctl, 0, 0);
	if (slots == 2)
		memset(&hw[1], 0, sizeof(hw[1]));
	hw->w[2] = cpu_to_le64(pq[0]);
	hw->w[7] = cpu_to_le64(pq[1]);
	for (i = 0; i < nsrc; i++) {
		hw[i / CBDMA_PQ_BASE_SRC ? 1 : 0].w[field[i]] =
			cpu_to_le64(src[i]);
		coefs |= (u64)coef[i] << (8 * i);
	}
	hw->w[6] = cpu_to_le64(coefs);
	return slots;
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_hw_pq);

/*
 * PQ_16S / PQ_VAL_16S, 9 to 16 sources: sources 1-2 in the base slot (w1,
 * w4), w5 points at a 128-byte super-extended descriptor holding the
 * coefficients of sources 9-16 (w0) and sources 3-9 (w1-w7) in its first
 * half, sources 10-16 (w0-w6) in its second.
 */
void cbdma_hw_pq16(struct cbdma_hw_desc *hw, struct cbdma_hw_desc *sed,
		   dma_addr_t sed_dma, bool val, const dma_addr_t *pq,
		   const dma_addr_t *src, const u8 *coef, unsigned int nsrc,
		   u32 len, u32 ctl)
{
	unsigned int i;
	u64 lo = 0, hi = 0;

	ctl |= cbdma_hw_op(val ? CBDMA_OP_PQ_VAL_16S : CBDMA_OP_PQ_16S);
	ctl |= (nsrc - 9) << CBDMA_CTL_SRC_CNT_SHIFT;
	cbdma_hw_simple(hw, len, ctl, 0, 0);
	memset(sed, 0, 2 * sizeof(*sed));
	hw->w[1] = cpu_to_le64(src[0]);
	hw->w[2] = cpu_to_le64(pq[0]);
	hw->w[4] = cpu_to_le64(src[1]);
	hw->w[5] = cpu_to_le64(sed_dma);
	hw->w[7] = cpu_to_le64(pq[1]);
	for (i = 2; i < nsrc; i++) {
		if (i < 9)
			sed[0].w[i - 1] = cpu_to_le64(src[i]);
		else
			sed[1].w[i - 9] = cpu_to_le64(src[i]);
	}
	for (i = 0; i < nsrc; i++) {
		if (i < 8)
			lo |= (u64)coef[i] << (8 * i);
		else
			hi |= (u64)coef[i] << (8 * (i - 8));
	}
	hw->w[6] = cpu_to_le64(lo);
	sed[0].w[0] = cpu_to_le64(hi);
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_hw_pq16);
