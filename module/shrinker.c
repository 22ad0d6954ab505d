// SPDX-License-Identifier: GPL-2.0
/* Under memory pressure, pooled pages go back to the buddy allocator. */
#include <linux/mm.h>
#include <linux/shrinker.h>

#include "iosup.h"

static unsigned long iosup_shrink_count(struct shrinker *s,
					struct shrink_control *sc)
{
	unsigned long pooled = iosup_pooled_pages();

	return pooled ? pooled : SHRINK_EMPTY;
}

static unsigned long iosup_shrink_scan(struct shrinker *s,
				       struct shrink_control *sc)
{
	unsigned long freed = iosup_reclaim(sc->nr_to_scan,
					    IOSUP_RECLAIM_SHRINKER);

	return freed ? freed : SHRINK_STOP;
}

#ifdef IOSUP_HAVE_SHRINKER_ALLOC
/* Since 6.7 shrinkers are allocated by the core (see Kbuild's probe). */
static struct shrinker *iosup_shrinker;

int iosup_shrinker_init(void)
{
	iosup_shrinker = shrinker_alloc(0, "iosup");
	if (!iosup_shrinker)
		return -ENOMEM;
	iosup_shrinker->count_objects = iosup_shrink_count;
	iosup_shrinker->scan_objects = iosup_shrink_scan;
	iosup_shrinker->seeks = DEFAULT_SEEKS;
	shrinker_register(iosup_shrinker);
	return 0;
}

void iosup_shrinker_exit(void)
{
	shrinker_free(iosup_shrinker);
}
#else
static struct shrinker iosup_shrinker = {
	.count_objects = iosup_shrink_count,
	.scan_objects = iosup_shrink_scan,
	.seeks = DEFAULT_SEEKS,
};

int iosup_shrinker_init(void)
{
	return register_shrinker(&iosup_shrinker, "iosup");
}

void iosup_shrinker_exit(void)
{
	unregister_shrinker(&iosup_shrinker);
}
#endif
