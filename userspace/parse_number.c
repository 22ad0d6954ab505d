// SPDX-License-Identifier: GPL-2.0
/* Reading numbers by one rule; see parse_number.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse_number.h"

/* Digits from @s on: how many. */
static size_t digits(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/*
 * Checked before strtoll()/strtod() see @s: they would take leading
 * blanks, a '+', hex, "inf" and more, by rules of their own.
 */
static int well_formed(const char *s, int fraction)
{
	size_t n;

	if (*s == '-')
		s++;
	n = digits(s);
	if (!n)
		return 0;
	s += n;
	if (fraction && *s == '.') {
		n = digits(++s);
		if (!n)
			return 0;
		s += n;
	}
	return !*s;
}

int parse_integer(const char *s, long long min, long long max,
		  long long *val)
{
	long long v;

	if (!well_formed(s, 0))
		return PARSE_NOT_A_NUMBER;
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno || v < min || v > max)
		return PARSE_OUT_OF_RANGE;
	*val = v;
	return PARSE_OK;
}

int parse_decimal(const char *s, double min, double max, double *val)
{
	double v;

	if (!well_formed(s, 1))
		return PARSE_NOT_A_NUMBER;
	errno = 0;
	v = strtod(s, NULL);
	if (errno || !(v >= min && v <= max))
		return PARSE_OUT_OF_RANGE;
	*val = v;
	return PARSE_OK;
}

void parse_integer_why(char *buf, size_t size, int err, const char *s,
		       long long min, long long max)
{
	snprintf(buf, size, "'%s' is %s (want %lld to %lld)", s,
		 err == PARSE_OUT_OF_RANGE ? "out of range" :
		 "not a whole number", min, max);
}

void parse_decimal_why(char *buf, size_t size, int err, const char *s,
		       double min, double max)
{
	snprintf(buf, size, "'%s' is %s (want %g to %g)", s,
		 err == PARSE_OUT_OF_RANGE ? "out of range" :
		 "not a number", min, max);
}
