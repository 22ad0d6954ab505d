/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reclaim policy of the seed paper as plain arithmetic, so that the
 * module and a host-built unit test share one definition.
 */
#ifndef _IOSUP_POLICY_H
#define _IOSUP_POLICY_H

#define IOSUP_RATIO_MIN		1U
#define IOSUP_RATIO_MAX		1000U

unsigned long iosup_policy_excess(unsigned long in_pool, unsigned long in_use,
				  unsigned int ratio, unsigned long total);
unsigned long iosup_policy_allowed(unsigned long in_use, unsigned int ratio,
				   unsigned long total);

#endif /* _IOSUP_POLICY_H */
