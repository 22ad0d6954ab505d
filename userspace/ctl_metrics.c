// SPDX-License-Identifier: GPL-2.0
/*
 * iosupctl metrics: the counters in Prometheus's text exposition format
 * (0.0.4), for node_exporter's textfile collector, or the same as JSON.
 */
#include <stdio.h>

#include "iosup_sysfs.h"
#include "iosupctl.h"

#define MAX_METRICS 32

struct metric {
	const char *name, *type, *help;
	int nano;			/* values in 1e-9 of the unit */
	int nr;
	struct {
		const char *level;	/* the level label, NULL for none */
		long long value;
	} sample[IOSUP_MAX_LEVELS];
};

struct metrics {
	int nr;
	struct metric m[MAX_METRICS];
};

/* The per-level counters of full mode, as metrics. */
static const struct {
	enum iosup_counter c;
	const char *name, *type, *help;
	int nano;
} level_metrics[] = {
	{ IOSUP_IN_USE, "iosup_in_use_pages", "gauge",
	  "Page-table pages handed out since caching was enabled, less those freed since.", 0 },
	{ IOSUP_IN_POOL, "iosup_in_pool_pages", "gauge",
	  "Pages in the pool now.", 0 },
	{ IOSUP_PEAK, "iosup_in_pool_peak_pages", "gauge",
	  "Highest in_pool seen since the module was loaded.", 0 },
	{ IOSUP_HITS, "iosup_hits_total", "counter",
	  "Allocated pages served from the pool.", 0 },
	{ IOSUP_MISSES, "iosup_misses_total", "counter",
	  "Allocated pages that found the pool empty.", 0 },
	{ IOSUP_FREES_TO_POOL, "iosup_frees_to_pool_total", "counter",
	  "Freed pages that entered the pool.", 0 },
	{ IOSUP_RECLAIMED, "iosup_reclaimed_total", "counter",
	  "Pages given back to the buddy allocator.", 0 },
	{ IOSUP_CLEARED, "iosup_cleared_total", "counter",
	  "Pages that reached the pool not empty and were cleared.", 0 },
	{ IOSUP_TYPE_CHANGES_AVOIDED, "iosup_type_changes_avoided_total",
	  "counter", "Pooled pages reused with their page-table type (Xen PV).", 0 },
	{ IOSUP_STALE, "iosup_stale_total", "counter",
	  "Pages handed out from the pool that were not empty (verify=1); must stay 0.", 0 },
	{ IOSUP_ALLOC_NS, "iosup_alloc_seconds_total", "counter",
	  "Time spent in the allocation hook (module parameter timing=1).", 1 },
	{ IOSUP_FREE_NS, "iosup_free_seconds_total", "counter",
	  "Time spent in the free hook (module parameter timing=1).", 1 },
	{ IOSUP_ALLOCS, "iosup_allocs_total", "counter",
	  "Pages allocated through the hook.", 0 },
	{ IOSUP_FREES, "iosup_frees_total", "counter",
	  "Pages freed through the hook.", 0 },
};

static struct metric *add(struct metrics *ms, const char *name,
			  const char *type, const char *help)
{
	struct metric *m = &ms->m[ms->nr++];

	m->name = name;
	m->type = type;
	m->help = help;
	return m;
}

static void add_sample(struct metric *m, const char *level, long long value)
{
	m->sample[m->nr].level = level;
	m->sample[m->nr].value = value;
	m->nr++;
}

/* A metric of one sample, without labels. */
static void add_one(struct metrics *ms, const char *name, const char *type,
		    const char *help, long long value)
{
	add_sample(add(ms, name, type, help), NULL, value);
}

static int collect_full(struct metrics *ms)
{
	struct iosup_status st;
	struct metric *m;
	unsigned int i;
	int l, ret;

	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	add_one(ms, "iosup_enabled", "gauge",
		"Whether iosup.ko caches freed page-table pages (1) or not (0).",
		st.enabled);
	add_one(ms, "iosup_ratio", "gauge",
		"Reclaim policy: the pool to in-use ratio above which a pool gives back.",
		st.ratio);
	add_one(ms, "iosup_level_total_pages", "gauge",
		"Reclaim policy: pool plus in-use pages each level may reach before the ratio applies.",
		st.level_total);
	add_one(ms, "iosup_hypercall_failures_total", "counter",
		"Xen hypercalls of the IOSUP paths that failed; must stay 0.",
		st.hypercall_failures);
	add_one(ms, "iosup_quarantined_pages", "gauge",
		"Pages a failed hypercall left read-only and typed, kept for good.",
		st.quarantined);
	for (i = 0; i < ARRAY_SIZE(level_metrics); i++) {
		m = add(ms, level_metrics[i].name, level_metrics[i].type,
			level_metrics[i].help);
		m->nano = level_metrics[i].nano;
		for (l = 0; l < st.nr_levels; l++)
			add_sample(m, st.level[l].name,
				   st.level[l].counter[level_metrics[i].c]);
	}
	return IOSUP_EXIT_OK;
}

