/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fuzz_flow: libFuzzer target for the flow language (flow/). Every input is
 * parsed in each mode; a refusal must be one line with a column inside the
 * string (or just past it); an accepted flow must print, parse back, and
 * print the same again. Built and run by scripts/fuzz.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct vsw_flow_port port_list[] = {{"p1", 1, 0}, {"p2", 2, 1}};
static const struct vsw_flow_ports ports = {port_list, 2};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[8192], out2[8192];
	char err[VSW_FLOW_ERR_LEN];
	struct vsw_flow f, g;
	unsigned int col, mode;
	char *s;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (mode = VSW_FLOW_ADD; mode <= VSW_FLOW_MATCH; mode++) {
		if (vsw_flow_parse(s, &ports, mode, &f, err, sizeof(err), &col) != 0) {
			if (strchr(err, '\n') != NULL || col > strlen(s) + 1)
				abort();
			continue;
		}
		if (mode == VSW_FLOW_MATCH) {
			vsw_flow_format_match(&f, &ports, 0, out, sizeof(out));
			continue;
		}
		vsw_flow_format(&f, &ports, 0, out, sizeof(out));
		if (vsw_flow_parse(out, &ports, VSW_FLOW_MODIFY, &g, err, sizeof(err), &col) != 0)
			abort(); /* what we print, we must read */
		vsw_flow_format(&g, &ports, 0, out2, sizeof(out2));
		if (strcmp(out, out2) != 0)
			abort();
	}
	free(s);
	return 0;
}
