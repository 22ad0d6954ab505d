// SPDX-License-Identifier: GPL-2.0
/*
 * iosupctl diagnose: how much page-table churn this domain has, whether
 * Xen pays an IOTLB flush for it, and so whether IOSUP would help.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "iosup_sysfs.h"
#include "iosupctl.h"
#include "monotonic.h"
#include "xen_domain.h"

/* Above this many page-table type changes a second, the patch pays. */
#define DIAGNOSE_WORTH_PER_SEC 10.0

/*
 * -c: microseconds one IOTLB invalidation takes, by default the one
 * published sample there is: Linux's Documentation/ABI/testing/
 * debugfs-intel-iommu shows dmar_perf_latency on a Kaby Lake, 18 IOTLB
 * invalidations all between 1 and 10 us, min, max and average 2 us.
 * Those were Linux's queued invalidations; Xen's VT-d flush takes the
 * same hardware path. On AMD Xen flushes every IOMMU in the host, and no
 * figure is published for that, nor for the trap of a PV page-table
 * write or an mmu_update: the estimate leaves them out (see the manual).
 */
#define DIAGNOSE_FLUSH_US 2.0
#define DIAGNOSE_FLUSH_US_MIN 0.001
#define DIAGNOSE_FLUSH_US_MAX 100000.0

enum verdict {
	VERDICT_NO_IOMMU_SYNC,	/* no flush to save in this domain */
	VERDICT_CACHING,	/* IOSUP is on and saving them */
	VERDICT_LITTLE_CHURN,	/* too few to matter right now */
	VERDICT_WOULD_HELP,
};

static const char *const verdict_words[] = {
	[VERDICT_NO_IOMMU_SYNC] = "no-iommu-sync",
	[VERDICT_CACHING] = "caching",
	[VERDICT_LITTLE_CHURN] = "little-churn",
	[VERDICT_WOULD_HELP] = "would-help",
};

struct diagnosis {
	int observe;		/* observe mode: no pools, no hooks */
	long long enabled;
	double seconds;
	long long processes, to_pagetable, avoided;
	double flush_us;	/* -c: one IOTLB invalidation, in us */
	enum iommu_sync sync;
	char why[160];		/* why sync is what it is */
	enum verdict verdict;
	char verdict_text[400];	/* lines apart as the text shows them */
};

/* The "processes" line of /proc/stat: processes created since boot. */
static int processes_created(long long *n)
{
	char line[256];
	FILE *f = fopen("/proc/stat", "r");
	int found = 0;

	if (!f) {
		perror("iosupctl: /proc/stat");
		return IOSUP_EXIT_FAILURE;
	}
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "processes %lld", n) == 1;
	fclose(f);
	if (!found) {
		fprintf(stderr, "iosupctl: no 'processes' line in /proc/stat\n");
		return IOSUP_EXIT_FAILURE;
	}
	return IOSUP_EXIT_OK;
}

/*
 * Pages a counter of the pools stands for, where a pgd is @pgd_pages: a
 * Xen PV pgd is two pages that Xen types as L4 tables, the kernel's and
 * the user's (arch/x86/xen/mmu_pv.c), and the pools count it once.
 */
static long long pages_of(const struct iosup_status *st,
			  enum iosup_counter c, int pgd_pages)
{
	long long pages = iosup_sum(st, c);
	int l;

	for (l = 0; l < st->nr_levels; l++)
		if (!strcmp(st->level[l].name, "pgd"))
			pages += (pgd_pages - 1) * st->level[l].counter[c];
	return pages;
}

/*
 * Page-table type changes: observed, or in full mode avoided and not,
 * with whether caching is on, all from one snapshot of the pools.
 */
