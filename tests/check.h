/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/* check.h: CHECK(cond) prints the failing condition and counts it; no DPDK. */

#ifndef VSW_CHECK_H
#define VSW_CHECK_H

#include <stdio.h>

static int test_failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			test_failures++;                                                           \
		}                                                                                  \
	} while (0)

#endif /* VSW_CHECK_H */
