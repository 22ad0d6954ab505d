#!/usr/bin/env python3
"""Parse back the "# JSON" line that test/guest/suite-tools.sh took from
`iosupctl status --json` on the real module, and check it against the
documented full-mode keys (iosupctl_schema.py) and its sums.

usage: status_json_check.py TAP_LOG
"""
import json
import sys

from iosupctl_schema import COUNTERS, LEVELS, SCHEMAS, check


def main(argv):
    if len(argv) != 1:
        print("usage: status_json_check.py TAP_LOG", file=sys.stderr)
        return 2
    lines = [l[len("# JSON "):] for l in open(argv[0]) if l.startswith("# JSON ")]
    if len(lines) != 1:
        print("want one '# JSON' line, found %d" % len(lines), file=sys.stderr)
        return 1
    doc = json.loads(lines[0])
    check(doc, SCHEMAS["status-full"])
    assert doc["mode"] == "full", doc["mode"]
    assert doc["enabled"] is True, doc["enabled"]
    assert doc["hypercall_failures"] == 0
    assert 1 <= doc["ratio"] <= 1000 and doc["level_total"] >= 0
    # The guests' kernels have 4-level paging: p4d is folded.
    assert doc["levels_present"] == ["pgd", "pud", "pmd", "pte"], doc["levels_present"]
    for level in LEVELS:
        counters = doc["levels"][level]
        if level in doc["levels_present"]:
            assert counters["allocs"] >= counters["hits"], level
        else:
            assert set(counters.values()) == {0}, (level, counters)
    for name in COUNTERS:
        assert doc["all"][name] == sum(c[name] for c in doc["levels"].values()), name
    assert doc["all"]["hits"] > 0, "caching was on during churn: want hits"
    print("status --json: %d levels, %d hits, %d pooled" %
          (len(doc["levels_present"]), doc["all"]["hits"], doc["all"]["in_pool"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
