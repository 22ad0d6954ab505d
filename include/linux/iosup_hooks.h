/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOSUP hooks: let a module keep freed page-table pages for reuse.
 *
 * The core kernel asks the registered cache for a page before it goes to
 * the buddy allocator, and offers every freed page-table page back before
 * it returns it there. The hooks sit under the split-ptlock constructors
 * and destructors and do the memcg (un)charging themselves, so a cache only
 * ever sees uncharged pages. Tables freed by the mmu_gather reach the cache
 * after the RCU grace period of table freeing. With no cache registered the
 * hooks are static branches that are never taken.
 *
 * On Xen PV, while a cache is enabled (iosup_set_caching()), page tables
 * keep their read-only alias and their Xen page-table type from birth to
 * reuse: such a block is "typed". Typing a page costs Xen an IOTLB flush
 * when the domain has a strict IOMMU, so typed blocks are only made
 * writable again by iosup_release_typed(), when they leave the cache.
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

#define IOSUP_FREE_TYPED	0x1	/* read-only and Xen-typed */
#define IOSUP_FREE_EMPTY	0x2	/* torn down: every entry is clear */

#ifdef CONFIG_IOSUP_HOOKS
DECLARE_STATIC_KEY_FALSE(iosup_hooks_key);

int iosup_register(enum iosup_level level, const struct iosup_pt_ops *ops);
void iosup_unregister(enum iosup_level level, const struct iosup_pt_ops *ops);
void iosup_set_caching(bool on);
bool iosup_caching(void);
bool iosup_release_typed(enum iosup_level level, struct page *page,
			 unsigned int order);
unsigned long iosup_quarantined(void);
unsigned long iosup_hypercall_failures(void);
void iosup_count_hypercall_failure(void);
void iosup_quarantine(struct page *page, unsigned int order);

struct page *__iosup_alloc_pt(struct mm_struct *mm, enum iosup_level level,
			      gfp_t gfp, unsigned int order);
bool __iosup_free_pt(enum iosup_level level, struct page *page,
		     unsigned int order, bool empty);

/* A cached page-table block for a user mm, or NULL: use the buddy. */
static inline struct page *iosup_alloc_pt(struct mm_struct *mm,
					  enum iosup_level level, gfp_t gfp,
					  unsigned int order)
{
	if (static_branch_unlikely(&iosup_hooks_key) && mm != &init_mm)
		return __iosup_alloc_pt(mm, level, gfp, order);
	return NULL;
}

/*
 * True if the cache took the block; otherwise the caller frees it. The
 * block may still hold entries (a table freed outside a teardown).
 */
static inline bool iosup_free_pt(enum iosup_level level, struct page *page,
				 unsigned int order)
{
	if (static_branch_unlikely(&iosup_hooks_key))
		return __iosup_free_pt(level, page, order, false);
	return false;
}

/* As iosup_free_pt(), for a table whose every entry has been cleared. */
static inline bool iosup_free_empty_pt(enum iosup_level level,
				       struct page *page, unsigned int order)
{
	if (static_branch_unlikely(&iosup_hooks_key))
		return __iosup_free_pt(level, page, order, true);
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

static inline bool iosup_free_empty_pt(enum iosup_level level,
				       struct page *page, unsigned int order)
{
	return false;
}

static inline bool iosup_hooks_active(void)
{
	return false;
}

static inline bool iosup_caching(void)
{
	return false;
}
#endif /* CONFIG_IOSUP_HOOKS */

/* Xen PV glue, in arch/x86/xen/mmu_pv.c; see the comment at the top. */
#if defined(CONFIG_IOSUP_HOOKS) && defined(CONFIG_XEN_PV)
bool xen_iosup_typed_ok(struct mm_struct *mm, enum iosup_level level);
bool xen_iosup_keep_typed(struct page *page);
int xen_iosup_prepare_free(enum iosup_level level, struct page *page,
			   bool empty, bool *typed);
int xen_iosup_make_plain(enum iosup_level level, struct page *page);
void xen_iosup_pgd_born(struct mm_struct *mm);
void xen_iosup_sync_kernel_pgd(pgd_t *pgd);
bool xen_iosup_typed(struct page *page);
void xen_iosup_set_dense_ptes(unsigned int ptes_per_table);
unsigned long xen_iosup_fallbacks(void);
#else
static inline bool xen_iosup_typed_ok(struct mm_struct *mm,
				      enum iosup_level level)
{
	return false;
}

static inline bool xen_iosup_keep_typed(struct page *page)
{
	return false;
}

static inline int xen_iosup_prepare_free(enum iosup_level level,
					 struct page *page, bool empty,
					 bool *typed)
{
	*typed = false;
	return 0;
}

static inline int xen_iosup_make_plain(enum iosup_level level,
				       struct page *page)
{
	return 0;
}

static inline void xen_iosup_pgd_born(struct mm_struct *mm)
{
}

static inline void xen_iosup_sync_kernel_pgd(pgd_t *pgd)
{
}

static inline bool xen_iosup_typed(struct page *page)
{
	return false;
}

static inline void xen_iosup_set_dense_ptes(unsigned int ptes_per_table)
{
}

static inline unsigned long xen_iosup_fallbacks(void)
{
	return 0;
}
#endif

#endif /* _LINUX_IOSUP_HOOKS_H */
