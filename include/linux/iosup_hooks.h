/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOSUP hooks: let a module keep freed page-table pages for reuse.
 *
 * The core kernel asks the registered cache for a page before it goes to
 * the buddy allocator, and offers every freed page-table page back before
 * it returns it there. The hooks sit under the split-ptlock constructors
 * and destructors and do the memcg (un)charging themselves, so a cache only
 * ever sees uncharged pages. Tables freed by the mmu_gather reach the cache
 * after the RCU grace period of table freeing. With no cache registered,
 * and on a typing platform until a cache first enabled caching, the hooks
 * are static branches that are never taken.
 *
 * A platform whose hypervisor validates page tables (Xen PV) may keep them
 * read-only and validated from birth to reuse while a cache is enabled
 * (iosup_set_caching()): such a block is "typed". Typing a page costs Xen
 * an IOTLB flush when the domain has a strict IOMMU, so typed blocks are
 * only made writable again by iosup_release_typed(), when they leave the
 * cache. The platform plugs in with iosup_set_typing(); generic code only
 * calls the iosup_* helpers below.
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
 * @alloc: return a block of 2^@order pages, from the cache or from the
 *	   buddy allocator with @gfp, or NULL to let the caller try the buddy
 *	   allocator itself. A plain block must be zeroed; a typed block,
 *	   which must be zero already, may be returned only if @typed_ok.
 *	   @gfp never has __GFP_ACCOUNT: the hook charges memcg. Process
 *	   context; may sleep if @gfp allows.
 * @free:  take the block of 2^@order pages at @page, to keep or to free,
 *	   and return true; or return false to let the caller free it. With
 *	   IOSUP_FREE_TYPED in @flags the block is read-only: it may be kept,
 *	   or declined, but not written or freed by the cache. With
 *	   IOSUP_FREE_EMPTY every entry is clear by construction (the table
 *	   was torn down); without it the block may still hold entries. The
 *	   page-table constructor has been undone and memcg uncharged. Any
 *	   context up to softirq; must not sleep.
 *
 * Both run under SRCU: iosup_unregister() waits for them to return.
 */
struct iosup_pt_ops {
	struct page *(*alloc)(enum iosup_level level, gfp_t gfp,
			      unsigned int order, bool typed_ok);
	bool (*free)(enum iosup_level level, struct page *page,
		     unsigned int order, unsigned int flags);
};

#define IOSUP_FREE_TYPED	0x1	/* read-only and typed */
#define IOSUP_FREE_EMPTY	0x2	/* torn down: every entry is clear */

/**
 * struct iosup_typing_ops - a platform that keeps cached tables typed
 * @typed: whether the block at @page is typed (read-only, validated)
 * @typed_ok: whether a typed block may become a table of @mm at @level
 * @prepare_free: a table is being freed: set *@typed to whether it stays
 *	typed for the cache (its entries are clear by construction if
 *	@empty); return 0, or -EIO if it stayed read-only: the platform
 *	keeps it (quarantine), the caller forgets it
 * @make_plain: make a typed block an ordinary writable page; return 0, or
 *	-EIO as @prepare_free
 * @pgd_born: @mm has its pgd, kernel half included (pgd_alloc())
 * @sync_kernel_pgd: a typed pgd is reused: bring its kernel half up to date
 */
struct iosup_typing_ops {
	bool (*typed)(struct page *page);
	bool (*typed_ok)(struct mm_struct *mm, enum iosup_level level);
	int (*prepare_free)(enum iosup_level level, struct page *page,
			    bool empty, bool *typed);
	int (*make_plain)(enum iosup_level level, struct page *page);
	void (*pgd_born)(struct mm_struct *mm);
	void (*sync_kernel_pgd)(pgd_t *pgd);
};

/*
 * Without CONFIG_IOSUP_HOOKS every helper below compiles to nothing.
 * iosup_hooks_key: one reference per registered level.
 * iosup_typed_key: on for good once caching started on a typing platform,
 * since typed tables can outlive the cache.
 */
DECLARE_STATIC_KEY_FALSE(iosup_hooks_key);
DECLARE_STATIC_KEY_FALSE(iosup_typed_key);
extern const struct iosup_typing_ops *iosup_typing;
extern bool iosup_caching_on;

int iosup_register(enum iosup_level level, const struct iosup_pt_ops *ops);
void iosup_unregister(enum iosup_level level, const struct iosup_pt_ops *ops);
void iosup_set_caching(bool on);
void iosup_set_typing(const struct iosup_typing_ops *ops);
bool iosup_release_typed(enum iosup_level level, struct page *page,
			 unsigned int order);

struct page *__iosup_alloc_pt(struct mm_struct *mm, enum iosup_level level,
			      gfp_t gfp, unsigned int order);
bool __iosup_free_pt(enum iosup_level level, struct page *page,
		     unsigned int order, bool empty);

static inline bool iosup_hooks_active(void)
{
	return IS_ENABLED(CONFIG_IOSUP_HOOKS) &&
	       static_branch_unlikely(&iosup_hooks_key);
}

/* Whether the registered cache keeps freed tables (iosup_set_caching()). */
static inline bool iosup_caching(void)
{
	return IS_ENABLED(CONFIG_IOSUP_HOOKS) && iosup_hooks_active() &&
	       READ_ONCE(iosup_caching_on);
}

/* A typed block is read-only: only the typing platform may free it. */
static inline bool iosup_pt_typed(struct page *page)
{
	return IS_ENABLED(CONFIG_IOSUP_HOOKS) &&
	       static_branch_unlikely(&iosup_typed_key) &&
	       iosup_typing->typed(page);
}

/* A cached page-table block for a user mm, or NULL: use the buddy. */
static inline struct page *iosup_alloc_pt(struct mm_struct *mm,
					  enum iosup_level level, gfp_t gfp,
					  unsigned int order)
{
	if (IS_ENABLED(CONFIG_IOSUP_HOOKS) && iosup_hooks_active() &&
	    mm != &init_mm)
		return __iosup_alloc_pt(mm, level, gfp, order);
	return NULL;
}

/*
 * True if the hook took the block: the cache kept it, or it was typed and
 * stayed read-only (quarantined). Otherwise the caller frees it. A typed
 * block goes through here even with no cache registered, to be made
 * writable. The block may still hold entries (not a teardown).
 */
static inline bool iosup_free_pt(enum iosup_level level, struct page *page,
				 unsigned int order)
{
	if (IS_ENABLED(CONFIG_IOSUP_HOOKS) &&
	    (iosup_hooks_active() || iosup_pt_typed(page)))
		return __iosup_free_pt(level, page, order, false);
	return false;
}

/* As iosup_free_pt(), for a table whose every entry has been cleared. */
static inline bool iosup_free_empty_pt(enum iosup_level level,
				       struct page *page, unsigned int order)
{
	if (IS_ENABLED(CONFIG_IOSUP_HOOKS) &&
	    (iosup_hooks_active() || iosup_pt_typed(page)))
		return __iosup_free_pt(level, page, order, true);
	return false;
}

#endif /* _LINUX_IOSUP_HOOKS_H */
