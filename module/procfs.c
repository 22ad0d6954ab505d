// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/iosup/stats: the tunables, then one row per page-table level.
 * The columns are stable; scripts may read them by name from the header.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <asm/xen/iosup.h>

#include "iosup.h"

static struct proc_dir_entry *iosup_proc_dir;

static int iosup_stats_show(struct seq_file *m, void *v)
{
	unsigned long level_total = READ_ONCE(iosup_total);
	struct iosup_pool_stats st;
	int level;

	seq_printf(m, "enabled %d\nratio %u\ntotal %lu\nhypercall_failures %lu\nquarantined %lu\n",
		   iosup_enabled(), READ_ONCE(iosup_ratio), level_total,
		   xen_iosup_hypercall_failures(), xen_iosup_quarantined());
	seq_printf(m, "level_total %lu\nverify %d\ntiming %d\n", level_total,
		   READ_ONCE(iosup_verify), READ_ONCE(iosup_timing));
	seq_printf(m, "%-5s %8s %8s %8s %10s %10s %13s %9s %7s %20s %5s %14s %14s %10s %10s\n",
		   "level", "in_use", "in_pool", "peak", "hits", "misses",
		   "frees_to_pool", "reclaimed", "cleared",
		   "type_changes_avoided", "stale", "alloc_ns", "free_ns",
		   "allocs", "frees");
	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		if (!iosup_level_present(level))
			continue;
		iosup_pool_stats(level, &st);
		seq_printf(m, "%-5s %8ld %8lu %8lu %10lu %10lu %13lu %9lu %7lu %20lu %5lu %14llu %14llu %10lu %10lu\n",
			   iosup_level_names[level], st.c.in_use, st.in_pool,
			   st.peak, st.c.hits, st.c.misses,
			   st.c.frees_to_pool, st.reclaimed, st.c.cleared,
			   st.c.type_changes_avoided, st.c.stale,
			   st.alloc_ns, st.free_ns, st.c.allocs,
			   st.c.frees);
	}
	return 0;
}

int iosup_procfs_init(void)
{
	iosup_proc_dir = proc_mkdir("iosup", NULL);
	if (!iosup_proc_dir)
		return -ENOMEM;
	if (!proc_create_single("stats", 0444, iosup_proc_dir,
				iosup_stats_show)) {
		proc_remove(iosup_proc_dir);
		return -ENOMEM;
	}
	return 0;
}

void iosup_procfs_exit(void)
{
	proc_remove(iosup_proc_dir);
}
