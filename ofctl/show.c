/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * show.c: the commands that print ports, tables and PMD threads, from the
 * shared state alone: show, dump-ports, dump-tables, pmd-stats-show,
 * pmd-rxq-show. Output follows ovs-ofctl's and ovs-appctl's layouts where
 * vsw has the same numbers.
 */

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "ofctl.h"

int
ofctl_show(struct ofctl *o, char **args, int n)
{
	int b = ofctl_bridge_arg(o, args, n, 1, INT_MAX, "show needs a BRIDGE");
	unsigned int p;

	if (b < 0)
		return -b;
	printf("bridge %s: %u ports, n_tables:%u\n", o->shm->bridges[b].name,
	       o->shm->bridges[b].n_ports, VSW_N_TABLES);
	for (p = 0; p < o->shm->n_ports; p++) {
		const struct vsw_shm_port *sp = &o->shm->ports[p];
		uint16_t link = __atomic_load_n(&sp->link, __ATOMIC_ACQUIRE);

		if (sp->bridge != (unsigned int)b)
			continue;
		printf(" %u(%s): addr:%02x:%02x:%02x:%02x:%02x:%02x\n", sp->ofport, sp->name,
		       sp->mac[0], sp->mac[1], sp->mac[2], sp->mac[3], sp->mac[4], sp->mac[5]);
		printf("     type: %s, %u rx queues, %u tx queues\n", sp->type, sp->n_rxq,
		       sp->n_txq);
		/* The name DPDK's capture and info tools take (dpdk-dumpcap -i NAME). */
		if (sp->dev_name[0] != '\0')
			printf("     dpdk: port %u, %s\n", sp->ethdev_id, sp->dev_name);
		printf("     state: %s\n", link == VSW_LINK_UP ? "LIVE"
					   : link == VSW_LINK_DOWN
						   ? "LINK_DOWN"
						   : "LINK_UNKNOWN (its interface is in "
						     "another network namespace)");
		printf("     speed: %u Mbps now\n",
		       __atomic_load_n(&sp->speed_mbps, __ATOMIC_RELAXED));
	}
	return OFCTL_OK;
}

bool
ofctl_is_port(const struct vsw_shm_port *sp, const char *arg)
{
	char *end;
	unsigned long ofport = strtoul(arg, &end, 10);

	return strcmp(arg, sp->name) == 0 || (*arg != '\0' && *end == '\0' && ofport == sp->ofport);
}

int
ofctl_dump_ports(struct ofctl *o, char **args, int n)
{
	int b = ofctl_bridge_arg(o, args, n, 1, INT_MAX, "dump-ports needs a BRIDGE");
	unsigned int p, r, shown = 0;

	if (b < 0)
		return -b;
	for (p = 0; p < o->shm->n_ports; p++) {
		const struct vsw_shm_port *sp = &o->shm->ports[p];
		struct vsw_port_totals t;
		uint64_t rx_drop, tx_drop = 0;

		if (sp->bridge != (unsigned int)b || (n > 1 && !ofctl_is_port(sp, args[1])))
			continue;
		vsw_shm_port_totals(o->shm, p, &t);
		rx_drop = t.drops[VSW_DROP_RX_RING_FULL] + t.drops[VSW_DROP_RX_NO_MBUF];
		for (r = 0; r < VSW_DROP__COUNT; r++)
			if (r != VSW_DROP_RX_RING_FULL && r != VSW_DROP_RX_NO_MBUF)
				tx_drop += t.drops[r];
		if (shown++ == 0)
			printf("port statistics for bridge %s:\n", o->shm->bridges[b].name);
		printf("  port %2u: rx pkts=%" PRIu64 ", bytes=%" PRIu64 ", drop=%" PRIu64 "\n",
		       sp->ofport, t.rx_packets, t.rx_bytes, rx_drop);
		printf("           tx pkts=%" PRIu64 ", bytes=%" PRIu64 ", drop=%" PRIu64 "\n",
		       t.tx_packets, t.tx_bytes, tx_drop);
		for (r = 0; r < VSW_DROP__COUNT; r++)
			if (t.drops[r] != 0)
				printf("           drop %s=%" PRIu64 " (%s)\n",
				       vsw_shm_drop_name(r), t.drops[r], vsw_shm_drop_help(r));
	}
	if (n > 1 && shown == 0) {
		fprintf(stderr, "vsw-ofctl: bridge %s has no port '%s'\n", args[0], args[1]);
		return OFCTL_REFUSED;
	}
	return OFCTL_OK;
}

