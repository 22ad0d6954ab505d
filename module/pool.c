// SPDX-License-Identifier: GPL-2.0
/*
 * The per-level pools: the callbacks the core kernel calls on page-table
 * allocation and free, and the ways pages leave a pool again (policy,
 * manual reclaim, shrinker, disable), and the ways they enter it ahead of
 * use when caching starts (prefill).
 *
 * A pool keeps two kinds of blocks. Plain blocks are ordinary zeroed
 * pages. Typed blocks (Xen PV) are read-only and keep their Xen page-table
 * type: the pool never writes them, only reads them to check they are
 * empty, and hands them back to the core to be made writable when they
 * leave for the buddy allocator.
 *
 * Each CPU keeps a magazine of each kind in front of the level's shared
 * lists, so that the common alloc and free take only one magazine's
 * lock, normally their own CPU's; blocks move to and from the shared
 * lists IOSUP_BATCH at a time.
 * A spill that takes the lists past what the policy allowed at its last
 * check asks for the next check at once, any other spill within
 * IOSUP_CHECK_DELAY; the check sums every CPU's counters in process
 * context. Counters live per CPU.
 */
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/pgalloc.h>
#include <xen/xen.h>

#include "iosup.h"
#include "iosup_trace.h"
#include "policy.h"

struct iosup_pool iosup_pools[IOSUP_NR_LEVELS];
static bool iosup_caching_enabled;
static DEFINE_MUTEX(iosup_enable_mutex);

static void iosup_policy_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(iosup_policy_work, iosup_policy_work_fn);
/* One check at a time, so that the last sets the limit from the knobs. */
static DEFINE_MUTEX(iosup_policy_mutex);

int iosup_pools_init(void)
{
	int i, cpu;

	for (i = 0; i < IOSUP_NR_LEVELS; i++) {
		struct iosup_pool *pool = &iosup_pools[i];

		spin_lock_init(&pool->lock);
		INIT_LIST_HEAD(&pool->lists[IOSUP_PLAIN]);
		INIT_LIST_HEAD(&pool->lists[IOSUP_TYPED]);
		pool->spill_limit = READ_ONCE(iosup_total);
		pool->cpu = alloc_percpu(struct iosup_cpu_cache);
		if (!pool->cpu)
			goto out_free;
		for_each_possible_cpu(cpu)
			spin_lock_init(&per_cpu_ptr(pool->cpu, cpu)->lock);
	}
	return 0;

out_free:
	while (i--)
		free_percpu(iosup_pools[i].cpu);
	return -ENOMEM;
}

unsigned int iosup_level_order(enum iosup_level level)
{
	return level == IOSUP_PGD ? IOSUP_PGD_ORDER : 0;
}

/*
 * A pgd page (and the PTI user copy after it) holds the kernel's half,
 * which a typed pgd keeps and a plain one gets again from pgd_ctor(); only
 * the user half must be empty. The core checks a Xen user pgd itself.
 */
/*
 * Whether @len bytes at @addr are zero, eight words at a time: every plain
 * table freed is checked, and this takes about half the instructions of
 * memchr_inv(), which tests one word at a time.
 */
static bool iosup_words_are_zero(const unsigned long *addr, size_t len)
{
	const unsigned long *end = addr + len / sizeof(*addr);

	for (; addr < end; addr += 8)
		if (addr[0] | addr[1] | addr[2] | addr[3] |
		    addr[4] | addr[5] | addr[6] | addr[7])
			return false;
	return true;
}

bool iosup_block_is_zero(enum iosup_level level, struct page *page,
			 unsigned int order)
{
	size_t len = PAGE_SIZE;
	unsigned int i;

	/* A pgd's kernel half is never empty; its user half must be. */
	if (level == IOSUP_PGD)
		len = PTRS_PER_PGD / 2 * sizeof(pgd_t);
	for (i = 0; i < (1U << order); i++)
		if (!iosup_words_are_zero(page_address(page + i), len))
			return false;
	return true;
}

