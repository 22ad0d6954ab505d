/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for iosupctl's --json: it places the
 * commas and colons, escapes every string (control characters, quotes,
 * backslashes; bytes that are not UTF-8 become U+FFFD, so the output is
 * always valid JSON) and writes each document on one line.
 */
#ifndef IOSUP_JSON_WRITER_H
#define IOSUP_JSON_WRITER_H

#include <stdio.h>

#define JSON_MAX_DEPTH 8

struct json_writer {
	FILE *out;
	int depth;
	int after_key;			/* a key is written, not its value */
	int count[JSON_MAX_DEPTH + 1];	/* values written at each depth */
};

void json_init(struct json_writer *w, FILE *out);
void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
/* The name of the next value, inside an object. */
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
void json_int(struct json_writer *w, long long v);
/* @decimals after the point; NaN and infinities, which JSON lacks: null. */
void json_double(struct json_writer *w, double v, int decimals);
/* @v units of 10^-@decimals, exactly: (11, 9) is 0.000000011. */
void json_scaled(struct json_writer *w, long long v, int decimals);
void json_bool(struct json_writer *w, int v);
void json_null(struct json_writer *w);
/* Ends a document: its newline, flushed (watch's lines go out at once). */
void json_end(struct json_writer *w);

/* A key and its value, in one call. */
void json_field_string(struct json_writer *w, const char *key, const char *s);
void json_field_int(struct json_writer *w, const char *key, long long v);
void json_field_double(struct json_writer *w, const char *key, double v,
		       int decimals);
void json_field_bool(struct json_writer *w, const char *key, int v);
void json_field_null(struct json_writer *w, const char *key);

#endif
