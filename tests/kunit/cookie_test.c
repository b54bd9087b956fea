// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the record of failed cookies that tx_status reads
 * (drivers/dma/cbdma/cookie.h): runs of consecutive cookies, wrapping
 * from INT_MAX to DMA_MIN_COOKIE, a failure forgotten once its cookie is
 * handed out again, the oldest run dropped for a new one.
 */
#include <kunit/test.h>
#include <linux/limits.h>

#include "cookie.h"

/* a channel's failed-cookie record and its newest cookie */
struct chan_sim {
	struct cbdma_failed_runs f;
	dma_cookie_t used;
};

/*
 * Hand out cookies up to @cookie, as if those in between completed; one
 * below the newest means the cookies wrapped on the way.
 */
static void sim_to(struct chan_sim *s, dma_cookie_t cookie)
{
	if (cookie < s->used)
		cbdma_failed_assigned(&s->f, DMA_MIN_COOKIE);
	s->used = cookie;
}

static void sim_fail(struct chan_sim *s, dma_cookie_t cookie)
{
	cbdma_failed_add(&s->f, cookie, s->used);
}

static bool sim_failed(struct chan_sim *s, dma_cookie_t cookie)
{
	/* as tx_status asks: the lockless look first */
	return cbdma_failed_any(&s->f) &&
	       cbdma_failed_has(&s->f, cookie, s->used);
}

static void cbdma_failed_empty_has_none(struct kunit *test)
{
	struct chan_sim s = { .used = INT_MAX };

	KUNIT_EXPECT_FALSE(test, sim_failed(&s, DMA_MIN_COOKIE));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 2));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, INT_MAX));
	KUNIT_EXPECT_FALSE(test, cbdma_failed_any(&s.f));
}

/* a fault and the 10000 aborted behind it take one run, not 10001 */
static void cbdma_failed_consecutive_is_one_run(struct kunit *test)
{
	struct chan_sim s = {};
	dma_cookie_t c;

	sim_to(&s, 20000);
	for (c = 100; c < 10101; c++)
		sim_fail(&s, c);
	KUNIT_EXPECT_EQ(test, s.f.next, 1u);
	KUNIT_EXPECT_TRUE(test, cbdma_failed_any(&s.f));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 99));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 100));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 5000));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 10100));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 10101));
}

/* cookies that completed between two failures are not failed */
static void cbdma_failed_gap_is_not_failed(struct kunit *test)
{
	struct chan_sim s = {};

	sim_to(&s, 30);
	sim_fail(&s, 10);
	sim_fail(&s, 11);
	sim_fail(&s, 20);
	KUNIT_EXPECT_EQ(test, s.f.next, 2u);
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 11));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 12));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 19));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 20));
}

/* one run across the wrap from INT_MAX to DMA_MIN_COOKIE */
static void cbdma_failed_run_wraps(struct kunit *test)
{
	struct chan_sim s = {};

	KUNIT_EXPECT_EQ(test, cbdma_cookie_next(INT_MAX), DMA_MIN_COOKIE);
	sim_to(&s, INT_MAX - 1);
	sim_fail(&s, INT_MAX - 1);
	sim_to(&s, INT_MAX);
	sim_fail(&s, INT_MAX);
	sim_to(&s, DMA_MIN_COOKIE);
	sim_fail(&s, DMA_MIN_COOKIE);
	sim_to(&s, DMA_MIN_COOKIE + 1);
	sim_fail(&s, DMA_MIN_COOKIE + 1);
	KUNIT_EXPECT_EQ(test, s.f.next, 1u);
	KUNIT_EXPECT_EQ(test, s.f.epoch, 1u);
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, INT_MAX));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, DMA_MIN_COOKIE + 1));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, INT_MAX - 2));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, DMA_MIN_COOKIE + 2));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 1000));
}

/*
 * A failure is forgotten when its cookie is handed out again after the
 * wrap, and kept until then; a descriptor from before the wrap may fail
 * after it.
 */
static void cbdma_failed_forgotten_after_wrap(struct kunit *test)
{
	struct chan_sim s = {};

	sim_to(&s, 1000);
	sim_fail(&s, 100);
	sim_fail(&s, 1000);
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 100));
	sim_to(&s, INT_MAX - 10);
	sim_to(&s, 500);
	/* 100 again, completed this time; 1000 not yet handed out again */
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 100));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 1000));
	/* INT_MAX - 3, handed out before the wrap, fails after it */
	sim_fail(&s, INT_MAX - 3);
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, INT_MAX - 3));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, INT_MAX - 4));
	sim_to(&s, 2000);
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 1000));
	sim_fail(&s, 1500);
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 1500));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, INT_MAX - 3));
}

/*
 * Consecutive cookies of two epochs are two runs; a cookie not yet handed
 * out is not failed.
 */
static void cbdma_failed_no_run_across_epochs(struct kunit *test)
{
	struct chan_sim s = {};

	sim_to(&s, 1000);
	sim_fail(&s, 100);
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 2000));
	sim_to(&s, INT_MAX);
	sim_to(&s, 500);
	sim_fail(&s, 101);
	KUNIT_EXPECT_EQ(test, s.f.next, 2u);
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 100));
	KUNIT_EXPECT_TRUE(test, sim_failed(&s, 101));
}

/* the newest CBDMA_FAILED_RUNS runs are kept, the oldest goes */
static void cbdma_failed_oldest_run_dropped(struct kunit *test)
{
	struct chan_sim s = {};
	unsigned int i;

	sim_to(&s, 100000);
	for (i = 0; i <= CBDMA_FAILED_RUNS; i++) {
		sim_fail(&s, 100 * (i + 1));
		sim_fail(&s, 100 * (i + 1) + 1);
	}
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 100));
	KUNIT_EXPECT_FALSE(test, sim_failed(&s, 101));
	for (i = 1; i <= CBDMA_FAILED_RUNS; i++) {
		KUNIT_EXPECT_TRUE(test, sim_failed(&s, 100 * (i + 1)));
		KUNIT_EXPECT_TRUE(test, sim_failed(&s, 100 * (i + 1) + 1));
	}
}

static struct kunit_case cbdma_cookie_cases[] = {
	KUNIT_CASE(cbdma_failed_empty_has_none),
	KUNIT_CASE(cbdma_failed_consecutive_is_one_run),
	KUNIT_CASE(cbdma_failed_gap_is_not_failed),
	KUNIT_CASE(cbdma_failed_run_wraps),
	KUNIT_CASE(cbdma_failed_forgotten_after_wrap),
	KUNIT_CASE(cbdma_failed_no_run_across_epochs),
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
