/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /sys/kernel/<module name> and one directory per page-table level under
 * it: /sys/kernel/iosup for the cache (sysfs.c), /sys/kernel/iosup_observe
 * for observe mode (observe.c).
 * Levels are numbered as in enum iosup_level and Xen's enum pt_level.
 */
#ifndef _IOSUP_SYSFS_TREE_H
#define _IOSUP_SYSFS_TREE_H

#include <linux/kobject.h>
#include <linux/sysfs.h>

#define IOSUP_TREE_LEVELS 5	/* pgd, p4d, pud, pmd, pte */

extern const char *const iosup_level_names[IOSUP_TREE_LEVELS];

struct iosup_sysfs_tree {
	struct kobject *root;
	struct kobject *level[IOSUP_TREE_LEVELS];
};

/*
 * Create /sys/kernel/iosup with @top, and a directory with @per_level
 * for each level that @present() accepts. Undone on failure.
 */
int iosup_sysfs_tree_create(struct iosup_sysfs_tree *tree,
			    const struct attribute_group *top,
			    const struct attribute_group *per_level,
			    bool (*present)(int level));
void iosup_sysfs_tree_remove(struct iosup_sysfs_tree *tree);
/* The level whose directory @kobj is, or -1. */
int iosup_sysfs_tree_level(const struct iosup_sysfs_tree *tree,
			   const struct kobject *kobj);

#endif /* _IOSUP_SYSFS_TREE_H */
