/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fuzz_config: libFuzzer target for the topology loader (config/). Any input
 * must load or be refused with one "NAME:LINE:COL: message" line; never a
 * crash, a leak or undefined behaviour. Built and run by scripts/fuzz.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[VSW_CFG_ERR_LEN];
	struct vsw_cfg cfg;

	err[0] = '\0';
	if (vsw_cfg_load_buffer("fuzz.yaml", (const char *)data, size, &cfg, err, sizeof(err)) == 0)
		vsw_cfg_free(&cfg);
	else if (strncmp(err, "fuzz.yaml:", 10) != 0 || strchr(err, '\n') != NULL)
		abort(); /* every refusal is one line that names the file */
	return 0;
}
