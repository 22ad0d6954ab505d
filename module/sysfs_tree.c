// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/<module name> (iosup or iosup_observe) and its per-level
 * directories; see sysfs_tree.h.
 */
#include "sysfs_tree.h"

const char *const iosup_level_names[IOSUP_TREE_LEVELS] = {
	"pgd", "p4d", "pud", "pmd", "pte"
};

void iosup_sysfs_tree_remove(struct iosup_sysfs_tree *tree)
{
	int level;

	for (level = 0; level < IOSUP_TREE_LEVELS; level++) {
		kobject_put(tree->level[level]);
		tree->level[level] = NULL;
	}
	kobject_put(tree->root);
	tree->root = NULL;
}

int iosup_sysfs_tree_create(struct iosup_sysfs_tree *tree,
			    const struct attribute_group *top,
			    const struct attribute_group *per_level,
			    bool (*present)(int level))
{
	int level, ret;

	tree->root = kobject_create_and_add(KBUILD_MODNAME, kernel_kobj);
	if (!tree->root)
		return -ENOMEM;
	ret = sysfs_create_group(tree->root, top);
	if (ret)
		goto out;
	for (level = 0; level < IOSUP_TREE_LEVELS; level++) {
		if (!present(level))
			continue;
		tree->level[level] = kobject_create_and_add(
			iosup_level_names[level], tree->root);
		if (!tree->level[level]) {
			ret = -ENOMEM;
			goto out;
		}
		ret = sysfs_create_group(tree->level[level], per_level);
		if (ret)
			goto out;
	}
	return 0;
out:
	iosup_sysfs_tree_remove(tree);
	return ret;
}

int iosup_sysfs_tree_level(const struct iosup_sysfs_tree *tree,
			   const struct kobject *kobj)
{
	int level;

	for (level = 0; level < IOSUP_TREE_LEVELS; level++)
		if (tree->level[level] == kobj)
			return level;
	return -1;
}
