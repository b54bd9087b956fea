// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: capability derivation from DMACAPABILITY and CHANERR decoding.
 */
#include <kunit/test.h>

#include "cbdma.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

struct caps_case {
	const char *name;
	u32 hwcap;
	bool force_private;
	bool memset, xor, pq, private;
	unsigned int max_xor, max_pq;
};

static const struct caps_case caps_cases[] = {
	{ "copy only", 0, false, false, false, false, true, 0, 0 },
	{ "fill", CBDMA_CAP_FILL_BLOCK, false, true, false, false, true, 0, 0 },
	{ "xor", CBDMA_CAP_XOR, false, false, true, false, true, 8, 0 },
	{ "pq", CBDMA_CAP_PQ, false, false, false, true, true, 0, 8 },
	{ "xor pq", CBDMA_CAP_XOR | CBDMA_CAP_PQ, false, false, true, true,
	  false, 8, 8 },
	{ "bwd0", CBDMA_CAP_FILL_BLOCK | CBDMA_CAP_XOR | CBDMA_CAP_PQ |
	  CBDMA_CAP_DWBES | CBDMA_CAP_RAID16SS, false, true, true, true, false,
	  8, 16 },
	{ "bwd0 forced private", CBDMA_CAP_FILL_BLOCK | CBDMA_CAP_XOR |
	  CBDMA_CAP_PQ | CBDMA_CAP_RAID16SS, true, true, true, true, true, 8,
	  16 },
	{ "dca and crc ignored", CBDMA_CAP_DCA | CBDMA_CAP_CRC |
	  CBDMA_CAP_PAGE_BREAK, false, false, false, false, true, 0, 0 },
};

static void caps_case_desc(const struct caps_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(caps, caps_cases, caps_case_desc);

static void cbdma_caps_derivation(struct kunit *test)
{
	const struct caps_case *c = test->param_value;
	struct cbdma_caps caps;

	cbdma_caps_from_hw(c->hwcap, 0x33, c->force_private, &caps);
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_MEMCPY, caps.mask));
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_INTERRUPT, caps.mask));
	KUNIT_EXPECT_EQ(test, dma_has_cap(DMA_MEMSET, caps.mask), c->memset);
	KUNIT_EXPECT_EQ(test, dma_has_cap(DMA_XOR, caps.mask), c->xor);
	KUNIT_EXPECT_EQ(test, dma_has_cap(DMA_XOR_VAL, caps.mask), c->xor);
	KUNIT_EXPECT_EQ(test, dma_has_cap(DMA_PQ, caps.mask), c->pq);
	KUNIT_EXPECT_EQ(test, dma_has_cap(DMA_PQ_VAL, caps.mask), c->pq);
	KUNIT_EXPECT_EQ(test, dma_has_cap(DMA_PRIVATE, caps.mask), c->private);
	KUNIT_EXPECT_EQ(test, caps.max_xor, c->max_xor);
	KUNIT_EXPECT_EQ(test, caps.max_pq, c->max_pq);
}

static void cbdma_chanerr_names(struct kunit *test)
{
	char buf[128];

	KUNIT_EXPECT_STREQ(test, cbdma_chanerr_name(0), "SRC_ADDR");
	KUNIT_EXPECT_STREQ(test, cbdma_chanerr_name(16), "XOR_P_OR_CRC");
	KUNIT_EXPECT_STREQ(test, cbdma_chanerr_name(18), "DESCRIPTOR_COUNT");
	KUNIT_EXPECT_STREQ(test, cbdma_chanerr_name(31), "RESERVED");
	cbdma_chanerr_scnprint(buf, sizeof(buf), 0);
	KUNIT_EXPECT_STREQ(test, buf, "none");
	cbdma_chanerr_scnprint(buf, sizeof(buf), BIT(8) | BIT(9));
	KUNIT_EXPECT_STREQ(test, buf, "READ_DATA|WRITE_DATA");
	cbdma_chanerr_scnprint(buf, sizeof(buf), BIT(11) | BIT(31));
	KUNIT_EXPECT_STREQ(test, buf, "LENGTH|0x80000000");
	/* a too small buffer truncates, never overflows */
	cbdma_chanerr_scnprint(buf, 8, CBDMA_CHANERR_ALL);
	KUNIT_EXPECT_EQ(test, strlen(buf), 7u);
}

static void cbdma_chanerr_results(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cbdma_chanerr_result(CBDMA_CHANERR_READ_DATA),
			DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_chanerr_result(CBDMA_CHANERR_SRC_ADDR),
			DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_chanerr_result(CBDMA_CHANERR_WRITE_DATA),
			DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_chanerr_result(CBDMA_CHANERR_DEST_ADDR),
			DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, cbdma_chanerr_result(CBDMA_CHANERR_LENGTH),
			DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, cbdma_chanerr_result(0), DMA_TRANS_ABORTED);
}

static struct kunit_case cbdma_caps_cases[] = {
	KUNIT_CASE_PARAM(cbdma_caps_derivation, caps_gen_params),
	KUNIT_CASE(cbdma_chanerr_names),
	KUNIT_CASE(cbdma_chanerr_results),
	{}
};

static struct kunit_suite cbdma_caps_suite = {
	.name = "cbdma_caps",
	.test_cases = cbdma_caps_cases,
};

kunit_test_suite(cbdma_caps_suite);

MODULE_DESCRIPTION("KUnit tests for cbdma capabilities and CHANERR decoding");
MODULE_LICENSE("GPL");
