/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * dump_dp_flows.c: dump-dp-flows [BRIDGE], the datapath flows every PMD has
 * cached (shm/vsw_shm_dpflow.h), one a line, in the spirit of
 * `ovs-appctl dpctl/dump-flows` but in ovs-ofctl's flow syntax:
 *
 *	pmd=1 in_port=1,ip,nw_src=10.0.0.0/9,nw_dst=10.1.0.0/16, packets:310, bytes:19840,
 *	used:0.002s, actions:mod_dl_dst:02:00:00:00:00:02,dec_ttl,output:2
 *
 * (one line). The match is the flow's masked key: exactly the bits the
 * pipeline looked at. The actions are what the pipeline did to the packet,
 * lookups resolved. Flows a commit has left behind are not shown. The PMD
 * rewrites its cache while we read: a flow is copied between two reads of
 * its generation and shown only when both saw the same stable one.
 */

#include <stdio.h>
#include <string.h>

#include <rte_atomic.h>
#include <rte_cycles.h>

#include "ofctl.h"

/* A whole copy of slot f into *out; false when the PMD was rewriting it. */
static bool
copy_flow(const struct vsw_dpflow *f, struct vsw_dpflow *out)
{
	uint32_t g1 = __atomic_load_n(&f->gen, __ATOMIC_ACQUIRE), g2;

	if (g1 & 1)
		return false;
	memcpy(out, f, sizeof(*out));
	rte_smp_rmb();
	g2 = __atomic_load_n(&f->gen, __ATOMIC_ACQUIRE);
	return g1 == g2;
}

/* The bridge index of classifier cls, or -1. */
static int
bridge_of(const struct ofctl *o, const struct vsw_cls *cls)
{
	unsigned int b;

	for (b = 0; b < o->shm->n_bridges && b < VSW_MAX_BRIDGES; b++)
		if (o->shm->bridges[b].cls == cls)
			return (int)b;
	return -1;
}

/* Print one flow of the PMD on lcore `lcore`, read from cache c. */
static void
print_flow(const struct ofctl *o, unsigned int lcore, const struct vsw_dpflow_cache *c,
	   const struct vsw_dpflow *f, unsigned int b, uint64_t now_tsc)
{
	static struct vsw_flow vf;
	struct vsw_flow_port port_buf[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;
	unsigned int flags = o->names ? VSW_FLOW_FMT_NAMES : 0;
	char match[2048], actions[2048];
	double age;

	memset(&vf, 0, sizeof(vf));
	vf.priority = 32768; /* not printed */
	vf.key = f->key;
	if (f->mask < VSW_DPFLOW_MASKS)
		vf.mask = c->masks[f->mask].mask;
	ofctl_bridge_ports(o, b, port_buf, &ports);
	vsw_flow_format_match(&vf, &ports, flags, match, sizeof(match));
	vsw_flow_format_actions(f->ops, RTE_MIN(f->n_ops, (uint8_t)VSW_DPFLOW_OPS), &ports, flags,
				actions, sizeof(actions));
	age = now_tsc > f->used_tsc ? (double)(now_tsc - f->used_tsc) / (double)rte_get_tsc_hz()
				    : 0;
	printf("pmd=%u %s, packets:%" PRIu64 ", bytes:%" PRIu64 ", used:%.3fs, actions:%s%s\n",
	       lcore, match[0] ? match : "(any)", f->packets, f->bytes, age,
	       f->drop >= 0 && f->n_ops == 0 ? "drop" : actions,
	       f->drop >= 0 && f->n_ops > 0 ? ",drop" : "");
}

int
ofctl_dump_dp_flows(struct ofctl *o, char **args, int n)
{
	uint64_t now_tsc = rte_rdtsc();
	unsigned int i;
	int only = -1;

	if (n > 1) {
		fprintf(stderr, "vsw-ofctl: dump-dp-flows takes at most a BRIDGE\n");
		return OFCTL_USAGE;
	}
	if (n == 1) {
		only = ofctl_bridge(o, args[0]);
		if (only < 0)
			return OFCTL_REFUSED;
	}
	for (i = 0; i < o->shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		const struct vsw_dpflow_cache *c = o->shm->pmds[i].dpflows;
		uint32_t s, n_slots;

		if (c == NULL || c->flows == NULL)
			continue;
		n_slots = c->n_buckets * VSW_DPFLOW_WAYS;
		for (s = 0; s < n_slots; s++) {
			struct vsw_dpflow f;
			int b;

			if (!copy_flow(&c->flows[s], &f) || f.version == 0)
				continue;
			b = bridge_of(o, f.cls);
			/* A flow commits have changed waits for its PMD to free it: not shown. */
			if (b < 0 || (only >= 0 && b != only) ||
			    !vsw_dpflow_unchanged(c, &f,
						  __atomic_load_n(&f.cls->version, __ATOMIC_ACQUIRE)))
				continue;
			print_flow(o, o->shm->pmds[i].lcore, c, &f, (unsigned int)b, now_tsc);
		}
	}
	return OFCTL_OK;
}