static void clear_block(struct page *page, unsigned int order)
{
	unsigned int i;

	for (i = 0; i < (1U << order); i++)
		clear_page(page_address(page + i));
}

/*
 * Pooled pages show in /proc/meminfo as KReclaimable: the shrinker gives
 * them back under memory pressure.
 */
static void account_pooled(struct page *page, long pages)
{
	mod_node_page_state(page_pgdat(page), NR_KERNEL_MISC_RECLAIMABLE,
			    pages);
}

static u64 timing_start(void)
{
	return READ_ONCE(iosup_timing) ? ktime_get_ns() : 0;
}

/*
 * A zeroed block as the core allocates a table: compound when it is more
 * than a page (a pgd with PTI), so that compound_order() tells its order.
 * The hooks run under rcu_read_lock(), so it must not sleep: no direct
 * reclaim, and on failure the core allocates, outside the hook. Nor does
 * it dip into the atomic reserves, since the core can still reclaim.
 */
static struct page *buddy_alloc(gfp_t gfp, unsigned int order)
{
	gfp = (gfp & ~__GFP_DIRECT_RECLAIM) | __GFP_NOMEMALLOC |
	      __GFP_NOWARN | __GFP_ZERO;
	return alloc_pages(gfp | (order ? __GFP_COMP : 0), order);
}

/*
 * Caching off: the core allocates, and only allocs counts it, so that
 * "iosupctl diagnose" sees the tables made before caching starts. With
 * timing=1 the buddy allocation is made here instead, so that alloc_ns
 * times the same work with caching on and off.
 */
static struct page *alloc_caching_off(struct iosup_pool *pool, gfp_t gfp,
				      unsigned int order, u64 start)
{
	struct page *page;

	this_cpu_add(pool->cpu->lockless.allocs_off, 1UL << order);
	if (!start)
		return NULL;
	page = buddy_alloc(gfp, order);
	this_cpu_add(pool->cpu->lockless.alloc_ns, ktime_get_ns() - start);
	return page;
}

/*
 * The magazines of the CPU we run on, locked. Unlike the page allocator,
 * which pins the task first, nothing stops a move to another CPU after
 * raw_cpu_ptr(): that costs only locality, since the lock alone makes any
 * CPU's magazines safe to use.
 */
static struct iosup_cpu_cache *cpu_cache_lock(struct iosup_pool *pool,
					      unsigned long *flags)
	__acquires(&cc->lock)
{
	struct iosup_cpu_cache *cc = raw_cpu_ptr(pool->cpu);

	spin_lock_irqsave(&cc->lock, *flags);
	return cc;
}

/*
 * Move IOSUP_BATCH blocks of @kind from a full magazine to the lists;
 * true if the lists now hold more than the last policy check allowed.
 */
static bool cache_spill(struct iosup_pool *pool, struct iosup_cpu_cache *cc,
			enum iosup_kind kind, unsigned int order)
{
	bool over;
	int i;

	spin_lock(&pool->lock);
	for (i = 0; i < IOSUP_BATCH; i++)
		list_add(&cc->blocks[kind][--cc->nr[kind]]->lru,
			 &pool->lists[kind]);
	pool->shared += IOSUP_BATCH << order;
	pool->peak = max(pool->peak, pool->shared);
	over = pool->shared > pool->spill_limit;
	spin_unlock(&pool->lock);
	return over;
}

/* Refill an empty magazine of @kind from the lists; false if they are. */
static bool cache_refill(struct iosup_pool *pool, struct iosup_cpu_cache *cc,
			 enum iosup_kind kind, unsigned int order)
{
	struct list_head *list = &pool->lists[kind];
	struct page *page;

