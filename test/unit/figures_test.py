#!/usr/bin/env python3
"""Unit test of userspace/eval/figures.py on made-up runs whose answers
are known: the arithmetic of every figure and report line, and that
gnuplot draws each PNG. Prints TAP; exit status 1 on any failure.

usage: figures_test.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LEVELS = ["pgd", "pud", "pmd", "pte"]

n = failed = 0


def check(desc, cond):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))


def make_run(path, inval_stamps, alloc_ns, free_ns, bench_median, enable_at=None):
    """A run whose stress phase is 100.0..200.0 host seconds, 100 procs."""
    os.makedirs(path)
    with open(path + "/tap.stamped", "w") as f:
        f.write("100.000000 # PHASE begin stress\n")
        if enable_at is not None:
            f.write("%.6f # EVENT enable\n" % enable_at)
        f.write("200.000000 # PHASE end stress procs=100\n")
    with open(path + "/trace.log", "w") as f:
        f.write("7@50.000000:vtd_inv_desc_iotlb_global\n")  # boot, not counted
        for t in inval_stamps:
            f.write("7@%.6f:vtd_inv_desc_iotlb_pages domain 0x1 addr 0x2\n" % t)
    with open(path + "/tap.log", "w") as f:
        for k, v in (("duration", 90), ("rate", 600), ("idle", 10), ("rounds", 3),
                     ("total", 16), ("hypercall_failures", 0)):
            f.write("# RESULT %s=%d\n" % (k, v))
        f.write("# stress: RESULT created=100 exited=100 failed=0 seconds=90.0\n")
        for l in LEVELS:
            for field, v in (("peak", 10), ("in_pool", 5), ("allocs", 100),
                             ("frees", 50), ("alloc_ns", alloc_ns * 100),
                             ("free_ns", free_ns * 50), ("hits", 90),
                             ("reclaimed", 3), ("type_changes_avoided", 90)):
                f.write("# RESULT %s_%s=%d\n" % (l, field, v))
        f.write("# WATCH   time_s    pool    pgd    pud    pmd    pte  in_use"
                "    hits/s  misses/s reclaimed/s\n")
        for i in range(10):
            f.write("# WATCH %8.1f %7d %6d %6d %6d %6d %7d %9s %9s %11s\n"
                    % (2 * i, 4 * i, i, i, i, i, 3, "-" if i == 0 else "1.0", "0.0", "0.0"))
        f.write("# BENCH test         iterations rounds     min_us  median_us     max_us\n")
        for test, us in zip(["fork+exit", "fork+execve", "fork+sh-c"], bench_median):
            f.write("# BENCH %-12s %10d %6d %10.1f %10.1f %10.1f\n" % (test, 100, 3, us - 1, us, us + 1))


# What `make eval` printed from the runs in eval-real (2026-12-07, 6.1 under
# Xen 4.17, IOSUP_EVAL_DURATION=30 IOSUP_EVAL_RATE=300, at 4646fc6). The
# traces there keep only the stress phase, the one part the figures count.
REAL_RESULTS = {
    "eval_disabled_inval_per_proc": 23.893,
    "eval_pre_inval_per_proc": 0.040,
    "eval_dynamic_inval_per_sec_before_enable": 110.6,
    "eval_dynamic_inval_per_sec_after_enable": 0.25,
    "eval_alloc_time_change_pct": -65.0,
    "eval_free_time_change_pct": -44.2,
    "eval_pre_pool_peak_pages": 589,
    "eval_fork_exit_latency_change_pct": -67.6,
}


def real_runs(tmp):
    """figures.py on four real guests' output: the same numbers again."""
    runs = tmp + "/real"
    shutil.copytree(os.path.join(TOP, "test", "unit", "eval-real"), runs)
    out = tmp + "/real-eval"
    res = subprocess.run([TOP + "/userspace/eval/figures.py", runs, out, "5"],
                         capture_output=True, text=True)
    check("figures.py runs on real guests' output (%s)" % res.stderr.strip()[-200:],
          res.returncode == 0)
    got = {}
    if os.path.exists(out + "/results.txt"):
        for line in open(out + "/results.txt"):
            k, _, v = line.strip().partition("RESULT ")[2].partition("=")
            got[k] = v
    for k, want in REAL_RESULTS.items():
        v = got.get(k)
        check("real runs: %s = %s (got %s)" % (k, want, v),
              v is not None and float(v) == want)
    fig7 = [l.split() for l in open(out + "/fig7.dat")
            if not l.startswith("#")] if os.path.exists(out + "/fig7.dat") else []
    check("real runs: Figure 7 has both groups on every row, none zero",
          len(fig7) == len(LEVELS) + 1 and
          all(float(c) > 0 for row in fig7 for c in row[1:]))
    report = open(out + "/report.md").read().lower() if os.path.exists(out + "/report.md") else ""
    check("real runs: the report has no NaN",
          report != "" and not re.search(r"\bnan\b", report))


