/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Observe mode: what its two sources of events (tracepoints, kprobes)
 * share with the counters and the sysfs files in observe.c.
 */
#ifndef _IOSUP_OBSERVE_H
#define _IOSUP_OBSERVE_H

#include <linux/atomic.h>
#include <linux/types.h>

struct dentry;

/* Xen's own level numbering (arch/x86/xen/mmu.h, enum pt_level). */
enum xen_level { XEN_PGD, XEN_P4D, XEN_PUD, XEN_PMD, XEN_PTE, XEN_NR_LEVELS };

extern atomic_long_t observe_to_pagetable[XEN_NR_LEVELS];
extern atomic_long_t observe_to_writable[XEN_NR_LEVELS];

static inline void observe_count(atomic_long_t *counts, unsigned long level)
{
	if (level < XEN_NR_LEVELS)
		atomic_long_inc(&counts[level]);
}

/* The stock Xen PV tracepoints: 0, or -ENOENT if the kernel lacks one. */
int observe_tracepoints_attach(void);
void observe_tracepoints_detach(void);

/*
 * Kprobes on the Xen PV functions, each checked to be a real out-of-line
 * function first: 0, or a negative errno with the reason logged.
 */
int observe_kprobes_attach(void);
void observe_kprobes_detach(void);
/* Hits that the kprobes missed (one probe ran inside another). */
unsigned long observe_kprobes_missed(void);
/* debugfs kprobe_check: that check, on a symbol the user names. */
void observe_kprobes_debugfs_init(struct dentry *dir);

#endif /* _IOSUP_OBSERVE_H */
