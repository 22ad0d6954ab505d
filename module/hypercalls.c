// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/iosup/xen_mc_flushes, with count_hypercalls=1 on Xen
 * PV: how many times the Xen PV mm code flushed its multicall batch, each
 * flush one hypercall (a multicall, or the one queued call made directly).
 * Page-table updates, pins, unpins and remaps all go through that batch;
 * a few single hypercalls do not (an mmu_update outside lazy MMU mode,
 * and IOSUP's own pgd pin and unpin). A kprobe counts the flushes, so
 * this is for the test bed's ledger, not for production.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <xen/xen.h>

#include "hypercalls.h"

static bool count_hypercalls;
module_param(count_hypercalls, bool, 0444);
MODULE_PARM_DESC(count_hypercalls, "Xen PV: count multicall flushes in debugfs, with a kprobe (default: 0)");

static atomic_long_t mc_flushes;

static int mc_flush_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic_long_inc(&mc_flushes);
	return 0;
}

/* xen_mc_flush() is global, called from many files: never inlined. */
static struct kprobe mc_flush_probe = {
	.symbol_name = "xen_mc_flush",
	.pre_handler = mc_flush_pre,
};

static int mc_flushes_get(void *data, u64 *val)
{
	*val = atomic_long_read(&mc_flushes);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(mc_flushes_fops, mc_flushes_get, NULL, "%llu\n");

static bool probing;

void iosup_hypercalls_init(struct dentry *dir)
{
	int ret;

	if (!count_hypercalls || !xen_pv_domain())
		return;
	ret = register_kprobe(&mc_flush_probe);
	if (ret) {
		pr_warn("count_hypercalls: no kprobe on xen_mc_flush: %d\n", ret);
		return;
	}
	probing = true;
	debugfs_create_file_unsafe("xen_mc_flushes", 0444, dir, NULL,
				   &mc_flushes_fops);
}

void iosup_hypercalls_exit(void)
{
	if (probing)
		unregister_kprobe(&mc_flush_probe);
	probing = false;
}