static int collect_observed(struct metrics *ms)
{
	struct iosup_observed ob;
	struct metric *t, *w;
	int l, ret;

	ret = iosup_read_observed_all(&ob);
	if (ret)
		return ret;
	t = add(ms, "iosup_to_pagetable_total", "counter",
		"Pages that became page tables (observe mode).");
	w = add(ms, "iosup_to_writable_total", "counter",
		"Page-table pages that became writable pages again (observe mode).");
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		if (!ob.level[l].present)
			continue;
		add_sample(t, iosup_level_names[l], ob.level[l].to_pagetable);
		add_sample(w, iosup_level_names[l], ob.level[l].to_writable);
	}
	add_one(ms, "iosup_observe_missed_total", "counter",
		"Page-table type changes the observe mode's probes missed.",
		ob.missed);
	return IOSUP_EXIT_OK;
}

/* @s with the exposition format's escapes: \\ and \n, and \" in labels. */
static void print_escaped(const char *s, int label)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '"' && label)
			fputs("\\\"", stdout);
		else
			putchar(*s);
	}
}

/* Nanoseconds as seconds, exactly: a double would round past 2^53. */
static void print_value(const struct metric *m, long long v)
{
	unsigned long long mag = v;

	if (v < 0)
		mag = -mag;
	if (m->nano)
		printf("%s%llu.%09llu\n", v < 0 ? "-" : "", mag / 1000000000,
		       mag % 1000000000);
	else
		printf("%lld\n", v);
}

static void print_text(const struct metrics *ms)
{
	const struct metric *m;
	int i, s;

	for (i = 0; i < ms->nr; i++) {
		m = &ms->m[i];
		printf("# HELP %s ", m->name);
		print_escaped(m->help, 0);
		printf("\n# TYPE %s %s\n", m->name, m->type);
		for (s = 0; s < m->nr; s++) {
			printf("%s", m->name);
			if (m->sample[s].level) {
				printf("{level=\"");
				print_escaped(m->sample[s].level, 1);
				printf("\"}");
			}
			printf(" ");
			print_value(m, m->sample[s].value);
		}
	}
	fflush(stdout);
}

static void print_json(struct json_writer *w, const struct metrics *ms)
{
	const struct metric *m;
	int i, s;

	json_begin_object(w);
	json_key(w, "metrics");
	json_begin_array(w);
	for (i = 0; i < ms->nr; i++) {
		m = &ms->m[i];
		json_begin_object(w);
		json_field_string(w, "name", m->name);
		json_field_string(w, "type", m->type);
		json_field_string(w, "help", m->help);
		json_key(w, "samples");
		json_begin_array(w);
		for (s = 0; s < m->nr; s++) {
			json_begin_object(w);
			json_key(w, "labels");
			json_begin_object(w);
			if (m->sample[s].level)
				json_field_string(w, "level",
						  m->sample[s].level);
			json_end_object(w);
			if (m->nano) {
				json_key(w, "value");
				json_scaled(w, m->sample[s].value, 9);
			} else
				json_field_int(w, "value", m->sample[s].value);
			json_end_object(w);
		}
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
	json_end(w);
}

static void print_metrics(struct ctl *ctl, const struct metrics *ms)
{
	if (ctl->json)
		print_json(&ctl->jw, ms);
	else
		print_text(ms);
}

/*
 * Neither module loaded: iosup_up 0 alone, and exit status 3. Printing
 * nothing would leave the textfile collector the last figures.
 */
int ctl_metrics(struct ctl *ctl, int argc, char **argv)
{
	static struct metrics ms;
	int observe, ret, loaded;

	if (argc != 1)
		return ctl_usage(argv, "metrics takes no arguments, not '%s'",
				 argv[1]);
	ret = iosup_check_loaded();
	loaded = ret == IOSUP_EXIT_OK;
	if (ret && ret != IOSUP_EXIT_NOT_LOADED)
		return ret;
	add_one(&ms, "iosup_up", "gauge",
		"1 when iosup.ko or iosup_observe.ko is loaded, 0 when neither is (and no other iosup metric is given).",
		loaded);
	if (!loaded) {
		print_metrics(ctl, &ms);
		return ret;
	}
	observe = iosup_observe_mode();
	add_one(&ms, "iosup_observe_mode", "gauge",
		"1 when iosup_observe.ko only counts (a kernel without the IOSUP hooks), 0 when iosup.ko caches.",
		observe);
	ret = observe ? collect_observed(&ms) : collect_full(&ms);
	if (ret)
		return ret;
	print_metrics(ctl, &ms);
	return IOSUP_EXIT_OK;
}
