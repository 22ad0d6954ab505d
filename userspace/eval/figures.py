#!/usr/bin/env python3
"""Turn the runs of `make eval` into the seed paper's figures and a report.

usage: figures.py RUNS_DIR OUT_DIR INTERVAL_SECONDS

RUNS_DIR holds eval-disabled, eval-pre, eval-dynamic and eval-relaxed,
each a Xen boot of test/guest/suite-eval.sh with its QEMU trace. Writes
the data, fig6/7/8/9/11.png (gnuplot, scripts beside this file) and
report.md into OUT_DIR. Every number comes from those runs.
"""
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test"))
from iotrace import read_events, read_invalidations, read_phases  # noqa: E402

GROUPS = ["disabled", "pre", "dynamic", "relaxed"]
LABELS = {"disabled": "cache-disabled", "pre": "cache-pre-enabled",
          "dynamic": "cache-dynamic-enabled", "relaxed": "relaxed (insecure)"}
LEVELS = ["pgd", "pud", "pmd", "pte"]
TESTS = ["fork+exit", "fork+execve", "fork+sh-c"]
RESULT_LINE = re.compile(r"^# RESULT (\w+)=([-0-9.]+)$")


class Run:
    """One group's boot: its phases, events, results, watch and bench."""

    def __init__(self, path):
        self.path = path
        self.phases = {p[0]: p for p in read_phases(path + "/tap.stamped")}
        self.events = dict((n, t) for t, n in read_events(path + "/tap.stamped"))
        self.invals = [t for t, _ in read_invalidations(path + "/trace.log")]
        self.results, self.watch, self.bench = {}, [], {}
        with open(path + "/tap.log") as f:
            for line in f:
                self._take(line.rstrip("\n"))
        if "stress" not in self.phases:
            raise SystemExit("figures: %s has no stress phase" % path)

    def _take(self, line):
        m = RESULT_LINE.match(line)
        if m:
            self.results[m.group(1)] = float(m.group(2))
        elif line.startswith("# WATCH "):
            cols = line[len("# WATCH "):].split()
            if cols and cols[0] == "time_s":
                self.watch_header = cols
            elif cols:
                self.watch.append(cols)
        elif line.startswith("# BENCH "):
            cols = line[len("# BENCH "):].split()
            if cols[0] in TESTS:
                self.bench[cols[0]] = [float(c) for c in cols[3:6]]

    @property
    def stress(self):
        _, begin, end, procs = self.phases["stress"]
        return begin, end, procs

    def invals_between(self, t0, t1):
        return sum(1 for t in self.invals if t0 <= t < t1)

    def level_sum(self, field):
        return sum(self.results["%s_%s" % (l, field)] for l in LEVELS)


def fail(figure, why):
    """Stop make eval, naming the figure that has no honest number."""
    raise SystemExit("figures: %s: %s" % (figure, why))


def pct(new, old):
    return 100.0 * (new / old - 1) if old else float("nan")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def gnuplot(script, out, **params):
    assign = "; ".join("%s=%s" % (k, repr(v) if isinstance(v, str) else v)
                       for k, v in params.items())
    subprocess.run(["gnuplot", "-e", "dir=%r; %s" % (out, assign),
                    os.path.join(HERE, script)], check=True)


def figure6(runs, out, interval):
    """Invalidations per interval over the stress phase, one column a group."""
    begin = {g: runs[g].stress[0] for g in GROUPS[:3]}
    length = min(runs[g].stress[1] - runs[g].stress[0] for g in GROUPS[:3])
    rows, t = [], 0.0
    while t + interval <= length:
        rows.append("%g %s" % (t + interval, " ".join(
            str(runs[g].invals_between(begin[g] + t, begin[g] + t + interval))
            for g in GROUPS[:3])))
        t += interval
    if not rows:
        fail("Figure 6", "a stress phase shorter than one %g s interval" % interval)
    write(out + "/fig6.dat", "# t_end disabled pre dynamic\n" + "\n".join(rows) + "\n")
    dyn = runs["dynamic"]
    if "enable" not in dyn.events:
        fail("Figure 6", "the dynamic group's run has no enable event")
    enable_at = dyn.events["enable"] - dyn.stress[0]
    gnuplot("fig6.gp", out, enable_at=enable_at, interval=interval)
    return enable_at


