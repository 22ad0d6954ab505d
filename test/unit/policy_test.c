// SPDX-License-Identifier: GPL-2.0
/*
 * Host-built unit test of the reclaim policy arithmetic (module/policy.c).
 * Prints TAP; exit status 1 if any case fails.
 */
#include <limits.h>
#include <stdio.h>

#include "../../module/policy.h"

static int n, failed;

static void expect(unsigned long in_pool, unsigned long in_use,
		   unsigned int ratio, unsigned long total, unsigned long want,
		   const char *why)
{
	unsigned long got = iosup_policy_excess(in_pool, in_use, ratio, total);

	n++;
	if (got == want) {
		printf("ok %d - %s\n", n, why);
	} else {
		failed++;
		printf("not ok %d - %s: excess(%lu, %lu, %u, %lu) = %lu, want %lu\n",
		       n, why, in_pool, in_use, ratio, total, got, want);
	}
}

/* At the allowed size the policy keeps everything; one page more, not. */
static void expect_allowed(unsigned long in_use, unsigned int ratio,
			   unsigned long total, unsigned long want)
{
	unsigned long got = iosup_policy_allowed(in_use, ratio, total);

	n++;
	if (got == want && !iosup_policy_excess(got, in_use, ratio, total) &&
	    iosup_policy_excess(got + 1, in_use, ratio, total)) {
		printf("ok %d - allowed(%lu, %u, %lu) = %lu, the policy's edge\n",
		       n, in_use, ratio, total, got);
	} else {
		failed++;
		printf("not ok %d - allowed(%lu, %u, %lu) = %lu, want %lu, at the policy's edge\n",
		       n, in_use, ratio, total, got, want);
	}
}

int main(void)
{
	expect(0, 0, 4, 1024, 0, "empty pool gives nothing back");
	expect(100, 10, 4, 1024, 0, "ratio exceeded but total not: keep");
	expect(2000, 1000, 4, 1024, 0, "total exceeded but ratio not: keep");
	expect(4000, 1000, 4, 1024, 0, "ratio exactly met is not exceeded");
	expect(4001, 1000, 4, 1024, 3001, "both exceeded: free in_pool - in_use");
	expect(1025, 0, 4, 1024, 1025, "nothing in use: free the whole pool");
	expect(1024, 0, 4, 1024, 0, "total exactly met is not exceeded");
	expect(10, 1, 1, 0, 9, "ratio 1, total 0: keep one spare per table");
	expect(ULONG_MAX / 2, ULONG_MAX / 4000, 1000, 1024,
	       ULONG_MAX / 2 - ULONG_MAX / 4000,
	       "huge counts do not overflow the ratio test");
	expect(5000, 5, 1000, 100000, 0, "a high total keeps a large pool");
	expect_allowed(0, 4, 1024, 1024);
	expect_allowed(100, 4, 1024, 924);
	expect_allowed(1000, 4, 1024, 4000);
	expect_allowed(2000, 4, 1024, 8000);
	expect_allowed(10, 1, 0, 10);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
