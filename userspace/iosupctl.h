/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What iosupctl's command files share: the options every command takes,
 * the command table and its manual, and the usage errors.
 */
#ifndef IOSUPCTL_H
#define IOSUPCTL_H

#include <signal.h>

#include "json_writer.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct ctl {
	int json;			/* -j/--json: print JSON, not text */
	struct json_writer jw;		/* on stdout */
};

struct ctl_command {
	const char *name;
	const char *args;		/* the synopsis after the name */
	const char *text;		/* its manual, paragraphs "\n\n" apart */
	int (*run)(struct ctl *ctl, int argc, char **argv);
};

/* Every command, in the manual's order (iosupctl_manual.c). */
extern const struct ctl_command ctl_commands[];
extern const int ctl_nr_commands;

/* The manual: what --help and "iosupctl help" print. */
void ctl_print_manual(void);
/* One command's synopsis and manual: "iosupctl help CMD", "CMD --help". */
void ctl_print_command_help(const struct ctl_command *cmd);
/* The one-line synopsis of @cmd, "iosupctl [-j] NAME ARGS", to @f. */
void ctl_print_synopsis(FILE *f, const struct ctl_command *cmd);

/*
 * A usage error of the command argv[0]: "iosupctl: " and the message on
 * stderr, then that command's synopsis. Returns IOSUP_EXIT_USAGE.
 */
int ctl_usage(char **argv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * The number @s for @what (as "-n") of the command argv[0], by
 * parse_number.h's rule, into *@val; else ctl_usage() saying why.
 */
int ctl_integer_arg(char **argv, const char *what, const char *s,
		    long long min, long long max, long long *val);
int ctl_decimal_arg(char **argv, const char *what, const char *s,
		    double min, double max, double *val);

/* Set by SIGINT or SIGTERM once ctl_stop_on_signals() has run. */
extern volatile sig_atomic_t ctl_stop;
void ctl_stop_on_signals(void);
/* Sleep until monotonic time @t, or until a signal sets ctl_stop. */
void ctl_sleep_until(double t);

int ctl_status(struct ctl *ctl, int argc, char **argv);
int ctl_enable(struct ctl *ctl, int argc, char **argv);
int ctl_disable(struct ctl *ctl, int argc, char **argv);
int ctl_set(struct ctl *ctl, int argc, char **argv);
int ctl_reclaim(struct ctl *ctl, int argc, char **argv);
int ctl_watch(struct ctl *ctl, int argc, char **argv);
int ctl_bench(struct ctl *ctl, int argc, char **argv);
int ctl_diagnose(struct ctl *ctl, int argc, char **argv);
int ctl_metrics(struct ctl *ctl, int argc, char **argv);

#endif
