// SPDX-License-Identifier: GPL-2.0
/*
 * iosup_observe.ko: observe mode, for any Xen PV kernel, a stock one
 * included (iosup.ko, the cache, needs the hooks/ series).
 *
 * It changes nothing. It counts, per level, the pages that take a Xen
 * page-table type (writable -> page table) and those that give it up
 * again. In a domain whose IOMMU runs strict, Xen removes each page that
 * becomes a page table from the IOMMU, at the cost of one IOTLB
 * invalidation: the first count is what the hook patch and the pools
 * would save. "iosupctl diagnose" turns it into rates.
 *
 * A page becomes a page table when an mm is pinned (each of its tables
 * not yet pinned) and when a table is added to a pinned mm; it stops
 * being one when an mm is unpinned and when a table of a pinned mm is
 * released. The events come from the kernel's Xen tracepoints where it
 * has them (observe_tracepoints.c), else from kprobes on functions
 * checked to be out of line (observe_kprobes.c).
 */
#include <linux/debugfs.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <xen/xen.h>

#include "hypercalls.h"
#include "observe.h"
#include "sysfs_tree.h"
#include "version.h"

static_assert(XEN_NR_LEVELS == IOSUP_TREE_LEVELS);

atomic_long_t observe_to_pagetable[XEN_NR_LEVELS];
atomic_long_t observe_to_writable[XEN_NR_LEVELS];

static char *source = "auto";
module_param(source, charp, 0444);
MODULE_PARM_DESC(source,
		 "where the events come from: auto (tracepoints if the kernel has them, else kprobes), tracepoints or kprobes");

/* The source in use: "tracepoints" or "kprobes". */
static const char *attached;

static struct iosup_sysfs_tree tree;

static ssize_t to_pagetable_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	int level = iosup_sysfs_tree_level(&tree, kobj);

	if (level < 0)
		return -ENODEV;
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&observe_to_pagetable[level]));
}

static ssize_t to_writable_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	int level = iosup_sysfs_tree_level(&tree, kobj);

	if (level < 0)
		return -ENODEV;
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&observe_to_writable[level]));
}

static ssize_t mode_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "observe\n");
}

static ssize_t source_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", attached);
}

static ssize_t missed_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	unsigned long missed = 0;

	if (!strcmp(attached, "kprobes"))
		missed = observe_kprobes_missed();
	return sysfs_emit(buf, "%lu\n", missed);
}

static struct kobj_attribute to_pagetable_attr = __ATTR_RO(to_pagetable);
static struct kobj_attribute to_writable_attr = __ATTR_RO(to_writable);
static struct kobj_attribute mode_attr = __ATTR_RO(mode);
static struct kobj_attribute source_attr = __ATTR_RO(source);
static struct kobj_attribute missed_attr = __ATTR_RO(missed);

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
	&source_attr.attr,
	&missed_attr.attr,
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

static int attach_source(void)
{
	bool any = !strcmp(source, "auto");
	int ret;

	if (!any && strcmp(source, "tracepoints") &&
	    strcmp(source, "kprobes")) {
		pr_err("source=%s: use auto, tracepoints or kprobes\n", source);
		return -EINVAL;
	}
	if (any || !strcmp(source, "tracepoints")) {
		ret = observe_tracepoints_attach();
		if (!ret)
			attached = "tracepoints";
		if (!any || ret != -ENOENT)
			return ret;
	}
	ret = observe_kprobes_attach();
	if (!ret)
		attached = "kprobes";
	return ret;
}

static void detach_source(void)
{
	if (!strcmp(attached, "tracepoints"))
		observe_tracepoints_detach();
	else
		observe_kprobes_detach();
}

static struct dentry *debugfs_dir;

static int __init iosup_observe_init(void)
{
	int ret;

	if (!xen_pv_domain()) {
		pr_err("observe mode watches Xen PV page tables; this is not a Xen PV domain\n");
		return -ENODEV;
	}
	ret = attach_source();
	if (ret)
		return ret;
	ret = iosup_sysfs_tree_create(&tree, &top_group, &level_group,
				      level_present);
	if (ret) {
		detach_source();
		return ret;
	}
	debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	iosup_hypercalls_init(debugfs_dir);
	observe_kprobes_debugfs_init(debugfs_dir);
	pr_info("counting page-table type changes with %s; sysfs: /sys/kernel/" KBUILD_MODNAME "\n",
		attached);
	return 0;
}

static void __exit iosup_observe_exit(void)
{
	debugfs_remove_recursive(debugfs_dir);
	iosup_hypercalls_exit();
	iosup_sysfs_tree_remove(&tree);
	detach_source();
	pr_info("unloaded\n");
}

module_init(iosup_observe_init);
module_exit(iosup_observe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IOSUP observe mode: count Xen PV page-table type changes");
MODULE_VERSION(IOSUP_VERSION);
