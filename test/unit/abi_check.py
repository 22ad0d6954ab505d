#!/usr/bin/env python3
"""Every file iosup.ko creates under /sys/kernel/iosup is documented in
module/Documentation/ABI/testing/sysfs-kernel-iosup, and every documented
file exists. The files come from the "# SYSFS" lines of the native tools
suite (test/guest/suite-tools.sh), listed on the real module.

usage: abi_check.py TAP_LOG ABI_FILE
"""
import re
import sys

LEVELS = ("pgd", "p4d", "pud", "pmd", "pte")


def main(argv):
    if len(argv) != 2:
        print("usage: abi_check.py TAP_LOG ABI_FILE", file=sys.stderr)
        return 2
    present = set()
    for line in open(argv[0]):
        if line.startswith("# SYSFS "):
            parts = line.split()[2].split("/")
            if len(parts) == 6 and parts[4] in LEVELS:
                parts[4] = "<level>"
            present.add("/".join(parts))
    documented = {m.group(1) for m in
                  re.finditer(r"^What:\s+(\S+[^/])$", open(argv[1]).read(), re.M)}
    if not present:
        print("no '# SYSFS' lines in %s" % argv[0], file=sys.stderr)
        return 1
    missing, stale = present - documented, documented - present
    for path in sorted(missing):
        print("undocumented: %s" % path, file=sys.stderr)
    for path in sorted(stale):
        print("documented but absent: %s" % path, file=sys.stderr)
    print("ABI: %d files, all documented" % len(present) if not (missing or stale)
          else "ABI: %d undocumented, %d stale" % (len(missing), len(stale)))
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