	if (data_race(list_empty(list)))	/* a miss need not take the lock */
		return false;
	spin_lock(&pool->lock);
	while (cc->nr[kind] < IOSUP_BATCH && !list_empty(list)) {
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		cc->blocks[kind][cc->nr[kind]++] = page;
		pool->shared -= 1UL << order;
	}
	spin_unlock(&pool->lock);
	return cc->nr[kind];
}

static struct page *magazine_pop(struct iosup_pool *pool,
				 struct iosup_cpu_cache *cc,
				 enum iosup_kind kind, unsigned int order)
{
	if (!cc->nr[kind] && !cache_refill(pool, cc, kind, order))
		return NULL;
	return cc->blocks[kind][--cc->nr[kind]];
}

/* A typed block where one may go, else a plain one, else NULL. */
static struct page *cache_take(struct iosup_pool *pool,
			       struct iosup_cpu_cache *cc, unsigned int order,
			       bool typed_ok, bool *typed)
{
	struct page *page = NULL;

	if (typed_ok)
		page = magazine_pop(pool, cc, IOSUP_TYPED, order);
	*typed = page;
	if (!page)
		page = magazine_pop(pool, cc, IOSUP_PLAIN, order);
	return page;
}

static void count_alloc(struct iosup_cpu_cache *cc, enum iosup_level level,
			struct page *page, unsigned int order, bool hit,
			bool typed)
{
	unsigned long pages = 1UL << order;

	cc->count.in_use += pages;
	cc->count.allocs += pages;
	if (hit) {
		cc->count.hits += pages;
		cc->count.type_changes_avoided += typed ? pages : 0;
		if (READ_ONCE(iosup_verify) &&
		    !iosup_block_is_zero(level, page, order))
			cc->count.stale += pages;
	}
}

/*
 * A block for a table at @level: a typed one only if @typed_ok. On a miss,
 * a zeroed block from the buddy allocator if @buddy_on_miss or timing=1,
 * else NULL: the core then allocates it itself, and unless
 * @buddy_on_miss it counts as in use already.
 */
struct page *iosup_pool_alloc(enum iosup_level level, gfp_t gfp,
			      unsigned int order, bool typed_ok,
			      bool buddy_on_miss)
{
	struct iosup_pool *pool = &iosup_pools[level];
	u64 start = timing_start();
	struct iosup_cpu_cache *cc;
	struct page *page = NULL;
	bool typed = false;
	unsigned long flags;

	if (!READ_ONCE(pool->caching))
		return alloc_caching_off(pool, gfp, order, start);
	cc = cpu_cache_lock(pool, &flags);
	/*
	 * Again under the lock that disabling drains by: a refill after the
	 * drain passed this CPU would strand blocks in its magazine.
	 */
	if (!READ_ONCE(pool->caching)) {
		spin_unlock_irqrestore(&cc->lock, flags);
		return alloc_caching_off(pool, gfp, order, start);
	}
	page = cache_take(pool, cc, order, typed_ok, &typed);
	if (page)
		count_alloc(cc, level, page, order, true, typed);
	else
		cc->count.misses += 1UL << order;
	spin_unlock_irqrestore(&cc->lock, flags);

	trace_iosup_alloc(level, page != NULL);
	if (page) {
		account_pooled(page, -(1L << order));
	} else {
		if (buddy_on_miss || start)
			page = buddy_alloc(gfp, order);
		if (page || !buddy_on_miss) {
			cc = cpu_cache_lock(pool, &flags);
			count_alloc(cc, level, page, order, false, false);
			spin_unlock_irqrestore(&cc->lock, flags);
		}
	}
	if (start)
		this_cpu_add(pool->cpu->lockless.alloc_ns,
			     ktime_get_ns() - start);
	return page;
}

/*
 * Take a freed block to pool or to free: true if it did either; false for
 * a block the caller frees, typed ones made writable first.
 */