int
ofctl_dump_tables(struct ofctl *o, char **args, int n)
{
	int b = ofctl_bridge_arg(o, args, n, 1, INT_MAX, "dump-tables needs a BRIDGE");
	const struct vsw_cls *cls;
	unsigned int t, first_empty = 0;

	if (b < 0)
		return -b;
	cls = o->shm->bridges[b].cls;
	printf("table statistics for bridge %s:\n", o->shm->bridges[b].name);
	for (t = 0; t <= VSW_N_TABLES; t++) {
		uint32_t active = t < VSW_N_TABLES ? cls->tables[t].n_rules : 1;

		if (active == 0 && t != 0)
			continue;
		if (first_empty != 0 && first_empty < t)
			printf("  tables %u...%u: empty\n", first_empty, t - 1);
		if (t == VSW_N_TABLES)
			break;
		printf("  table %u: active=%u\n", t, cls->tables[t].n_rules);
		first_empty = t + 1;
	}
	return OFCTL_OK;
}

int
ofctl_pmd_stats_show(struct ofctl *o, char **args, int n)
{
	unsigned int i;

	(void)args;
	(void)n;
	for (i = 0; i < o->shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		struct vsw_pmd_stats st;
		double total;

		vsw_shm_pmd_stats(o->shm, i, &st);
		total = (double)(st.busy_cycles + st.idle_cycles);
		printf("pmd thread core_id %u:\n", o->shm->pmds[i].lcore);
#define PMD_COUNTER_LINE(name, label, help)                                                        \
	if (label != NULL)                                                                         \
		printf("  %s: %" PRIu64 "\n", (const char *)label, st.name);
		VSW_PMD_COUNTERS(PMD_COUNTER_LINE)
#undef PMD_COUNTER_LINE
		printf("  idle cycles: %" PRIu64 " (%.2f%%)\n", st.idle_cycles,
		       total ? 100.0 * st.idle_cycles / total : 0);
		printf("  processing cycles: %" PRIu64 " (%.2f%%)\n", st.busy_cycles,
		       total ? 100.0 * st.busy_cycles / total : 0);
		if (st.packets > 0)
			printf("  avg processing cycles per packet: %.2f (%" PRIu64 "/%" PRIu64
			       ")\n",
			       (double)st.busy_cycles / (double)st.packets, st.busy_cycles,
			       st.packets);
		/* Probes per hit, as OVS's "avg. subtable lookups per megaflow
		 * hit"; and per cached packet: one exact-match probe for every
		 * packet that was parsed, plus the datapath flow cache's. */
		if (st.dpflow_hits > 0)
			printf("  avg subtable lookups per datapath flow hit: %.2f\n",
			       (double)st.dpflow_probes / (double)st.dpflow_hits);
		if (st.emc_hits + st.dpflow_hits > 0)
			printf("  avg hash probes per cached packet: %.2f\n",
			       (double)(st.packets - st.simple_hits + st.dpflow_probes) /
				       (double)(st.emc_hits + st.dpflow_hits));
		/* The mean burst: small bursts spread each burst's fixed cost (a
		 * driver's ring index update, the output flush) over few packets. */
		if (st.busy_loops > 0)
			printf("  avg packets per busy loop: %.2f (%" PRIu64 "/%" PRIu64 ")\n",
			       (double)st.packets / (double)st.busy_loops, st.packets,
			       st.busy_loops);
	}
	return OFCTL_OK;
}

int
ofctl_pmd_rxq_show(struct ofctl *o, char **args, int n)
{
	unsigned int i, q;

	(void)args;
	(void)n;
	for (i = 0; i < o->shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		const struct vsw_shm_pmd *pmd = &o->shm->pmds[i];

		printf("pmd thread core_id %u:\n", pmd->lcore);
		for (q = 0; q < pmd->n_rxq && q < RTE_DIM(pmd->rxq); q++)
			printf("  port: %-16s queue-id: %2u\n",
			       o->shm->ports[pmd->rxq[q].port].name, pmd->rxq[q].queue);
	}
	return OFCTL_OK;
}