def figure7(runs, out):
    rows = []
    for l in LEVELS + ["all"]:
        cells = []
        for kind in ("alloc", "free"):
            for g in ("disabled", "pre"):
                r = runs[g]
                if l == "all":
                    ns, pages = r.level_sum(kind + "_ns"), r.level_sum(kind + "s")
                else:
                    ns, pages = r.results["%s_%s_ns" % (l, kind)], r.results["%s_%ss" % (l, kind)]
                # Both groups time the same work (timing=1 makes the buddy
                # calls in the hooks), so a level with pages has a time.
                if pages and not ns:
                    fail("Figure 7", "%s: %s at %s untimed (0 ns for %d pages)"
                         % (g, kind, l, pages))
                cells.append(ns / pages if pages else 0.0)
        rows.append("%s %.0f %.0f %.0f %.0f" % (l, cells[0], cells[1], cells[2], cells[3]))
        if l == "all" and not all(cells):
            fail("Figure 7", "a group allocated or freed no page: %s" % rows[-1])
    write(out + "/fig7.dat", "# level alloc_disabled alloc_pre free_disabled free_pre (ns/page)\n"
          + "\n".join(rows) + "\n")
    gnuplot("fig7.gp", out)
    return {row.split()[0]: [float(x) for x in row.split()[1:]] for row in rows}


def figure_pool(run, out, name, what, enable_at):
    if not run.watch or not hasattr(run, "watch_header"):
        fail(what.split(":")[0], "%s has no watch samples" % run.path)
    cols = run.watch_header
    keep = ["time_s", "pool"] + [l for l in LEVELS if l in cols]
    idx = [cols.index(c) for c in keep]
    rows = [" ".join(r[i] for i in idx) for r in run.watch]
    write(out + "/%s.dat" % name, " ".join(keep) + "\n" + "\n".join(rows) + "\n")
    gnuplot("fig-pool.gp", out, name=name, what=what, enable_at=enable_at)
    return max(int(r[cols.index("pool")]) for r in run.watch)


def figure11(runs, out):
    rows = []
    for test in TESTS:
        cells = []
        for g in GROUPS:
            if test not in runs[g].bench:
                fail("Figure 11", "the %s group has no %s row" % (g, test))
            lo, med, hi = runs[g].bench[test]
            cells += [med, lo, hi]
        rows.append(test + " " + " ".join("%.1f" % c for c in cells))
    write(out + "/fig11.dat", "# test then median min max for: " + " ".join(GROUPS) + "\n"
          + "\n".join(rows) + "\n")
    gnuplot("fig11.gp", out)


