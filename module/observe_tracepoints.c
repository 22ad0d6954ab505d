// SPDX-License-Identifier: GPL-2.0
/*
 * Observe mode's preferred source of events: the tracepoints that a stock
 * kernel fires on the Xen PV page-table paths (include/trace/events/xen.h).
 * Unlike kprobes on static functions, a compiler cannot inline or clone
 * them away, and their arguments are a stable ABI of the trace event.
 *
 * - xen_mmu_alloc_ptpage(mm, pfn, level, pinned): a table joins an mm; if
 *   the mm is pinned, the table becomes a page table unless it is already.
 * - xen_mmu_release_ptpage(pfn, level, pinned): a table leaves an mm, and
 *   becomes writable again if it was pinned.
 * - xen_mmu_pgd_pin(mm, pgd), xen_mmu_pgd_unpin(mm, pgd): a whole mm is
 *   pinned or unpinned. They fire just before the walk that does it, with
 *   the mm's tables stable (page_table_lock held, or the mm dying): count
 *   the tables that walk will change, visiting them as it does.
 */
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/processor.h>

#include "observe.h"
#include "tracepoints.h"

/* Where the pin and unpin walks stop: USER_LIMIT in mmu_pv.c. */
#define OBSERVE_USER_LIMIT ((STACK_TOP_MAX + PGDIR_SIZE - 1) & PGDIR_MASK)

/* A pin types the tables not pinned yet; an unpin releases the others. */
static void count_table(struct page *page, enum xen_level level, bool pin)
{
	if (PagePinned(page) != pin)
		observe_count(pin ? observe_to_pagetable : observe_to_writable,
			      level);
}

static void count_pmd_tables(pmd_t *pmd, bool pin)
{
	unsigned int i;

	count_table(virt_to_page(pmd), XEN_PMD, pin);
	for (i = 0; i < PTRS_PER_PMD; i++)
		if (!pmd_none(pmd[i]))
			count_table(pmd_page(pmd[i]), XEN_PTE, pin);
}

static void count_pud_tables(pud_t *pud, bool pin)
{
	unsigned int i;

	count_table(virt_to_page(pud), XEN_PUD, pin);
	for (i = 0; i < PTRS_PER_PUD; i++)
		if (!pud_none(pud[i]))
			count_pmd_tables(pmd_offset(&pud[i], 0), pin);
}

/* The tables under @pgd's user half, then the pgd and its user pgd. */
static void count_mm_tables(pgd_t *pgd, bool pin)
{
	unsigned int i, nr = pgd_index(OBSERVE_USER_LIMIT - 1) + 1;
	struct page *page = virt_to_page(pgd);
	pgd_t *user_pgd = (pgd_t *)page_private(page);
	p4d_t *p4d;

	for (i = 0; i < nr; i++) {
		if (pgd_none(pgd[i]))
			continue;
		p4d = p4d_offset(&pgd[i], 0);
		if (!p4d_none(*p4d))
			count_pud_tables(pud_offset(p4d, 0), pin);
	}
	count_table(page, XEN_PGD, pin);
	if (user_pgd)
		count_table(virt_to_page(user_pgd), XEN_PGD, pin);
}

static void probe_alloc_ptpage(void *data, struct mm_struct *mm,
			       unsigned long pfn, unsigned int level,
			       bool pinned)
{
	if (pinned && !PagePinned(pfn_to_page(pfn)))
		observe_count(observe_to_pagetable, level);
}

static void probe_release_ptpage(void *data, unsigned long pfn,
				 unsigned int level, bool pinned)
{
	if (pinned)
		observe_count(observe_to_writable, level);
}

static void probe_pgd_pin(void *data, struct mm_struct *mm, pgd_t *pgd)
{
	count_mm_tables(pgd, true);
}

static void probe_pgd_unpin(void *data, struct mm_struct *mm, pgd_t *pgd)
{
	count_mm_tables(pgd, false);
}

static struct iosup_tracepoint tracepoints[] = {
	{ "xen_mmu_alloc_ptpage", probe_alloc_ptpage },
	{ "xen_mmu_release_ptpage", probe_release_ptpage },
	{ "xen_mmu_pgd_pin", probe_pgd_pin },
	{ "xen_mmu_pgd_unpin", probe_pgd_unpin },
};

int observe_tracepoints_attach(void)
{
	return iosup_tracepoints_attach(tracepoints, ARRAY_SIZE(tracepoints));
}

void observe_tracepoints_detach(void)
{
	iosup_tracepoints_detach(tracepoints, ARRAY_SIZE(tracepoints));
}
