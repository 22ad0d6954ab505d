"""The test bed's two clocks, read back: the guest's phase marks on its
TAP port (stamped by the host as they arrive) and QEMU's IOTLB
invalidation trace events (stamped by -msg timestamp=on). Shared by
test/inval-count.py and userspace/eval/figures.py.
"""
import re

INVALIDATION_EVENTS = {
    "vtd_inv_desc_iotlb_pages": "pages",
    "vtd_inv_desc_iotlb_domain": "domain",
    "vtd_inv_desc_iotlb_global": "global",
    "amdvi_pages_inval": "pages",
    "amdvi_all_inval": "global",
}
TRACE_LINE = re.compile(r"^\d+@(\d+\.\d+):(\w+)")
MARK_LINE = re.compile(r"^(\d+\.\d+) # PHASE (begin|end) (\w+)(?: procs=(\d+))?")


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


EVENT_LINE = re.compile(r"^(\d+\.\d+) # EVENT (\w+)")


def read_events(path):
    """Return [(stamp, name)] for the guest's "# EVENT NAME" marks."""
    with open(path) as f:
        return [(float(m.group(1)), m.group(2))
                for m in map(EVENT_LINE.match, f) if m]
