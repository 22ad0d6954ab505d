// SPDX-License-Identifier: GPL-2.0
/* Sleeping that a signal cuts short, for watch and diagnose. */
#include <errno.h>
#include <signal.h>
#include <time.h>

#include "iosupctl.h"

volatile sig_atomic_t ctl_stop;

static void on_signal(int sig)
{
	(void)sig;
	ctl_stop = 1;
}

void ctl_stop_on_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

void ctl_sleep_until(double t)
{
	struct timespec ts = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (time_t)t) * 1e9),
	};

	while (!ctl_stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					    &ts, NULL) == EINTR)
		;
}