bool iosup_pool_free(enum iosup_level level, struct page *page,
		     unsigned int order, unsigned int flags)
{
	bool typed = flags & IOSUP_FREE_TYPED;
	enum iosup_kind kind = typed ? IOSUP_TYPED : IOSUP_PLAIN;
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned long irqflags, pages = 1UL << order;
	bool pooled = false, dirty = false, spilled = false, over = false;
	struct iosup_cpu_cache *cc;
	u64 start;

	start = timing_start();
	/*
	 * Caching off: the core frees the block, a typed one made plain
	 * first. With timing=1 a plain one is freed here instead, so that
	 * free_ns times the same work with caching on and off.
	 */
	if (!READ_ONCE(pool->caching)) {
		this_cpu_add(pool->cpu->lockless.frees_off, pages);
		if (!start || typed)
			return false;
		__free_pages(page, order);
		this_cpu_add(pool->cpu->lockless.free_ns,
			     ktime_get_ns() - start);
		return true;
	}
	/*
	 * A pooled block must come out empty. A torn-down table is empty by
	 * construction; any other may still hold entries (khugepaged frees
	 * a collapsed pte table as it was), so it is checked: a dirty plain
	 * block is cleared, a dirty typed one cannot be and is declined.
	 * A CONFIG_DEBUG_VM kernel checks the construction as well.
	 */
	if (!(flags & IOSUP_FREE_EMPTY) || IS_ENABLED(CONFIG_DEBUG_VM)) {
		dirty = !iosup_block_is_zero(level, page, order);
		VM_WARN_ON_ONCE_PAGE(dirty && (flags & IOSUP_FREE_EMPTY), page);
	}
	if (dirty && !typed)
		clear_block(page, order);

	cc = cpu_cache_lock(pool, &irqflags);
	cc->count.in_use -= pages;
	cc->count.frees += pages;
	if (dirty && !typed)
		cc->count.cleared += pages;
	/* Caching is read again under the lock that disabling drains by. */
	if (READ_ONCE(pool->caching) && !(dirty && typed)) {
		if (cc->nr[kind] == IOSUP_MAG_SIZE) {
			over = cache_spill(pool, cc, kind, order);
			spilled = true;
		}
		cc->blocks[kind][cc->nr[kind]++] = page;
		cc->count.frees_to_pool += pages;
		pooled = true;
	}
	spin_unlock_irqrestore(&cc->lock, irqflags);

	/* A typed block the pool declined is made writable by the core. */
	if (pooled)
		account_pooled(page, pages);
	else if (!typed)
		__free_pages(page, order);
	/* A spill leads to a policy check: at once if over the limit. */
	if (over)
		mod_delayed_work(system_wq, &iosup_policy_work, 0);
	else if (spilled)
		queue_delayed_work(system_wq, &iosup_policy_work,
				   IOSUP_CHECK_DELAY);
	if (start)
		this_cpu_add(pool->cpu->lockless.free_ns,
			     ktime_get_ns() - start);
	trace_iosup_free(level, pooled);
	return pooled || !typed;
}

/* Empty every CPU's magazines of one level onto its shared lists. */
static void drain_cpu_caches(struct iosup_pool *pool, unsigned int order)
{
	unsigned long flags;
	int cpu, kind;

	for_each_possible_cpu(cpu) {
		struct iosup_cpu_cache *cc = per_cpu_ptr(pool->cpu, cpu);

		spin_lock_irqsave(&cc->lock, flags);
		spin_lock(&pool->lock);
		for (kind = 0; kind < IOSUP_NR_KINDS; kind++) {
			while (cc->nr[kind]) {
				list_add_tail(&cc->blocks[kind][--cc->nr[kind]]->lru,
					      &pool->lists[kind]);
				pool->shared += 1UL << order;
			}
		}
		spin_unlock(&pool->lock);
		spin_unlock_irqrestore(&cc->lock, flags);
	}
}

