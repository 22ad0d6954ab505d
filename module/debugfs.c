// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/iosup/pool_check: walk every pool, CPU magazines
 * included, and its blocks' direct-map entries. A typed block mapped
 * writable would let Xen hand it back to devices; a non-empty block would
 * leak old entries into a new process. Both counts must read 0.
 *
 * /sys/kernel/debug/iosup/hooks_key: references to the core's hooks key
 * when this module loaded (0: an unload leaves the hooks off) and now
 * (one per registered level).
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>

#include "hypercalls.h"
#include "iosup.h"

static struct dentry *iosup_debugfs_dir;

static bool block_mapped_writable(struct page *page)
{
	unsigned int map_level;
	pte_t *pte = lookup_address((unsigned long)page_address(page),
				    &map_level);

	return pte && pte_write(*pte);
}

struct pool_check {
	enum iosup_level level;
	unsigned long blocks, typed, writable, nonzero;
};

static void check_block(struct page *page, bool typed, void *arg)
{
	struct pool_check *pc = arg;

	pc->blocks++;
	pc->nonzero += !iosup_block_is_zero(pc->level, page,
					    iosup_level_order(pc->level));
	if (typed) {
		pc->typed++;
		pc->writable += block_mapped_writable(page);
	}
}

static int pool_check_show(struct seq_file *m, void *v)
{
	struct pool_check pc = { };

	for (pc.level = 0; pc.level < IOSUP_NR_LEVELS; pc.level++)
		iosup_pool_walk(pc.level, check_block, &pc);
	seq_printf(m, "blocks %lu\ntyped %lu\nwritable %lu\nnonzero %lu\n",
		   pc.blocks, pc.typed, pc.writable, pc.nonzero);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pool_check);

static int hooks_key_show(struct seq_file *m, void *v)
{
	seq_printf(m, "at_load %d\nnow %d\n", iosup_hooks_key_at_load,
		   static_key_count(&iosup_hooks_key.key));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hooks_key);

void iosup_debugfs_init(void)
{
	iosup_debugfs_dir = debugfs_create_dir("iosup", NULL);
	debugfs_create_file("pool_check", 0444, iosup_debugfs_dir, NULL,
			    &pool_check_fops);
	debugfs_create_file("hooks_key", 0444, iosup_debugfs_dir, NULL,
			    &hooks_key_fops);
	iosup_hypercalls_init(iosup_debugfs_dir);
}

void iosup_debugfs_exit(void)
{
	debugfs_remove_recursive(iosup_debugfs_dir);
	iosup_hypercalls_exit();
}