static int type_changes(int observe, int pgd_pages, long long *typed,
			long long *avoided, long long *enabled)
{
	struct iosup_status st;
	long long writable;
	int ret;

	if (observe) {
		*avoided = *enabled = 0;
		return iosup_read_observed(typed, &writable);
	}
	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	*avoided = pages_of(&st, IOSUP_TYPE_CHANGES_AVOIDED, pgd_pages);
	*typed = pages_of(&st, IOSUP_ALLOCS, pgd_pages) - *avoided;
	*enabled = st.enabled;
	return IOSUP_EXIT_OK;
}

/* Count over @seconds; returns an exit status. */
static int measure(struct diagnosis *d, double seconds)
{
	long long procs0, procs1, typed0, typed1, avoided0, avoided1, enabled1;
	int ret, pgd_pages;
	double t0;

	ret = iosup_check_loaded();
	if (ret)
		return ret;
	d->observe = iosup_observe_mode();
	pgd_pages = xen_pv_guest() ? 2 : 1;
	ret = type_changes(d->observe, pgd_pages, &typed0, &avoided0,
			   &d->enabled) ?:
	      processes_created(&procs0);
	if (ret)
		return ret;
	t0 = monotonic_seconds();
	ctl_stop_on_signals();
	ctl_sleep_until(t0 + seconds);
	d->seconds = monotonic_seconds() - t0;
	ret = type_changes(d->observe, pgd_pages, &typed1, &avoided1,
			   &enabled1) ?:
	      processes_created(&procs1);
	if (ret)
		return ret;
	d->processes = procs1 - procs0;
	d->to_pagetable = typed1 - typed0;
	d->avoided = avoided1 - avoided0;
	d->sync = xen_iommu_sync(d->why, sizeof(d->why));
	return IOSUP_EXIT_OK;
}

/* IOTLB invalidations a second that the type changes cost Xen here. */
static double invalidations_per_s(const struct diagnosis *d)
{
	if (d->sync == IOMMU_SYNC_NO)
		return 0;
	return d->to_pagetable / d->seconds;
}

/* The time they take, in ms a second, at d->flush_us each. */
static double flush_ms_per_s(const struct diagnosis *d)
{
	return invalidations_per_s(d) * d->flush_us / 1000;
}

static void judge(struct diagnosis *d)
{
	const char *if_strict =
		d->sync == IOMMU_SYNC_IF_STRICT ? " if strict" : "";
	double per_s = d->to_pagetable / d->seconds;
	char *t = d->verdict_text;
	size_t size = sizeof(d->verdict_text);

	if (d->sync == IOMMU_SYNC_NO) {
		d->verdict = VERDICT_NO_IOMMU_SYNC;
		snprintf(t, size, "Xen keeps no IOMMU in step with this domain's page tables, so\n"
			 "they cost no IOTLB flush and IOSUP saves none here (its pools still\n"
			 "save allocating and zeroing).");
	} else if (!d->observe && d->enabled) {
		d->verdict = VERDICT_CACHING;
		snprintf(t, size, "IOSUP is caching; the saved type changes above are flushes avoided%s.",
			 if_strict);
	} else if (per_s < DIAGNOSE_WORTH_PER_SEC) {
		d->verdict = VERDICT_LITTLE_CHURN;
		snprintf(t, size, "little page-table churn right now (under %.0f a second); IOSUP\n"
			 "would not help much. Diagnose again under your busiest load.",
			 DIAGNOSE_WORTH_PER_SEC);
	} else {
		d->verdict = VERDICT_WOULD_HELP;
		snprintf(t, size, "%s: about %.1f IOTLB flushes a second%s,\n"
			 "nearly all of which the pools would save%s.",
			 d->observe ? "the IOSUP hook patch would help" :
				      "IOSUP would help",
			 per_s, if_strict,
			 d->observe ? "" : " ('iosupctl enable' starts them)");
	}
}

