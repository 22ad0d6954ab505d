/* SPDX-License-Identifier: GPL-2.0 */
/* The one clock the userspace tools time things with. */
#ifndef MONOTONIC_H
#define MONOTONIC_H

#include <time.h>

/* CLOCK_MONOTONIC in seconds. */
static inline double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
