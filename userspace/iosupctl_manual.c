// SPDX-License-Identifier: GPL-2.0
/*
 * iosupctl's manual and command table. --help prints it, "help CMD" and
 * "CMD --help" print one command's entry. userspace/iosupctl.8 is the
 * same text in roff: test/unit/manual_check.py fails when the two differ,
 * so change both.
 */
#include <stdio.h>
#include <string.h>

#include "iosupctl.h"

static const char manual_head[] =
"NAME\n"
"    iosupctl - control and observe IOSUP's page-table page pools\n"
"\n"
"SYNOPSIS\n"
"@SYNOPSIS@"
"    iosupctl help [COMMAND]\n"
"    iosupctl COMMAND --help\n"
"    iosupctl --version\n"
"\n"
"DESCRIPTION\n"
"    iosup.ko keeps freed page-table pages in per-level pools so that on\n"
"    Xen PV they keep their page-table type and cost no IOTLB flush when\n"
"    reused. iosupctl reads its knobs and counters in /proc/iosup/stats,\n"
"    one read a sample, and writes its knobs in /sys/kernel/iosup. In\n"
"    observe mode it reads /sys/kernel/iosup_observe (see FILES).\n"
"\n"
"OPTIONS\n"
"    -j, --json\n"
"        Print JSON instead of text (see JSON OUTPUT). It may come\n"
"        before the command or among its arguments; status --json is\n"
"        the same as -j status.\n"
"\n"
"    -h, --help\n"
"        Print this manual; after a command, that command's entry.\n"
"\n"
"    -V, --version\n"
"        Print the version of iosupctl, the release of iosup.ko it comes\n"
"        with.\n"
"\n"
"COMMANDS\n";

static const char manual_tail[] =
"JSON OUTPUT\n"
"    With -j each command prints one JSON object on one line (watch one\n"
"    a sample) with the keys that its entry above lists. Every key is\n"
"    there whatever the counts; a value that does not apply is null.\n"
"    Strings are escaped, and bytes that are not UTF-8 become U+FFFD. On\n"
"    failure the message goes to stderr as text, with the exit status\n"
"    below, and no object is printed; but for metrics when neither module\n"
"    is loaded (see its entry). --version prints {\"version\": TEXT}; help\n"
"    prints text.\n"
"\n"
"METRICS\n"
"    In full mode, per level (the label level=\"pgd\" and so on, for the\n"
"    levels the kernel has), the counters iosup_hits_total,\n"
"    iosup_misses_total, iosup_frees_to_pool_total, iosup_reclaimed_total,\n"
"    iosup_cleared_total, iosup_type_changes_avoided_total,\n"
"    iosup_stale_total, iosup_allocs_total, iosup_frees_total,\n"
"    iosup_alloc_seconds_total and iosup_free_seconds_total (the time\n"
"    spent allocating and freeing), and the gauges iosup_in_use_pages,\n"
"    iosup_in_pool_pages and iosup_in_pool_peak_pages; with no label, the\n"
"    gauges iosup_enabled, iosup_ratio, iosup_level_total_pages and\n"
"    iosup_quarantined_pages and the counter\n"
"    iosup_hypercall_failures_total.\n"
"\n"
"    In observe mode, per level, the counters iosup_to_pagetable_total\n"
"    and iosup_to_writable_total; with no label, the counter\n"
"    iosup_observe_missed_total.\n"
"\n"
"    In both, the gauges iosup_up, 1, and iosup_observe_mode, 1 in\n"
"    observe mode. With neither module loaded, the gauge iosup_up alone,\n"
"    0, and exit status 3.\n"
"\n"
"    For node_exporter's textfile collector, write the file under\n"
"    another name in the same directory and rename it, so that the\n"
"    collector never reads half a file (Debian's directory shown). Rename\n"
"    it on exit status 3 too: its iosup_up 0 replaces the last figures,\n"
"    which the collector would go on serving.\n"
"        d=/var/lib/prometheus/node-exporter\n"
"        iosupctl metrics > $d/iosup.prom.tmp\n"
"        case $? in 0|3) mv $d/iosup.prom.tmp $d/iosup.prom ;; esac\n"
"\n"
"EXIT STATUS\n"
"    0 success; 1 other failure; 2 bad arguments, an unknown command,\n"
"    or a value the kernel refused; 3 neither iosup.ko nor\n"
"    iosup_observe.ko is loaded (metrics still prints iosup_up 0); 4\n"
"    permission denied (not root).\n"
"\n"
"ENVIRONMENT\n"
"    IOSUP_SYSFS\n"
"        The directory to use instead of /sys/kernel/iosup (or, where\n"
"        that is missing, /sys/kernel/iosup_observe).\n"
"\n"
"    IOSUP_PROC_STATS\n"
"        The file to read instead of /proc/iosup/stats.\n"
"\n"
"FILES\n"
"    /proc/iosup/stats\n"
"        What status, watch, metrics, reclaim and diagnose read in full\n"
"        mode: the knobs and the counters of every level, in one read a\n"
"        sample, so that a sample is one snapshot (each file in\n"
"        /sys/kernel/iosup would be read at its own time). Knob lines\n"
"        and columns are found by their names; those iosupctl does not\n"
"        know are skipped, and one it needs that is missing is an error\n"
"        that names it.\n"
"\n"
"    /sys/kernel/iosup/KNOB\n"
"        The knobs: enable, ratio, level_total (and its alias total) and\n"
"        reclaim, which enable, disable, set and reclaim write; verify,\n"
"        timing, hypercall_failures, quarantined and mode. iosupctl reads\n"
"        mode here, and the policy after a set.\n"
"\n"
"    /sys/kernel/iosup/LEVEL/COUNTER\n"
"        The counters of each level, a file each: the columns of\n"
"        /proc/iosup/stats, which iosupctl reads instead.\n"
"\n"
"    /sys/kernel/iosup_observe/KNOB, /sys/kernel/iosup_observe/LEVEL/COUNTER\n"
"        Observe mode's: mode, source and missed, and per level\n"
"        to_pagetable and to_writable. iosup_observe.ko has no\n"
"        /proc/iosup/stats: iosupctl reads these files.\n"
"\n"
"EXAMPLES\n"
"    iosupctl enable && iosupctl watch -i 1\n"
"    iosupctl set ratio=4 level_total=2048\n"
"    iosupctl -j status | python3 -m json.tool\n"
"    iosupctl metrics > iosup.prom.tmp\n"
"    case $? in 0|3) mv iosup.prom.tmp iosup.prom ;; esac\n";