/* A level's figures, summed over the CPUs under their locks. */
void iosup_pool_stats(enum iosup_level level, struct iosup_pool_stats *st)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned int order = iosup_level_order(level);
	struct iosup_counters *sum = &st->c;
	unsigned long flags;
	int cpu;

	memset(st, 0, sizeof(*st));
	for_each_possible_cpu(cpu) {
		struct iosup_cpu_cache *cc = per_cpu_ptr(pool->cpu, cpu);
		struct iosup_counters *c = &cc->count;

		spin_lock_irqsave(&cc->lock, flags);
		st->in_pool += (cc->nr[IOSUP_PLAIN] + cc->nr[IOSUP_TYPED]) << order;
		sum->in_use += c->in_use;
		sum->allocs += c->allocs;
		sum->frees += c->frees;
		sum->hits += c->hits;
		sum->misses += c->misses;
		sum->frees_to_pool += c->frees_to_pool;
		sum->cleared += c->cleared;
		sum->type_changes_avoided += c->type_changes_avoided;
		sum->stale += c->stale;
		spin_unlock_irqrestore(&cc->lock, flags);
		/* Racy: a lockless counter that only its CPU adds to. */
		sum->allocs += data_race(cc->lockless.allocs_off);
		/* Racy: a lockless counter that only its CPU adds to. */
		sum->frees += data_race(cc->lockless.frees_off);
		/* Racy: a lockless counter that only its CPU adds to. */
		st->alloc_ns += data_race(cc->lockless.alloc_ns);
		/* Racy: a lockless counter that only its CPU adds to. */
		st->free_ns += data_race(cc->lockless.free_ns);
	}
	spin_lock_irqsave(&pool->lock, flags);
	st->in_lists = pool->shared;
	st->in_pool += pool->shared;
	pool->peak = max(pool->peak, st->in_pool);
	st->peak = pool->peak;
	st->reclaimed = pool->reclaimed;
	st->prefilled = pool->prefilled;
	spin_unlock_irqrestore(&pool->lock, flags);
}

/* Call @fn on every pooled block of one level, under the pool's locks. */
void iosup_pool_walk(enum iosup_level level,
		     void (*fn)(struct page *page, bool typed, void *arg),
		     void *arg)
{
	struct iosup_pool *pool = &iosup_pools[level];
	struct page *page;
	unsigned long flags;
	int cpu, kind;
	unsigned int i;

	for_each_possible_cpu(cpu) {
		struct iosup_cpu_cache *cc = per_cpu_ptr(pool->cpu, cpu);

		spin_lock_irqsave(&cc->lock, flags);
		for (kind = 0; kind < IOSUP_NR_KINDS; kind++)
			for (i = 0; i < cc->nr[kind]; i++)
				fn(cc->blocks[kind][i], kind == IOSUP_TYPED,
				   arg);
		spin_unlock_irqrestore(&cc->lock, flags);
	}
	spin_lock_irqsave(&pool->lock, flags);
	for (kind = 0; kind < IOSUP_NR_KINDS; kind++)
		list_for_each_entry(page, &pool->lists[kind], lru)
			fn(page, kind == IOSUP_TYPED, arg);
	spin_unlock_irqrestore(&pool->lock, flags);
}

/* Returns false if Xen kept the block read-only: Xen quarantined it. */
static bool free_block(enum iosup_level level, struct page *page,
		       unsigned int order, bool typed)
{
	account_pooled(page, -(1L << order));
	if (typed && !iosup_hooks_release_typed(level, page, order))
		return false;
	__free_pages(page, order);
	return true;
}

/* Take up to @nr pages off the lists, plain blocks first. */
static unsigned long take_from_lists(struct iosup_pool *pool,
				     unsigned int order, unsigned long nr,
				     struct list_head *plain,
				     struct list_head *typed)
{
	unsigned long flags, taken = 0;

