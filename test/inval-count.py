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
page-table entries written through Xen by those hypercalls). A phase whose
guest reported "# RESULT <phase>_pool_growth=N" (the pages its caches
gained, each typed by Xen once: one invalidation under IOMMU sync) also
gets them per process, and the invalidations per process beyond them
(page-selective ones beyond the growth, plus every domain-wide and global
one): what a pool that had stopped growing would have let through.

A run that hosts PV domUs (suite domu) names each with "# RESULT
<domu>_domid=N" and marks "# EVENT domus" before creating the first. The
IOMMU domain ids seen before that mark are the host's; a phase named
<domu>_... counts only the invalidations of the other ids (the domU's,
read from the trace) and the global ones.
"""
import os
import re
import sys

from iotrace import (read_events, read_invalidations_by_domain,
                     read_kernel_write_faults, read_phases)


def usage():
    print("usage: inval-count.py [--prefix P] RUN_DIR", file=sys.stderr)
    sys.exit(2)


def domu_domains(run, domus, phases, invals):
    """Each domU's IOMMU domain ids, read from the trace: the ids its
    phases invalidate that the host did not before the domUs existed."""
    if not domus:
        return [], {}
    marks = [t for t, name in read_events(run + "/tap.stamped") if name == "domus"]
    if not marks:
        raise SystemExit("inval-count: domUs named in %s but no '# EVENT domus' mark: "
                         "the host's IOMMU domain ids are unknown" % run)
    start = marks[0]
    host = {d for t, _, d in invals if t < start and d is not None}
    results, ids = [], {}
    for domu, domid in sorted(domus.items()):
        spans = [(b, e) for n, b, e, _ in phases if n.startswith(domu + "_")]
        ids[domu] = {d for t, _, d in invals if d is not None and d not in host
                     and any(b <= t <= e for b, e in spans)}
        seen = ",".join("%d" % d for d in sorted(ids[domu])) or "none"
        print("domU %s: xl domid %d; IOMMU domain ids in its phases, besides "
              "the host's (%s): %s" % (domu, domid,
                                       ",".join("%d" % d for d in sorted(host)),
                                       seen))
        results.append((domu + "_iommu_domains", seen))
    return results, ids


def main(argv):
    prefix = ""
    if len(argv) >= 2 and argv[0] == "--prefix":
        prefix, argv = argv[1], argv[2:]
    if len(argv) != 1:
        usage()
    run = argv[0]
    phases = read_phases(run + "/tap.stamped")
    invals = read_invalidations_by_domain(run + "/trace.log")
    if not phases:
        print("inval-count: no phases marked in %s/tap.stamped" % run, file=sys.stderr)
        return 1

    flushes, updates = {}, {}
    with open(run + "/tap.stamped", errors="replace") as f:
        text = f.read()
    for m in re.finditer(r"# RESULT (\w+)_xen_hypercalls=(\d+)", text):
        flushes[m.group(1)] = int(m.group(2))
    for m in re.finditer(r"# RESULT (\w+)_xen_pt_updates=(\d+)", text):
        updates[m.group(1)] = int(m.group(2))
    growth = {m.group(1): int(m.group(2)) for m in
              re.finditer(r"# RESULT (\w+)_pool_growth=(-?\d+)", text)}
    traps = None
    if os.path.exists(run + "/count-traps"):
        traps = read_kernel_write_faults(run + "/trace.log")
    first = phases[0][1]
    boot = sum(1 for t, _, _ in invals if t < first)
    domus = {m.group(1): int(m.group(2))
             for m in re.finditer(r"# RESULT (\w+)_domid=(\d+)", text)}
    domu_results, domu_ids = domu_domains(run, domus, phases, invals)
    print("%-30s %6s %8s %7s %7s %9s %9s%s" %
          ("phase", "procs", "pages", "domain", "global", "per_proc",
           "per_sec", "" if traps is None else "    traps traps/proc") +
          (" hcall/proc" if flushes else "") +
          (" ptupd/proc" if updates else ""))
    results = [("boot_invalidations", boot)] + domu_results
    for name, begin, end, procs in phases:
        owner = next((d for d in domus if name.startswith(d + "_")), None)
        kinds = [k for t, k, d in invals if begin <= t <= end and
                 (owner is None or d is None or d in domu_ids[owner])]
        total = len(kinds)
        per_proc = total / procs if procs else 0.0
        per_sec = total / (end - begin) if end > begin else 0.0
        row = "%-30s %6d %8d %7d %7d %9.2f %9.1f" % (
            name, procs, kinds.count("pages"), kinds.count("domain"),
            kinds.count("global"), per_proc, per_sec)
        results += [(name + "_invalidations", total),
                    (name + "_inval_per_proc", "%.3f" % per_proc),
                    (name + "_inval_per_sec", "%.1f" % per_sec)]
        # Page-selective ones, one per page-table type change, apart from
        # the domain-wide ones Xen (4.17 on) issues when it merges IOMMU
        # mappings back into a superpage, which depend on where in host
        # memory the freed tables happened to lie.
        for kind in ("pages", "domain", "global"):
            n = kinds.count(kind)
            results.append((name + "_" + kind + "_per_proc",
                            "%.3f" % (n / procs if procs else 0.0)))
        if name in growth and procs:
            # Growth excuses page-selective invalidations only: a merge's
            # domain-wide flush is not one per page typed.
            grew = max(growth[name], 0)
            beyond = max(kinds.count("pages") - grew, 0) + \
                kinds.count("domain") + kinds.count("global")
            results += [(name + "_growth_per_proc", "%.3f" % (grew / procs)),
                        (name + "_beyond_growth_per_proc",
                         "%.3f" % (beyond / procs))]
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
