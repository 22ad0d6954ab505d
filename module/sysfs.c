// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/iosup: every knob (enable, ratio, level_total, reclaim,
 * prefill, dense_ptes, verify, timing), and one directory per page-table
 * level with its counters, one value per file. /proc/iosup/stats has
 * them all in one read.
 */
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>
#include <asm/xen/iosup.h>

#include "iosup.h"
#include "policy.h"

unsigned int iosup_ratio = 4;
unsigned long iosup_total = 1024;
/*
 * Pages per level to fill in when caching starts: small processes on the
 * test bed's 2-vCPU Xen PV dom0 keep 100-130 pud and pmd tables and
 * 150-170 pte tables waiting for their RCU grace period (README).
 */
unsigned long iosup_prefill = 192;
/* Xen PV: see xen_iosup_set_dense_ptes(); the default is measured (README). */
static unsigned int iosup_dense_ptes = IOSUP_DENSE_PTES_DEFAULT;

static struct iosup_sysfs_tree tree;

/* Parse an unsigned decimal in [min, max]; anything else is -EINVAL. */
static int parse_ulong(const char *buf, unsigned long min, unsigned long max,
		       unsigned long *val, const char *knob)
{
	if (kstrtoul(buf, 10, val) || *val < min || *val > max) {
		pr_warn_ratelimited("%s: want an integer in [%lu, %lu]\n",
				    knob, min, max);
		return -EINVAL;
	}
	return 0;
}

static ssize_t enable_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", iosup_enabled());
}

static ssize_t enable_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	unsigned long val;
	int ret = parse_ulong(buf, 0, 1, &val, "enable");

	if (ret)
		return ret;
	iosup_set_enabled(val);
	return count;
}

static ssize_t ratio_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(iosup_ratio));
}

static ssize_t level_total_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(iosup_total));
}

/* Set a policy tunable, then apply the policy with it at once. */
static ssize_t store_policy_knob(const char *buf, size_t count,
				 unsigned long min, unsigned long max,
				 const char *knob, void (*set)(unsigned long))
{
	unsigned long val;
	int ret = parse_ulong(buf, min, max, &val, knob);

	if (ret)
		return ret;
	set(val);
	iosup_policy_check();
	return count;
}

static void set_ratio(unsigned long val)
{
	WRITE_ONCE(iosup_ratio, val);
}

static void set_total(unsigned long val)
{
	WRITE_ONCE(iosup_total, val);
}

static ssize_t ratio_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	return store_policy_knob(buf, count, IOSUP_RATIO_MIN, IOSUP_RATIO_MAX,
				 "ratio", set_ratio);
}

static ssize_t level_total_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	return store_policy_knob(buf, count, 0, totalram_pages(),
				 attr->attr.name, set_total);
}

/* A switch that is 0 or 1, such as a module parameter's bool. */
static ssize_t store_switch(const char *buf, size_t count, const char *knob,
			    bool *on)
{
	unsigned long val;
	int ret = parse_ulong(buf, 0, 1, &val, knob);

	if (ret)
		return ret;
	WRITE_ONCE(*on, val);
	return count;
}

static ssize_t verify_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(iosup_verify));
}

static ssize_t verify_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	return store_switch(buf, count, "verify", &iosup_verify);
}

static ssize_t timing_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(iosup_timing));
}

static ssize_t timing_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	return store_switch(buf, count, "timing", &iosup_timing);
}

static ssize_t reclaim_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	unsigned long val;
	int ret = parse_ulong(buf, 1, ULONG_MAX, &val, "reclaim");

	if (ret)
		return ret;
	iosup_reclaim(val, IOSUP_RECLAIM_MANUAL);
	return count;
}

static ssize_t prefill_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(iosup_prefill));
}

static ssize_t prefill_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	unsigned long val;
	int ret = parse_ulong(buf, 0, totalram_pages(), &val, "prefill");

	if (ret)
		return ret;
	WRITE_ONCE(iosup_prefill, val);
	return count;
}

static ssize_t dense_ptes_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(iosup_dense_ptes));
}

static ssize_t dense_ptes_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	unsigned long val;
	int ret = parse_ulong(buf, 0, PTRS_PER_PTE, &val, "dense_ptes");

	if (ret)
		return ret;
	WRITE_ONCE(iosup_dense_ptes, val);
	xen_iosup_set_dense_ptes(val);
	return count;
}

static ssize_t fallbacks_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", xen_iosup_fallbacks());
}

static ssize_t hypercall_failures_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", xen_iosup_hypercall_failures());
}

static ssize_t quarantined_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", xen_iosup_quarantined());
}

static ssize_t sleep_drains_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", iosup_sleep_drain_count());
}

