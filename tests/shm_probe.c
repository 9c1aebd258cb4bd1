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
 *   port name=a ofport=1 bridge=0 link=up rx_packets=1000 ... drop.tx_ring_full=0 ...
 *   pmd index=0 lcore=1 rxq=2 loops=123456 busy_loops=... packets=1000 ... (every VSW_PMD_COUNTERS
 * row) rule bridge=0 table=0 priority=0 n_packets=1000 n_bytes=64000 actions=1 found=1
 *
 * Rules are read straight from the bridges' flow tables in hugepage memory;
 * found=1 says the subtable's rte_hash was also found by its name.
 *
 * usage: shm_probe PREFIX [LCORE [--hold-reader]]
 *   LCORE: an lcore no PMD uses (default 0). --hold-reader takes a flow-table
 *   reader slot and keeps it until killed: a helper dying mid-read.
 * Exit: 0 printed; 3 no vswitchd with that prefix or another layout version.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_hash.h>

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

static uint64_t
load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* One line per rule present in the published version, with summed counters. */
static void
print_rules(unsigned int bridge, const struct vsw_cls *cls)
{
	uint64_t v = __atomic_load_n(&cls->version, __ATOMIC_ACQUIRE);
	unsigned int t, s;

	for (t = 0; t < VSW_N_TABLES; t++) {
		const struct vsw_subtable_array *arr =
			__atomic_load_n(&cls->tables[t].subtables, __ATOMIC_ACQUIRE);

		for (s = 0; arr != NULL && s < arr->n; s++) {
			const struct vsw_subtable *st = arr->st[s];
			int found = rte_hash_find_existing(st->hash_name) == st->hash;
			const void *key;
			uint32_t iter = 0;
			void *data;

			while (rte_hash_iterate(st->hash, &key, &data, &iter) >= 0) {
				const struct vsw_rule *r;

				for (r = data; r != NULL; r = r->next) {
					uint64_t packets, bytes;

					if (r->add_version > v || v >= r->remove_version)
						continue;
					vsw_rule_totals(r, &packets, &bytes);
					printf("rule bridge=%u table=%u priority=%u "
					       "n_packets=%" PRIu64 " n_bytes=%" PRIu64
					       " actions=%u found=%d\n",
					       bridge, t, r->priority, packets, bytes,
					       r->actions->n, found);
				}
			}
		}
	}
}

static void
print_state(const struct vsw_shm *shm)
{
	unsigned int i, r, readers = 0;

	for (i = 0; i < VSW_MAX_HELPERS; i++)
		readers += __atomic_load_n(&shm->helper_pid[i], __ATOMIC_ACQUIRE) != 0;
	printf("state=%s pid=%u bridges=%u ports=%u pmds=%u readers=%u\n",
	       state_name(__atomic_load_n(&shm->state, __ATOMIC_ACQUIRE)), shm->pid, shm->n_bridges,
	       shm->n_ports, shm->n_pmds, readers);
	for (i = 0; i < shm->n_bridges && i < VSW_MAX_BRIDGES; i++)
		printf("bridge name=%s ports=%u\n", shm->bridges[i].name, shm->bridges[i].n_ports);
	for (i = 0; i < shm->n_ports && i < VSW_MAX_PORTS; i++) {
		const struct vsw_shm_port *p = &shm->ports[i];
		struct vsw_port_totals t;

		vsw_shm_port_totals(shm, i, &t);
		printf("port name=%s type=%s ofport=%u bridge=%u link=%s rx_packets=%" PRIu64
		       " rx_bytes=%" PRIu64 " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64,
		       p->name, p->type, p->ofport, p->bridge,
		       vsw_shm_link_name(__atomic_load_n(&p->link, __ATOMIC_ACQUIRE)), t.rx_packets,
		       t.rx_bytes, t.tx_packets, t.tx_bytes);
		for (r = 0; r < VSW_DROP__COUNT; r++)
			printf(" drop.%s=%" PRIu64, vsw_shm_drop_name(r), t.drops[r]);
		printf("\n");
		for (r = 0; r < p->n_rxq || r < p->n_txq; r++)
			printf("queue port=%s queue=%u rx_packets=%" PRIu64 " rx_bytes=%" PRIu64
			       " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64 " tx_dropped=%" PRIu64
			       "\n",
			       p->name, r, t.rxq_packets[r], t.rxq_bytes[r], t.txq_packets[r],
			       t.txq_bytes[r], t.txq_dropped[r]);
	}
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		const struct vsw_shm_pmd *pmd = &shm->pmds[i];

		printf("pmd index=%u lcore=%u rxq=%u", i, pmd->lcore, pmd->n_rxq);
#define PMD_COUNTER_PRINT(name, label, help) printf(" " #name "=%" PRIu64, load(&pmd->c.name));
		VSW_PMD_COUNTERS(PMD_COUNTER_PRINT)
#undef PMD_COUNTER_PRINT
		printf("\n");
	}
	for (i = 0; i < shm->n_bridges && i < VSW_MAX_BRIDGES; i++)
		if (shm->bridges[i].cls != NULL)
			print_rules(i, shm->bridges[i].cls);
}

int
main(int argc, char **argv)
{
	char prefix[128], lcore[32], err[256];
	char *eal_argv[] = {argv[0],	prefix,		 lcore, "--proc-type=secondary",
			    "--no-pci", "--log-level=3", NULL};
	const struct vsw_shm *shm;
	int rc;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: shm_probe PREFIX [LCORE [--hold-reader]]\n");
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
	if (argc == 4 && strcmp(argv[3], "--hold-reader") == 0) {
		unsigned int slot;

		if (vsw_shm_reader_enter((struct vsw_shm *)(uintptr_t)shm, &slot) < 0)
			return 3;
		printf("holding reader slot %u\n", slot);
		fflush(stdout);
		for (;;)
			pause();
	}
	print_state(shm);
	rte_eal_cleanup();
	return 0;
}