def report(runs, out, interval, enable_at, ns, peaks):
    dis, pre, dyn, rel = (runs[g] for g in GROUPS)

    def per_proc(r):
        b, e, procs = r.stress
        return r.invals_between(b, e) / procs if procs else float("nan")

    def per_sec(r, t0, t1):
        if t1 <= t0:
            fail("Figure 6", "%s: no time between %.1f and %.1f s" % (r.path, t0, t1))
        return r.invals_between(t0, t1) / (t1 - t0)

    b, e, _ = dyn.stress
    t_en = dyn.events["enable"]
    dyn_before = per_sec(dyn, b, t_en)
    dyn_after = per_sec(dyn, t_en + interval, e)
    lat = {t: [runs[g].bench[t][1] for g in GROUPS] for t in TESTS}
    lines = [
        "# IOSUP evaluation: the seed paper's Section 5 on this test bed",
        "",
        "Xen %s, PV dom0 with `dom0-iommu=strict` (relaxed for the insecure "
        "baseline), QEMU intel-iommu under TCG, one vCPU per guest. Workload: "
        "`iosup-stress -d %d -r %d -c 8 -m 1024 -t 1 -l 300` (processes per "
        "minute, at most 8 alive, 1 MiB touched, one extra thread, 300 ms "
        "lives), then %d s idle; then `iosupctl bench -r %d -n 100`. "
        "Invalidations are QEMU's trace count (page-selective + domain + "
        "global). Times under TCG are only meaningful as ratios within this run."
        % (os.environ.get("XEN", "4.17"), dis.results["duration"],
           dis.results["rate"], dis.results["idle"],
           dis.results["rounds"]),
        "",
        "| figure | what | IOSUP, this run | seed paper |",
        "|---|---|---|---|",
        "| 6 | IOTLB invalidations per process created, disabled / pre-enabled | "
        "%.2f / %.3f | flushes down to zero |" % (per_proc(dis), per_proc(pre)),
        "| 6 | invalidations per second, disabled / pre-enabled | %.1f / %.2f | |"
        % (per_sec(dis, *dis.stress[:2]), per_sec(pre, *pre.stress[:2])),
        "| 6 | dynamic-enabled: per second before enabling / from %g s after | "
        "%.1f / %.2f | falls to zero once enabled |" % (interval, dyn_before, dyn_after),
        "| 7 | time per page in alloc, pre-enabled vs disabled | %+.1f%% (%.0f vs %.0f ns) | -45.1%% |"
        % (pct(ns["all"][1], ns["all"][0]), ns["all"][1], ns["all"][0]),
        "| 7 | time per page in free, pre-enabled vs disabled | %+.1f%% (%.0f vs %.0f ns) | -70.9%% |"
        % (pct(ns["all"][3], ns["all"][2]), ns["all"][3], ns["all"][2]),
        "| 8 | peak pool, pre-enabled (watch samples / exact peak counters) | "
        "%d / %d pages | 250 pages |" % (peaks["pre"], pre.level_sum("peak")),
        "| 9 | peak pool, dynamic-enabled; pages reclaimed by the policy | "
        "%d pages; %d reclaimed | |" % (peaks["dynamic"], dyn.level_sum("reclaimed")),
    ]
    for t in TESTS:
        d, p, y, r = lat[t]
        lines.append("| 11 | %s median latency, pre-enabled vs disabled / vs relaxed | "
                     "%+.1f%% / %+.1f%% (%.0f, %.0f, %.0f us) | %s |"
                     % (t, pct(p, d), pct(p, r), p, d, r,
                        "-11%" if t == "fork+exit" else ""))
    lines += [
        "",
        "Type changes avoided (typed page-table pages reused without Xen's "
        "writable type): pre-enabled %d, dynamic %d. Xen hypercall failures: "
        "%d / %d / %d / %d (disabled, pre, dynamic, relaxed)."
        % (pre.level_sum("type_changes_avoided"), dyn.level_sum("type_changes_avoided"),
           dis.results["hypercall_failures"], pre.results["hypercall_failures"],
           dyn.results["hypercall_failures"], rel.results["hypercall_failures"]),
        "",
        "What is timed: Figure 7 times the page-table hooks, that is buddy "
        "allocation and zeroing or a pool hit on alloc, and the buddy free "
        "or the pool's emptiness check and list add on free; with timing=1 "
        "the hooks make the buddy calls themselves, caching or not, so both "
        "groups are timed by the same clock around the same work. Xen's pin, "
        "unpin and make-writable hypercalls happen outside the hooks; the "
        "flushes they cause are Figure 6. Figure 11 is wall-clock time "
        "under QEMU's software emulation, where an IOTLB invalidation costs "
        "little, so it shows what IOSUP's own extra hypercalls cost (pinning "
        "at birth, teardown of a pinned mm) more than what the avoided "
        "flushes save on hardware; each group is a separate boot, run one "
        "at a time.",
        "",
        "## Figure 6: invalidations per %g s interval" % interval, "", "![Figure 6](fig6.png)", "",
        "## Figure 7: time in alloc and free per level", "", "![Figure 7](fig7.png)", "",
        "| level | alloc disabled | alloc pre | free disabled | free pre |", "|---|---|---|---|---|",
    ]
    for l in LEVELS + ["all"]:
        lines.append("| %s | %.0f | %.0f | %.0f | %.0f |" % ((l,) + tuple(ns[l])))
    lines += [
        "", "## Figure 8: pool size, pre-enabled", "", "![Figure 8](fig8.png)", "",
        "## Figure 9: pool size, dynamic-enabled with reclaim (total=%d)" % dyn.results["total"], "",
        "Caching is enabled %.0f s in. With `total=%d` (pages per level) the "
        "policy gives pages back once a pool holds more than `ratio` times "
        "its pages in use, as when the workload stops: %d pages reclaimed."
        % (enable_at, dyn.results["total"], dyn.level_sum("reclaimed")),
        "", "![Figure 9](fig9.png)", "",
        "## Figure 11: process creation latency", "", "![Figure 11](fig11.png)", "",
        "| test | " + " | ".join(LABELS[g] for g in GROUPS) + " |",
        "|---|" + "---|" * len(GROUPS),
    ]
    for t in TESTS:
        lines.append("| %s | %s |" % (t, " | ".join(
            "%.0f (%.0f..%.0f)" % (runs[g].bench[t][1], runs[g].bench[t][0], runs[g].bench[t][2])
            for g in GROUPS)))
    lines += ["", "Microseconds per process: median (min..max) of the rounds.", ""]
    results = {
        "disabled_inval_per_proc": "%.3f" % per_proc(dis),
        "pre_inval_per_proc": "%.3f" % per_proc(pre),
        "dynamic_inval_per_sec_before_enable": "%.1f" % dyn_before,
        "dynamic_inval_per_sec_after_enable": "%.2f" % dyn_after,
        "alloc_time_change_pct": "%.1f" % pct(ns["all"][1], ns["all"][0]),
        "free_time_change_pct": "%.1f" % pct(ns["all"][3], ns["all"][2]),
        "pre_pool_peak_pages": "%d" % pre.level_sum("peak"),
        "fork_exit_latency_change_pct": "%.1f" % pct(lat["fork+exit"][1], lat["fork+exit"][0]),
    }
    for key, value in results.items():
        if not math.isfinite(float(value)):
            fail("report", "%s is %s" % (key, value))
    write(out + "/report.md", "\n".join(lines))
    write(out + "/results.txt", "".join("RESULT eval_%s=%s\n" % kv for kv in results.items()))


