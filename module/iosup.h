/* SPDX-License-Identifier: GPL-2.0 */
/* Shared state of iosup.ko: the per-level pools and the tunables. */
#ifndef _IOSUP_H
#define _IOSUP_H

#include <linux/iosup_hooks.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "sysfs_tree.h"

struct iosup_pool {
	spinlock_t lock;
	struct list_head plain;		/* writable zeroed blocks, by page->lru */
	struct list_head typed;		/* read-only Xen-typed blocks */
	bool caching;			/* enabled: keep freed blocks */
	/* All in pages, all under @lock. */
	long in_use;			/* handed out, not yet freed */
	unsigned long allocs;		/* every allocation, pooled or not */
	unsigned long frees;		/* every free, pooled or not */
	unsigned long in_pool;
	unsigned long peak;		/* highest in_pool seen */
	unsigned long hits;		/* allocations served from the pool */
	unsigned long misses;		/* allocations that found it empty */
	unsigned long frees_to_pool;
	unsigned long reclaimed;	/* given back to the buddy allocator */
	unsigned long cleared;		/* freed non-zero, cleared on entry */
	unsigned long type_changes_avoided; /* typed blocks reused */
	unsigned long stale;		/* handed out non-zero (verify=1) */
	u64 alloc_ns;			/* time in alloc, pool or buddy */
	u64 free_ns;			/* time in free, pool or buddy */
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
extern unsigned long iosup_total;

bool iosup_level_present(enum iosup_level level);

/* pool.c */
extern const struct iosup_pt_ops iosup_ops;
void iosup_pools_init(void);
bool iosup_enabled(void);
void iosup_set_enabled(bool on);
unsigned long iosup_reclaim(unsigned long nr, enum iosup_reclaim_reason why);
unsigned long iosup_pooled_pages(void);
void iosup_policy_check(void);
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

#endif /* _IOSUP_H */
