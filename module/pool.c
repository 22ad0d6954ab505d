// SPDX-License-Identifier: GPL-2.0
/*
 * The per-level pools: the callbacks the core kernel calls on page-table
 * allocation and free, and the ways pages leave a pool again (policy,
 * manual reclaim, shrinker, disable).
 *
 * A pool keeps two kinds of blocks. Plain blocks are ordinary zeroed
 * pages. Typed blocks (Xen PV) are read-only and keep their Xen page-table
 * type: the pool never writes them, only reads them to check they are
 * empty, and hands them back to the core to be made writable when they
 * leave for the buddy allocator.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/pgalloc.h>

#include "iosup.h"
#include "iosup_trace.h"
#include "policy.h"

struct iosup_pool iosup_pools[IOSUP_NR_LEVELS];
static bool iosup_caching_enabled;
static DEFINE_MUTEX(iosup_enable_mutex);

static void iosup_policy_work_fn(struct work_struct *work);
static DECLARE_WORK(iosup_policy_work, iosup_policy_work_fn);

void iosup_pools_init(void)
{
	int i;

	for (i = 0; i < IOSUP_NR_LEVELS; i++) {
		spin_lock_init(&iosup_pools[i].lock);
		INIT_LIST_HEAD(&iosup_pools[i].plain);
		INIT_LIST_HEAD(&iosup_pools[i].typed);
	}
}

unsigned int iosup_level_order(enum iosup_level level)
{
	return level == IOSUP_PGD ? PGD_ALLOCATION_ORDER : 0;
}

/*
 * A pgd page (and the PTI user copy after it) holds the kernel's half,
 * which a typed pgd keeps and a plain one gets again from pgd_ctor(); only
 * the user half must be empty. The core checks a Xen user pgd itself.
 */
bool iosup_block_is_zero(enum iosup_level level, struct page *page,
			 unsigned int order)
{
	size_t len = PAGE_SIZE;
	unsigned int i;

	if (level == IOSUP_PGD)
		len = PTRS_PER_PGD / 2 * sizeof(pgd_t);
	for (i = 0; i < (1U << order); i++)
		if (memchr_inv(page_address(page + i), 0, len))
			return false;
	return true;
}

static void clear_block(struct page *page, unsigned int order)
{
	unsigned int i;

	for (i = 0; i < (1U << order); i++)
		clear_page(page_address(page + i));
}

static struct page *take_block(struct iosup_pool *pool, bool typed_ok,
			       bool *typed)
{
	struct page *page = NULL;

	if (typed_ok)
		page = list_first_entry_or_null(&pool->typed, struct page, lru);
	*typed = page;
	if (!page)
		page = list_first_entry_or_null(&pool->plain, struct page, lru);
	if (page)
		list_del(&page->lru);
	return page;
}

static struct page *iosup_alloc(enum iosup_level level, gfp_t gfp,
				unsigned int order, bool typed_ok)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned long flags, pages = 1UL << order;
	u64 start = ktime_get_ns();
	struct page *page = NULL;
	bool typed = false, stale = false, hit;

	spin_lock_irqsave(&pool->lock, flags);
	if (pool->caching) {
		page = take_block(pool, typed_ok, &typed);
		if (page) {
			pool->in_pool -= pages;
			pool->hits += pages;
			pool->type_changes_avoided += typed ? pages : 0;
		} else {
			pool->misses += pages;
		}
	}
	spin_unlock_irqrestore(&pool->lock, flags);

	hit = page;
	if (page && READ_ONCE(iosup_verify))
		stale = !iosup_block_is_zero(level, page, order);
	if (!page)
		page = alloc_pages(gfp | __GFP_ZERO, order);

	spin_lock_irqsave(&pool->lock, flags);
	if (page) {
		pool->in_use += pages;
		pool->allocs += pages;
	}
	pool->stale += stale;
	pool->alloc_ns += ktime_get_ns() - start;
	spin_unlock_irqrestore(&pool->lock, flags);
	trace_iosup_alloc(level, hit);
	return page;
}

