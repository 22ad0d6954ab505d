// SPDX-License-Identifier: GPL-2.0
/*
 * iosupctl: look at and steer iosup.ko's page-table pools from the shell.
 * This file reads the command line and runs a command; the commands are
 * in ctl_*.c, the manual in iosupctl_manual.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../module/version.h"
#include "iosup_sysfs.h"
#include "iosupctl.h"
#include "parse_number.h"
#include "proc_bench.h"

static int global_usage(const char *fmt, const char *arg)
{
	int i;

	fprintf(stderr, "iosupctl: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: iosupctl [-j] COMMAND [ARGS...] | help [COMMAND] | --version\n"
		"commands:");
	for (i = 0; i < ctl_nr_commands; i++)
		fprintf(stderr, " %s", ctl_commands[i].name);
	fprintf(stderr, "\n");
	return IOSUP_EXIT_USAGE;
}

static const struct ctl_command *find_command(const char *name)
{
	int i;

	for (i = 0; i < ctl_nr_commands; i++)
		if (!strcmp(name, ctl_commands[i].name))
			return &ctl_commands[i];
	return NULL;
}

int ctl_usage(char **argv, const char *fmt, ...)
{
	const struct ctl_command *cmd = find_command(argv[0]);
	va_list ap;

	fprintf(stderr, "iosupctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: ");
	if (cmd) {
		ctl_print_synopsis(stderr, cmd);
		fprintf(stderr, "('iosupctl help %s' says more)\n", cmd->name);
	}
	return IOSUP_EXIT_USAGE;
}

int ctl_integer_arg(char **argv, const char *what, const char *s,
		    long long min, long long max, long long *val)
{
	char why[160];
	int err = parse_integer(s, min, max, val);

	if (!err)
		return IOSUP_EXIT_OK;
	parse_integer_why(why, sizeof(why), err, s, min, max);
	return ctl_usage(argv, "%s %s: %s", argv[0], what, why);
}

int ctl_decimal_arg(char **argv, const char *what, const char *s,
		    double min, double max, double *val)
{
	char why[160];
	int err = parse_decimal(s, min, max, val);

	if (!err)
		return IOSUP_EXIT_OK;
	parse_decimal_why(why, sizeof(why), err, s, min, max);
	return ctl_usage(argv, "%s %s: %s", argv[0], what, why);
}

static int is_json(const char *arg)
{
	return !strcmp(arg, "-j") || !strcmp(arg, "--json");
}

static int is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

/*
 * Take -j/--json and -h/--help out of a command's arguments (up to a
 * "--"), so that each command parses only its own and every command
 * takes them the same way wherever they stand.
 */
static int strip_common(struct ctl *ctl, int *argc, char **argv)
{
	int i, n = 1, help = 0, rest = 0;

	for (i = 1; i < *argc; i++) {
		if (!rest && is_json(argv[i]))
			ctl->json = 1;
		else if (!rest && is_help(argv[i]))
			help = 1;
		else
			argv[n++] = argv[i];
		if (!strcmp(argv[i], "--"))
			rest = 1;
	}
	argv[n] = NULL;
	*argc = n;
	return help;
}

static int version(struct ctl *ctl)
{
	if (!ctl->json) {
		printf("iosupctl %s\n", IOSUP_VERSION);
		return IOSUP_EXIT_OK;
	}
	json_begin_object(&ctl->jw);
	json_field_string(&ctl->jw, "version", IOSUP_VERSION);
	json_end_object(&ctl->jw);
	json_end(&ctl->jw);
	return IOSUP_EXIT_OK;
}

/* help [COMMAND]: the manual, or one command's entry. */
static int help(int argc, char **argv)
{
	const struct ctl_command *cmd;

	if (argc == 1) {
		ctl_print_manual();
		return IOSUP_EXIT_OK;
	}
	if (argc > 2)
		return global_usage("help takes one COMMAND, not '%s'",
				    argv[2]);
	cmd = find_command(argv[1]);
	if (!cmd)
		return global_usage("no command '%s' to help with", argv[1]);
	ctl_print_command_help(cmd);
	return IOSUP_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct ctl ctl = { 0 };
	const struct ctl_command *cmd;

	if (proc_bench_is_child(argc, argv))
		return 0;
	json_init(&ctl.jw, stdout);
	/* Options before the command. */
	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		if (is_json(argv[0]))
			ctl.json = 1;
		else if (is_help(argv[0]))
			return help(1, argv);
		else if (!strcmp(argv[0], "-V") ||
			 !strcmp(argv[0], "--version"))
			return version(&ctl);
		else
			return global_usage("unknown option '%s'", argv[0]);
	}
	if (!argc)
		return global_usage("no command given%s", "");
	if (!strcmp(argv[0], "help")) {
		strip_common(&ctl, &argc, argv);
		return help(argc, argv);
	}
	cmd = find_command(argv[0]);
	if (!cmd)
		return global_usage("unknown command '%s'", argv[0]);
	if (strip_common(&ctl, &argc, argv)) {
		ctl_print_command_help(cmd);
		return IOSUP_EXIT_OK;
	}
	return cmd->run(&ctl, argc, argv);
}
