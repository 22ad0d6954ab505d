/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's IOSUP hooks as this module uses them. Two hook APIs exist:
 * hooks v2 (the 6.1 and 6.12 series: a registration per level, typing in
 * the core) and v3 (one registration, levels as enum pgtable_level, Xen's
 * typing in <asm/xen/iosup.h>). Kbuild defines IOSUP_HOOKS_V3 for the
 * latter; hooks_v2.c or hooks_v3.c implements what follows.
 */
#ifndef _IOSUP_HOOKS_GLUE_H
#define _IOSUP_HOOKS_GLUE_H

#include <linux/iosup_hooks.h>
#include <linux/types.h>
#include <linux/pgalloc.h>

#ifdef IOSUP_HOOKS_V3
/* v2's level numbering, which sysfs, procfs and the tools show. */
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
#define IOSUP_PGD_ORDER		pgd_allocation_order()
#else
#define IOSUP_PGD_ORDER		PGD_ALLOCATION_ORDER
#endif

struct page;

/* References to the core's hooks key; -1 where it is not exported (v3). */
int iosup_hooks_key_count(void);
int iosup_hooks_register(void);
void iosup_hooks_unregister(void);
/* Whether tables are to stay typed (Xen PV) for the cache. */
void iosup_hooks_set_caching(bool on);
/* Make a typed block writable; false if Xen kept it (quarantined). */
bool iosup_hooks_release_typed(enum iosup_level level, struct page *page,
			       unsigned int order);

#endif /* _IOSUP_HOOKS_GLUE_H */
