// SPDX-License-Identifier: GPL-2.0
/*
 * The glue to the core's hooks: one registration for every level. The
 * core allocates on a miss (unless timing=1, see pool.c) and does not say
 * whether a freed table is empty, so the pool checks each plain one; Xen
 * PV's typing comes from <asm/xen/iosup.h>.
 */
#include <linux/mm.h>
#include <linux/printk.h>
#include <asm/xen/iosup.h>

#include "iosup.h"

/* The hooks pass a struct ptdesc, or a struct page without ptdescs (6.1). */
#ifdef IOSUP_HOOKS_PAGE
#define iosup_pt		page
#define iosup_pt_page(pt)	(pt)
#define iosup_page_pt(page)	(page)
#else
#define iosup_pt		ptdesc
#define iosup_pt_page(pt)	ptdesc_page(pt)
#define iosup_page_pt(page)	page_ptdesc(page)
#endif

/* enum pgtable_level counts up from the pte; enum iosup_level down. */
static enum iosup_level iosup_level_of(enum pgtable_level level)
{
	return IOSUP_PTE - level;
}

static enum pgtable_level iosup_pgtable_level(enum iosup_level level)
{
	return IOSUP_PTE - level;
}

static struct iosup_pt *iosup_v3_alloc(struct mm_struct *mm,
				       enum pgtable_level level, gfp_t gfp,
				       unsigned int order)
{
	struct page *page;

	page = iosup_pool_alloc(iosup_level_of(level), gfp, order,
				xen_iosup_typed_ok(mm, level), false);
	return page ? iosup_page_pt(page) : NULL;
}

static void iosup_v3_free(struct iosup_pt *pt, enum pgtable_level level)
{
	struct page *page = iosup_pt_page(pt);
	unsigned int order = compound_order(page);
	unsigned int flags = 0;

	/*
	 * A typed table is one of a Xen PV mm, and there the core frees
	 * every table empty: the one path that frees a table with entries
	 * left, khugepaged's collapse on 6.1, needs transparent huge pages,
	 * which Xen PV lacks (Xen shows PV guests no PSE). So the pool need
	 * not read it through, unless the CPU does show PSE; a
	 * CONFIG_DEBUG_VM kernel always does.
	 */
	if (xen_iosup_typed(page)) {
		flags = IOSUP_FREE_TYPED;
		if (!has_transparent_hugepage())
			flags |= IOSUP_FREE_EMPTY;
	}

	if (!iosup_pool_free(iosup_level_of(level), page, order, flags) &&
	    xen_iosup_release_typed(level, page))
		__free_pages(page, order);
}

static const struct iosup_pt_ops iosup_v3_ops = {
	.alloc = iosup_v3_alloc,
	.free = iosup_v3_free,
};

int iosup_hooks_register(void)
{
	int ret = iosup_register(&iosup_v3_ops);

	if (ret)
		pr_err("cannot register the page-table cache: %d\n", ret);
	return ret;
}

void iosup_hooks_unregister(void)
{
	iosup_unregister(&iosup_v3_ops);
}

void iosup_hooks_set_caching(bool on)
{
	xen_iosup_set_caching(on);
}

bool iosup_hooks_release_typed(enum iosup_level level, struct page *page,
			       unsigned int order)
{
	return xen_iosup_release_typed(iosup_pgtable_level(level), page);
}

/*
 * -EOPNOTSUPP: not on Xen PV, not caching, or not for this level (a pgd,
 * or a pte table without split pte locks); -EIO: Xen refused, and the
 * page is the caller's to free; -EFAULT: Xen kept it read-only, and it is
 * quarantined: the caller forgets it.
 */
int iosup_hooks_make_typed(enum iosup_level level, struct page *page)
{
	return xen_iosup_make_typed(iosup_pgtable_level(level), page);
}