	spin_lock_irqsave(&pool->lock, flags);
	while (taken < nr && !list_empty(&pool->lists[IOSUP_PLAIN])) {
		list_move(pool->lists[IOSUP_PLAIN].next, plain);
		taken += 1UL << order;
	}
	while (taken < nr && !list_empty(&pool->lists[IOSUP_TYPED])) {
		list_move(pool->lists[IOSUP_TYPED].next, typed);
		taken += 1UL << order;
	}
	pool->shared -= taken;
	spin_unlock_irqrestore(&pool->lock, flags);
	return taken;
}

/*
 * Give up to @nr pages of one pool back to the buddy allocator: from the
 * lists, and only if they hold too few, from every CPU's magazines too.
 */
static unsigned long reclaim_pool(enum iosup_level level, unsigned long nr,
				  enum iosup_reclaim_reason why)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned int order = iosup_level_order(level);
	unsigned long flags, taken, done = 0;
	struct page *page, *next;
	LIST_HEAD(plain);
	LIST_HEAD(typed);

	taken = take_from_lists(pool, order, nr, &plain, &typed);
	if (taken < nr) {
		drain_cpu_caches(pool, order);
		take_from_lists(pool, order, nr - taken, &plain, &typed);
	}

	list_for_each_entry_safe(page, next, &plain, lru) {
		list_del(&page->lru);
		done += free_block(level, page, order, false) << order;
	}
	/* A hypercall each: let others run between them. */
	list_for_each_entry_safe(page, next, &typed, lru) {
		list_del(&page->lru);
		done += free_block(level, page, order, true) << order;
		cond_resched();
	}
	/* Quarantined blocks left the pool but were not given back. */
	spin_lock_irqsave(&pool->lock, flags);
	pool->reclaimed += done;
	spin_unlock_irqrestore(&pool->lock, flags);
	if (done)
		trace_iosup_reclaim(level, done, why);
	return done;
}

/* Give up to @nr pages back, lowest levels (the largest pools) first. */
unsigned long iosup_reclaim(unsigned long nr, enum iosup_reclaim_reason why)
{
	unsigned long done = 0;
	int level;

	/* A level the tables do not use holds only KUnit's blocks. */
	for (level = IOSUP_NR_LEVELS - 1; level >= 0 && done < nr; level--)
		if (iosup_level_present(level))
			done += reclaim_pool(level, nr - done, why);
	return done;
}

/* Pages in every pool, magazines included; racy, for the shrinker. */
unsigned long iosup_pooled_pages(void)
{
	unsigned long sum = 0;
	int level, cpu;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		struct iosup_pool *pool = &iosup_pools[level];
		unsigned int order = iosup_level_order(level);

		sum += READ_ONCE(pool->shared);
		for_each_possible_cpu(cpu) {
			struct iosup_cpu_cache *cc = per_cpu_ptr(pool->cpu, cpu);

			/* Unlocked: another CPU's magazine, for a count. */
			sum += data_race(cc->nr[IOSUP_PLAIN] +
					 cc->nr[IOSUP_TYPED]) << order;
		}
	}
	return sum;
}

/*
 * Apply the reclaim policy to every pool, in process context, and let
 * the lists grow to what it allows before a spill asks again.
 */
void iosup_policy_check(void)
{
	unsigned int ratio = READ_ONCE(iosup_ratio);
	unsigned long total = READ_ONCE(iosup_total);
	struct iosup_pool_stats st;
	unsigned long excess, in_use, allowed, flags;
	int level;

	mutex_lock(&iosup_policy_mutex);
	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		struct iosup_pool *pool = &iosup_pools[level];

		iosup_pool_stats(level, &st);
		in_use = max(st.c.in_use, 0L);
		excess = iosup_policy_excess(st.in_pool, in_use, ratio, total);
		if (excess)
			reclaim_pool(level, excess, IOSUP_RECLAIM_POLICY);
		allowed = iosup_policy_allowed(in_use, ratio, total);
		spin_lock_irqsave(&pool->lock, flags);
		/* The lists' share: the magazines held the rest then. */
		pool->spill_limit = allowed - min(allowed,
						  st.in_pool - st.in_lists);
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	mutex_unlock(&iosup_policy_mutex);
}

