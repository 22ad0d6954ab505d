// SPDX-License-Identifier: GPL-2.0
/* Hooks v2 (the 6.1 and 6.12 series): one registration per level. */
#include <linux/printk.h>

#include "iosup.h"

static struct page *iosup_v2_alloc(enum iosup_level level, gfp_t gfp,
				   unsigned int order, bool typed_ok)
{
	return iosup_pool_alloc(level, gfp, order, typed_ok, true);
}

static const struct iosup_pt_ops iosup_v2_ops = {
	.alloc = iosup_v2_alloc,
	.free = iosup_pool_free,
};

int iosup_hooks_key_count(void)
{
	return static_key_count(&iosup_hooks_key.key);
}

void iosup_hooks_unregister(void)
{
	int level;

	for (level = 0; level < IOSUP_NR_LEVELS; level++)
		iosup_unregister(level, &iosup_v2_ops);
}

int iosup_hooks_register(void)
{
	int level, ret;

	for (level = 0; level < IOSUP_NR_LEVELS; level++) {
		ret = iosup_register(level, &iosup_v2_ops);
		if (ret) {
			pr_err("cannot register the %s cache: %d\n",
			       iosup_level_names[level], ret);
			iosup_hooks_unregister();
			return ret;
		}
	}
	return 0;
}

void iosup_hooks_set_caching(bool on)
{
	iosup_set_caching(on);
}

bool iosup_hooks_release_typed(enum iosup_level level, struct page *page,
			       unsigned int order)
{
	return iosup_release_typed(level, page, order);
}
