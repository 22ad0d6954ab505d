#!/usr/bin/env python3
"""Count IOTLB invalidations per workload phase from a QEMU trace.

The guest marks each phase on its TAP port ("# PHASE begin NAME",
"# PHASE end NAME procs=N"); the harness stamps those lines with the host
clock, and QEMU stamps each trace line (-msg timestamp=on). An invalidation
belongs to a phase when its stamp lies between the phase's two marks.

usage: inval-count.py [--prefix P] RUN_DIR
Prints a table, then one "RESULT <P><phase>_<figure>=<value>" per figure.
"""
import sys

from iotrace import read_invalidations, read_phases


def usage():
    print("usage: inval-count.py [--prefix P] RUN_DIR", file=sys.stderr)
    sys.exit(2)


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
