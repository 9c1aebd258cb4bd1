/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * shm_probe: a test program that attaches to a running vswitchd as a DPDK
 * secondary process and prints its shared state, one "key=value" line per
 * object, so tests can wait on counters without parsing logs:
 *
 *   state=running pid=123 bridges=1 ports=2 pmds=1
 *   bridge name=br0 ports=2
 *   port name=a ofport=1 bridge=0 rx_packets=1000 ... drop.tx_ring_full=0 ...
 *   pmd index=0 lcore=1 rxq=2 loops=123456
 *
 * usage: shm_probe PREFIX [LCORE]   (LCORE: an lcore no PMD uses; default 0)
 * Exit: 0 printed; 3 no vswitchd with that prefix or another layout version.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>

#include "vsw_shm.h"

static const char *
state_name(uint32_t state)
{
	switch (state) {
	case VSW_STATE_STARTING:
		return "starting";
	case VSW_STATE_RUNNING:
		return "running";
	case VSW_STATE_STOPPING:
		return "stopping";
	}
	return "unknown";
}

static void
print_state(const struct vsw_shm *shm)
{
	unsigned int i, r;

	printf("state=%s pid=%u bridges=%u ports=%u pmds=%u\n",
	       state_name(__atomic_load_n(&shm->state, __ATOMIC_ACQUIRE)), shm->pid, shm->n_bridges,
	       shm->n_ports, shm->n_pmds);
	for (i = 0; i < shm->n_bridges && i < VSW_MAX_BRIDGES; i++)
		printf("bridge name=%s ports=%u\n", shm->bridges[i].name, shm->bridges[i].n_ports);
	for (i = 0; i < shm->n_ports && i < VSW_MAX_PORTS; i++) {
		const struct vsw_shm_port *p = &shm->ports[i];
		struct vsw_port_totals t;

		vsw_shm_port_totals(shm, i, &t);
		printf("port name=%s type=%s ofport=%u bridge=%u rx_packets=%" PRIu64
		       " rx_bytes=%" PRIu64 " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64,
		       p->name, p->type, p->ofport, p->bridge, t.rx_packets, t.rx_bytes,
		       t.tx_packets, t.tx_bytes);
		for (r = 0; r < VSW_DROP__COUNT; r++)
			printf(" drop.%s=%" PRIu64, vsw_shm_drop_name(r), t.drops[r]);
		printf("\n");
	}
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++)
		printf("pmd index=%u lcore=%u rxq=%u loops=%" PRIu64 "\n", i, shm->pmds[i].lcore,
		       shm->pmds[i].n_rxq, __atomic_load_n(&shm->pmds[i].loops, __ATOMIC_RELAXED));
}

int
main(int argc, char **argv)
{
	char prefix[128], lcore[32], err[256];
	char *eal_argv[] = {argv[0],	prefix,		 lcore, "--proc-type=secondary",
			    "--no-pci", "--log-level=3", NULL};
	const struct vsw_shm *shm;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: shm_probe PREFIX [LCORE]\n");
		return 2;
	}
	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", argv[1]);
	snprintf(lcore, sizeof(lcore), "-l%s", argc == 3 ? argv[2] : "0");
	if (rte_eal_init((int)RTE_DIM(eal_argv) - 1, eal_argv) < 0) {
		fprintf(stderr, "shm_probe: no vswitchd with file-prefix %s\n", argv[1]);
		return 3;
	}
	rc = vsw_shm_attach(&shm, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "shm_probe: %s\n", err);
		rte_eal_cleanup();
		return 3;
	}
	print_state(shm);
	rte_eal_cleanup();
	return 0;
}
