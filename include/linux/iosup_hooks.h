/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table page caches (IOSUP): a registered cache is asked for each user
 * page table first, and given each one pagetable_dtor_free() frees.
 */
#ifndef _LINUX_IOSUP_HOOKS_H
#define _LINUX_IOSUP_HOOKS_H

#include <linux/jump_label.h>
#include <linux/pgtable.h>

/**
 * struct iosup_pt_ops - a cache of page-table pages; neither op may sleep
 * @alloc: 2^@order pages, free of user entries, for a table of @mm at
 *	   @level, or NULL. @gfp has no __GFP_ACCOUNT: the caller charges memcg.
 * @free:  take a table of @level (any context up to softirq) to keep or to
 *	   pagetable_free(): destructed, uncharged, maybe holding entries.
 */
struct iosup_pt_ops {
	struct ptdesc *(*alloc)(struct mm_struct *mm,
				enum pgtable_level level, gfp_t gfp,
				unsigned int order);
	void (*free)(struct ptdesc *pt, enum pgtable_level level);
};

DECLARE_STATIC_KEY_FALSE(iosup_hooks_key);

int iosup_register(const struct iosup_pt_ops *ops);
void iosup_unregister(const struct iosup_pt_ops *ops);
struct ptdesc *__iosup_alloc_pt(struct mm_struct *mm, enum pgtable_level level,
				gfp_t gfp, unsigned int order);
bool __iosup_free_pt(struct ptdesc *pt, enum pgtable_level level);
bool arch_iosup_release_pt(struct ptdesc *pt, enum pgtable_level level);

static inline struct ptdesc *iosup_alloc_pt(struct mm_struct *mm,
					    enum pgtable_level level,
					    gfp_t gfp, unsigned int order)
{
	if (IS_ENABLED(CONFIG_IOSUP_HOOKS) &&
	    static_branch_unlikely(&iosup_hooks_key))
		return __iosup_alloc_pt(mm, level, gfp, order);
	return NULL;
}

/* Returns true if the table is no longer the caller's to free. */
static inline bool iosup_free_pt(struct ptdesc *pt, enum pgtable_level level)
{
	return IS_ENABLED(CONFIG_IOSUP_HOOKS) &&
	       static_branch_unlikely(&iosup_hooks_key) &&
	       __iosup_free_pt(pt, level);
}

#endif /* _LINUX_IOSUP_HOOKS_H */