static void iosup_policy_work_fn(struct work_struct *work)
{
	iosup_policy_check();
}

/* in_use counts from the latest enable, and stands still with caching off. */
static void reset_in_use(void)
{
	unsigned long flags;
	int level, cpu;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		for_each_possible_cpu(cpu) {
			struct iosup_cpu_cache *cc =
				per_cpu_ptr(iosup_pools[level].cpu, cpu);

			spin_lock_irqsave(&cc->lock, flags);
			cc->count.in_use = 0;
			spin_unlock_irqrestore(&cc->lock, flags);
		}
	}
}

/*
 * Whether a pool can be filled ahead: on Xen PV only with typed blocks,
 * the only kind that saves a flush, and a pgd cannot be typed without an
 * mm; elsewhere with plain ones at every level.
 */
static bool prefill_possible(enum iosup_level level)
{
	return !xen_pv_domain() || level != IOSUP_PGD;
}

/*
 * A block to fill a pool with ahead of use, typed on Xen PV and plain
 * elsewhere; NULL if there is none to be had.
 */
static struct page *prefill_block(enum iosup_level level, unsigned int order,
				  enum iosup_kind *kind)
{
	gfp_t gfp = GFP_KERNEL | __GFP_ZERO | __GFP_NORETRY | __GFP_NOWARN;
	struct page *page;
	int ret;

	page = alloc_pages(gfp | (order ? __GFP_COMP : 0), order);
	*kind = IOSUP_PLAIN;
	if (!page || !xen_pv_domain())
		return page;
	ret = iosup_hooks_make_typed(level, page);
	if (ret) {
		if (ret != -EOPNOTSUPP)
			pr_warn_ratelimited("level %d: Xen refused to type a table ahead (%d)\n",
					    level, ret);
		/* -EFAULT: Xen kept it read-only, and it is quarantined. */
		if (ret != -EFAULT)
			__free_pages(page, order);
		return NULL;
	}
	*kind = IOSUP_TYPED;
	return page;
}

/*
 * Put @nr pages into one pool before the processes that need them, in
 * process context: a pool is warm only once it holds the tables that wait
 * for their RCU grace period, and each one it gains on a miss instead
 * costs a process a type change (Xen PV) or a zeroed page.
 */
static void prefill_pool(enum iosup_level level, unsigned long nr)
{
	struct iosup_pool *pool = &iosup_pools[level];
	unsigned int order = iosup_level_order(level);
	struct list_head blocks[IOSUP_NR_KINDS];
	unsigned long added = 0, flags;
	enum iosup_kind kind;
	struct page *page;

	INIT_LIST_HEAD(&blocks[IOSUP_PLAIN]);
	INIT_LIST_HEAD(&blocks[IOSUP_TYPED]);
	while (added < nr) {
		page = prefill_block(level, order, &kind);
		if (!page)
			break;
		account_pooled(page, 1L << order);
		list_add(&page->lru, &blocks[kind]);
		added += 1UL << order;
		cond_resched();
	}
	spin_lock_irqsave(&pool->lock, flags);
	for (kind = 0; kind < IOSUP_NR_KINDS; kind++)
		list_splice(&blocks[kind], &pool->lists[kind]);
	pool->shared += added;
	pool->prefilled += added;
	spin_unlock_irqrestore(&pool->lock, flags);
}

/*
 * At the start of caching, fill each pool to what it held when caching
 * last stopped, or to the prefill knob if that is more, within what the
 * reclaim policy allows beside the tables in use, so that its next check
 * gives none of it back.
 */
