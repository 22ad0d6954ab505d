// SPDX-License-Identifier: GPL-2.0
/* Reading and writing /sys/kernel/iosup (or iosup_observe); see iosup_sysfs.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "iosup_sysfs.h"
#include "parse_number.h"

const char *const iosup_counter_names[IOSUP_NR_COUNTERS] = {
	"in_use", "in_pool", "peak", "hits", "misses", "frees_to_pool",
	"reclaimed", "cleared", "type_changes_avoided", "stale",
	"alloc_ns", "free_ns", "allocs", "frees",
};

const char *const iosup_level_names[IOSUP_MAX_LEVELS] = {
	"pgd", "p4d", "pud", "pmd", "pte"
};

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * iosup.ko's directory, else iosup_observe.ko's (observe mode, a module
 * of its own), else iosup.ko's again, for the message that it is missing.
 */
const char *iosup_sysfs_dir(void)
{
	const char *dir = getenv("IOSUP_SYSFS");

	if (dir && *dir)
		return dir;
	if (!is_dir("/sys/kernel/iosup") && is_dir("/sys/kernel/iosup_observe"))
		return "/sys/kernel/iosup_observe";
	return "/sys/kernel/iosup";
}

int iosup_check_loaded(void)
{
	if (is_dir(iosup_sysfs_dir()))
		return IOSUP_EXIT_OK;
	fprintf(stderr,
		"iosup is not loaded: %s is missing (load iosup.ko, or iosup_observe.ko on a kernel without the IOSUP hooks)\n",
		iosup_sysfs_dir());
	return IOSUP_EXIT_NOT_LOADED;
}

static void path_of(char *path, size_t size, const char *rel)
{
	snprintf(path, size, "%s/%s", iosup_sysfs_dir(), rel);
}

/*
 * A file that cannot be opened for ENOENT most often means the module is
 * not loaded: check that only then, rather than before every file.
 */
static int not_loaded_if_missing(int err)
{
	return err == ENOENT ? iosup_check_loaded() : IOSUP_EXIT_OK;
}

int iosup_read_value(const char *rel, long long *val)
{
	char path[PATH_MAX], buf[64];
	ssize_t len;
	int fd, ret, err;

	path_of(path, sizeof(path), rel);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		err = errno;
		ret = not_loaded_if_missing(err);
		if (ret)
			return ret;
		fprintf(stderr, "cannot open %s: %s\n", path, strerror(err));
		return err == EACCES ? IOSUP_EXIT_PERMISSION : IOSUP_EXIT_FAILURE;
	}
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0) {
		fprintf(stderr, "cannot read %s: %s\n", path,
			len ? strerror(errno) : "empty");
		return IOSUP_EXIT_FAILURE;
	}
	buf[len] = '\0';
	/* The kernel's "%lld\n": the newline is the file's, not the number's. */
	if (buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	if (parse_integer(buf, LLONG_MIN, LLONG_MAX, val)) {
		fprintf(stderr, "%s does not hold an integer: '%s'\n", path, buf);
		return IOSUP_EXIT_FAILURE;
	}
	return IOSUP_EXIT_OK;
}

int iosup_write_knob(const char *knob, const char *val)
{
	char path[PATH_MAX];
	size_t len = strlen(val);
	int fd, ret, err;
	ssize_t done;

	path_of(path, sizeof(path), knob);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0) {
		err = errno;
		ret = not_loaded_if_missing(err);
		if (ret)
			return ret;
		if (err == EACCES || err == EPERM) {
			fprintf(stderr, "permission denied writing %s: run as root\n",
				path);
			return IOSUP_EXIT_PERMISSION;
		}
		fprintf(stderr, "cannot open %s: %s\n", path, strerror(err));
		return IOSUP_EXIT_FAILURE;
	}
	done = write(fd, val, len);
	err = errno;
	close(fd);
	if (done == (ssize_t)len)
		return IOSUP_EXIT_OK;
	if (done >= 0) {
		fprintf(stderr, "short write to %s\n", path);
		return IOSUP_EXIT_FAILURE;
	}
	if (err == EINVAL || err == E2BIG || err == ERANGE) {
		fprintf(stderr, "the kernel refused %s=%s: %s (dmesg says why)\n",
			knob, val, strerror(err));
		return IOSUP_EXIT_USAGE;
	}
	fprintf(stderr, "cannot write %s: %s\n", path, strerror(err));
	return err == EACCES || err == EPERM ? IOSUP_EXIT_PERMISSION :
					       IOSUP_EXIT_FAILURE;
}

