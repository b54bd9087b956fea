// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the cbdma ring arithmetic (drivers/dma/cbdma/ring.h).
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "ring.h"

static void cbdma_ring_used_wraps(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cbdma_ring_used(5, 5), 0);
	KUNIT_EXPECT_EQ(test, cbdma_ring_used(10, 3), 7);
	/* head has wrapped past 65535, tail has not */
	KUNIT_EXPECT_EQ(test, cbdma_ring_used(2, 65534), 4);
	KUNIT_EXPECT_EQ(test, cbdma_ring_used(0, 65535), 1);
}

static void cbdma_ring_space_keeps_two_slots(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cbdma_ring_space(4, 0, 0), 14);
	KUNIT_EXPECT_EQ(test, cbdma_ring_space(4, 14, 0), 0);
	KUNIT_EXPECT_EQ(test, cbdma_ring_space(4, 3, 65530), 5);
	KUNIT_EXPECT_EQ(test, cbdma_ring_space(15, 0, 0), 32766);
	/* head - tail above the ring (read apart): no room, not 65530 */
	KUNIT_EXPECT_LT(test, cbdma_ring_space(4, 20, 0), 0);
	KUNIT_EXPECT_LT(test, cbdma_ring_space(4, 20, 65530), 0);
}

/*
 * The last reclaimed completion may name the slot two before the tail;
 * the newest completion possible, on the last slot a full ring allows,
 * must name another slot, or progress would look like none.
 */
static void cbdma_ring_completion_never_aliases(struct kunit *test)
{
	unsigned int order;
	u16 tail;

	for (order = CBDMA_RING_MIN_ORDER; order <= CBDMA_RING_MAX_ORDER;
	     order++)
		for (tail = 0; tail < 4; tail++) {
			u16 head = tail + cbdma_ring_space(order, tail, tail);

			KUNIT_EXPECT_NE(test, cbdma_ring_slot(order, tail - 2),
					cbdma_ring_slot(order, head - 1));
			KUNIT_EXPECT_NE(test, cbdma_ring_slot(order, tail - 1),
					cbdma_ring_slot(order, head - 1));
		}
}

static void cbdma_ring_slot_masks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cbdma_ring_slot(4, 15), 15u);
	KUNIT_EXPECT_EQ(test, cbdma_ring_slot(4, 16), 0u);
	KUNIT_EXPECT_EQ(test, cbdma_ring_slot(4, 65535), 15u);
	KUNIT_EXPECT_EQ(test, cbdma_ring_slot(15, 32768), 0u);
}

/* every free-running index maps to a slot consistent with used() */
static void cbdma_ring_walk_full_period(struct kunit *test)
{
	unsigned int i, order = 5;
	u16 tail = 65520, head = tail;

	for (i = 0; i < 70000; i++) {
		head++;
		if (cbdma_ring_used(head, tail) > (1u << order) - 2)
			tail++;
		KUNIT_ASSERT_LE(test, cbdma_ring_used(head, tail),
				(1u << order) - 2);
		KUNIT_ASSERT_EQ(test, cbdma_ring_slot(order, head),
				(cbdma_ring_slot(order, tail) +
				 cbdma_ring_used(head, tail)) % (1u << order));
	}
}

static void cbdma_ring_order_for_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cbdma_ring_order_for(0), CBDMA_RING_MIN_ORDER);
	KUNIT_EXPECT_EQ(test, cbdma_ring_order_for(14), 4);
	KUNIT_EXPECT_EQ(test, cbdma_ring_order_for(15), 5);
	KUNIT_EXPECT_EQ(test, cbdma_ring_order_for(1000), 10);
	KUNIT_EXPECT_EQ(test, cbdma_ring_order_for(32766), 15);
	KUNIT_EXPECT_EQ(test, cbdma_ring_order_for(32767), -1);
}

static void cbdma_xfer_descs_split(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(0, 20), 0u);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(1, 20), 1u);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(1 << 20, 20), 1u);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs((1 << 20) + 1, 20), 2u);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(4096, 12), 1u);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(4097, 12), 2u);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(SZ_1M, 12), 256u);
	/* huge lengths count as more than a ring: never wrapped to few */
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(SIZE_MAX, 20),
			CBDMA_XFER_DESCS_MAX);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs(SIZE_MAX - SZ_1M + 2, 20),
			CBDMA_XFER_DESCS_MAX);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs((size_t)1 << 36, 20),
			CBDMA_XFER_DESCS_MAX);
	KUNIT_EXPECT_EQ(test, cbdma_xfer_descs((size_t)1 << 35, 20), 32768u);
	KUNIT_EXPECT_GT(test, cbdma_xfer_descs(SIZE_MAX, 20) +
			CBDMA_RING_RESERVED, 1u << CBDMA_RING_MAX_ORDER);
}

static struct kunit_case cbdma_ring_cases[] = {
	KUNIT_CASE(cbdma_ring_used_wraps),
	KUNIT_CASE(cbdma_ring_space_keeps_two_slots),
	KUNIT_CASE(cbdma_ring_completion_never_aliases),
	KUNIT_CASE(cbdma_ring_slot_masks),
	KUNIT_CASE(cbdma_ring_walk_full_period),
	KUNIT_CASE(cbdma_ring_order_for_sizes),
	KUNIT_CASE(cbdma_xfer_descs_split),
	{}
};

static struct kunit_suite cbdma_ring_suite = {
	.name = "cbdma_ring",
	.test_cases = cbdma_ring_cases,
};

kunit_test_suite(cbdma_ring_suite);

MODULE_DESCRIPTION("KUnit tests for cbdma ring arithmetic");
MODULE_LICENSE("GPL");
