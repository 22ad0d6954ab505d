// SPDX-License-Identifier: GPL-2.0
/*
 * The per-level pools: the callbacks the core kernel calls on page-table
 * allocation and free, and the ways pages leave a pool again (policy,
 * manual reclaim, shrinker, disable).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <asm/pgalloc.h>

#include "iosup.h"
#include "iosup_trace.h"
#include "policy.h"

struct iosup_pool iosup_pools[IOSUP_NR_LEVELS];
static bool iosup_caching;
static DEFINE_MUTEX(iosup_enable_mutex);

static void iosup_policy_work_fn(struct work_struct *work);
static DECLARE_WORK(iosup_policy_work, iosup_policy_work_fn);

void iosup_pools_init(void)
{
	int i;

	for (i = 0; i < IOSUP_NR_LEVELS; i++) {
		spin_lock_init(&iosup_pools[i].lock);
		INIT_LIST_HEAD(&iosup_pools[i].blocks);
	}
}

static bool block_is_zero(struct page *page, unsigned int order)
{
	unsigned int i;

	for (i = 0; i < (1U << order); i++)
		if (memchr_inv(page_address(page + i), 0, PAGE_SIZE))
			return false;
	return true;
}

static void clear_block(struct page *page, unsigned int order)
{
	unsigned int i;

	for (i = 0; i < (1U << order); i++)
		clear_page(page_address(page + i));
}

static struct page *iosup_alloc(enum iosup_level level, gfp_t gfp,
				unsigned int order)
{
	struct iosup_pool *pool = &iosup_pools[level];
	u64 start = ktime_get_ns();
	struct page *page = NULL;
	unsigned long flags;
	bool hit = false;

	spin_lock_irqsave(&pool->lock, flags);
	if (pool->caching) {
		page = list_first_entry_or_null(&pool->blocks, struct page,
						lru);
		if (page) {
			list_del(&page->lru);
			pool->in_pool -= 1UL << order;
			pool->hits += 1UL << order;
			hit = true;
		} else {
			pool->misses += 1UL << order;
		}
	}
	spin_unlock_irqrestore(&pool->lock, flags);

	if (!page)
		page = alloc_pages(gfp | __GFP_ZERO, order);

	spin_lock_irqsave(&pool->lock, flags);
	if (page)
		pool->in_use += 1L << order;
	pool->alloc_ns += ktime_get_ns() - start;
	spin_unlock_irqrestore(&pool->lock, flags);
	trace_iosup_alloc(level, hit);
	return page;
}

static bool iosup_free(enum iosup_level level, struct page *page,
		       unsigned int order)
{
	struct iosup_pool *pool = &iosup_pools[level];
	u64 start = ktime_get_ns();
	unsigned long flags, excess = 0;
	bool pooled = false, dirty = false;

	/*
	 * A pooled block must come out zeroed. Lower levels are empty by the
	 * time they are freed, which we check rather than trust; a PGD
	 * still holds the kernel's half, so it is always cleared.
	 */
	if (READ_ONCE(pool->caching)) {
		dirty = level != IOSUP_PGD && !block_is_zero(page, order);
		if (dirty || level == IOSUP_PGD)
			clear_block(page, order);
	}

	spin_lock_irqsave(&pool->lock, flags);
	pool->in_use -= 1L << order;
	if (pool->caching) {
		list_add(&page->lru, &pool->blocks);
		pool->in_pool += 1UL << order;
		pool->frees_to_pool += 1UL << order;
		pool->cleared += dirty;
		if (pool->in_pool > pool->peak)
			pool->peak = pool->in_pool;
		excess = iosup_policy_excess(pool->in_pool,
					     max(pool->in_use, 0L),
					     READ_ONCE(iosup_ratio),
					     READ_ONCE(iosup_total));
		pooled = true;
	}
	spin_unlock_irqrestore(&pool->lock, flags);

	if (!pooled)
		__free_pages(page, order);
	if (excess)
		schedule_work(&iosup_policy_work);

	spin_lock_irqsave(&pool->lock, flags);
	pool->free_ns += ktime_get_ns() - start;
	spin_unlock_irqrestore(&pool->lock, flags);
	trace_iosup_free(level, pooled);
	return true;
}

const struct iosup_pt_ops iosup_ops = {
	.alloc = iosup_alloc,
	.free = iosup_free,
};

static unsigned int level_order(enum iosup_level level)
{
	return level == IOSUP_PGD ? PGD_ALLOCATION_ORDER : 0;
}

/* Give up to @nr pages of one pool back to the buddy allocator. */
static unsigned long reclaim_pool(enum iosup_level level, unsigned long nr,
				  enum iosup_reclaim_reason why)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned int order = level_order(level);
	unsigned long flags, done = 0;
	struct page *page, *next;
	LIST_HEAD(victims);

	spin_lock_irqsave(&pool->lock, flags);
	while (done < nr && !list_empty(&pool->blocks)) {
		page = list_first_entry(&pool->blocks, struct page, lru);
		list_move(&page->lru, &victims);
		done += 1UL << order;
	}
	pool->in_pool -= done;
	pool->reclaimed += done;
	spin_unlock_irqrestore(&pool->lock, flags);

	list_for_each_entry_safe(page, next, &victims, lru) {
		list_del(&page->lru);
		__free_pages(page, order);
	}
	if (done)
		trace_iosup_reclaim(level, done, why);
	return done;
}

/* Give up to @nr pages back, lowest levels (the largest pools) first. */
unsigned long iosup_reclaim(unsigned long nr, enum iosup_reclaim_reason why)
{
	unsigned long done = 0;
	int level;

	for (level = IOSUP_NR_LEVELS - 1; level >= 0 && done < nr; level--)
		done += reclaim_pool(level, nr - done, why);
	return done;
}

unsigned long iosup_pooled_pages(void)
{
	unsigned long sum = 0;
	int level;

	for (level = 0; level < IOSUP_NR_LEVELS; level++)
		sum += READ_ONCE(iosup_pools[level].in_pool);
	return sum;
}

/* Apply the reclaim policy to every pool, in process context. */
void iosup_policy_check(void)
{
	struct iosup_pool *pool;
	unsigned long flags, excess;
	int level;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		pool = &iosup_pools[level];
		spin_lock_irqsave(&pool->lock, flags);
		excess = iosup_policy_excess(pool->in_pool,
					     max(pool->in_use, 0L),
					     READ_ONCE(iosup_ratio),
					     READ_ONCE(iosup_total));
		spin_unlock_irqrestore(&pool->lock, flags);
		if (excess)
			reclaim_pool(level, excess, IOSUP_RECLAIM_POLICY);
	}
}

static void iosup_policy_work_fn(struct work_struct *work)
{
	iosup_policy_check();
}

bool iosup_enabled(void)
{
	return READ_ONCE(iosup_caching);
}

/* Start or stop caching; stopping drains every pool. */
void iosup_set_enabled(bool on)
{
	unsigned long flags;
	int level;

	mutex_lock(&iosup_enable_mutex);
	WRITE_ONCE(iosup_caching, on);
	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		spin_lock_irqsave(&iosup_pools[level].lock, flags);
		iosup_pools[level].caching = on;
		spin_unlock_irqrestore(&iosup_pools[level].lock, flags);
	}
	if (!on)
		iosup_reclaim(ULONG_MAX, IOSUP_RECLAIM_DISABLE);
	mutex_unlock(&iosup_enable_mutex);
}

/* After the hooks are unregistered: nothing can refill the pools. */
void iosup_pools_exit(void)
{
	cancel_work_sync(&iosup_policy_work);
	iosup_set_enabled(false);
}
