// SPDX-License-Identifier: GPL-2.0
/*
 * Whether Xen keeps this domain's IOMMU in step with its page tables.
 *
 * Xen removes a page from a domain's IOMMU mappings when the page becomes
 * a PV page table, which costs an IOTLB flush, only where the IOMMU maps
 * the domain's memory page by page: a PV dom0 with dom0-iommu=strict, and
 * a PV domU created for passthrough (xl's passthrough=, on by default with
 * pci=). Xen decides that when it creates the domain, and it holds after a
 * device is detached; such a domain has a pcifront device on the xen bus
 * (pci-0) from its creation. A PV domU sees PCI devices only through
 * pcifront, so any device it sees was passed through.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen_domain.h"

/* XENFEAT_dom0 (xen/include/public/features.h): set for the hardware domain. */
#define XENFEAT_DOM0 11

const char *const iommu_sync_words[] = {
	[IOMMU_SYNC_NO] = "no",
	[IOMMU_SYNC_YES] = "yes",
	[IOMMU_SYNC_IF_STRICT] = "if-strict",
};

static void sys_path(char *buf, size_t size, const char *rel)
{
	const char *root = getenv("IOSUP_SYS_ROOT");

	snprintf(buf, size, "%s/%s", root && *root ? root : "/sys", rel);
}

/* The first word of a sysfs file, or "" if it cannot be read. */
static void read_word(const char *rel, char *word, size_t size)
{
	char path[512], fmt[16];
	FILE *f;

	sys_path(path, sizeof(path), rel);
	word[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	snprintf(fmt, sizeof(fmt), "%%%zus", size - 1);
	if (fscanf(f, fmt, word) != 1)
		word[0] = '\0';
	fclose(f);
}

/* Entries of a sysfs directory whose names start with @prefix. */
static int count_entries(const char *rel, const char *prefix)
{
	size_t len = strlen(prefix);
	char path[512];
	struct dirent *e;
	int n = 0;
	DIR *d;

	sys_path(path, sizeof(path), rel);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' && !strncmp(e->d_name, prefix, len);
	closedir(d);
	return n;
}

int xen_pv_guest(void)
{
	char type[32], guest[32];

	read_word("hypervisor/type", type, sizeof(type));
	read_word("hypervisor/guest_type", guest, sizeof(guest));
	return !strcmp(type, "xen") && !strcmp(guest, "PV");
}

enum iommu_sync xen_iommu_sync(char *why, size_t size)
{
	char type[32], guest[32], features[32];
	unsigned long submap;
	int n;

	read_word("hypervisor/type", type, sizeof(type));
	if (strcmp(type, "xen")) {
		snprintf(why, size, "not a Xen guest");
		return IOMMU_SYNC_NO;
	}
	read_word("hypervisor/guest_type", guest, sizeof(guest));
	if (!guest[0]) {
		snprintf(why, size,
			 "a Xen guest of unknown type (no /sys/hypervisor/guest_type): if PV, see 'xl list -l' in dom0");
		return IOMMU_SYNC_NO;
	}
	if (strcmp(guest, "PV")) {
		snprintf(why, size,
			 "a Xen %s guest: Xen does not type its page tables",
			 guest);
		return IOMMU_SYNC_NO;
	}
	read_word("hypervisor/properties/features", features, sizeof(features));
	submap = strtoul(features, NULL, 16);
	if (submap & (1UL << XENFEAT_DOM0)) {
		snprintf(why, size,
			 "Xen PV dom0: in step when Xen runs dom0-iommu=strict (Xen's command line, 'xl info')");
		return IOMMU_SYNC_IF_STRICT;
	}
	n = count_entries("bus/pci/devices", "");
	if (n) {
		snprintf(why, size,
			 "a Xen PV domU with %d PCI device%s passed through", n,
			 n == 1 ? "" : "s");
		return IOMMU_SYNC_YES;
	}
	if (count_entries("bus/xen/devices", "pci-")) {
		snprintf(why, size,
			 "a Xen PV domU created for passthrough (pcifront is there), no device now: Xen still syncs");
		return IOMMU_SYNC_YES;
	}
	snprintf(why, size,
		 "a Xen PV domU with no PCI device and no pcifront: not created for passthrough ('xl list -l' in dom0 tells)");
	return IOMMU_SYNC_NO;
}