static void print_text(const struct diagnosis *d)
{
	double procs = d->processes, typed = d->to_pagetable;

	printf("iosup diagnose over %.1f s, %s mode:\n", d->seconds,
	       d->observe ? "observe" : "full");
	printf("  processes created:            %8lld  (%.1f/s)\n",
	       d->processes, procs / d->seconds);
	printf("  pages made page tables:       %8lld  (%.1f/s, %.2f per process)%s\n",
	       d->to_pagetable, typed / d->seconds,
	       procs ? typed / procs : 0.0,
	       d->observe ? "" : "\n    (full mode: tables not reused typed from a pool)");
	if (!d->observe)
		printf("  type changes the pools saved: %8lld  (%.1f/s)\n",
		       d->avoided, d->avoided / d->seconds);
	printf("IOMMU sync: %s: %s\n", iommu_sync_words[d->sync], d->why);
	if (d->sync == IOMMU_SYNC_NO)
		printf("Flush cost: none, no IOTLB is kept in step with these page tables\n");
	else
		printf("Flush cost%s: about %.1f invalidations/s, about %.3f ms of IOMMU flush\n"
		       "  time per second at %g us each (-c)\n",
		       d->sync == IOMMU_SYNC_IF_STRICT ? " if strict" : "",
		       invalidations_per_s(d), flush_ms_per_s(d), d->flush_us);
	printf("Verdict: %s\n", d->verdict_text);
}

static void print_json(struct json_writer *w, const struct diagnosis *d)
{
	double procs = d->processes, typed = d->to_pagetable;
	char text[sizeof(d->verdict_text)], *nl;

	/* One line: the text's line breaks become spaces. */
	snprintf(text, sizeof(text), "%s", d->verdict_text);
	while ((nl = strchr(text, '\n')))
		*nl = ' ';
	json_begin_object(w);
	json_field_string(w, "mode", d->observe ? "observe" : "full");
	json_field_double(w, "seconds", d->seconds, 3);
	json_field_int(w, "processes", d->processes);
	json_field_double(w, "processes_per_s", procs / d->seconds, 1);
	json_field_int(w, "to_pagetable", d->to_pagetable);
	json_field_double(w, "to_pagetable_per_s", typed / d->seconds, 1);
	json_field_double(w, "to_pagetable_per_process",
			  procs ? typed / procs : 0.0, 2);
	json_field_int(w, "type_changes_avoided", d->avoided);
	json_field_bool(w, "enabled", !d->observe && d->enabled);
	json_field_string(w, "iommu_sync", iommu_sync_words[d->sync]);
	json_field_string(w, "iommu_sync_why", d->why);
	json_field_double(w, "invalidations_per_s", invalidations_per_s(d), 1);
	json_field_double(w, "flush_us_each", d->flush_us, 3);
	json_field_double(w, "flush_ms_per_s", flush_ms_per_s(d), 3);
	json_field_string(w, "verdict", verdict_words[d->verdict]);
	json_field_string(w, "verdict_text", text);
	json_end_object(w);
	json_end(w);
}

int ctl_diagnose(struct ctl *ctl, int argc, char **argv)
{
	struct diagnosis d = { .flush_us = DIAGNOSE_FLUSH_US };
	double seconds = 10;
	int opt, ret;

	optind = 1;
	while ((opt = getopt(argc, argv, "+i:c:")) != -1) {
		switch (opt) {
		case 'i':
			ret = ctl_decimal_arg(argv, "-i", optarg, 1, 86400,
					      &seconds);
			break;
		case 'c':
			ret = ctl_decimal_arg(argv, "-c", optarg,
					      DIAGNOSE_FLUSH_US_MIN,
					      DIAGNOSE_FLUSH_US_MAX,
					      &d.flush_us);
			break;
		default:
			ret = ctl_usage(argv, "diagnose: unknown option");
		}
		if (ret)
			return ret;
	}
	if (optind != argc)
		return ctl_usage(argv, "diagnose: unexpected '%s'",
				 argv[optind]);
	ret = measure(&d, seconds);
	if (ret)
		return ret;
	judge(&d);
	if (ctl->json)
		print_json(&ctl->jw, &d);
	else
		print_text(&d);
	return IOSUP_EXIT_OK;
}
