/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * testlib.h: what the in-process C tests share: starting DPDK for a test
 * (real hugepages, --in-memory so no file outlives the process, a
 * file-prefix of its own), a CHECK that counts failures, and a seeded PRNG.
 */

#ifndef VSW_TESTLIB_H
#define VSW_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>

static int test_failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			test_failures++;                                                           \
		}                                                                                  \
	} while (0)

/* Start the EAL on lcores `lcores` ("0" or "0,1"); 0 or -1 after a message. */
static inline int
test_eal_init(const char *name, const char *lcores)
{
	char prefix[64], l[32];
	char *argv[] = {(char *)(uintptr_t)name,  prefix, l,	 "--in-memory", "--no-pci",
			"--log-level=.*:warning", "-m",	  "512", NULL};

	snprintf(prefix, sizeof(prefix), "--file-prefix=vswt-%s-%d", name, (int)getpid());
	snprintf(l, sizeof(l), "-l%s", lcores);
	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0) {
		fprintf(stderr, "%s: cannot start DPDK (hugepages reserved?)\n", name);
		return -1;
	}
	return 0;
}

/* xorshift64*: reproducible from its seed. */
static inline uint64_t
test_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/* The summary line and exit status. */
static inline int
test_finish(const char *name, unsigned int checks)
{
	rte_eal_cleanup();
	if (test_failures) {
		printf("%s: %d of %u checks failed\n", name, test_failures, checks);
		return 1;
	}
	printf("%s: %u checks passed\n", name, checks);
	return 0;
}

#endif /* VSW_TESTLIB_H */
