/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the pools' magazines, shared lists and reclaim, included
 * at the end of pool.c (their static functions are what is tested) on
 * kernels with KUnit built in. They run as iosup.ko loads, on the p4d pool:
 * with 4-level paging no table is ever allocated at that level, so the
 * pools of the live page tables are left alone. Blocks are plain pages.
 */
#include <kunit/test.h>
#include <linux/sched.h>

#define SANDBOX	IOSUP_P4D

static int sandbox_init(struct kunit *test)
{
	if (iosup_level_present(SANDBOX))
		kunit_skip(test, "5-level paging: the p4d pool is in use");
	WRITE_ONCE(iosup_pools[SANDBOX].caching, true);
	return 0;
}

/* Runs in a thread of its own, even after a skip. */
static void sandbox_exit(struct kunit *test)
{
	if (iosup_level_present(SANDBOX))
		return;
	WRITE_ONCE(iosup_pools[SANDBOX].caching, iosup_enabled());
	reclaim_pool(SANDBOX, ULONG_MAX, IOSUP_RECLAIM_MANUAL);
}

static struct page *zeroed_page(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	KUNIT_ASSERT_NOT_NULL(test, page);
	return page;
}

static void sandbox_stats(struct iosup_pool_stats *st)
{
	iosup_pool_stats(SANDBOX, st);
}

/* Freed blocks come back, most recent first, and count as hits. */
static void pool_test_reuse(struct kunit *test)
{
	struct iosup_pool_stats st0, st1;
	struct page *page[4];
	int i;

	for (i = 0; i < 4; i++)
		page[i] = zeroed_page(test);
	/* One CPU's magazine throughout, so that counts are exact. */
	migrate_disable();
	sandbox_stats(&st0);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, iosup_pool_free(SANDBOX, page[i], 0,
							IOSUP_FREE_EMPTY));
	for (i = 3; i >= 0; i--)
		KUNIT_EXPECT_PTR_EQ(test, iosup_pool_alloc(SANDBOX, GFP_KERNEL,
							   0, false, false),
				    page[i]);
	sandbox_stats(&st1);
	KUNIT_EXPECT_EQ(test, st1.c.frees_to_pool - st0.c.frees_to_pool, 4);
	KUNIT_EXPECT_EQ(test, st1.c.hits - st0.c.hits, 4);
	KUNIT_EXPECT_EQ(test, st1.c.misses, st0.c.misses);
	KUNIT_EXPECT_EQ(test, st1.in_pool, st0.in_pool);
	for (i = 0; i < 4; i++)
		iosup_pool_free(SANDBOX, page[i], 0, IOSUP_FREE_EMPTY);
	migrate_enable();
}

/*
 * A full magazine spills IOSUP_BATCH blocks to the shared lists, and an
 * empty one refills from them: every block comes back as a hit.
 */
static void pool_test_spill_and_refill(struct kunit *test)
{
	struct page *page[IOSUP_MAG_SIZE + 1], *extra;
	struct iosup_pool_stats st0, st1;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(page); i++)
		page[i] = zeroed_page(test);
	/* One CPU's magazine throughout, so that counts are exact. */
	migrate_disable();
	reclaim_pool(SANDBOX, ULONG_MAX, IOSUP_RECLAIM_MANUAL);
	sandbox_stats(&st0);
	KUNIT_EXPECT_EQ(test, st0.in_pool, 0);
	for (i = 0; i < ARRAY_SIZE(page); i++)
		iosup_pool_free(SANDBOX, page[i], 0, IOSUP_FREE_EMPTY);
	sandbox_stats(&st1);
	KUNIT_EXPECT_EQ(test, st1.in_pool, ARRAY_SIZE(page));
	KUNIT_EXPECT_EQ(test, st1.in_lists, IOSUP_BATCH);
	for (i = 0; i < ARRAY_SIZE(page); i++)
		KUNIT_EXPECT_NOT_NULL(test, iosup_pool_alloc(SANDBOX, GFP_KERNEL,
							     0, false, false));
	sandbox_stats(&st0);
	KUNIT_EXPECT_EQ(test, st0.c.hits - st1.c.hits, ARRAY_SIZE(page));
	KUNIT_EXPECT_EQ(test, st0.in_pool, 0);
	KUNIT_EXPECT_EQ(test, st0.in_lists, 0);
	/*
	 * Empty: the next allocation misses, and the caller allocates (with
	 * timing=1 the pool does, and the block is the test's to free).
	 */
	extra = iosup_pool_alloc(SANDBOX, GFP_KERNEL, 0, false, false);
	KUNIT_EXPECT_TRUE(test, !extra || READ_ONCE(iosup_timing));
	sandbox_stats(&st1);
	KUNIT_EXPECT_EQ(test, st1.c.misses - st0.c.misses, 1);
	for (i = 0; i < ARRAY_SIZE(page); i++)
		iosup_pool_free(SANDBOX, page[i], 0, IOSUP_FREE_EMPTY);
	migrate_enable();
	if (extra)
		__free_page(extra);
}

