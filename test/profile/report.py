#!/usr/bin/env python3
"""Sum tbprof.c's per-block instruction counts per function, per process.

usage: report.py RUN_DIR SYSTEM_MAP XEN_EFI|- IOSUP_KO PROCESSES

RUN_DIR holds prof.0, prof.1, ... from a boot of test/guest/suite-prof.sh:
six phases (on, off, on, off, on, off), each three dumps (before, timed
run, its RCU-deferred frees). Functions come from the dom0 kernel's
System.map, iosup.ko's .text (at the address the guest printed) and, if
given, Xen's symbols (Debian's xen-*.efi has them, at the ELF image's
addresses). Prints instructions per process with caching on and off,
and the functions whose share changed most.
"""
import bisect
import os
import re
import subprocess
import sys


def symbols(kmap, efi, ko, modtext):
    syms = []
    for line in open(kmap):
        p = line.split()
        if len(p) >= 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    if efi != "-":
        out = subprocess.run(["nm", efi], capture_output=True, text=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "tTwW":
                syms.append((int(p[0], 16), "xen:" + p[2]))
    if modtext is not None:
        out = subprocess.run(["objdump", "-t", ko], capture_output=True, text=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) >= 6 and p[-3] == ".text" and "F" in p[1:-3]:
                syms.append((int(p[0], 16) + modtext, "iosup:" + p[-1]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def main(argv):
    if len(argv) != 5 or not argv[4].isdigit() or int(argv[4]) == 0:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    run, kmap, efi, ko, procs = argv[0], argv[1], argv[2], argv[3], int(argv[4])
    log = open(run + "/tap.log").read()
    phases = len(re.findall(r"^# phase (on|off) .*us_per_iter=", log, re.M))
    if phases != 6 or not os.path.exists("%s/prof.17" % run):
        print("report: %s has %d timed phases of 6, or no prof.17" % (run, phases),
              file=sys.stderr)
        return 1
    m = re.search(r"section \.text (0x[0-9a-f]+)", log)
    addrs, names = symbols(kmap, efi, ko, int(m.group(1), 16) if m else None)

    def name(a):
        if a < 0x800000000000:
            return "(user)"
        if 0xffff800000000000 <= a < 0xffff880000000000 and efi == "-":
            return "(xen)"
        k = bisect.bisect_right(addrs, a) - 1
        return names[k] if k >= 0 else "?"

    def load(dumps):
        tot = {}
        for i in dumps:
            for line in open("%s/prof.%d" % (run, i)):
                a, n = line.split()
                s = name(int(a, 16))
                tot[s] = tot.get(s, 0) + int(n)
        return {k: v / (len(dumps) / 2) / procs for k, v in tot.items()}

    on = load([1, 2, 7, 8, 13, 14])
    off = load([4, 5, 10, 11, 16, 17])
    print("instructions per process: on %.0f, off %.0f, on/off %.3f" %
          (sum(on.values()), sum(off.values()), sum(on.values()) / sum(off.values())))
    print("%10s %10s %10s  %s" % ("on-off", "on", "off", "function"))
    rows = sorted(set(on) | set(off), key=lambda k: -abs(on.get(k, 0) - off.get(k, 0)))
    for k in rows[:40]:
        print("%10.0f %10.0f %10.0f  %s" % (on.get(k, 0) - off.get(k, 0),
                                           on.get(k, 0), off.get(k, 0), k))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