int iosup_level_present(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	path_of(path, sizeof(path), name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int iosup_read_status(struct iosup_status *st)
{
	char rel[64];
	int l, c, ret;

	memset(st, 0, sizeof(*st));
	ret = iosup_read_value("enable", &st->enabled) ?:
	      iosup_read_value("ratio", &st->ratio) ?:
	      iosup_read_value("total", &st->total) ?:
	      iosup_read_value("hypercall_failures", &st->hypercall_failures) ?:
	      iosup_read_value("quarantined", &st->quarantined);
	if (ret)
		return ret;
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		if (!iosup_level_present(iosup_level_names[l]))
			continue;
		st->level[st->nr_levels].name = iosup_level_names[l];
		for (c = 0; c < IOSUP_NR_COUNTERS; c++) {
			snprintf(rel, sizeof(rel), "%s/%s", iosup_level_names[l],
				 iosup_counter_names[c]);
			ret = iosup_read_value(rel,
					&st->level[st->nr_levels].counter[c]);
			if (ret)
				return ret;
		}
		st->nr_levels++;
	}
	return IOSUP_EXIT_OK;
}

int iosup_read_word(const char *rel, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t len;
	int fd;

	path_of(path, sizeof(path), rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return -errno;
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int iosup_observe_mode(void)
{
	char buf[16];

	/* Modules before the mode file were all full. */
	return !iosup_read_word("mode", buf, sizeof(buf)) &&
	       !strcmp(buf, "observe");
}

int iosup_read_observed_level(const char *level, long long *to_pagetable,
			      long long *to_writable)
{
	char rel[64];
	int ret;

	*to_pagetable = *to_writable = 0;
	if (!iosup_level_present(level))
		return IOSUP_EXIT_OK;
	snprintf(rel, sizeof(rel), "%s/to_pagetable", level);
	ret = iosup_read_value(rel, to_pagetable);
	if (ret)
		return ret;
	snprintf(rel, sizeof(rel), "%s/to_writable", level);
	return iosup_read_value(rel, to_writable);
}

int iosup_read_observed(long long *to_pagetable, long long *to_writable)
{
	long long t, w;
	int l, ret;

	*to_pagetable = *to_writable = 0;
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		ret = iosup_read_observed_level(iosup_level_names[l], &t, &w);
		if (ret)
			return ret;
		*to_pagetable += t;
		*to_writable += w;
	}
	return IOSUP_EXIT_OK;
}

int iosup_read_observed_all(struct iosup_observed *ob)
{
	char word[32];
	int l, ret;

	memset(ob, 0, sizeof(*ob));
	/* Modules before these files had kprobes and no missed count. */
	snprintf(ob->source, sizeof(ob->source), "kprobes");
	iosup_read_word("source", ob->source, sizeof(ob->source));
	if (!iosup_read_word("missed", word, sizeof(word))) {
		ret = iosup_read_value("missed", &ob->missed);
		if (ret)
			return ret;
	}
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		ob->level[l].present = iosup_level_present(iosup_level_names[l]);
		ret = iosup_read_observed_level(iosup_level_names[l],
						&ob->level[l].to_pagetable,
						&ob->level[l].to_writable);
		if (ret)
			return ret;
	}
	return IOSUP_EXIT_OK;
}

long long iosup_sum(const struct iosup_status *st, enum iosup_counter c)
{
	long long sum = 0;
	int l;

	for (l = 0; l < st->nr_levels; l++)
		sum += st->level[l].counter[c];
	return sum;
}

const long long *iosup_level_counters(const struct iosup_status *st,
				      const char *name)
{
	int l;

	for (l = 0; l < st->nr_levels; l++)
		if (!strcmp(st->level[l].name, name))
			return st->level[l].counter;
	return NULL;
}
