// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/iosup/pool_check: walk every pool and its blocks'
 * direct-map entries. A typed block mapped writable would let Xen hand it
 * back to devices; a non-empty block would leak old entries into a new
 * process. Both counts must read 0.
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>

#include "iosup.h"

static struct dentry *iosup_debugfs_dir;

static bool block_mapped_writable(struct page *page)
{
	unsigned int map_level;
	pte_t *pte = lookup_address((unsigned long)page_address(page),
				    &map_level);

	return pte && pte_write(*pte);
}

static int pool_check_show(struct seq_file *m, void *v)
{
	unsigned long blocks = 0, typed = 0, writable = 0, nonzero = 0;
	unsigned long flags;
	struct page *page;
	int level;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		struct iosup_pool *pool = &iosup_pools[level];
		unsigned int order = iosup_level_order(level);

		spin_lock_irqsave(&pool->lock, flags);
		list_for_each_entry(page, &pool->plain, lru) {
			blocks++;
			nonzero += !iosup_block_is_zero(level, page, order);
		}
		list_for_each_entry(page, &pool->typed, lru) {
			blocks++;
			typed++;
			writable += block_mapped_writable(page);
			nonzero += !iosup_block_is_zero(level, page, order);
		}
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	seq_printf(m, "blocks %lu\ntyped %lu\nwritable %lu\nnonzero %lu\n",
		   blocks, typed, writable, nonzero);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pool_check);

void iosup_debugfs_init(void)
{
	iosup_debugfs_dir = debugfs_create_dir("iosup", NULL);
	debugfs_create_file("pool_check", 0444, iosup_debugfs_dir, NULL,
			    &pool_check_fops);
}

void iosup_debugfs_exit(void)
{
	debugfs_remove_recursive(iosup_debugfs_dir);
}
