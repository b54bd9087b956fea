// SPDX-License-Identifier: GPL-2.0
/*
 * Capability derivation and CHANERR decoding: pure functions of register
 * values, tested by the KUnit suite cbdma_caps.
 */
#include <kunit/visibility.h>
#include <linux/kernel.h>

#include "cbdma.h"

/**
 * cbdma_caps_from_hw - what cbdma offers for a DMACAPABILITY value
 * @hwcap: DMACAPABILITY
 * @version: CBVER
 * @force_private: keep the channels away from async_tx and md
 * @caps: result
 *
 * MEMCPY and INTERRUPT always; MEMSET with FILL_BLOCK; XOR and XOR_VAL with
 * XOR (8 sources); PQ and PQ_VAL with PQ (8 sources, 16 with RAID16SS). The
 * channels are public, so that async_tx and md can use them, exactly when
 * dmaengine would hand them out for DMA_ASYNC_TX: all of INTERRUPT, MEMCPY,
 * XOR, XOR_VAL, PQ and PQ_VAL.
 */
void cbdma_caps_from_hw(u32 hwcap, u8 version, bool force_private,
			struct cbdma_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	dma_cap_set(DMA_MEMCPY, caps->mask);
	dma_cap_set(DMA_INTERRUPT, caps->mask);
	if (hwcap & CBDMA_CAP_FILL_BLOCK)
		dma_cap_set(DMA_MEMSET, caps->mask);
	if (hwcap & CBDMA_CAP_XOR) {
		dma_cap_set(DMA_XOR, caps->mask);
		dma_cap_set(DMA_XOR_VAL, caps->mask);
		caps->max_xor = CBDMA_XOR_MAX_SRC;
	}
	if (hwcap & CBDMA_CAP_PQ) {
		dma_cap_set(DMA_PQ, caps->mask);
		dma_cap_set(DMA_PQ_VAL, caps->mask);
		caps->pq16 = !!(hwcap & CBDMA_CAP_RAID16SS);
		caps->max_pq = caps->pq16 ? CBDMA_PQ16_MAX_SRC :
					    CBDMA_PQ_MAX_SRC;
	}
	caps->dwbes = !!(hwcap & CBDMA_CAP_DWBES);
	if (force_private || !cbdma_caps_public(caps))
		dma_cap_set(DMA_PRIVATE, caps->mask);
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_caps_from_hw);

bool cbdma_caps_public(struct cbdma_caps *caps)
{
	static const enum dma_transaction_type all_tx[] = {
		DMA_INTERRUPT, DMA_MEMCPY, DMA_XOR, DMA_XOR_VAL, DMA_PQ,
		DMA_PQ_VAL,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all_tx); i++)
		if (!dma_has_cap(all_tx[i], caps->mask))
			return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_caps_public);

static const char *const chanerr_names[CBDMA_CHANERR_NR] = {
	"SRC_ADDR", "DEST_ADDR", "NEXT_ADDR", "NEXT_DESC_ALIGN",
	"CHAIN_ADDR_VALUE", "CHANCMD", "CHIPSET_UNCORRECTABLE_DATA_INTEGRITY",
	"DMA_UNCORRECTABLE_DATA_INTEGRITY", "READ_DATA", "WRITE_DATA",
	"CONTROL", "LENGTH", "COMPLETION_ADDR", "INT_CONFIG", "SOFT_ERR",
	"UNAFFILIATED", "XOR_P_OR_CRC", "XOR_Q", "DESCRIPTOR_COUNT",
};

const char *cbdma_chanerr_name(unsigned int bit)
{
	return bit < CBDMA_CHANERR_NR ? chanerr_names[bit] : "RESERVED";
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_chanerr_name);

/* "READ_DATA|WRITE_DATA", "none", or with unknown bits "...|0x80000000" */
int cbdma_chanerr_scnprint(char *buf, size_t size, u32 chanerr)
{
	unsigned long bits = chanerr & CBDMA_CHANERR_ALL;
	unsigned int bit;
	int n = 0;

	if (!chanerr)
		return scnprintf(buf, size, "none");
	for_each_set_bit(bit, &bits, CBDMA_CHANERR_NR)
		n += scnprintf(buf + n, size - n, "%s%s", n ? "|" : "",
			       chanerr_names[bit]);
	if (chanerr & ~CBDMA_CHANERR_ALL)
		n += scnprintf(buf + n, size - n, "%s0x%x", n ? "|" : "",
			       chanerr & ~(u32)CBDMA_CHANERR_ALL);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_chanerr_scnprint);

/* What a client is told about the descriptor that halted the channel */
enum dmaengine_tx_result cbdma_chanerr_result(u32 chanerr)
{
	if (chanerr & (CBDMA_CHANERR_SRC_ADDR | CBDMA_CHANERR_READ_DATA |
		       CBDMA_CHANERR_DMA_UNCORRECTABLE_DATA_INTEGRITY |
		       CBDMA_CHANERR_CHIPSET_UNCORRECTABLE_DATA_INTEGRITY))
		return DMA_TRANS_READ_FAILED;
	if (chanerr & (CBDMA_CHANERR_DEST_ADDR | CBDMA_CHANERR_WRITE_DATA))
		return DMA_TRANS_WRITE_FAILED;
	return DMA_TRANS_ABORTED;
}
EXPORT_SYMBOL_IF_KUNIT(cbdma_chanerr_result);
