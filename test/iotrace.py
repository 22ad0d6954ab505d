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
    with open(path, errors="replace") as f:
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


# The IOMMU domain an invalidation names: VT-d's domain id ("iotlb
# invalidate domain 0x1 addr ...", "... whole domain 0x1"), AMD-Vi's
# ("AMD-Vi pages for domain 0x1 invalidated"). Global ones name none.
DOMAIN_ID = re.compile(r"domain (0x[0-9a-fA-F]+|\d+)")


def read_invalidations_by_domain(path):
    """Return [(stamp, kind, domain id or None)] for every invalidation."""
    found = []
    with open(path, errors="replace") as f:
        for line in f:
            m = TRACE_LINE.match(line)
            if m and m.group(2) in INVALIDATION_EVENTS:
                d = DOMAIN_ID.search(line, m.end())
                found.append((float(m.group(1)), INVALIDATION_EVENTS[m.group(2)],
                              int(d.group(1), 0) if d else None))
    return found


def read_invalidations(path):
    """Return [(stamp, kind)] for every invalidation in the trace."""
    return [(t, k) for t, k, _ in read_invalidations_by_domain(path)]


# QEMU -d int: a page fault (v=0e) on a write to a present read-only page
# (e=0007: present, write, user), taken in ring 3 (cpl=3) at an address of
# the PV kernel's code segment (IP=e033:ffff...). Under Xen PV that is the
# guest kernel writing to one of its read-only page tables: Xen traps the
# write and emulates it.
KERNEL_WRITE_FAULT = re.compile(r"v=0e e=0007 i=0 cpl=3 IP=e033:ffff")


def read_kernel_write_faults(path):
    """Return [stamp] for every trapped page-table write of the PV kernel.

    -d int lines carry no stamp: each takes the stamp of the next stamped
    trace line (serial_write marks every line the guest prints), so a fault
    inside a phase lands before the phase's end mark.
    """
    found, pending = [], 0
    with open(path, errors="replace") as f:
        for line in f:
            if KERNEL_WRITE_FAULT.search(line):
                pending += 1
                continue
            m = TRACE_LINE.match(line)
            if m and pending:
                found += [float(m.group(1))] * pending
                pending = 0
    return found


EVENT_LINE = re.compile(r"^(\d+\.\d+) # EVENT (\w+)")


def read_events(path):
    """Return [(stamp, name)] for the guest's "# EVENT NAME" marks."""
    with open(path, errors="replace") as f:
        return [(float(m.group(1)), m.group(2))
                for m in map(EVENT_LINE.match, f) if m]
