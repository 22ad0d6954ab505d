// SPDX-License-Identifier: GPL-2.0
/*
 * Drives userspace/json_writer.c for test/unit/tools_test.sh, which
 * parses the output back with Python: each argument as a string, then
 * numbers at the edges, nesting and empty containers.
 * Usage: json_writer_test STRING...
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "../../userspace/json_writer.h"

int main(int argc, char **argv)
{
	struct json_writer w;
	int i;

	json_init(&w, stdout);
	json_begin_object(&w);
	json_key(&w, "strings");
	json_begin_array(&w);
	for (i = 1; i < argc; i++)
		json_string(&w, argv[i]);
	json_end_array(&w);
	json_key(&w, "ints");
	json_begin_array(&w);
	json_int(&w, LLONG_MIN);
	json_int(&w, 0);
	json_int(&w, LLONG_MAX);
	json_end_array(&w);
	json_key(&w, "doubles");
	json_begin_array(&w);
	json_double(&w, 1.25, 2);
	json_double(&w, -0.5, 1);
	json_double(&w, 1e300, 0);
	json_double(&w, NAN, 1);
	json_double(&w, INFINITY, 1);
	json_end_array(&w);
	json_key(&w, "scaled");
	json_begin_array(&w);
	json_scaled(&w, 11, 9);
	json_scaled(&w, -1234567890123, 9);
	json_scaled(&w, LLONG_MIN, 3);
	json_scaled(&w, 42, 0);
	json_end_array(&w);
	json_field_bool(&w, "yes", 1);
	json_field_bool(&w, "no", 0);
	json_field_null(&w, "nothing");
	json_key(&w, "empty");
	json_begin_object(&w);
	json_key(&w, "object");
	json_begin_object(&w);
	json_end_object(&w);
	json_key(&w, "array");
	json_begin_array(&w);
	json_end_array(&w);
	json_end_object(&w);
	json_field_string(&w, "key \"quoted\"\n", "value");
	json_end_object(&w);
	json_end(&w);
	/* A second document after json_end(): no comma carried over. */
	json_begin_array(&w);
	json_int(&w, 1);
	json_end_array(&w);
	json_end(&w);
	return 0;
}
