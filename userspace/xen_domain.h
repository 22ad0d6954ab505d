/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kind of domain this is, as far as Xen's IOMMU sync goes: does Xen
 * flush the IOTLB each time one of this domain's pages becomes a page
 * table? Read from /sys/hypervisor and /sys/bus/pci, no privilege needed.
 */
#ifndef IOSUP_XEN_DOMAIN_H
#define IOSUP_XEN_DOMAIN_H

#include <stddef.h>

enum iommu_sync {
	IOMMU_SYNC_NO,		/* native, HVM/PVH, or a PV domU without pcifront */
	IOMMU_SYNC_YES,		/* a PV domU created for passthrough */
	IOMMU_SYNC_IF_STRICT,	/* PV dom0: with Xen's dom0-iommu=strict */
};

/* The word "iosupctl diagnose" prints for each: no, yes, if-strict. */
extern const char *const iommu_sync_words[];

/*
 * This domain's kind, with a sentence on why in @why. The sysfs root is
 * $IOSUP_SYS_ROOT if set (for tests), else /sys.
 */
enum iommu_sync xen_iommu_sync(char *why, size_t size);

/* Non-zero in a Xen PV guest (same sysfs root). */
int xen_pv_guest(void);

#endif
