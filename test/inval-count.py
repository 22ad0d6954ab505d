#!/usr/bin/env python3
"""Count IOTLB invalidations, and trapped page-table writes, per phase.

The guest marks each phase on its TAP port ("# PHASE begin NAME",
"# PHASE end NAME procs=N"); the harness stamps those lines with the host
clock, and QEMU stamps each trace line (-msg timestamp=on). An invalidation
belongs to a phase when its stamp lies between the phase's two marks.

usage: inval-count.py [--prefix P] RUN_DIR
Prints a table, then one "RESULT <P><phase>_<figure>=<value>" per figure.
A run booted with qemu-run.sh --count-traps also gets, per phase, the page
faults Xen took on the PV kernel's writes to read-only page tables; a phase
whose guest reported "# RESULT <phase>_xen_hypercalls=N" (the hypercalls
of the Xen PV multicall batch that lat_proc counted) also gets them per
process, and so does one with "# RESULT <phase>_xen_pt_updates=N" (the
page-table entries written through Xen by those hypercalls).
"""
import os
import re
import sys

from iotrace import read_invalidations, read_kernel_write_faults, read_phases


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

    flushes, updates = {}, {}
    with open(run + "/tap.stamped") as f:
        text = f.read()
    for m in re.finditer(r"# RESULT (\w+)_xen_hypercalls=(\d+)", text):
        flushes[m.group(1)] = int(m.group(2))
    for m in re.finditer(r"# RESULT (\w+)_xen_pt_updates=(\d+)", text):
        updates[m.group(1)] = int(m.group(2))
    traps = None
    if os.path.exists(run + "/count-traps"):
        traps = read_kernel_write_faults(run + "/trace.log")
    first = phases[0][1]
    boot = sum(1 for t, _ in invals if t < first)
    print("%-24s %6s %8s %7s %7s %9s %9s%s" %
          ("phase", "procs", "pages", "domain", "global", "per_proc",
           "per_sec", "" if traps is None else "    traps traps/proc") +
          (" hcall/proc" if flushes else "") +
          (" ptupd/proc" if updates else ""))
    results = [("boot_invalidations", boot)]
    for name, begin, end, procs in phases:
        kinds = [k for t, k in invals if begin <= t <= end]
        total = len(kinds)
        per_proc = total / procs if procs else 0.0
        per_sec = total / (end - begin) if end > begin else 0.0
        row = "%-24s %6d %8d %7d %7d %9.2f %9.1f" % (
            name, procs, kinds.count("pages"), kinds.count("domain"),
            kinds.count("global"), per_proc, per_sec)
        results += [(name + "_invalidations", total),
                    (name + "_inval_per_proc", "%.3f" % per_proc),
                    (name + "_inval_per_sec", "%.1f" % per_sec)]
        if traps is not None:
            n = sum(1 for t in traps if begin <= t <= end)
            row += " %8d %10.2f" % (n, n / procs if procs else 0.0)
            results += [(name + "_traps", n),
                        (name + "_traps_per_proc",
                         "%.3f" % (n / procs if procs else 0.0))]
        if name in flushes and procs:
            row += " %9.2f" % (flushes[name] / procs)
            results.append((name + "_hypercalls_per_proc",
                            "%.3f" % (flushes[name] / procs)))
        if name in updates and procs:
            row += " %10.2f" % (updates[name] / procs)
            results.append((name + "_pt_updates_per_proc",
                            "%.3f" % (updates[name] / procs)))
        print(row)
    print("(boot, before the first phase: %d invalidations)" % boot)
    for key, value in results:
        print("RESULT %s%s=%s" % (prefix, key, value))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
