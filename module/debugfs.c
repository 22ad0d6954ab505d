// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/iosup/pool_check: walk every pool, CPU magazines
 * included, and its blocks' direct-map entries. A typed block mapped
 * writable would let Xen hand it back to devices; a non-empty block would
 * leak old entries into a new process. Both counts must read 0.
 *
 * /sys/kernel/debug/iosup/free_dirty_pte (fault injection builds): write N
 * to hand the pte cache N pages full of entries, as the core's pte_free()
 * does with a table that still holds them (6.1's collapse_pte_mapped_thp()
 * frees one so). The cache must clear each before it pools it, whether or
 * not caching is being switched on at that moment (issue 12, D2).
 *
 * /sys/kernel/debug/iosup/settle: a write returns once every table freed
 * before it has reached its pool and a policy check that a spill asked for
 * has run (iosup_settle()): tests read the pools at rest, not after a
 * guessed delay.
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

/* Non-present but not none: entries a stale table could leak. */
#define IOSUP_DIRTY_PTE	0x2

static ssize_t free_dirty_pte_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	unsigned int i, n;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	if (n > 4096) {
		pr_warn("free_dirty_pte: %u pages, at most 4096 a write\n", n);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		/* A pte table's life: from the cache, filled, freed full. */
		struct page *page = iosup_pool_alloc(IOSUP_PTE, GFP_KERNEL, 0,
						     false, true);
		unsigned long *entry;
		int j;

		if (!page)
			page = alloc_page(GFP_KERNEL);
		if (!page)
			return -ENOMEM;
		entry = page_address(page);
		for (j = 0; j < PTRS_PER_PTE; j++)
			entry[j] = IOSUP_DIRTY_PTE;
		if (!iosup_pool_free(IOSUP_PTE, page, 0, 0))
			__free_page(page);
		cond_resched();
	}
	return count;
}

static const struct file_operations free_dirty_pte_fops = {
	.owner = THIS_MODULE,
	.write = free_dirty_pte_write,
	.llseek = noop_llseek,
};

static ssize_t settle_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	iosup_settle();
	return count;
}

static const struct file_operations settle_fops = {
	.owner = THIS_MODULE,
	.write = settle_write,
	.llseek = noop_llseek,
};

void iosup_debugfs_init(void)
{
	iosup_debugfs_dir = debugfs_create_dir("iosup", NULL);
	debugfs_create_file("pool_check", 0444, iosup_debugfs_dir, NULL,
			    &pool_check_fops);
	debugfs_create_file("settle", 0200, iosup_debugfs_dir, NULL,
			    &settle_fops);
	if (IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS))
		debugfs_create_file("free_dirty_pte", 0200, iosup_debugfs_dir,
				    NULL, &free_dirty_pte_fops);
	iosup_hypercalls_init(iosup_debugfs_dir);
}

void iosup_debugfs_exit(void)
{
	debugfs_remove_recursive(iosup_debugfs_dir);
	iosup_hypercalls_exit();
}