const struct ctl_command ctl_commands[] = {
	{ "status", "",
"The knobs, then per level: pages in use and pooled, peak pool, hits,\n"
"misses, pages reclaimed, type changes avoided and mean ns per page in\n"
"alloc and free. In observe mode, iosup_observe.ko's, which loads on a\n"
"kernel without the IOSUP hooks: pages each level made page tables and\n"
"writable again, and what counted them.\n"
"\n"
"With -j, in full mode: {\"mode\": \"full\", \"enabled\": BOOL, \"ratio\":\n"
"N, \"level_total\": N, \"hypercall_failures\": N, \"quarantined\": N,\n"
"\"levels_present\": [LEVEL...], \"levels\": {LEVEL: COUNTERS...}, \"all\":\n"
"COUNTERS}. levels always holds pgd, p4d, pud, pmd and pte, with zeros\n"
"for a level the kernel folds (levels_present lists those it has);\n"
"COUNTERS holds in_use, in_pool, peak, hits, misses, frees_to_pool,\n"
"reclaimed, cleared, type_changes_avoided, stale, alloc_ns, free_ns,\n"
"allocs and frees; all holds their sums.\n"
"\n"
"In observe mode: {\"mode\": \"observe\", \"source\": TEXT, \"missed\": N,\n"
"\"levels_present\": [LEVEL...], \"levels\": {LEVEL: {\"to_pagetable\": N,\n"
"\"to_writable\": N}...}, \"all\": {\"to_pagetable\": N, \"to_writable\":\n"
"N}}, levels again holding all five.\n",
	  ctl_status },
	{ "enable", "",
"Start caching freed page-table pages. With -j: {\"enabled\": true}.\n",
	  ctl_enable },
	{ "disable", "",
"Stop caching and give every pooled page back. With -j: {\"enabled\":\n"
"false}.\n",
	  ctl_disable },
	{ "set", "[ratio=N] [level_total=M]",
"Set the reclaim policy, one value or both: each level's pool gives\n"
"back in_pool - in_use pages once in_pool > ratio * in_use and in_pool\n"
"+ in_use > level_total. ratio is 1..1000, level_total a page count, per\n"
"level. total=M, the knob's first name, is an alias of level_total=M.\n"
"Nothing changes unless every value is accepted. With -j: {\"ratio\": N,\n"
"\"level_total\": N}, the policy in force afterwards.\n",
	  ctl_set },
	{ "reclaim", "[PAGES]",
"Give PAGES pooled pages (default: all) back to the kernel. With -j:\n"
"{\"asked\": N, \"reclaimed\": N}, both 0 when the pools were empty.\n",
	  ctl_reclaim },
	{ "watch", "[-i SECONDS] [-n COUNT]",
"Every SECONDS (default 5, from 0.1): the pool size, total and per\n"
"level, pages in use, and hits, misses and pages reclaimed per second.\n"
"Stops after COUNT lines, or on ^C.\n"
"\n"
"With -j, one object a sample: {\"time_s\": X, \"in_pool\": N, \"in_use\":\n"
"N, \"levels\": {LEVEL: {\"in_pool\": N, \"in_use\": N}...}, \"hits_per_s\":\n"
"X, \"misses_per_s\": X, \"reclaimed_per_s\": X}, with all five levels;\n"
"the rates are null in the first sample.\n",
	  ctl_watch },
	{ "bench", "[-r ROUNDS] [-n ITERATIONS] [fork|exec|shell]...",
"lmbench lat_proc-style latency of fork+exit, fork+execve and\n"
"fork+/bin/sh -c: microseconds per process, min, median and max over\n"
"ROUNDS (default 5, at most 1000) runs of ITERATIONS (default 200)\n"
"processes. Needs no module.\n"
"\n"
"With -j, once every test has run: {\"iterations\": N, \"rounds\": N,\n"
"\"tests\": [{\"test\": TEXT, \"min_us\": X, \"median_us\": X, \"max_us\":\n"
"X}...]}.\n",
	  ctl_bench },
	{ "diagnose", "[-i SECONDS] [-c MICROSECONDS]",
"Over SECONDS (default 10): processes created, and pages that became\n"
"page tables, per second and per process. Then whether Xen keeps this\n"
"domain's IOMMU in step with its page tables (a PV domU with a\n"
"passed-through device, or a PV dom0 with dom0-iommu=strict), where\n"
"each of those costs one IOTLB invalidation; the time those take, at\n"
"MICROSECONDS each (default 2, 0.001 to 100000); and whether IOSUP\n"
"would help. Works in observe mode too (status says which mode).\n"
"\n"
"The default cost is the one published sample there is: Linux's\n"
"Documentation/ABI/testing/debugfs-intel-iommu shows dmar_perf_latency\n"
"on a Kaby Lake with 18 IOTLB invalidations, all in the 1-10 us bucket,\n"
"min, max and average 2 us. Those are Linux's own queued invalidations;\n"
"Xen's VT-d flush goes through the same hardware path, but it is one\n"
"sample on one machine. Xen's iommu_legacy_unmap(), which takes each\n"
"page that becomes a page table out of the IOMMU's mappings, flushes\n"
"synchronously, page by page. On AMD, Xen issues the flush to every\n"
"IOMMU in the host, so the cost grows with their number: no figure is\n"
"published for it, so -c is yours to give. Nor is one published for a\n"
"trapped PV page-table write or an mmu_update; the estimate leaves them\n"
"out.\n"
"\n"
"With -j: {\"mode\": \"full\" or \"observe\", \"seconds\": X, \"processes\":\n"
"N, \"processes_per_s\": X, \"to_pagetable\": N, \"to_pagetable_per_s\":\n"
"X, \"to_pagetable_per_process\": X, \"type_changes_avoided\": N,\n"
"\"enabled\": BOOL, \"iommu_sync\": \"no\", \"yes\" or \"if-strict\",\n"
"\"iommu_sync_why\": TEXT, \"invalidations_per_s\": X, \"flush_us_each\":\n"
"X, \"flush_ms_per_s\": X, \"verdict\": WORD, \"verdict_text\": TEXT},\n"
"WORD being no-iommu-sync, caching, little-churn or would-help.\n"
"type_changes_avoided is 0 and enabled false in observe mode;\n"
"invalidations_per_s and flush_ms_per_s are 0 when iommu_sync is no;\n"
"flush_us_each is the cost assumed (-c).\n",
	  ctl_diagnose },
	{ "metrics", "",
"The counters and gauges in Prometheus's text format, for\n"
"node_exporter's textfile collector (see METRICS), iosup_up 1 first.\n"
"When neither iosup.ko nor iosup_observe.ko is loaded, it prints the\n"
"gauge iosup_up 0 alone and exits 3, so that the collector's file need\n"
"not keep the last figures.\n"
"\n"
"With -j: {\"metrics\": [{\"name\": TEXT, \"type\": \"counter\" or\n"
"\"gauge\", \"help\": TEXT, \"samples\": [{\"labels\": {NAME: TEXT...},\n"
"\"value\": X}...]}...]}, iosup_up 0 alone too when neither module is\n"
"loaded.\n",
	  ctl_metrics },
};