def main():
    tmp = tempfile.mkdtemp()
    runs, out = tmp + "/runs", tmp + "/eval"
    # disabled: 1000 invalidations in the phase (10 per process), spread evenly
    make_run(runs + "/eval-disabled", [100 + i * 0.1 for i in range(1000)],
             alloc_ns=1000, free_ns=400, bench_median=(100, 200, 300))
    make_run(runs + "/eval-pre", [101.0, 102.0], alloc_ns=450, free_ns=100,
             bench_median=(89, 180, 290))
    # dynamic: 50 a second until 140, enabled at 140, one stray after 150
    make_run(runs + "/eval-dynamic", [100 + i * 0.02 for i in range(2000)] + [170.0],
             alloc_ns=500, free_ns=120, bench_median=(90, 185, 295), enable_at=140.0)
    make_run(runs + "/eval-relaxed", [], alloc_ns=1000, free_ns=400,
             bench_median=(80, 160, 250))
    res = subprocess.run([TOP + "/userspace/eval/figures.py", runs, out, "5"],
                         capture_output=True, text=True)
    check("figures.py runs (%s)" % res.stderr.strip()[-200:], res.returncode == 0)
    results = dict(l[len("RESULT eval_"):].split("=") for l in res.stdout.splitlines()
                   if l.startswith("RESULT eval_"))
    want = {
        "disabled_inval_per_proc": "10.000",
        "pre_inval_per_proc": "0.020",
        "dynamic_inval_per_sec_before_enable": "50.0",
        "dynamic_inval_per_sec_after_enable": "0.02",   # 1 in 145..200
        "alloc_time_change_pct": "-55.0",
        "free_time_change_pct": "-75.0",
        "pre_pool_peak_pages": "40",
        "fork_exit_latency_change_pct": "-11.0",
    }
    for key, value in want.items():
        check("%s = %s (got %s)" % (key, value, results.get(key)), results.get(key) == value)
    for fig in ("fig6", "fig7", "fig8", "fig9", "fig11"):
        png = "%s/%s.png" % (out, fig)
        check("%s.png drawn" % fig, os.path.exists(png) and os.path.getsize(png) > 1000)
    rows = open(out + "/fig6.dat").read().split("\n")[1:]
    check("fig6: 20 intervals of 5 s, 50 per interval disabled",
          len([r for r in rows if r]) == 20 and rows[0].split() == ["5", "50", "2", "250"])
    report = open(out + "/report.md").read()
    check("report.md has no nan and names the paper's numbers",
          "nan" not in report and "-45.1%" in report and "-70.9%" in report
          and "250 pages" in report)
    check("report.md: enabled 40 s in, 12 pages reclaimed",
          "enabled 40 s in" in report and "12 pages reclaimed" in report)

    # A broken figure stops figures.py, naming it.
    def fails_naming(desc, figure, change):
        bad = tmp + "/bad"
        shutil.rmtree(bad, ignore_errors=True)
        shutil.copytree(runs, bad + "/runs")
        change(bad + "/runs")
        res = subprocess.run([TOP + "/userspace/eval/figures.py", bad + "/runs",
                              bad + "/eval", "5"], capture_output=True, text=True)
        check("%s: fails, naming %s (%s)" % (desc, figure, res.stderr.strip()[-120:]),
              res.returncode != 0 and ("figures: %s" % figure) in res.stderr
              and not os.path.exists(bad + "/eval/report.md"))

    def untimed(path):
        shutil.rmtree(path + "/eval-disabled")
        make_run(path + "/eval-disabled", [], alloc_ns=0, free_ns=400,
                 bench_median=(100, 200, 300))

    def no_bench_row(path):
        log = path + "/eval-relaxed/tap.log"
        lines = [l for l in open(log) if not l.startswith("# BENCH fork+execve")]
        open(log, "w").writelines(lines)

    def no_processes(path):
        stamped = path + "/eval-pre/tap.stamped"
        text = open(stamped).read().replace("procs=100", "procs=0")
        open(stamped, "w").write(text)

    fails_naming("disabled group untimed", "Figure 7", untimed)
    fails_naming("a group without its fork+execve bench row", "Figure 11", no_bench_row)
    fails_naming("no process created (NaN per process)", "report", no_processes)
    fails_naming("no relaxed group", "runs: no relaxed group",
                 lambda path: shutil.rmtree(path + "/eval-relaxed"))
    real_runs(tmp)
    shutil.rmtree(tmp)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