static void prefill_pools(void)
{
	unsigned int ratio = READ_ONCE(iosup_ratio);
	unsigned long target, allowed, total = READ_ONCE(iosup_total);
	struct iosup_pool_stats st;
	int level;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		if (!iosup_level_present(level) || !prefill_possible(level))
			continue;
		iosup_pool_stats(level, &st);
		allowed = iosup_policy_allowed(max(st.c.in_use, 0L), ratio,
					       total);
		target = min(max(READ_ONCE(iosup_prefill),
				 iosup_pools[level].size_at_stop), allowed);
		if (target > st.in_pool)
			prefill_pool(level, target - st.in_pool);
	}
}

/* What each pool holds as caching stops, to fill it so at the next start. */
static void note_size_at_stop(void)
{
	struct iosup_pool_stats st;
	int level;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		iosup_pool_stats(level, &st);
		iosup_pools[level].size_at_stop = st.in_pool;
	}
}

bool iosup_enabled(void)
{
	return READ_ONCE(iosup_caching_enabled);
}

/*
 * Start or stop caching; stopping drains every pool. A free that saw
 * caching on re-reads it under its magazine's lock, which the drain takes
 * after caching is off: no block can be left behind in a magazine.
 * in_use restarts from 0 at an enable unless @keep_in_use (a resume:
 * the tables in use before the sleep are still out there). Returns the
 * pages the drain gave back.
 */
static unsigned long set_enabled_locked(bool on, bool keep_in_use)
{
	int level;

	lockdep_assert_held(&iosup_enable_mutex);
	if (on == iosup_caching_enabled)
		return 0;
	if (on && !keep_in_use)
		reset_in_use();
	WRITE_ONCE(iosup_caching_enabled, on);
	if (!on)
		iosup_hooks_set_caching(false);
	for (level = 0; level < IOSUP_NR_LEVELS; level++)
		WRITE_ONCE(iosup_pools[level].caching, on);
	if (on) {
		/* Xen types tables for the pools only once it is told to. */
		iosup_hooks_set_caching(true);
		prefill_pools();
		return 0;
	}
	note_size_at_stop();
	return iosup_reclaim(ULONG_MAX, IOSUP_RECLAIM_DISABLE);
}

void iosup_set_enabled(bool on)
{
	mutex_lock(&iosup_enable_mutex);
	set_enabled_locked(on, false);
	mutex_unlock(&iosup_enable_mutex);
}

/*
 * Stop caching for a sleep, as disabling does. Returns whether it was on,
 * with the pages the drain gave back in *@given_back.
 */
bool iosup_pause(unsigned long *given_back)
{
	bool was_on;

	mutex_lock(&iosup_enable_mutex);
	was_on = iosup_caching_enabled;
	*given_back = was_on ? set_enabled_locked(false, true) : 0;
	mutex_unlock(&iosup_enable_mutex);
	/*
	 * The policy work is not frozen: blocks it took off a list before
	 * the drain are freed by the time it returns, not after the save.
	 */
	flush_delayed_work(&iosup_policy_work);
	return was_on;
}

/* Cache again after a sleep, counting in_use on from before it. */
void iosup_unpause(void)
{
	mutex_lock(&iosup_enable_mutex);
	set_enabled_locked(true, true);
	mutex_unlock(&iosup_enable_mutex);
}

/*
 * For tests: return once every table freed so far has reached its pool
 * (the core frees them after an RCU grace period) and a policy check a
 * spill asked for has run, so that the pools are read at rest.
 */
void iosup_settle(void)
{
	rcu_barrier();
	flush_delayed_work(&iosup_policy_work);
}

/* After the hooks are unregistered: nothing can refill the pools. */
void iosup_pools_exit(void)
{
	int level;

	cancel_delayed_work_sync(&iosup_policy_work);
	iosup_set_enabled(false);
	for (level = 0; level < IOSUP_NR_LEVELS; level++)
		free_percpu(iosup_pools[level].cpu);
}

/* Not with KUnit as a module, as distributions build it: for test kernels. */
#if IS_BUILTIN(CONFIG_KUNIT)
#include "pool_kunit.h"
#endif
