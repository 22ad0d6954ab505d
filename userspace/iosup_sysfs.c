// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing /sys/kernel/iosup (or iosup_observe), and reading
 * /proc/iosup/stats; see iosup_sysfs.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
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

const char *iosup_proc_stats(void)
{
	const char *path = getenv("IOSUP_PROC_STATS");

	return path && *path ? path : "/proc/iosup/stats";
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

/*
 * /proc/iosup/stats, as module/Documentation/ABI/testing/procfs-iosup
 * lays it out: "name value" knob lines, then a header naming the
 * columns, starting with "level", then a row per level present. Knob
 * lines and columns are found by name; those iosupctl does not know are
 * skipped, so that a later module may add some.
 */
#define STATS_MAX_FIELDS 64

static const struct {
	const char *name;
	size_t offset;
} stats_knobs[] = {
	{ "enabled", offsetof(struct iosup_status, enabled) },
	{ "ratio", offsetof(struct iosup_status, ratio) },
	{ "level_total", offsetof(struct iosup_status, level_total) },
	{ "hypercall_failures",
	  offsetof(struct iosup_status, hypercall_failures) },
	{ "quarantined", offsetof(struct iosup_status, quarantined) },
};

#define NR_STATS_KNOBS (sizeof(stats_knobs) / sizeof(stats_knobs[0]))

struct stats_parse {
	const char *path;
	int nr_columns;			/* the header's, 0 before it */
	int column[IOSUP_NR_COUNTERS];	/* each counter's field in a row */
	int knob_seen[NR_STATS_KNOBS];
	int level_seen[IOSUP_MAX_LEVELS];
	long long counter[IOSUP_MAX_LEVELS][IOSUP_NR_COUNTERS];
};

/* @line's blank-separated fields, at most @max; returns how many. */
static int split_fields(char *line, char **field, int max)
{
	char *save, *tok;
	int n = 0;

	for (tok = strtok_r(line, " \t\n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t\n", &save))
		field[n++] = tok;
	return n;
}

/* Add @name to the list of names in @buf, comma separated. */
static void list_name(char *buf, size_t size, const char *name)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
}

static int stats_integer(const struct stats_parse *p, const char *what,
			 const char *s, long long *val)
{
	if (!parse_integer(s, LLONG_MIN, LLONG_MAX, val))
		return IOSUP_EXIT_OK;
	fprintf(stderr, "%s: %s is not an integer: '%s'\n", p->path, what, s);
	return IOSUP_EXIT_FAILURE;
}

static int stats_knob(struct stats_parse *p, struct iosup_status *st,
		      char **field, int n)
{
	unsigned int k;

	for (k = 0; k < NR_STATS_KNOBS; k++)
		if (!strcmp(field[0], stats_knobs[k].name))
			break;
	if (k == NR_STATS_KNOBS)
		return IOSUP_EXIT_OK;
	if (n != 2) {
		fprintf(stderr, "%s: the %s line is not '%s VALUE'\n", p->path,
			field[0], field[0]);
		return IOSUP_EXIT_FAILURE;
	}
	p->knob_seen[k] = 1;
	return stats_integer(p, field[0], field[1],
			     (long long *)((char *)st + stats_knobs[k].offset));
}

static int stats_header(struct stats_parse *p, char **field, int n)
{
	char missing[256] = "";
	int c, i, nr_missing = 0;

	for (c = 0; c < IOSUP_NR_COUNTERS; c++) {
		p->column[c] = -1;
		for (i = 1; i < n; i++)
			if (!strcmp(field[i], iosup_counter_names[c]))
				p->column[c] = i;
		if (p->column[c] < 0) {
			list_name(missing, sizeof(missing),
				  iosup_counter_names[c]);
			nr_missing++;
		}
	}
	if (nr_missing) {
		fprintf(stderr, "%s: the header lacks the column%s %s\n",
			p->path, nr_missing > 1 ? "s" : "", missing);
		return IOSUP_EXIT_FAILURE;
	}
	p->nr_columns = n;
	return IOSUP_EXIT_OK;
}

