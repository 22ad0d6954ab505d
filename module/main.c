// SPDX-License-Identifier: GPL-2.0
/*
 * iosup.ko: per-level caches of page-table pages.
 *
 * Registers with the IOSUP hooks of the core kernel, so that freed
 * page-table pages are kept and handed out again instead of going through
 * the buddy allocator. Caching starts at load with enable=1, or later
 * through /sys/kernel/iosup/enable.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pgtable.h>

#include "iosup.h"
#include "version.h"

#define CREATE_TRACE_POINTS
#include "iosup_trace.h"

static bool enable;
module_param(enable, bool, 0444);
MODULE_PARM_DESC(enable, "Start caching at load time (default: 0)");

/*
 * Writable here too, where they were first documented; the place to set
 * them after load is /sys/kernel/iosup, with the other knobs.
 */
bool iosup_verify;
module_param_named(verify, iosup_verify, bool, 0644);
MODULE_PARM_DESC(verify, "Check every pooled block is empty when handed out (default: 0)");

bool iosup_timing;
module_param_named(timing, iosup_timing, bool, 0644);
MODULE_PARM_DESC(timing, "Count the time spent in alloc and free, alloc_ns and free_ns (default: 0)");

/* sysfs_tree.c names the levels in enum iosup_level's order. */
static_assert(IOSUP_NR_LEVELS == IOSUP_TREE_LEVELS);

/* p4d tables exist only with 5-level paging. */
bool iosup_level_present(enum iosup_level level)
{
	return level != IOSUP_P4D || pgtable_l5_enabled();
}

static int __init iosup_init(void)
{
	int ret;

	ret = iosup_pools_init();
	if (ret)
		return ret;
	ret = iosup_hooks_register();
	if (ret)
		goto out_pools;
	ret = iosup_shrinker_init();
	if (ret)
		goto out_unregister;
	ret = iosup_procfs_init();
	if (ret)
		goto out_shrinker;
	ret = iosup_sysfs_init();
	if (ret)
		goto out_procfs;
	ret = iosup_sleep_init();
	if (ret)
		goto out_sysfs;
	iosup_debugfs_init();
	if (enable)
		iosup_set_enabled(true);
	pr_info("loaded, caching %s\n", enable ? "enabled" : "disabled");
	return 0;

out_sysfs:
	iosup_sysfs_exit();
out_procfs:
	iosup_procfs_exit();
out_shrinker:
	iosup_shrinker_exit();
out_unregister:
	iosup_hooks_unregister();
out_pools:
	iosup_pools_exit();
	return ret;
}

static void __exit iosup_exit(void)
{
	iosup_debugfs_exit();
	iosup_sleep_exit();
	iosup_sysfs_exit();
	iosup_procfs_exit();
	iosup_shrinker_exit();
	iosup_set_enabled(false);
	/* Waits for every hook still running inside our callbacks. */
	iosup_hooks_unregister();
	iosup_pools_exit();
	pr_info("unloaded\n");
}

module_init(iosup_init);
module_exit(iosup_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IOSUP: page-table page caches that spare Xen PV IOTLB flushes");
MODULE_AUTHOR("IOSUP developers");
MODULE_VERSION(IOSUP_VERSION);
