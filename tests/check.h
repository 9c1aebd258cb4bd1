/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * check.h: the C tests' checks; no DPDK. EXPECT(cond) counts a check and,
 * when cond is false, prints it with its place and counts a failure;
 * EXPECT_MSG adds a printf-style explanation. test_report() prints the
 * summary line every C test ends with and gives its exit status.
 */

#ifndef VSW_CHECK_H
#define VSW_CHECK_H

#include <stdio.h>

static unsigned int test_checks;
static unsigned int test_failures;

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		test_checks++;                                                                     \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			test_failures++;                                                           \
		}                                                                                  \
	} while (0)

#define EXPECT_MSG(cond, ...)                                                                      \
	do {                                                                                       \
		test_checks++;                                                                     \
		if (!(cond)) {                                                                     \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			test_failures++;                                                           \
		}                                                                                  \
	} while (0)

/* "NAME: N checks, M failed" on stdout; exit status 0 when none failed, else 1. */
static inline int
test_report(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, test_checks, test_failures);
	return test_failures ? 1 : 0;
}

#endif /* VSW_CHECK_H */
