// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: cbdma's hardware descriptor images against golden 64-byte images
 * written out by hand from the layout in Documentation/cbdma/ioat-hardware.rst.
 */
#include <kunit/test.h>

#include "cbdma.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define CTL(op, bits)	((u64)(((u32)(op) << 24) | (bits)) << 32)

static void expect_image(struct kunit *test, const struct cbdma_hw_desc *hw,
			 const u64 *golden, unsigned int nslots)
{
	unsigned int s, w;

	for (s = 0; s < nslots; s++)
		for (w = 0; w < 8; w++)
			KUNIT_EXPECT_EQ_MSG(test, le64_to_cpu(hw[s].w[w]),
					    golden[s * 8 + w],
					    "slot %u word %u", s, w);
}

static void cbdma_desc_copy(struct kunit *test)
{
	static const u64 golden[8] = {
		CTL(0x00, 0x19) | 4096, 0x1000, 0x2000, 0, 0, 0, 0, 0,
	};
	struct cbdma_hw_desc hw[1];

	memset(hw, 0xee, sizeof(hw));
	cbdma_hw_copy(hw, 0x2000, 0x1000, 4096, CBDMA_CTL_INT_EN |
		      CBDMA_CTL_COMPL_WRITE | CBDMA_CTL_FENCE);
	expect_image(test, hw, golden, 1);
}

static void cbdma_desc_null(struct kunit *test)
{
	static const u64 golden[8] = { CTL(0x00, 0x29) | 1 };
	struct cbdma_hw_desc hw[1];

	cbdma_hw_null(hw, CBDMA_CTL_INT_EN | CBDMA_CTL_COMPL_WRITE);
	expect_image(test, hw, golden, 1);
}

static void cbdma_desc_fill(struct kunit *test)
{
	static const u64 golden[8] = {
		CTL(0x01, 0x08) | 100, 0xa5a5a5a5a5a5a5a5ULL, 0x3000,
	};
	struct cbdma_hw_desc hw[1];

	cbdma_hw_fill(hw, 0x3000, 0xa5a5a5a5a5a5a5a5ULL, 100,
		      CBDMA_CTL_COMPL_WRITE);
	expect_image(test, hw, golden, 1);
}

static void cbdma_desc_xor3(struct kunit *test)
{
	static const dma_addr_t src[] = { 0x100, 0x200, 0x300 };
	static const u64 golden[8] = {
		CTL(0x87, 1 << 5) | 512, 0x100, 0x9000, 0, 0x200, 0x300, 0, 0,
	};
	struct cbdma_hw_desc hw[2];

	KUNIT_EXPECT_EQ(test, cbdma_hw_xor(hw, false, 0x9000, src, 3, 512, 0),
			1u);
	expect_image(test, hw, golden, 1);
}

static void cbdma_desc_xor8_ext(struct kunit *test)
{
	static const dma_addr_t src[] = { 1 << 12, 2 << 12, 3 << 12, 4 << 12,
					  5 << 12, 6 << 12, 7 << 12, 8 << 12 };
	static const u64 golden[16] = {
		CTL(0x88, (6 << 5) | 0x10) | 64, 1 << 12, 0xa000, 0,
		2 << 12, 3 << 12, 4 << 12, 5 << 12,
		6 << 12, 7 << 12, 8 << 12, 0, 0, 0, 0, 0,
	};
	struct cbdma_hw_desc hw[2];

	memset(hw, 0xee, sizeof(hw));
	KUNIT_EXPECT_EQ(test, cbdma_hw_xor(hw, true, 0xa000, src, 8, 64,
					   CBDMA_CTL_FENCE), 2u);
	expect_image(test, hw, golden, 2);
}