def main(argv):
    if len(argv) != 3:
        print("usage: figures.py RUNS_DIR OUT_DIR INTERVAL_SECONDS", file=sys.stderr)
        return 2
    runs_dir, out, interval = argv[0], argv[1], float(argv[2])
    os.makedirs(out, exist_ok=True)
    # A run that fails leaves no report of an earlier one beside it.
    for name in ("report.md", "results.txt"):
        if os.path.exists(os.path.join(out, name)):
            os.remove(os.path.join(out, name))
    for g in GROUPS:
        if not os.path.isdir(os.path.join(runs_dir, "eval-" + g)):
            fail("runs", "no %s group (%s/eval-%s)" % (g, runs_dir, g))
    runs = {g: Run(os.path.join(runs_dir, "eval-" + g)) for g in GROUPS}
    enable_at = figure6(runs, out, interval)
    ns = figure7(runs, out)
    peaks = {
        "pre": figure_pool(runs["pre"], out, "fig8",
                           "Figure 8: pool size per level, cache-pre-enabled", -1),
        "dynamic": figure_pool(runs["dynamic"], out, "fig9",
                               "Figure 9: pool size per level, cache-dynamic-enabled "
                               "with reclaim", enable_at),
    }
    figure11(runs, out)
    report(runs, out, interval, enable_at, ns, peaks)
    print(open(out + "/results.txt").read(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
