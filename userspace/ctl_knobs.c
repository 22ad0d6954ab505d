// SPDX-License-Identifier: GPL-2.0
/* iosupctl enable, disable, set and reclaim: the knobs it writes. */
#include <stdio.h>
#include <string.h>

#include "../module/policy.h"
#include "iosup_sysfs.h"
#include "iosupctl.h"

static int switch_caching(struct ctl *ctl, int argc, char **argv, int on)
{
	int ret;

	if (argc != 1)
		return ctl_usage(argv, "%s takes no arguments", argv[0]);
	ret = iosup_write_knob("enable", on ? "1" : "0");
	if (ret)
		return ret;
	if (ctl->json) {
		json_begin_object(&ctl->jw);
		json_field_bool(&ctl->jw, "enabled", on);
		json_end_object(&ctl->jw);
		json_end(&ctl->jw);
	} else {
		printf("iosup: caching %s\n", on ? "enabled" : "disabled");
	}
	return IOSUP_EXIT_OK;
}

int ctl_enable(struct ctl *ctl, int argc, char **argv)
{
	return switch_caching(ctl, argc, argv, 1);
}

int ctl_disable(struct ctl *ctl, int argc, char **argv)
{
	return switch_caching(ctl, argc, argv, 0);
}

struct policy_setting {
	const char *knob;
	const char *alias;		/* another name set takes for it */
	long long min, max;
	int given;
	long long want, old;
};

/* The policy in force, after a set: {"ratio": N, "level_total": N}. */
static int json_policy(struct ctl *ctl)
{
	long long ratio, level_total;
	int ret;

	ret = iosup_read_value("ratio", &ratio) ?:
	      iosup_read_value("level_total", &level_total);
	if (ret)
		return ret;
	json_begin_object(&ctl->jw);
	json_field_int(&ctl->jw, "ratio", ratio);
	json_field_int(&ctl->jw, "level_total", level_total);
	json_end_object(&ctl->jw);
	json_end(&ctl->jw);
	return IOSUP_EXIT_OK;
}

/* True when the @keylen bytes of @key are @name. */
static int key_is(const char *key, size_t keylen, const char *name)
{
	return name && strlen(name) == keylen && !strncmp(key, name, keylen);
}

/*
 * set KEY=N...: check every value first, write, and undo on refusal.
 * total is level_total's first name, which the module keeps as an alias.
 */
int ctl_set(struct ctl *ctl, int argc, char **argv)
{
	struct policy_setting knobs[] = {
		{ .knob = "ratio", .min = IOSUP_RATIO_MIN,
		  .max = IOSUP_RATIO_MAX },
		{ .knob = "level_total", .alias = "total", .min = 0,
		  .max = 1LL << 50 },
	};
	const int nr = ARRAY_SIZE(knobs);
	/* stdout holds only the JSON document with -j. */
	FILE *say = ctl->json ? stderr : stdout;
	int i, k, done, ret;
	char value[24];

	if (argc < 2)
		return ctl_usage(argv, "set needs KEY=N, KEY being ratio or level_total");
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t keylen = eq ? (size_t)(eq - argv[i]) : 0;

		for (k = 0; k < nr; k++)
			if (eq && (key_is(argv[i], keylen, knobs[k].knob) ||
				   key_is(argv[i], keylen, knobs[k].alias)))
				break;
		if (k == nr)
			return ctl_usage(argv, "set: '%s' is not ratio=N or level_total=M",
					 argv[i]);
		if (knobs[k].given)
			return ctl_usage(argv, "set: '%s' is given twice",
					 knobs[k].knob);
		ret = ctl_integer_arg(argv, knobs[k].knob, eq + 1, knobs[k].min,
				      knobs[k].max, &knobs[k].want);
		if (ret)
			return ret;
		knobs[k].given = 1;
	}
	for (k = 0; k < nr; k++) {
		if (!knobs[k].given)
			continue;
		ret = iosup_read_value(knobs[k].knob, &knobs[k].old);
		if (ret)
			return ret;
	}
	for (done = 0; done < nr; done++) {
		if (!knobs[done].given)
			continue;
		snprintf(value, sizeof(value), "%lld", knobs[done].want);
		ret = iosup_write_knob(knobs[done].knob, value);
		if (ret)
			break;
		if (!ctl->json)
			printf("iosup: %s = %s\n", knobs[done].knob, value);
	}
	if (done == nr)
		return ctl->json ? json_policy(ctl) : IOSUP_EXIT_OK;
	while (--done >= 0) {
		if (!knobs[done].given)
			continue;
		snprintf(value, sizeof(value), "%lld", knobs[done].old);
		if (!iosup_write_knob(knobs[done].knob, value))
			fprintf(say, "iosup: %s restored to %s\n",
				knobs[done].knob, value);
	}
	return ret;
}

static void print_reclaimed(struct ctl *ctl, long long asked,
			    long long reclaimed)
{
	if (!ctl->json) {
		if (asked)
			printf("iosup: reclaimed %lld of %lld pages asked for\n",
			       reclaimed, asked);
		else
			printf("iosup: nothing to reclaim, the pools are empty\n");
		return;
	}
	json_begin_object(&ctl->jw);
	json_field_int(&ctl->jw, "asked", asked);
	json_field_int(&ctl->jw, "reclaimed", reclaimed);
	json_end_object(&ctl->jw);
	json_end(&ctl->jw);
}

int ctl_reclaim(struct ctl *ctl, int argc, char **argv)
{
	struct iosup_status before, after;
	long long want = 0;
	char value[24];
	int ret;

	if (argc > 2)
		return ctl_usage(argv, "reclaim takes at most one PAGES, not '%s'",
				 argv[2]);
	if (argc == 2) {
		ret = ctl_integer_arg(argv, "PAGES", argv[1], 1, 1LL << 50,
				      &want);
		if (ret)
			return ret;
	}
	ret = iosup_read_status(&before);
	if (ret)
		return ret;
	if (!want)
		want = iosup_sum(&before, IOSUP_IN_POOL);
	if (!want) {
		print_reclaimed(ctl, 0, 0);
		return IOSUP_EXIT_OK;
	}
	snprintf(value, sizeof(value), "%lld", want);
	ret = iosup_write_knob("reclaim", value) ?: iosup_read_status(&after);
	if (ret)
		return ret;
	print_reclaimed(ctl, want, iosup_sum(&after, IOSUP_RECLAIMED) -
			iosup_sum(&before, IOSUP_RECLAIMED));
	return IOSUP_EXIT_OK;
}
