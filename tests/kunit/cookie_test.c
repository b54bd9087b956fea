// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the record of failed cookies that tx_status reads
 * (drivers/dma/cbdma/cookie.h): runs of consecutive cookies, wrapping
 * from INT_MAX to DMA_MIN_COOKIE, the oldest run dropped for a new one.
 */
#include <kunit/test.h>
#include <linux/limits.h>

#include "cookie.h"

static void cbdma_failed_empty_has_none(struct kunit *test)
{
	struct cbdma_failed_runs f = {};

	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, DMA_MIN_COOKIE));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 2));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, INT_MAX));
}

/* a fault and the 10000 aborted behind it take one run, not 10001 */
static void cbdma_failed_consecutive_is_one_run(struct kunit *test)
{
	struct cbdma_failed_runs f = {};
	dma_cookie_t c;

	for (c = 100; c < 10101; c++)
		cbdma_failed_add(&f, c);
	KUNIT_EXPECT_EQ(test, f.next, 1u);
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 99));
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, 100));
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, 5000));
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, 10100));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 10101));
}

/* cookies that completed between two failures are not failed */
static void cbdma_failed_gap_is_not_failed(struct kunit *test)
{
	struct cbdma_failed_runs f = {};

	cbdma_failed_add(&f, 10);
	cbdma_failed_add(&f, 11);
	cbdma_failed_add(&f, 20);
	KUNIT_EXPECT_EQ(test, f.next, 2u);
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, 11));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 12));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 19));
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, 20));
}

static void cbdma_failed_run_wraps(struct kunit *test)
{
	struct cbdma_failed_runs f = {};

	KUNIT_EXPECT_EQ(test, cbdma_cookie_next(INT_MAX), DMA_MIN_COOKIE);
	cbdma_failed_add(&f, INT_MAX - 1);
	cbdma_failed_add(&f, INT_MAX);
	cbdma_failed_add(&f, DMA_MIN_COOKIE);
	cbdma_failed_add(&f, DMA_MIN_COOKIE + 1);
	KUNIT_EXPECT_EQ(test, f.next, 1u);
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, INT_MAX));
	KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, DMA_MIN_COOKIE + 1));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, INT_MAX - 2));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, DMA_MIN_COOKIE + 2));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 1000));
}

/* the newest CBDMA_FAILED_RUNS runs are kept, the oldest goes */
static void cbdma_failed_oldest_run_dropped(struct kunit *test)
{
	struct cbdma_failed_runs f = {};
	unsigned int i;

	for (i = 0; i <= CBDMA_FAILED_RUNS; i++) {
		cbdma_failed_add(&f, 100 * (i + 1));
		cbdma_failed_add(&f, 100 * (i + 1) + 1);
	}
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 100));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_has(&f, 101));
	for (i = 1; i <= CBDMA_FAILED_RUNS; i++) {
		KUNIT_EXPECT_TRUE(test, cbdma_failed_has(&f, 100 * (i + 1)));
		KUNIT_EXPECT_TRUE(test,
				  cbdma_failed_has(&f, 100 * (i + 1) + 1));
	}
}

static struct kunit_case cbdma_cookie_cases[] = {
	KUNIT_CASE(cbdma_failed_empty_has_none),
	KUNIT_CASE(cbdma_failed_consecutive_is_one_run),
	KUNIT_CASE(cbdma_failed_gap_is_not_failed),
	KUNIT_CASE(cbdma_failed_run_wraps),
	KUNIT_CASE(cbdma_failed_oldest_run_dropped),
	{}
};

static struct kunit_suite cbdma_cookie_suite = {
	.name = "cbdma_cookie",
	.test_cases = cbdma_cookie_cases,
};

kunit_test_suite(cbdma_cookie_suite);

MODULE_DESCRIPTION("KUnit tests for cbdma's record of failed cookies");
MODULE_LICENSE("GPL");
