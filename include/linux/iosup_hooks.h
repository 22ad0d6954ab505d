/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOSUP hooks: let a module keep freed page-table pages for reuse.
 *
 * The core kernel asks the registered cache for a page before it goes to
 * the buddy allocator, and offers every freed page-table page back before
 * it returns it there. The hooks sit under the split-ptlock constructors
 * and destructors and do the memcg (un)charging themselves, so a cache only
 * ever sees plain, uncharged pages. Tables freed by the mmu_gather reach
 * the cache after the RCU grace period of table freeing. With no cache
 * registered the hooks are static branches that are never taken.
 */
#ifndef _LINUX_IOSUP_HOOKS_H
#define _LINUX_IOSUP_HOOKS_H

#include <linux/gfp.h>
#include <linux/jump_label.h>
#include <linux/mm_types.h>

enum iosup_level {
	IOSUP_PGD,
	IOSUP_P4D,
	IOSUP_PUD,
	IOSUP_PMD,
	IOSUP_PTE,
	IOSUP_NR_LEVELS
};

/**
 * struct iosup_pt_ops - a page-table page cache for one level
 * @alloc: return a zeroed block of 2^@order pages, from the cache or from
 *	   the buddy allocator with @gfp, or NULL to let the caller try the
 *	   buddy allocator itself. @gfp never has __GFP_ACCOUNT: the hook
 *	   charges memcg. Process context; may sleep if @gfp allows.
 * @free:  take the block of 2^@order pages at @page, to keep or to free,
 *	   and return true; or return false to let the caller free it. The
 *	   page-table constructor has been undone and memcg uncharged. Any
 *	   context up to softirq; must not sleep.
 *
 * Both run under SRCU: iosup_unregister() waits for them to return.
 */
struct iosup_pt_ops {
	struct page *(*alloc)(enum iosup_level level, gfp_t gfp,
			      unsigned int order);
	bool (*free)(enum iosup_level level, struct page *page,
		     unsigned int order);
};

#ifdef CONFIG_IOSUP_HOOKS
DECLARE_STATIC_KEY_FALSE(iosup_hooks_key);

int iosup_register(enum iosup_level level, const struct iosup_pt_ops *ops);
void iosup_unregister(enum iosup_level level, const struct iosup_pt_ops *ops);

struct page *__iosup_alloc_pt(enum iosup_level level, gfp_t gfp,
			      unsigned int order);
bool __iosup_free_pt(enum iosup_level level, struct page *page,
		     unsigned int order);

/* A cached page-table block for a user mm, or NULL: use the buddy. */
static inline struct page *iosup_alloc_pt(struct mm_struct *mm,
					  enum iosup_level level, gfp_t gfp,
					  unsigned int order)
{
	if (static_branch_unlikely(&iosup_hooks_key) && mm != &init_mm)
		return __iosup_alloc_pt(level, gfp, order);
	return NULL;
}

/* True if the cache took the block; otherwise the caller frees it. */
static inline bool iosup_free_pt(enum iosup_level level, struct page *page,
				 unsigned int order)
{
	if (static_branch_unlikely(&iosup_hooks_key))
		return __iosup_free_pt(level, page, order);
	return false;
}

static inline bool iosup_hooks_active(void)
{
	return static_branch_unlikely(&iosup_hooks_key);
}

/*
 * Tables freed through tlb_remove_table() carry their level in the low
 * bits of the struct page pointer, which is at least 8-byte aligned. PGDs
 * never take that path, so a tag of 0 means "no level known".
 */
#define IOSUP_LEVEL_TAG_MASK	7UL

static inline void *iosup_tag_table(struct page *page, enum iosup_level level)
{
	return (void *)((unsigned long)page | level);
}

static inline struct page *iosup_untag_table(void *table,
					      enum iosup_level *level)
{
	unsigned long v = (unsigned long)table;

	*level = v & IOSUP_LEVEL_TAG_MASK;
	return (struct page *)(v & ~IOSUP_LEVEL_TAG_MASK);
}
#else
static inline struct page *iosup_alloc_pt(struct mm_struct *mm,
					  enum iosup_level level, gfp_t gfp,
					  unsigned int order)
{
	return NULL;
}

static inline bool iosup_free_pt(enum iosup_level level, struct page *page,
				 unsigned int order)
{
	return false;
}

static inline bool iosup_hooks_active(void)
{
	return false;
}
#endif /* CONFIG_IOSUP_HOOKS */

#endif /* _LINUX_IOSUP_HOOKS_H */