static void cbdma_desc_pq3(struct kunit *test)
{
	static const dma_addr_t src[] = { 0x1000, 0x2000, 0x3000 };
	static const dma_addr_t pq[] = { 0x8000, 0x9000 };
	static const u8 coef[] = { 1, 2, 4 };
	static const u64 golden[8] = {
		CTL(0x89, (1 << 5) | (1 << 12) | 0x08) | 4096, 0x1000, 0x8000,
		0, 0x2000, 0x3000, 0x040201, 0x9000,
	};
	struct cbdma_hw_desc hw[2];

	KUNIT_EXPECT_EQ(test, cbdma_hw_pq(hw, false, pq, src, coef, 3, 4096,
					  CBDMA_CTL_Q_DISABLE |
					  CBDMA_CTL_COMPL_WRITE), 1u);
	expect_image(test, hw, golden, 1);
}

static void cbdma_desc_pq8_ext(struct kunit *test)
{
	static const dma_addr_t src[] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60,
					  0x70, 0x80 };
	static const dma_addr_t pq[] = { 0x8000, 0x9000 };
	static const u8 coef[] = { 1, 2, 4, 8, 16, 32, 64, 128 };
	static const u64 golden[16] = {
		CTL(0x8a, (6 << 5) | (1 << 15)) | 4096, 0x10, 0x8000, 0,
		0x20, 0x30, 0x8040201008040201ULL, 0x9000,
		0x40, 0x50, 0x60, 0, 0x70, 0x80, 0, 0,
	};
	struct cbdma_hw_desc hw[2];

	memset(hw, 0xee, sizeof(hw));
	KUNIT_EXPECT_EQ(test, cbdma_hw_pq(hw, true, pq, src, coef, 8, 4096,
					  CBDMA_CTL_WB_EN), 2u);
	expect_image(test, hw, golden, 2);
}

static void cbdma_desc_pq16(struct kunit *test)
{
	dma_addr_t src[16], pq[] = { 0x8000, 0x9000 };
	struct cbdma_hw_desc hw[1], sed[2];
	u64 golden[8] = {
		CTL(0xa0, 7 << 5) | 2048, 0x1000, 0x8000, 0, 0x2000,
		0xcafe00, 0x0807060504030201ULL, 0x9000,
	};
	/* first half: coefficients 9-16, sources 3-9; second: 10-16 */
	u64 golden_sed[16] = {
		0x100f0e0d0c0b0a09ULL, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000,
		0x8000, 0x9000,
	};
	u8 coef[16];
	unsigned int i;

	for (i = 0; i < 16; i++) {
		src[i] = (i + 1) * 0x1000;
		coef[i] = i + 1;
	}
	for (i = 0; i < 7; i++)
		golden_sed[8 + i] = (10 + i) * 0x1000;	/* sources 10-16 */
	golden_sed[15] = 0;
	cbdma_hw_pq16(hw, sed, 0xcafe00, false, pq, src, coef, 16, 2048, 0);
	expect_image(test, hw, golden, 1);
	expect_image(test, sed, golden_sed, 2);
}

static void cbdma_desc_link_keeps_ctl(struct kunit *test)
{
	struct cbdma_hw_desc hw[1];

	cbdma_hw_copy(hw, 0x2000, 0x1000, 10, CBDMA_CTL_COMPL_WRITE);
	cbdma_hw_link(hw, 0xabc0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(hw->w[3]), 0xabc0ULL);
	KUNIT_EXPECT_EQ(test, cbdma_hw_ctl(hw), (u32)CBDMA_CTL_COMPL_WRITE);
}

static struct kunit_case cbdma_desc_cases[] = {
	KUNIT_CASE(cbdma_desc_copy),
	KUNIT_CASE(cbdma_desc_null),
	KUNIT_CASE(cbdma_desc_fill),
	KUNIT_CASE(cbdma_desc_xor3),
	KUNIT_CASE(cbdma_desc_xor8_ext),
	KUNIT_CASE(cbdma_desc_pq3),
	KUNIT_CASE(cbdma_desc_pq8_ext),
	KUNIT_CASE(cbdma_desc_pq16),
	KUNIT_CASE(cbdma_desc_link_keeps_ctl),
	{}
};

static struct kunit_suite cbdma_desc_suite = {
	.name = "cbdma_desc",
	.test_cases = cbdma_desc_cases,
};

kunit_test_suite(cbdma_desc_suite);

MODULE_DESCRIPTION("KUnit tests for cbdma descriptor images");
MODULE_LICENSE("GPL");