/* Reclaim gives back what it is asked for, from magazines if need be. */
static void pool_test_reclaim(struct kunit *test)
{
	struct iosup_pool_stats st0, st1;
	struct page *page[5];
	int i;

	for (i = 0; i < 5; i++)
		page[i] = zeroed_page(test);
	/* One CPU's magazine throughout, so that counts are exact. */
	migrate_disable();
	reclaim_pool(SANDBOX, ULONG_MAX, IOSUP_RECLAIM_MANUAL);
	for (i = 0; i < 5; i++)
		iosup_pool_free(SANDBOX, page[i], 0, IOSUP_FREE_EMPTY);
	sandbox_stats(&st0);
	KUNIT_EXPECT_EQ(test, reclaim_pool(SANDBOX, 3, IOSUP_RECLAIM_MANUAL),
			3);
	sandbox_stats(&st1);
	KUNIT_EXPECT_EQ(test, st1.reclaimed - st0.reclaimed, 3);
	KUNIT_EXPECT_EQ(test, st1.in_pool, 2);
	KUNIT_EXPECT_EQ(test, reclaim_pool(SANDBOX, ULONG_MAX,
					   IOSUP_RECLAIM_MANUAL), 2);
	migrate_enable();
}

/*
 * A plain block freed with entries in it is cleared before it is pooled;
 * a typed one cannot be written, so the pool declines it.
 */
static void pool_test_dirty_blocks(struct kunit *test)
{
	struct iosup_pool_stats st0, st1;
	struct page *page, *typed;

	page = zeroed_page(test);
	typed = zeroed_page(test);
	/* One CPU's magazine throughout, so that counts are exact. */
	migrate_disable();
	sandbox_stats(&st0);
	memset(page_address(page), 0x5a, 64);
	KUNIT_EXPECT_TRUE(test, iosup_pool_free(SANDBOX, page, 0, 0));
	sandbox_stats(&st1);
	KUNIT_EXPECT_EQ(test, st1.c.cleared - st0.c.cleared, 1);
	KUNIT_EXPECT_PTR_EQ(test, iosup_pool_alloc(SANDBOX, GFP_KERNEL, 0,
						   false, false), page);
	KUNIT_EXPECT_TRUE(test, iosup_block_is_zero(SANDBOX, page, 0));

	memset(page_address(typed), 0x5a, 64);
	KUNIT_EXPECT_FALSE(test, iosup_pool_free(SANDBOX, typed, 0,
						 IOSUP_FREE_TYPED));
	sandbox_stats(&st0);
	KUNIT_EXPECT_EQ(test, st0.c.frees_to_pool, st1.c.frees_to_pool);
	__free_page(typed);
	iosup_pool_free(SANDBOX, page, 0, IOSUP_FREE_EMPTY);
	migrate_enable();
}

/* Caching off: nothing is handed out or kept; the caller frees. */
static void pool_test_caching_off(struct kunit *test)
{
	struct page *page;

	if (READ_ONCE(iosup_timing))
		kunit_skip(test, "timing=1: the pool allocates and frees itself");
	page = zeroed_page(test);
	WRITE_ONCE(iosup_pools[SANDBOX].caching, false);
	KUNIT_EXPECT_NULL(test, iosup_pool_alloc(SANDBOX, GFP_KERNEL, 0,
						 false, false));
	KUNIT_EXPECT_FALSE(test, iosup_pool_free(SANDBOX, page, 0,
						 IOSUP_FREE_EMPTY));
	__free_page(page);
}

/* Filling ahead adds plain zeroed blocks natively (typed on Xen PV). */
static void pool_test_prefill(struct kunit *test)
{
	struct iosup_pool_stats st0, st1;

	if (xen_pv_domain())
		kunit_skip(test, "Xen PV: a p4d table cannot be typed ahead");
	reclaim_pool(SANDBOX, ULONG_MAX, IOSUP_RECLAIM_MANUAL);
	sandbox_stats(&st0);
	prefill_pool(SANDBOX, 5);
	sandbox_stats(&st1);
	KUNIT_EXPECT_EQ(test, st1.prefilled - st0.prefilled, 5);
	KUNIT_EXPECT_EQ(test, st1.in_pool, 5);
}

/* The reclaim policy's arithmetic (module/policy.c). */
static void pool_test_policy(struct kunit *test)
{
	/* Small next to what is in use, or small in absolute terms: kept. */
	KUNIT_EXPECT_EQ(test, iosup_policy_excess(4, 1, 4, 8), 0);
	KUNIT_EXPECT_EQ(test, iosup_policy_excess(7, 1, 4, 8), 0);
	/* Both exceeded: give back all but one spare page per table used. */
	KUNIT_EXPECT_EQ(test, iosup_policy_excess(8, 1, 4, 8), 7);
	KUNIT_EXPECT_EQ(test, iosup_policy_excess(100, 0, 4, 0), 100);
	/* The largest pool the policy leaves alone. */
	KUNIT_EXPECT_EQ(test, iosup_policy_allowed(1, 4, 8), 7);
	KUNIT_EXPECT_EQ(test, iosup_policy_allowed(10, 4, 8), 40);
	KUNIT_EXPECT_EQ(test, iosup_policy_excess(iosup_policy_allowed(10, 4, 8),
						  10, 4, 8), 0);
}

static struct kunit_case iosup_pool_test_cases[] = {
	KUNIT_CASE(pool_test_reuse),
	KUNIT_CASE(pool_test_spill_and_refill),
	KUNIT_CASE(pool_test_reclaim),
	KUNIT_CASE(pool_test_dirty_blocks),
	KUNIT_CASE(pool_test_caching_off),
	KUNIT_CASE(pool_test_prefill),
	KUNIT_CASE(pool_test_policy),
	{}
};

static struct kunit_suite iosup_pool_test_suite = {
	.name = "iosup_pool",
	.init = sandbox_init,
	.exit = sandbox_exit,
	.test_cases = iosup_pool_test_cases,
};

kunit_test_suite(iosup_pool_test_suite);
