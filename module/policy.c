// SPDX-License-Identifier: GPL-2.0
/*
 * Reclaim policy: a pool may keep pages while it is small next to what is
 * in use, or small in absolute terms. Once it is both more than @ratio
 * times the pages in use and pool + in use exceeds @total, give back
 * in_pool - in_use pages, keeping one spare page per table in use.
 *
 * Page counts stay far below 2^50 and ratio below 2^10, so the products
 * and sums below cannot overflow an unsigned long on 64-bit.
 */
#ifdef __KERNEL__
#include <linux/types.h>
#endif
#include "policy.h"

unsigned long iosup_policy_excess(unsigned long in_pool, unsigned long in_use,
				  unsigned int ratio, unsigned long total)
{
	if (in_pool <= (unsigned long)ratio * in_use)
		return 0;
	if (in_pool + in_use <= total)
		return 0;
	return in_pool - in_use;
}

/* The largest pool that iosup_policy_excess() leaves alone at @in_use. */
unsigned long iosup_policy_allowed(unsigned long in_use, unsigned int ratio,
				   unsigned long total)
{
	unsigned long by_ratio = (unsigned long)ratio * in_use;
	unsigned long by_total = total > in_use ? total - in_use : 0;

	return by_ratio > by_total ? by_ratio : by_total;
}
