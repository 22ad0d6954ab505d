#!/usr/bin/env python3
"""Count IOTLB invalidations per workload phase from a QEMU trace.

The guest marks each phase on its TAP port ("# PHASE begin NAME",
"# PHASE end NAME procs=N"); the harness stamps those lines with the host
clock, and QEMU stamps each trace line (-msg timestamp=on). An invalidation
belongs to a phase when its stamp lies between the phase's two marks.

usage: inval-count.py [--prefix P] RUN_DIR
Prints a table, then one "RESULT <P><phase>_<figure>=<value>" per figure.
"""
import re
import sys

INVALIDATION_EVENTS = {
    "vtd_inv_desc_iotlb_pages": "pages",
    "vtd_inv_desc_iotlb_domain": "domain",
    "vtd_inv_desc_iotlb_global": "global",
    "amdvi_pages_inval": "pages",
    "amdvi_all_inval": "global",
}
TRACE_LINE = re.compile(r"^\d+@(\d+\.\d+):(\w+)")
MARK_LINE = re.compile(r"^(\d+\.\d+) # PHASE (begin|end) (\w+)(?: procs=(\d+))?")


def usage():
    print("usage: inval-count.py [--prefix P] RUN_DIR", file=sys.stderr)
    sys.exit(2)


def read_phases(path):
    """Return [(name, t_begin, t_end, procs)] in the order they ran."""
    begins, phases = {}, []
    with open(path) as f:
        for line in f:
            m = MARK_LINE.match(line)
            if not m:
                continue
            stamp, what, name, procs = m.groups()
            if what == "begin":
                begins[name] = float(stamp)
            elif name in begins:
                phases.append((name, begins.pop(name), float(stamp), int(procs or 0)))
    return phases


def read_invalidations(path):
    """Return [(stamp, kind)] for every invalidation in the trace."""
    found = []
    with open(path, errors="replace") as f:
        for line in f:
            m = TRACE_LINE.match(line)
            if m and m.group(2) in INVALIDATION_EVENTS:
                found.append((float(m.group(1)), INVALIDATION_EVENTS[m.group(2)]))
    return found


def main(argv):
    prefix = ""
    if len(argv) >= 2 and argv[0] == "--prefix":
        prefix, argv = argv[1], argv[2:]
    if len(argv) != 1:
        usage()
    run = argv[0]
    phases = read_phases(run + "/tap.stamped")
    invals = read_invalidations(run + "/trace.log")
    if not phases:
        print("inval-count: no phases marked in %s/tap.stamped" % run, file=sys.stderr)
        return 1

    first = phases[0][1]
    boot = sum(1 for t, _ in invals if t < first)
    print("%-12s %8s %8s %7s %7s %10s %10s" %
          ("phase", "procs", "pages", "domain", "global", "per_proc", "per_sec"))
    results = [("boot_invalidations", boot)]
    for name, begin, end, procs in phases:
        kinds = [k for t, k in invals if begin <= t <= end]
        total = len(kinds)
        per_proc = total / procs if procs else 0.0
        per_sec = total / (end - begin) if end > begin else 0.0
        print("%-12s %8d %8d %7d %7d %10.2f %10.1f" %
              (name, procs, kinds.count("pages"), kinds.count("domain"),
               kinds.count("global"), per_proc, per_sec))
        results += [(name + "_invalidations", total),
                    (name + "_inval_per_proc", "%.3f" % per_proc),
                    (name + "_inval_per_sec", "%.1f" % per_sec)]
    print("(boot, before the first phase: %d invalidations)" % boot)
    for key, value in results:
        print("RESULT %s%s=%s" % (prefix, key, value))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
