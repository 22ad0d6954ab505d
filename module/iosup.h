/* SPDX-License-Identifier: GPL-2.0 */
/* Shared state of iosup.ko: the per-level pools and the tunables. */
#ifndef _IOSUP_H
#define _IOSUP_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "hooks.h"
#include "sysfs_tree.h"

/* Plain blocks are writable and zeroed; typed ones read-only, Xen-typed. */
enum iosup_kind {
	IOSUP_PLAIN,
	IOSUP_TYPED,
	IOSUP_NR_KINDS
};

/* How long a spill under the limit may wait for the next policy check. */
#define IOSUP_CHECK_DELAY	HZ

/* Blocks a CPU keeps per level and kind, and how many move at a time. */
#define IOSUP_MAG_SIZE	16
#define IOSUP_BATCH	(IOSUP_MAG_SIZE / 2)

/*
 * One level's counters on one CPU, in pages; read summed over CPUs. The
 * CPU's lock protects them, so that any CPU may update a magazine's
 * counters with the magazine.
 */
struct iosup_counters {
	long in_use;			/* allocated minus freed here */
	unsigned long allocs;		/* every allocation, pooled or not */
	unsigned long frees;		/* every free, pooled or not */
	unsigned long hits;		/* allocations served from the pool */
	unsigned long misses;		/* allocations that found it empty */
	unsigned long frees_to_pool;
	unsigned long cleared;		/* freed non-zero, cleared on entry */
	unsigned long type_changes_avoided; /* typed blocks reused */
	unsigned long stale;		/* handed out non-zero (verify=1) */
};

/*
 * Counted without the lock, with this_cpu_add() only (irq-safe), where a
 * lock would cost more than the count is worth; read racily.
 */
struct iosup_lockless_counters {
	unsigned long allocs_off;	/* allocations while caching is off */
	unsigned long frees_off;	/* frees while caching is off */
	u64 alloc_ns;			/* time in alloc (timing=1) */
	u64 free_ns;			/* time in free (timing=1) */
};

/*
 * A CPU's magazines of one level, in front of the shared lists, under a
 * spinlock of their own, so that other CPUs may drain them; it sleeps on
 * PREEMPT_RT. IOSUP_MAG_SIZE is the high mark and IOSUP_BATCH the batch.
 */
struct iosup_cpu_cache {
	spinlock_t lock;		/* all but the lockless counters */
	unsigned int nr[IOSUP_NR_KINDS];
	struct page *blocks[IOSUP_NR_KINDS][IOSUP_MAG_SIZE];
	struct iosup_counters count;
	struct iosup_lockless_counters lockless;
};

struct iosup_pool {
	spinlock_t lock;		/* the lists and the fields below */
	struct list_head lists[IOSUP_NR_KINDS];	/* by page->lru */
	bool caching;			/* enabled: keep freed blocks */
	unsigned long shared;		/* pages on the lists */
	/*
	 * Pages the lists may hold before a spill asks for a policy check
	 * at once: what the policy allowed at its last check, less what the
	 * magazines held then, so that a spill need not sum every CPU's
	 * counters. Below it, a spill asks for one within IOSUP_CHECK_DELAY,
	 * so that a check follows the last spill of a burst.
	 */
	unsigned long spill_limit;
	/* Highest in_pool at checks and reads, or of the lists at spills. */
	unsigned long peak;
	unsigned long reclaimed;	/* given back to the buddy allocator */
	unsigned long prefilled;	/* put in ahead of use (prefill) */
	/* in_pool when caching last stopped: what to fill in at the start. */
	unsigned long size_at_stop;
	struct iosup_cpu_cache __percpu *cpu;
};

/* A level's figures as the readers show them, summed over CPUs. */
struct iosup_pool_stats {
	struct iosup_counters c;
	u64 alloc_ns;			/* time in alloc (timing=1) */
	u64 free_ns;			/* time in free (timing=1) */
	unsigned long in_pool;		/* shared lists and CPU magazines */
	unsigned long in_lists;		/* the shared lists' share */
	unsigned long peak;
	unsigned long reclaimed;
	unsigned long prefilled;
};

enum iosup_reclaim_reason {
	IOSUP_RECLAIM_POLICY,
	IOSUP_RECLAIM_MANUAL,
	IOSUP_RECLAIM_SHRINKER,
	IOSUP_RECLAIM_DISABLE,
};

extern struct iosup_pool iosup_pools[IOSUP_NR_LEVELS];
extern unsigned int iosup_ratio;
extern bool iosup_verify;
extern bool iosup_timing;
extern unsigned long iosup_prefill;

/* Present ptes per table above which Xen PV forks and exits the stock way. */
#define IOSUP_DENSE_PTES_DEFAULT	128
extern unsigned long iosup_total;

bool iosup_level_present(enum iosup_level level);

/* pool.c */
struct page *iosup_pool_alloc(enum iosup_level level, gfp_t gfp,
			      unsigned int order, bool typed_ok,
			      bool buddy_on_miss);
bool iosup_pool_free(enum iosup_level level, struct page *page,
		     unsigned int order, unsigned int flags);
int iosup_pools_init(void);
void iosup_pool_stats(enum iosup_level level, struct iosup_pool_stats *st);
void iosup_pool_walk(enum iosup_level level,
		     void (*fn)(struct page *page, bool typed, void *arg),
		     void *arg);
bool iosup_enabled(void);
void iosup_set_enabled(bool on);
bool iosup_pause(unsigned long *given_back);
void iosup_unpause(void);
unsigned long iosup_reclaim(unsigned long nr, enum iosup_reclaim_reason why);
unsigned long iosup_pooled_pages(void);
void iosup_policy_check(void);
void iosup_settle(void);
void iosup_pools_exit(void);
unsigned int iosup_level_order(enum iosup_level level);
bool iosup_block_is_zero(enum iosup_level level, struct page *page,
			 unsigned int order);

/* debugfs.c */
void iosup_debugfs_init(void);
void iosup_debugfs_exit(void);


/* sysfs.c, procfs.c, shrinker.c */
int iosup_sysfs_init(void);
void iosup_sysfs_exit(void);
int iosup_procfs_init(void);
void iosup_procfs_exit(void);
int iosup_shrinker_init(void);
void iosup_shrinker_exit(void);
int iosup_sleep_init(void);
void iosup_sleep_exit(void);
unsigned long iosup_sleep_drain_count(void);

#endif /* _IOSUP_H */
