// SPDX-License-Identifier: GPL-2.0
/*
 * iosup.ko in observe mode, for kernels without the IOSUP hooks.
 *
 * It changes nothing. Kprobes on the Xen PV page-table paths count the
 * pages that take a page-table type (writable -> page table) and those
 * that give it up again, per level. In a domain whose IOMMU runs strict,
 * Xen removes each page that becomes a page table from the IOMMU, at the
 * cost of one IOTLB invalidation: the first count is what the hook patch
 * and the pools would save. "iosupctl diagnose" turns it into rates.
 *
 * A page becomes a page table when an mm is pinned (xen_pin_page() for
 * each of its tables not yet pinned) and when a table is added to a
 * pinned mm (xen_alloc_{pte,pmd,pud}()); it stops being one on unpin
 * (xen_unpin_page()) and when a table of a pinned mm is released
 * (xen_release_{pte,pmd,pud}()).
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/kobject.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/page-flags.h>
#include <linux/sysfs.h>
#include <xen/xen.h>

#include "hypercalls.h"
#include "sysfs_tree.h"
#include "version.h"

/* Xen's own level numbering (arch/x86/xen/mmu.h, enum pt_level). */
enum xen_level { XEN_PGD, XEN_P4D, XEN_PUD, XEN_PMD, XEN_PTE, XEN_NR_LEVELS };
static_assert(XEN_NR_LEVELS == IOSUP_TREE_LEVELS);

static atomic_long_t to_pagetable[XEN_NR_LEVELS];
static atomic_long_t to_writable[XEN_NR_LEVELS];

static bool valid_level(unsigned long level)
{
	return level < XEN_NR_LEVELS;
}

/* xen_pin_page(mm, page, level): pins @page unless it is already. */
static int pin_page_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct page *page = (struct page *)regs_get_kernel_argument(regs, 1);
	unsigned long level = regs_get_kernel_argument(regs, 2);

	if (valid_level(level) && !PagePinned(page))
		atomic_long_inc(&to_pagetable[level]);
	return 0;
}

/* xen_unpin_page(mm, page, level): unpins @page if it is pinned. */
static int unpin_page_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct page *page = (struct page *)regs_get_kernel_argument(regs, 1);
	unsigned long level = regs_get_kernel_argument(regs, 2);

	if (valid_level(level) && PagePinned(page))
		atomic_long_inc(&to_writable[level]);
	return 0;
}

static enum xen_level probe_level(struct kprobe *p);

/* xen_alloc_{pte,pmd,pud}(mm, pfn): a table joins a pinned mm typed. */
static int alloc_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct mm_struct *mm = (struct mm_struct *)regs_get_kernel_argument(regs, 0);
	unsigned long pfn = regs_get_kernel_argument(regs, 1);

	if (PagePinned(virt_to_page(mm->pgd)) && !PagePinned(pfn_to_page(pfn)))
		atomic_long_inc(&to_pagetable[probe_level(p)]);
	return 0;
}

/* xen_release_{pte,pmd,pud}(pfn): a pinned table goes back writable. */
static int release_pre(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long pfn = regs_get_kernel_argument(regs, 0);

	if (PagePinned(pfn_to_page(pfn)))
		atomic_long_inc(&to_writable[probe_level(p)]);
	return 0;
}

static struct kprobe probes[] = {
	{ .symbol_name = "xen_pin_page", .pre_handler = pin_page_pre },
	{ .symbol_name = "xen_unpin_page", .pre_handler = unpin_page_pre },
	{ .symbol_name = "xen_alloc_pte", .pre_handler = alloc_pre },
	{ .symbol_name = "xen_alloc_pmd", .pre_handler = alloc_pre },
	{ .symbol_name = "xen_alloc_pud", .pre_handler = alloc_pre },
	{ .symbol_name = "xen_release_pte", .pre_handler = release_pre },
	{ .symbol_name = "xen_release_pmd", .pre_handler = release_pre },
	{ .symbol_name = "xen_release_pud", .pre_handler = release_pre },
};

/* The level of an alloc or release probe, from its place in probes[]. */
static enum xen_level probe_level(struct kprobe *p)
{
	static const enum xen_level by_index[] = {
		XEN_PGD, XEN_PGD, XEN_PTE, XEN_PMD, XEN_PUD,
		XEN_PTE, XEN_PMD, XEN_PUD,
	};

	return by_index[p - probes];
}

static struct iosup_sysfs_tree tree;

static ssize_t to_pagetable_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	int level = iosup_sysfs_tree_level(&tree, kobj);

	if (level < 0)
		return -ENODEV;
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&to_pagetable[level]));
}

static ssize_t to_writable_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	int level = iosup_sysfs_tree_level(&tree, kobj);

	if (level < 0)
		return -ENODEV;
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&to_writable[level]));
}

static ssize_t mode_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "observe\n");
}

static struct kobj_attribute to_pagetable_attr = __ATTR_RO(to_pagetable);
static struct kobj_attribute to_writable_attr = __ATTR_RO(to_writable);
static struct kobj_attribute mode_attr = __ATTR_RO(mode);

static struct attribute *level_attrs[] = {
	&to_pagetable_attr.attr,
	&to_writable_attr.attr,
	NULL,
};

static const struct attribute_group level_group = {
	.attrs = level_attrs,
};

static struct attribute *top_attrs[] = {
	&mode_attr.attr,
	NULL,
};

static const struct attribute_group top_group = {
	.attrs = top_attrs,
};

/* Xen PV on x86-64 has no p4d level of its own. */
static bool level_present(int level)
{
	return level != XEN_P4D;
}

static struct dentry *debugfs_dir;

static int __init iosup_observe_init(void)
{
	int i, ret;

	if (!xen_pv_domain()) {
		pr_err("observe mode watches Xen PV page tables; this is not a Xen PV domain (and this kernel has no CONFIG_IOSUP_HOOKS for the full mode)\n");
		return -ENODEV;
	}
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		ret = register_kprobe(&probes[i]);
		if (ret) {
			pr_err("cannot probe %s: %d\n", probes[i].symbol_name, ret);
			goto out_probes;
		}
	}
	ret = iosup_sysfs_tree_create(&tree, &top_group, &level_group,
				      level_present);
	if (ret)
		goto out_probes;
	debugfs_dir = debugfs_create_dir("iosup", NULL);
	iosup_hypercalls_init(debugfs_dir);
	pr_info("loaded in observe mode: counting page-table type changes (no CONFIG_IOSUP_HOOKS)\n");
	return 0;

out_probes:
	while (--i >= 0)
		unregister_kprobe(&probes[i]);
	return ret;
}

static void __exit iosup_observe_exit(void)
{
	int i;

	debugfs_remove_recursive(debugfs_dir);
	iosup_hypercalls_exit();
	iosup_sysfs_tree_remove(&tree);
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		unregister_kprobe(&probes[i]);
	pr_info("unloaded\n");
}

module_init(iosup_observe_init);
module_exit(iosup_observe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IOSUP observe mode: count Xen PV page-table type changes");
MODULE_VERSION(IOSUP_VERSION);
