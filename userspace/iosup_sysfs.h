/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and writing /sys/kernel/iosup, and reading /proc/iosup/stats,
 * for the userspace tools. Every failure prints one clear message and
 * returns the tool's exit status for it, so that callers can just pass
 * it on.
 */
#ifndef IOSUP_SYSFS_H
#define IOSUP_SYSFS_H

#include <stddef.h>

/* Exit statuses shared by the tools. */
enum iosup_exit {
	IOSUP_EXIT_OK = 0,
	IOSUP_EXIT_FAILURE = 1,		/* anything else went wrong */
	IOSUP_EXIT_USAGE = 2,		/* bad arguments, or refused by the kernel */
	IOSUP_EXIT_NOT_LOADED = 3,	/* no /sys/kernel/iosup */
	IOSUP_EXIT_PERMISSION = 4,	/* not allowed to write a knob */
};

#define IOSUP_MAX_LEVELS 5

/* The per-level counters, in /proc/iosup/stats order. */
enum iosup_counter {
	IOSUP_IN_USE, IOSUP_IN_POOL, IOSUP_PEAK, IOSUP_HITS, IOSUP_MISSES,
	IOSUP_FREES_TO_POOL, IOSUP_RECLAIMED, IOSUP_CLEARED,
	IOSUP_TYPE_CHANGES_AVOIDED, IOSUP_STALE, IOSUP_ALLOC_NS, IOSUP_FREE_NS,
	IOSUP_ALLOCS, IOSUP_FREES,
	IOSUP_NR_COUNTERS,
};

extern const char *const iosup_counter_names[IOSUP_NR_COUNTERS];

struct iosup_status {
	long long enabled, ratio, level_total, hypercall_failures, quarantined;
	int nr_levels;
	struct {
		const char *name;
		long long counter[IOSUP_NR_COUNTERS];
	} level[IOSUP_MAX_LEVELS];
};

/* $IOSUP_SYSFS if set (for tests), else /sys/kernel/iosup. */
const char *iosup_sysfs_dir(void);
/* $IOSUP_PROC_STATS if set (for tests), else /proc/iosup/stats. */
const char *iosup_proc_stats(void);
/* IOSUP_EXIT_OK if the module's directory is there. */
int iosup_check_loaded(void);
/* Read one integer file, @rel relative to the directory. */
int iosup_read_value(const char *rel, long long *val);
/* Write @val to a knob; the kernel's refusal is IOSUP_EXIT_USAGE. */
int iosup_write_knob(const char *knob, const char *val);
/* Read a one-word file, without its newline: 0 or -errno. */
int iosup_read_word(const char *rel, char *buf, size_t size);
/* True when the module runs in observe mode (a kernel without hooks). */
int iosup_observe_mode(void);
/*
 * Observe mode: pages made page tables and made writable again, summed
 * over the levels. Returns an exit status.
 */
int iosup_read_observed(long long *to_pagetable, long long *to_writable);
/* The counters of one level in observe mode (0 if the level is absent). */
int iosup_read_observed_level(const char *level, long long *to_pagetable,
			      long long *to_writable);
/* Observe mode's files: what counted, and the counts of every level. */
struct iosup_observed {
	char source[32];		/* "tracepoints" or "kprobes" */
	long long missed;		/* events the counting missed */
	struct {
		int present;		/* the kernel has this level */
		long long to_pagetable, to_writable;
	} level[IOSUP_MAX_LEVELS];	/* in iosup_level_names order */
};

/* Fill @ob; returns an exit status. */
int iosup_read_observed_all(struct iosup_observed *ob);
/* "pgd", "p4d", "pud", "pmd", "pte". */
extern const char *const iosup_level_names[IOSUP_MAX_LEVELS];
/* True when the kernel has the level @name (its directory is there). */
int iosup_level_present(const char *name);

/*
 * The knobs and the counters of every level present, from one read of
 * /proc/iosup/stats: one snapshot, where the files in /sys/kernel/iosup
 * would each be read at its own time. Full mode (iosup.ko) only.
 */
int iosup_read_status(struct iosup_status *st);
/* A counter summed over the levels. */
long long iosup_sum(const struct iosup_status *st, enum iosup_counter c);
/* The counters of the level @name, NULL if the kernel has no such level. */
const long long *iosup_level_counters(const struct iosup_status *st,
				      const char *name);

#endif
