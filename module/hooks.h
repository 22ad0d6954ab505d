/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's IOSUP hooks (series v3) as this module uses them: one
 * registration for every level, levels as enum pgtable_level, Xen's
 * typing in <asm/xen/iosup.h>. hooks.c implements what follows.
 */
#ifndef _IOSUP_HOOKS_GLUE_H
#define _IOSUP_HOOKS_GLUE_H

#include <linux/iosup_hooks.h>
#include <linux/types.h>
#include <linux/pgalloc.h>

/* The level numbering, which sysfs, procfs and the tools show. */
enum iosup_level {
	IOSUP_PGD,
	IOSUP_P4D,
	IOSUP_PUD,
	IOSUP_PMD,
	IOSUP_PTE,
	IOSUP_NR_LEVELS
};

#define IOSUP_FREE_TYPED	0x1	/* read-only and typed */
#define IOSUP_FREE_EMPTY	0x2	/* torn down: every entry is clear */

#ifdef IOSUP_HAVE_PGD_ALLOCATION_ORDER
#define IOSUP_PGD_ORDER		pgd_allocation_order()
#else
#define IOSUP_PGD_ORDER		PGD_ALLOCATION_ORDER
#endif

struct page;

int iosup_hooks_register(void);
void iosup_hooks_unregister(void);
/* Whether tables are to stay typed (Xen PV) for the cache. */
void iosup_hooks_set_caching(bool on);
/* Make a typed block writable; false if Xen kept it (quarantined). */
bool iosup_hooks_release_typed(enum iosup_level level, struct page *page,
			       unsigned int order);
/* Type a new, zeroed table ahead (Xen PV): 0, or why not (see hooks.c). */
int iosup_hooks_make_typed(enum iosup_level level, struct page *page);

#endif /* _IOSUP_HOOKS_GLUE_H */