static int stats_row(struct stats_parse *p, char **field, int n)
{
	char what[64];
	int l, c, ret;

	for (l = 0; l < IOSUP_MAX_LEVELS; l++)
		if (!strcmp(field[0], iosup_level_names[l]))
			break;
	if (l == IOSUP_MAX_LEVELS)
		return IOSUP_EXIT_OK;	/* a level iosupctl does not know */
	if (p->level_seen[l]) {
		fprintf(stderr, "%s: two %s rows\n", p->path, field[0]);
		return IOSUP_EXIT_FAILURE;
	}
	if (n != p->nr_columns) {
		fprintf(stderr, "%s: the %s row has %d fields, the header %d\n",
			p->path, field[0], n, p->nr_columns);
		return IOSUP_EXIT_FAILURE;
	}
	for (c = 0; c < IOSUP_NR_COUNTERS; c++) {
		snprintf(what, sizeof(what), "%s %s", field[0],
			 iosup_counter_names[c]);
		ret = stats_integer(p, what, field[p->column[c]],
				    &p->counter[l][c]);
		if (ret)
			return ret;
	}
	p->level_seen[l] = 1;
	return IOSUP_EXIT_OK;
}

/* Every knob and a header seen: the levels into @st, in their order. */
static int stats_done(const struct stats_parse *p, struct iosup_status *st)
{
	char missing[256] = "";
	unsigned int k;
	int l, nr_missing = 0;

	for (k = 0; k < NR_STATS_KNOBS; k++) {
		if (!p->knob_seen[k]) {
			list_name(missing, sizeof(missing), stats_knobs[k].name);
			nr_missing++;
		}
	}
	if (nr_missing) {
		fprintf(stderr, "%s: no %s line%s\n", p->path, missing,
			nr_missing > 1 ? "s" : "");
		return IOSUP_EXIT_FAILURE;
	}
	if (!p->nr_columns) {
		fprintf(stderr, "%s: no header line (one starting with 'level')\n",
			p->path);
		return IOSUP_EXIT_FAILURE;
	}
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		if (!p->level_seen[l])
			continue;
		st->level[st->nr_levels].name = iosup_level_names[l];
		memcpy(st->level[st->nr_levels].counter, p->counter[l],
		       sizeof(p->counter[l]));
		st->nr_levels++;
	}
	if (!st->nr_levels) {
		fprintf(stderr, "%s: no level rows\n", p->path);
		return IOSUP_EXIT_FAILURE;
	}
	return IOSUP_EXIT_OK;
}

static int stats_open_failed(const char *path, int err)
{
	int ret = not_loaded_if_missing(err);

	if (ret)
		return ret;
	if (err == ENOENT && iosup_observe_mode()) {
		fprintf(stderr,
			"%s is missing: iosup_observe.ko (observe mode) keeps no pools; 'iosupctl status' and 'iosupctl diagnose' show what it counts\n",
			path);
		return IOSUP_EXIT_FAILURE;
	}
	fprintf(stderr, "cannot open %s: %s\n", path, strerror(err));
	return err == EACCES ? IOSUP_EXIT_PERMISSION : IOSUP_EXIT_FAILURE;
}

/*
 * The kernel prints the whole file (seq_file's single_open) at the first
 * read of an open file and hands out the rest of that text to the reads
 * after it: however stdio splits the reads, this is one snapshot.
 */
int iosup_read_status(struct iosup_status *st)
{
	const char *path = iosup_proc_stats();
	struct stats_parse p = { .path = path };
	char *line = NULL, *field[STATS_MAX_FIELDS];
	size_t cap = 0;
	int n, ret = IOSUP_EXIT_OK, err = 0;
	FILE *f;

	memset(st, 0, sizeof(*st));
	f = fopen(path, "re");
	if (!f)
		return stats_open_failed(path, errno);
	while (!ret && getline(&line, &cap, f) >= 0) {
		n = split_fields(line, field, STATS_MAX_FIELDS);
		if (!n)
			continue;
		if (p.nr_columns)
			ret = stats_row(&p, field, n);
		else if (!strcmp(field[0], "level"))
			ret = stats_header(&p, field, n);
		else
			ret = stats_knob(&p, st, field, n);
	}
	if (ferror(f))
		err = errno;
	fclose(f);
	free(line);
	if (ret)
		return ret;
	if (err) {
		fprintf(stderr, "cannot read %s: %s\n", path, strerror(err));
		return IOSUP_EXIT_FAILURE;
	}
	return stats_done(&p, st);
}