const int ctl_nr_commands = ARRAY_SIZE(ctl_commands);

void ctl_print_synopsis(FILE *f, const struct ctl_command *cmd)
{
	fprintf(f, "iosupctl [-j] %s%s%s\n", cmd->name, *cmd->args ? " " : "",
		cmd->args);
}

/* @text with @indent spaces before each line that is not empty. */
static void print_indented(const char *text, int indent)
{
	size_t len;

	for (; *text; text += len) {
		len = strcspn(text, "\n") + 1;
		if (len > 1)
			printf("%*s", indent, "");
		fwrite(text, 1, len, stdout);
	}
}

void ctl_print_manual(void)
{
	const char *mark = strstr(manual_head, "@SYNOPSIS@");
	int i;

	fwrite(manual_head, 1, mark - manual_head, stdout);
	for (i = 0; i < ctl_nr_commands; i++) {
		printf("    ");
		ctl_print_synopsis(stdout, &ctl_commands[i]);
	}
	fputs(mark + strlen("@SYNOPSIS@"), stdout);
	for (i = 0; i < ctl_nr_commands; i++) {
		printf("    ");
		ctl_print_synopsis(stdout, &ctl_commands[i]);
		print_indented(ctl_commands[i].text, 8);
		printf("\n");
	}
	fputs(manual_tail, stdout);
}

void ctl_print_command_help(const struct ctl_command *cmd)
{
	printf("usage: ");
	ctl_print_synopsis(stdout, cmd);
	printf("\n");
	print_indented(cmd->text, 0);
}
