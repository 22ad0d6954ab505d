// SPDX-License-Identifier: GPL-2.0
/*
 * With count_hypercalls=1 on Xen PV, two counters in debugfs for the test
 * bed's ledger, from the kernel's own xen_mc_flush tracepoint:
 *   /sys/kernel/debug/iosup/xen_hypercalls   flushes of the multicall
 *	batch that made a hypercall (a multicall, or its one call made
 *	directly); empty flushes are not counted
 *   /sys/kernel/debug/iosup/xen_mc_entries   the calls those carried
 * Page-table updates, pins, unpins and remaps of the Xen PV mm code go
 * through that batch. The few hypercalls made outside it (an mmu_update
 * outside lazy MMU mode, IOSUP's own pgd pin and unpin) are not counted.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <xen/xen.h>

#include "hypercalls.h"

static bool count_hypercalls;
module_param(count_hypercalls, bool, 0444);
MODULE_PARM_DESC(count_hypercalls, "Xen PV: count the multicall batch's hypercalls in debugfs (default: 0)");

static atomic_long_t hypercalls, mc_entries;
static struct tracepoint *mc_flush_tp;

static void mc_flush_probe(void *data, unsigned int mcidx,
			   unsigned int argidx, unsigned int cbidx)
{
	if (!mcidx)
		return;
	atomic_long_inc(&hypercalls);
	atomic_long_add(mcidx, &mc_entries);
}

/* The Xen tracepoints are not exported: look this one up by name. */
static void find_mc_flush(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "xen_mc_flush"))
		mc_flush_tp = tp;
}

static int hypercalls_get(void *data, u64 *val)
{
	*val = atomic_long_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(counter_fops, hypercalls_get, NULL, "%llu\n");

void iosup_hypercalls_init(struct dentry *dir)
{
	int ret;

	if (!count_hypercalls || !xen_pv_domain() || IS_ERR_OR_NULL(dir))
		return;
	for_each_kernel_tracepoint(find_mc_flush, NULL);
	if (!mc_flush_tp) {
		pr_warn("count_hypercalls: this kernel has no xen_mc_flush tracepoint\n");
		return;
	}
	ret = tracepoint_probe_register(mc_flush_tp, mc_flush_probe, NULL);
	if (ret) {
		pr_warn("count_hypercalls: cannot attach to xen_mc_flush: %d\n",
			ret);
		mc_flush_tp = NULL;
		return;
	}
	debugfs_create_file_unsafe("xen_hypercalls", 0444, dir, &hypercalls,
				   &counter_fops);
	debugfs_create_file_unsafe("xen_mc_entries", 0444, dir, &mc_entries,
				   &counter_fops);
}

void iosup_hypercalls_exit(void)
{
	if (!mc_flush_tp)
		return;
	tracepoint_probe_unregister(mc_flush_tp, mc_flush_probe, NULL);
	tracepoint_synchronize_unregister();
	mc_flush_tp = NULL;
}
