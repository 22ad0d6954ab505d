/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one rule every IOSUP tool reads numbers by, from its command line
 * and from /sys/kernel/iosup alike: an optional '-', then one or more
 * decimal digits, and nothing else. No blanks, no '+', no 0x, no
 * exponent: what the user typed is what is used, or it is refused.
 * parse_decimal() also takes a fraction, as in "0.5".
 */
#ifndef IOSUP_PARSE_NUMBER_H
#define IOSUP_PARSE_NUMBER_H

#include <stddef.h>

enum parse_error {
	PARSE_OK = 0,
	PARSE_NOT_A_NUMBER = -1,	/* breaks the rule above */
	PARSE_OUT_OF_RANGE = -2,	/* a number, but not in min..max */
};

/* The integer @s, if in @min..@max, into *@val; else an error above. */
int parse_integer(const char *s, long long min, long long max,
		  long long *val);
/* The same with an optional fraction: "10", "0.5"; not ".5" nor "5.". */
int parse_decimal(const char *s, double min, double max, double *val);
/*
 * Why @s was refused (@err from the functions above), for a message:
 * "'x' is not a whole number (want 1 to 1000)".
 */
void parse_integer_why(char *buf, size_t size, int err, const char *s,
		       long long min, long long max);
void parse_decimal_why(char *buf, size_t size, int err, const char *s,
		       double min, double max);

#endif
