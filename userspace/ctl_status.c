// SPDX-License-Identifier: GPL-2.0
/* iosupctl status: the knobs and the counters, as text or JSON. */
#include <stdio.h>

#include "iosup_sysfs.h"
#include "iosupctl.h"

static double per_page(long long ns, long long pages)
{
	return pages > 0 ? (double)ns / pages : 0.0;
}

static void print_level_row(const char *name, const long long *c)
{
	printf("%-5s %8lld %8lld %6lld %10lld %9lld %9lld %9lld %8.0f %8.0f\n",
	       name, c[IOSUP_IN_USE], c[IOSUP_IN_POOL], c[IOSUP_PEAK],
	       c[IOSUP_HITS], c[IOSUP_MISSES], c[IOSUP_RECLAIMED],
	       c[IOSUP_TYPE_CHANGES_AVOIDED],
	       per_page(c[IOSUP_ALLOC_NS], c[IOSUP_ALLOCS]),
	       per_page(c[IOSUP_FREE_NS], c[IOSUP_FREES]));
}

static void print_full(const struct iosup_status *st)
{
	long long sum[IOSUP_NR_COUNTERS];
	int l, c;

	printf("iosup: %s, ratio %lld, level total %lld pages, hypercall failures %lld, quarantined %lld pages\n",
	       st->enabled ? "enabled" : "disabled", st->ratio, st->level_total,
	       st->hypercall_failures, st->quarantined);
	printf("%-5s %8s %8s %6s %10s %9s %9s %9s %8s %8s\n", "level",
	       "in_use", "in_pool", "peak", "hits", "misses", "reclaimed",
	       "avoided", "alloc_ns", "free_ns");
	for (l = 0; l < st->nr_levels; l++)
		print_level_row(st->level[l].name, st->level[l].counter);
	for (c = 0; c < IOSUP_NR_COUNTERS; c++)
		sum[c] = iosup_sum(st, c);
	print_level_row("all", sum);
	printf("(avoided: page-table type changes avoided; ns: mean per page)\n");
}

static void json_counters(struct json_writer *w, const long long *c)
{
	int i;

	json_begin_object(w);
	for (i = 0; i < IOSUP_NR_COUNTERS; i++)
		json_field_int(w, iosup_counter_names[i], c[i]);
	json_end_object(w);
}

/*
 * Every level, present or not, so that the keys never change with the
 * machine: a script reads .levels.p4d.hits on any kernel.
 */
static void json_full(struct json_writer *w, const struct iosup_status *st)
{
	static const long long none[IOSUP_NR_COUNTERS];
	long long sum[IOSUP_NR_COUNTERS];
	const long long *c;
	int l;

	json_begin_object(w);
	json_field_string(w, "mode", "full");
	json_field_bool(w, "enabled", st->enabled);
	json_field_int(w, "ratio", st->ratio);
	json_field_int(w, "level_total", st->level_total);
	json_field_int(w, "hypercall_failures", st->hypercall_failures);
	json_field_int(w, "quarantined", st->quarantined);
	json_key(w, "levels_present");
	json_begin_array(w);
	for (l = 0; l < st->nr_levels; l++)
		json_string(w, st->level[l].name);
	json_end_array(w);
	json_key(w, "levels");
	json_begin_object(w);
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		c = iosup_level_counters(st, iosup_level_names[l]);
		json_key(w, iosup_level_names[l]);
		json_counters(w, c ? c : none);
	}
	json_end_object(w);
	for (l = 0; l < IOSUP_NR_COUNTERS; l++)
		sum[l] = iosup_sum(st, l);
	json_key(w, "all");
	json_counters(w, sum);
	json_end_object(w);
	json_end(w);
}

static void json_observed_pair(struct json_writer *w, long long to_pagetable,
			       long long to_writable)
{
	json_begin_object(w);
	json_field_int(w, "to_pagetable", to_pagetable);
	json_field_int(w, "to_writable", to_writable);
	json_end_object(w);
}

static void json_observed(struct json_writer *w,
			  const struct iosup_observed *ob)
{
	long long t = 0, wr = 0;
	int l;

	json_begin_object(w);
	json_field_string(w, "mode", "observe");
	json_field_string(w, "source", ob->source);
	json_field_int(w, "missed", ob->missed);
	json_key(w, "levels_present");
	json_begin_array(w);
	for (l = 0; l < IOSUP_MAX_LEVELS; l++)
		if (ob->level[l].present)
			json_string(w, iosup_level_names[l]);
	json_end_array(w);
	json_key(w, "levels");
	json_begin_object(w);
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		json_key(w, iosup_level_names[l]);
		json_observed_pair(w, ob->level[l].to_pagetable,
				   ob->level[l].to_writable);
		t += ob->level[l].to_pagetable;
		wr += ob->level[l].to_writable;
	}
	json_end_object(w);
	json_key(w, "all");
	json_observed_pair(w, t, wr);
	json_end_object(w);
	json_end(w);
}

/* Observe mode in text: the levels that counted anything. */
static void print_observed(const struct iosup_observed *ob)
{
	int l;

	printf("iosup: observe mode (iosup_observe.ko); see 'iosupctl diagnose'\n"
	       "counting with %s, %lld events missed\n"
	       "%-5s %14s %13s\n", ob->source, ob->missed, "level",
	       "to_pagetable", "to_writable");
	for (l = 0; l < IOSUP_MAX_LEVELS; l++)
		if (ob->level[l].to_pagetable || ob->level[l].to_writable)
			printf("%-5s %14lld %13lld\n", iosup_level_names[l],
			       ob->level[l].to_pagetable,
			       ob->level[l].to_writable);
}

int ctl_status(struct ctl *ctl, int argc, char **argv)
{
	struct iosup_observed ob;
	struct iosup_status st;
	int ret;

	if (argc != 1)
		return ctl_usage(argv, "status takes no arguments, not '%s'",
				 argv[1]);
	ret = iosup_check_loaded();
	if (ret)
		return ret;
	if (iosup_observe_mode()) {
		ret = iosup_read_observed_all(&ob);
		if (ret)
			return ret;
		if (ctl->json)
			json_observed(&ctl->jw, &ob);
		else
			print_observed(&ob);
		return IOSUP_EXIT_OK;
	}
	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	if (ctl->json)
		json_full(&ctl->jw, &st);
	else
		print_full(&st);
	return IOSUP_EXIT_OK;
}
