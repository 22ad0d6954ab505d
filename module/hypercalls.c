// SPDX-License-Identifier: GPL-2.0
/*
 * With count_hypercalls=1 on Xen PV, counters in debugfs for the test
 * bed's ledger, from the kernel's own multicall tracepoints (in
 * /sys/kernel/debug/iosup_observe/ for iosup_observe.ko):
 *   /sys/kernel/debug/iosup/xen_hypercalls   flushes of the multicall
 *	batch that made a hypercall (a multicall, or its one call made
 *	directly); empty flushes are not counted (xen_mc_flush)
 *   /sys/kernel/debug/iosup/xen_mc_entries   the calls those carried
 *   /sys/kernel/debug/iosup/xen_pt_updates   the page-table entries they
 *	wrote through Xen (the requests of their mmu_update calls:
 *	xen_mc_entry, and xen_mc_extend_args for each one added)
 * Page-table updates, pins, unpins and remaps of the Xen PV mm code go
 * through that batch, in every config alike. Not counted: the direct
 * mmu_update of a pte set outside lazy MMU mode (__xen_set_pte(), as on a
 * page fault), and IOSUP's own mmuext and update_va_mapping calls (the
 * unpins and remaps that make a cached table plain again).
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/trace_types.h>
#include <xen/xen.h>

#include "hypercalls.h"
#include "tracepoints.h"

static bool count_hypercalls;
module_param(count_hypercalls, bool, 0444);
MODULE_PARM_DESC(count_hypercalls, "Xen PV: count the multicall batch's hypercalls in debugfs (default: 0)");

static atomic_long_t hypercalls, mc_entries, pt_updates;

static void mc_flush_probe(void *data, unsigned int mcidx,
			   unsigned int argidx, unsigned int cbidx)
{
	if (!mcidx)
		return;
	atomic_long_inc(&hypercalls);
	atomic_long_add(mcidx, &mc_entries);
}

/* A new mmu_update call in the batch starts with one request. */
static void mc_entry_probe(void *data, struct multicall_entry *mc,
			   unsigned int nargs)
{
	if (mc->op == __HYPERVISOR_mmu_update)
		atomic_long_inc(&pt_updates);
}

/* Each request added to the batch's last mmu_update call. */
static void mc_extend_probe(void *data, unsigned long op, size_t args,
			    enum xen_mc_extend_args res)
{
	if (op == __HYPERVISOR_mmu_update && res == XEN_MC_XE_OK)
		atomic_long_inc(&pt_updates);
}

static struct iosup_tracepoint probes[] = {
	{ "xen_mc_flush", mc_flush_probe },
	{ "xen_mc_entry", mc_entry_probe },
	{ "xen_mc_extend_args", mc_extend_probe },
};

static int hypercalls_get(void *data, u64 *val)
{
	*val = atomic_long_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(counter_fops, hypercalls_get, NULL, "%llu\n");

void iosup_hypercalls_init(struct dentry *dir)
{
	if (!count_hypercalls || !xen_pv_domain() || IS_ERR_OR_NULL(dir))
		return;
	if (iosup_tracepoints_attach(probes, ARRAY_SIZE(probes))) {
		pr_warn("count_hypercalls: not counting\n");
		return;
	}
	debugfs_create_file_unsafe("xen_hypercalls", 0444, dir, &hypercalls,
				   &counter_fops);
	debugfs_create_file_unsafe("xen_mc_entries", 0444, dir, &mc_entries,
				   &counter_fops);
	debugfs_create_file_unsafe("xen_pt_updates", 0444, dir, &pt_updates,
				   &counter_fops);
}

void iosup_hypercalls_exit(void)
{
	iosup_tracepoints_detach(probes, ARRAY_SIZE(probes));
}