/* "full" here; iosup_observe.ko's /sys/kernel/iosup_observe says "observe". */
static ssize_t mode_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "full\n");
}

static struct kobj_attribute enable_attr = __ATTR_RW(enable);
static struct kobj_attribute mode_attr = __ATTR_RO(mode);
static struct kobj_attribute hypercall_failures_attr =
	__ATTR_RO(hypercall_failures);
static struct kobj_attribute quarantined_attr = __ATTR_RO(quarantined);
static struct kobj_attribute sleep_drains_attr = __ATTR_RO(sleep_drains);
static struct kobj_attribute ratio_attr = __ATTR_RW(ratio);
static struct kobj_attribute level_total_attr = __ATTR_RW(level_total);
/* The name level_total had first: a per-level figure, not a total. */
static struct kobj_attribute total_attr =
	__ATTR(total, 0644, level_total_show, level_total_store);
static struct kobj_attribute verify_attr = __ATTR_RW(verify);
static struct kobj_attribute timing_attr = __ATTR_RW(timing);
static struct kobj_attribute reclaim_attr = __ATTR_WO(reclaim);
static struct kobj_attribute prefill_attr = __ATTR_RW(prefill);
static struct kobj_attribute dense_ptes_attr = __ATTR_RW(dense_ptes);
static struct kobj_attribute fallbacks_attr = __ATTR_RO(fallbacks);

static struct attribute *iosup_attrs[] = {
	&enable_attr.attr,
	&ratio_attr.attr,
	&level_total_attr.attr,
	&total_attr.attr,
	&reclaim_attr.attr,
	&prefill_attr.attr,
	&dense_ptes_attr.attr,
	&verify_attr.attr,
	&timing_attr.attr,
	&fallbacks_attr.attr,
	&hypercall_failures_attr.attr,
	&quarantined_attr.attr,
	&sleep_drains_attr.attr,
	&mode_attr.attr,
	NULL,
};

static const struct attribute_group iosup_group = {
	.attrs = iosup_attrs,
};

/*
 * One read-only file per figure of struct iosup_pool_stats, @field being
 * its path there (in_pool, or c.hits for a per-CPU counter).
 */
#define IOSUP_COUNTER(name, field, fmt)					\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	int level = iosup_sysfs_tree_level(&tree, kobj);		\
	struct iosup_pool_stats st;					\
									\
	if (level < 0)							\
		return -ENODEV;						\
	iosup_pool_stats(level, &st);					\
	return sysfs_emit(buf, fmt "\n", st.field);			\
}									\
static struct kobj_attribute name##_attr = __ATTR_RO(name)

IOSUP_COUNTER(in_use, c.in_use, "%ld");
IOSUP_COUNTER(allocs, c.allocs, "%lu");
IOSUP_COUNTER(frees, c.frees, "%lu");
IOSUP_COUNTER(in_pool, in_pool, "%lu");
IOSUP_COUNTER(peak, peak, "%lu");
IOSUP_COUNTER(hits, c.hits, "%lu");
IOSUP_COUNTER(misses, c.misses, "%lu");
IOSUP_COUNTER(frees_to_pool, c.frees_to_pool, "%lu");
IOSUP_COUNTER(reclaimed, reclaimed, "%lu");
IOSUP_COUNTER(prefilled, prefilled, "%lu");
IOSUP_COUNTER(cleared, c.cleared, "%lu");
IOSUP_COUNTER(type_changes_avoided, c.type_changes_avoided, "%lu");
IOSUP_COUNTER(stale, c.stale, "%lu");
IOSUP_COUNTER(alloc_ns, alloc_ns, "%llu");
IOSUP_COUNTER(free_ns, free_ns, "%llu");

static struct attribute *level_attrs[] = {
	&in_use_attr.attr,
	&in_pool_attr.attr,
	&allocs_attr.attr,
	&frees_attr.attr,
	&peak_attr.attr,
	&hits_attr.attr,
	&misses_attr.attr,
	&frees_to_pool_attr.attr,
	&reclaimed_attr.attr,
	&prefilled_attr.attr,
	&cleared_attr.attr,
	&type_changes_avoided_attr.attr,
	&stale_attr.attr,
	&alloc_ns_attr.attr,
	&free_ns_attr.attr,
	NULL,
};

static const struct attribute_group level_group = {
	.attrs = level_attrs,
};

static bool level_present(int level)
{
	return iosup_level_present(level);
}

void iosup_sysfs_exit(void)
{
	iosup_sysfs_tree_remove(&tree);
}

int iosup_sysfs_init(void)
{
	xen_iosup_set_dense_ptes(iosup_dense_ptes);
	return iosup_sysfs_tree_create(&tree, &iosup_group, &level_group,
				       level_present);
}
