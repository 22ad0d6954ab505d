// SPDX-License-Identifier: GPL-2.0
/* A small streaming JSON writer; see json_writer.h. */
#include <math.h>
#include <stdlib.h>

#include "json_writer.h"

void json_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->after_key = 0;
	w->count[0] = 0;
}

/* The comma before a value, unless it is the first or follows its key. */
static void separate(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->count[w->depth]++)
		fputc(',', w->out);
}

/*
 * The length of the well-formed UTF-8 sequence at @s (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF); if there is
 * none, minus the length of its longest valid start (at least one byte),
 * which becomes one U+FFFD as Unicode advises (and Python decodes).
 */
static int utf8_length(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (*s < 0x80)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf)
		n = 2;
	else if (*s >= 0xe0 && *s <= 0xef)
		n = 3;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 4;
	else
		return -1;
	if (*s == 0xe0)
		lo = 0xa0;
	else if (*s == 0xed)
		hi = 0x9f;
	else if (*s == 0xf0)
		lo = 0x90;
	else if (*s == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return -1;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return -i;
	return n;
}

static void write_string(struct json_writer *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int n;

	fputc('"', w->out);
	for (; *s; s += n) {
		n = 1;
		switch (*s) {
		case '"':
			fputs("\\\"", w->out);
			continue;
		case '\\':
			fputs("\\\\", w->out);
			continue;
		case '\b':
			fputs("\\b", w->out);
			continue;
		case '\f':
			fputs("\\f", w->out);
			continue;
		case '\n':
			fputs("\\n", w->out);
			continue;
		case '\r':
			fputs("\\r", w->out);
			continue;
		case '\t':
			fputs("\\t", w->out);
			continue;
		}
		if (*s < 0x20 || *s == 0x7f) {
			fprintf(w->out, "\\u%04x", *s);
			continue;
		}
		n = utf8_length(s);
		if (n < 0) {
			fputs("\\ufffd", w->out);
			n = -n;
			continue;
		}
		fwrite(s, 1, n, w->out);
	}
	fputc('"', w->out);
}

static void begin(struct json_writer *w, char open)
{
	separate(w);
	fputc(open, w->out);
	/* Deeper than any iosupctl document: a bug, not an input. */
	if (w->depth == JSON_MAX_DEPTH)
		abort();
	w->count[++w->depth] = 0;
}

static void end(struct json_writer *w, char close)
{
	fputc(close, w->out);
	w->depth--;
}

void json_begin_object(struct json_writer *w)
{
	begin(w, '{');
}

void json_end_object(struct json_writer *w)
{
	end(w, '}');
}

void json_begin_array(struct json_writer *w)
{
	begin(w, '[');
}

void json_end_array(struct json_writer *w)
{
	end(w, ']');
}

void json_key(struct json_writer *w, const char *key)
{
	separate(w);
	write_string(w, key);
	fputc(':', w->out);
	w->after_key = 1;
}

void json_string(struct json_writer *w, const char *s)
{
	separate(w);
	write_string(w, s);
}

void json_int(struct json_writer *w, long long v)
{
	separate(w);
	fprintf(w->out, "%lld", v);
}

void json_double(struct json_writer *w, double v, int decimals)
{
	if (!isfinite(v)) {
		json_null(w);
		return;
	}
	separate(w);
	fprintf(w->out, "%.*f", decimals, v);
}

void json_scaled(struct json_writer *w, long long v, int decimals)
{
	unsigned long long mag = v, unit = 1;
	int i;

	/* Negated unsigned, so that LLONG_MIN has a magnitude too. */
	if (v < 0)
		mag = -mag;
	for (i = 0; i < decimals; i++)
		unit *= 10;
	separate(w);
	fprintf(w->out, "%s%llu", v < 0 ? "-" : "", mag / unit);
	if (decimals)
		fprintf(w->out, ".%0*llu", decimals, mag % unit);
}

void json_bool(struct json_writer *w, int v)
{
	separate(w);
	fputs(v ? "true" : "false", w->out);
}

void json_null(struct json_writer *w)
{
	separate(w);
	fputs("null", w->out);
}

void json_end(struct json_writer *w)
{
	fputc('\n', w->out);
	fflush(w->out);
	json_init(w, w->out);
}

void json_field_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_field_int(struct json_writer *w, const char *key, long long v)
{
	json_key(w, key);
	json_int(w, v);
}

void json_field_double(struct json_writer *w, const char *key, double v,
		       int decimals)
{
	json_key(w, key);
	json_double(w, v, decimals);
}

void json_field_bool(struct json_writer *w, const char *key, int v)
{
	json_key(w, key);
	json_bool(w, v);
}

void json_field_null(struct json_writer *w, const char *key)
{
	json_key(w, key);
	json_null(w);
}
