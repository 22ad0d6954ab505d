#!/usr/bin/env python3
"""The JSON that `iosupctl -j COMMAND` prints, key by key, as its manual
(iosupctl --help, iosupctl(8)) documents it: every key always there, in
this order, whatever the data. tools_test.sh checks each command's output
against it on the host, status_json_check.py a real guest's status.

usage: iosupctl_schema.py SCHEMA < OUTPUT   (each line one document)
"""
import json
import sys

LEVELS = ["pgd", "p4d", "pud", "pmd", "pte"]
COUNTERS = ["in_use", "in_pool", "peak", "hits", "misses", "frees_to_pool",
            "reclaimed", "cleared", "type_changes_avoided", "stale",
            "alloc_ns", "free_ns", "allocs", "frees"]


class Kind:
    """A value of some JSON types: int, number, bool, str, null."""

    def __init__(self, name, *types):
        self.name, self.types = name, types

    def ok(self, v):
        # bool is an int to Python, not to JSON.
        if isinstance(v, bool):
            return bool in self.types
        return isinstance(v, self.types)


INT = Kind("integer", int)
NUM = Kind("number", int, float)
NUM_OR_NULL = Kind("number or null", int, float, type(None))
BOOL = Kind("boolean", bool)
STR = Kind("string", str)


class OneOf:
    def __init__(self, *values):
        self.values = values


class AnyKeys:
    """An object whose keys are data (metric labels), of one kind."""

    def __init__(self, kind):
        self.kind = kind


def counters():
    return {c: INT for c in COUNTERS}


def pair():
    return {"to_pagetable": INT, "to_writable": INT}


SCHEMAS = {
    "status-full": {
        "mode": OneOf("full"), "enabled": BOOL, "ratio": INT,
        "level_total": INT,
        "hypercall_failures": INT, "quarantined": INT,
        "levels_present": [OneOf(*LEVELS)],
        "levels": {l: counters() for l in LEVELS}, "all": counters()},
    "status-observe": {
        "mode": OneOf("observe"), "source": STR, "missed": INT,
        "levels_present": [OneOf(*LEVELS)],
        "levels": {l: pair() for l in LEVELS}, "all": pair()},
    "enable": {"enabled": BOOL},
    "set": {"ratio": INT, "level_total": INT},
    "reclaim": {"asked": INT, "reclaimed": INT},
    "watch": {
        "time_s": NUM, "in_pool": INT, "in_use": INT,
        "levels": {l: {"in_pool": INT, "in_use": INT} for l in LEVELS},
        "hits_per_s": NUM_OR_NULL, "misses_per_s": NUM_OR_NULL,
        "reclaimed_per_s": NUM_OR_NULL},
    "bench": {
        "iterations": INT, "rounds": INT,
        "tests": [{"test": OneOf("fork+exit", "fork+execve", "fork+sh-c"),
                   "min_us": NUM, "median_us": NUM, "max_us": NUM}]},
    "diagnose": {
        "mode": OneOf("full", "observe"), "seconds": NUM, "processes": INT,
        "processes_per_s": NUM, "to_pagetable": INT,
        "to_pagetable_per_s": NUM, "to_pagetable_per_process": NUM,
        "type_changes_avoided": INT, "enabled": BOOL,
        "iommu_sync": OneOf("no", "yes", "if-strict"), "iommu_sync_why": STR,
        "invalidations_per_s": NUM, "flush_us_each": NUM,
        "flush_ms_per_s": NUM,
        "verdict": OneOf("no-iommu-sync", "caching", "little-churn",
                         "would-help"),
        "verdict_text": STR},
    "metrics": {
        "metrics": [{"name": STR, "type": OneOf("counter", "gauge"),
                     "help": STR,
                     "samples": [{"labels": AnyKeys(STR), "value": NUM}]}]},
    "version": {"version": STR},
}
SCHEMAS["disable"] = SCHEMAS["enable"]


def check(doc, schema, path="$"):
    """Raise AssertionError naming the first place @doc strays."""
    if isinstance(schema, dict):
        assert isinstance(doc, dict), "%s: want an object, got %r" % (path, doc)
        assert list(doc) == list(schema), \
            "%s: keys %s, want %s" % (path, list(doc), list(schema))
        for k, sub in schema.items():
            check(doc[k], sub, "%s.%s" % (path, k))
    elif isinstance(schema, list):
        assert isinstance(doc, list), "%s: want an array, got %r" % (path, doc)
        for i, v in enumerate(doc):
            check(v, schema[0], "%s[%d]" % (path, i))
    elif isinstance(schema, OneOf):
        assert doc in schema.values, \
            "%s: %r is none of %s" % (path, doc, schema.values)
    elif isinstance(schema, AnyKeys):
        assert isinstance(doc, dict), "%s: want an object, got %r" % (path, doc)
        for k, v in doc.items():
            check(v, schema.kind, "%s.%s" % (path, k))
    else:
        assert schema.ok(doc), "%s: %r is not a %s" % (path, doc, schema.name)


def main(argv):
    if len(argv) != 1 or argv[0] not in SCHEMAS:
        print("usage: iosupctl_schema.py %s < OUTPUT" % "|".join(SCHEMAS),
              file=sys.stderr)
        return 2
    lines = sys.stdin.read().splitlines()
    if not lines:
        print("no JSON document on stdin", file=sys.stderr)
        return 1
    try:
        for n, line in enumerate(lines, 1):
            check(json.loads(line), SCHEMAS[argv[0]], "line %d: $" % n)
    except (AssertionError, ValueError) as e:
        print("%s: %s" % (argv[0], e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
