/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * testlib.h: what the in-process C tests (and bench/) share: starting DPDK
 * for a test (real hugepages, --in-memory so no file outlives the process, a
 * file-prefix of its own), CHECK (check.h), a seeded PRNG, and opening a
 * port from devargs with default settings.
 */

#ifndef VSW_TESTLIB_H
#define VSW_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_malloc.h>

#include "check.h"
#include "vsw_config.h"
#include "vsw_port.h"

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

/*
 * Open devargs as port index idx (ofport idx + 1, one queue each way, one
 * PMD, MTU 1500) on bridge 0; NULL after printing why.
 */
static inline struct vsw_port *
test_open_port(unsigned int idx, const char *devargs, struct rte_mempool *pool)
{
	struct vsw_cfg_port cp;
	struct vsw_port_ethdev_params p = {
		.cfg = &cp, .index = (uint16_t)idx, .n_pmds = 1, .pool = pool};
	struct vsw_port *port;
	char err[512];

	memset(&cp, 0, sizeof(cp));
	snprintf(cp.name, sizeof(cp.name), "p%u", idx);
	snprintf(cp.devargs, sizeof(cp.devargs), "%s", devargs);
	cp.rxq = 1;
	cp.mtu = 1500;
	cp.ofport = idx + 1;
	if (vsw_port_ethdev_open(&p, &port, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return port;
}

/* Bytes of the hugepage heap of socket 0 in use: what tests check returns to its start. */
static inline size_t
test_heap_in_use(void)
{
	struct rte_malloc_socket_stats st;

	rte_malloc_get_socket_stats(0, &st);
	return st.heap_allocsz_bytes;
}

/* Leave DPDK, then test_report(name). */
static inline int
test_finish(const char *name)
{
	rte_eal_cleanup();
	return test_report(name);
}

#endif /* VSW_TESTLIB_H */
