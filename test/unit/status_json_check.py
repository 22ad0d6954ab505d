#!/usr/bin/env python3
"""Parse back the "# JSON" line that test/guest/suite-tools.sh took from
`iosupctl status --json` on the real module, and check its shape and sums.

usage: status_json_check.py TAP_LOG
"""
import json
import sys

COUNTERS = {"in_use", "in_pool", "peak", "hits", "misses", "frees_to_pool",
            "reclaimed", "cleared", "type_changes_avoided", "stale",
            "alloc_ns", "free_ns", "allocs", "frees"}


def main(argv):
    if len(argv) != 1:
        print("usage: status_json_check.py TAP_LOG", file=sys.stderr)
        return 2
    lines = [l[len("# JSON "):] for l in open(argv[0]) if l.startswith("# JSON ")]
    if len(lines) != 1:
        print("want one '# JSON' line, found %d" % len(lines), file=sys.stderr)
        return 1
    doc = json.loads(lines[0])
    assert doc["enabled"] is True, doc["enabled"]
    assert doc["hypercall_failures"] == 0
    assert 1 <= doc["ratio"] <= 1000 and doc["total"] >= 0
    assert set(doc["levels"]) == {"pgd", "pud", "pmd", "pte"}, doc["levels"]
    for level, counters in doc["levels"].items():
        assert set(counters) == COUNTERS, (level, set(counters) ^ COUNTERS)
        assert counters["allocs"] >= counters["hits"], level
    for name in COUNTERS:
        assert doc["all"][name] == sum(c[name] for c in doc["levels"].values()), name
    assert doc["all"]["hits"] > 0, "caching was on during churn: want hits"
    print("status --json: %d levels, %d hits, %d pooled" %
          (len(doc["levels"]), doc["all"]["hits"], doc["all"]["in_pool"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
