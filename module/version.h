/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place the release is written: MODULE_VERSION (what modinfo and
 * DKMS show), the Makefile's VERSION and the DKMS package all read it.
 * debian/changelog must name it too: make deb and debian/rules stop on a
 * mismatch (a new release: dch -v VERSION).
 */
#ifndef IOSUP_VERSION_H
#define IOSUP_VERSION_H

#define IOSUP_VERSION "0.7.0"

#endif