static bool iosup_free(enum iosup_level level, struct page *page,
		       unsigned int order, bool typed)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned long flags, excess = 0, pages = 1UL << order;
	u64 start = ktime_get_ns();
	bool pooled = false, dirty = false, taken = true;

	/*
	 * A pooled block must come out empty. Tables are empty when freed,
	 * which we check rather than trust: a dirty plain block is cleared,
	 * a dirty typed one cannot be and is declined.
	 */
	if (READ_ONCE(pool->caching))
		dirty = !iosup_block_is_zero(level, page, order);
	if (dirty && !typed)
		clear_block(page, order);

	spin_lock_irqsave(&pool->lock, flags);
	pool->in_use -= pages;
	pool->frees += pages;
	pool->cleared += dirty;
	if (pool->caching && !(dirty && typed)) {
		list_add(&page->lru, typed ? &pool->typed : &pool->plain);
		pool->in_pool += pages;
		pool->frees_to_pool += pages;
		if (pool->in_pool > pool->peak)
			pool->peak = pool->in_pool;
		excess = iosup_policy_excess(pool->in_pool,
					     max(pool->in_use, 0L),
					     READ_ONCE(iosup_ratio),
					     READ_ONCE(iosup_total));
		pooled = true;
	}
	spin_unlock_irqrestore(&pool->lock, flags);

	/* Typed blocks become writable in the core, which may need to sleep. */
	if (!pooled && typed)
		taken = false;
	else if (!pooled)
		__free_pages(page, order);
	if (excess)
		schedule_work(&iosup_policy_work);

	spin_lock_irqsave(&pool->lock, flags);
	pool->free_ns += ktime_get_ns() - start;
	spin_unlock_irqrestore(&pool->lock, flags);
	trace_iosup_free(level, pooled);
	return taken;
}

const struct iosup_pt_ops iosup_ops = {
	.alloc = iosup_alloc,
	.free = iosup_free,
};

static void free_block(enum iosup_level level, struct page *page,
		       unsigned int order, bool typed)
{
	if (typed)
		iosup_release_typed(level, page, order);
	__free_pages(page, order);
}

/* Give up to @nr pages of one pool back to the buddy allocator. */
static unsigned long reclaim_pool(enum iosup_level level, unsigned long nr,
				  enum iosup_reclaim_reason why)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned int order = iosup_level_order(level);
	unsigned long flags, done = 0;
	struct page *page, *next;
	LIST_HEAD(plain);
	LIST_HEAD(typed);

	spin_lock_irqsave(&pool->lock, flags);
	while (done < nr && !list_empty(&pool->plain)) {
		list_move(pool->plain.next, &plain);
		done += 1UL << order;
	}
	while (done < nr && !list_empty(&pool->typed)) {
		list_move(pool->typed.next, &typed);
		done += 1UL << order;
	}
	pool->in_pool -= done;
	pool->reclaimed += done;
	spin_unlock_irqrestore(&pool->lock, flags);

	list_for_each_entry_safe(page, next, &plain, lru) {
		list_del(&page->lru);
		free_block(level, page, order, false);
	}
	list_for_each_entry_safe(page, next, &typed, lru) {
		list_del(&page->lru);
		free_block(level, page, order, true);
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
	return READ_ONCE(iosup_caching_enabled);
}

/* Start or stop caching; stopping drains every pool. */
void iosup_set_enabled(bool on)
{
	unsigned long flags;
	int level;

	mutex_lock(&iosup_enable_mutex);
	WRITE_ONCE(iosup_caching_enabled, on);
	if (!on)
		iosup_set_caching(false);
	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		spin_lock_irqsave(&iosup_pools[level].lock, flags);
		iosup_pools[level].caching = on;
		spin_unlock_irqrestore(&iosup_pools[level].lock, flags);
	}
	if (on)
		iosup_set_caching(true);
	else
		iosup_reclaim(ULONG_MAX, IOSUP_RECLAIM_DISABLE);
	mutex_unlock(&iosup_enable_mutex);
}

/* After the hooks are unregistered: nothing can refill the pools. */
void iosup_pools_exit(void)
{
	cancel_work_sync(&iosup_policy_work);
	iosup_set_enabled(false);
}
