/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * bridge.c: each bridge's flow tables and what the PMDs need to know about
 * a bridge (its ports, its fail-mode), plus the RCU state shared by every
 * bridge: the QSBR variable PMDs report to and the queue of deferred frees.
 *
 * A standalone bridge starts with one rule, table 0 "priority=0
 * actions=NORMAL", as an Open vSwitch bridge does, so its counters show what
 * the bridge switched on its own. A secure bridge starts empty: a miss drops.
 *
 * Each bridge also has a MAC table (datapath/fdb_write.c) that NORMAL reads;
 * the control thread applies the learn requests PMDs queue on one ring for
 * every bridge, every loop (vswd_bridges_learn), so a MAC is learned within
 * a few milliseconds of its first packet.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "vswitchd.h"

/* The datapath's fail mode for the topology's. */
static uint32_t
fail_mode_of(int64_t cfg_mode)
{
	return cfg_mode == VSW_CFG_FAIL_SECURE ? VSW_FAIL_SECURE : VSW_FAIL_STANDALONE;
}

/* The datapath's VLAN mode for the topology's. */
static uint16_t
vlan_mode_of(int64_t cfg_mode)
{
	static const uint16_t of[] = {
		[VSW_CFG_VLAN_TRUNK] = VSW_VLAN_TRUNK,
		[VSW_CFG_VLAN_ACCESS] = VSW_VLAN_ACCESS,
		[VSW_CFG_VLAN_NATIVE_TAGGED] = VSW_VLAN_NATIVE_TAGGED,
		[VSW_CFG_VLAN_NATIVE_UNTAGGED] = VSW_VLAN_NATIVE_UNTAGGED,
	};

	/* The loader accepts only these four (config_check.c). */
	return of[cfg_mode];
}

/* The rule every standalone bridge starts with. */
static int
add_default_rule(struct vsw_cls_writer *w, char *err, size_t err_len)
{
	static const struct vsw_action normal = {.type = VSW_ACTION_NORMAL};
	struct vsw_rule_spec spec;
	int rc;

	memset(&spec, 0, sizeof(spec));
	spec.priority = 0;
	spec.actions = &normal;
	spec.n_actions = 1;
	rc = vsw_cls_add(w, &spec, err, err_len);
	if (rc == 0)
		vsw_cls_commit(w);
	return rc;
}

int
vswd_bridges_create(struct vswd_switch *sw, char *err, size_t err_len)
{
	const struct vsw_cfg *cfg = sw->cfg;
	char msg[VSWD_ERR_LEN];
	unsigned int b;
	int rc;

	sw->qsbr = rte_zmalloc("vsw_qsbr", rte_rcu_qsbr_get_memsize(VSW_MAX_PMDS + VSW_MAX_HELPERS),
			       RTE_CACHE_LINE_SIZE);
	/* PMD i is thread i; helper slot h (vsw_shm.h) is thread VSW_MAX_PMDS + h. */
	if (sw->qsbr == NULL || rte_rcu_qsbr_init(sw->qsbr, VSW_MAX_PMDS + VSW_MAX_HELPERS) != 0 ||
	    vsw_reclaim_create(sw->qsbr, &sw->reclaim) < 0) {
		vswd_memory_hint(cfg, "the RCU state", err, err_len);
		return -ENOMEM;
	}
	sw->dp.qsbr = sw->qsbr;
	sw->shm->qsbr = sw->qsbr;
	rc = vsw_fdb_ring_create(&sw->learn_ring);
	if (rc < 0) {
		snprintf(err, err_len, "the MAC learning ring: %s", rte_strerror(-rc));
		return rc;
	}
	sw->dp.learn_ring = sw->learn_ring;
	for (b = 0; b < cfg->n_bridges; b++) {
		const struct vsw_cfg_bridge *cb = &cfg->bridges[b];
		struct vsw_dp_bridge *br = &sw->dp.bridges[b];

		rc = vsw_cls_create(b, sw->n_pmds, sw->reclaim, &sw->cls[b], msg, sizeof(msg));
		if (rc == 0 && cb->fail_mode == VSW_CFG_FAIL_STANDALONE)
			rc = add_default_rule(sw->cls[b], msg, sizeof(msg));
		if (rc < 0) {
			snprintf(err, err_len, "bridge %s: %s", cb->name, msg);
			return rc;
		}
		rc = vswd_flows_install(cfg, b, sw->cls[b], err, err_len);
		if (rc < 0)
			return rc;
		sw->n_cls = b + 1;
		rc = vsw_fdb_create(b, (uint32_t)cb->mac_table_size, (uint32_t)cb->mac_aging,
				    sw->reclaim, &sw->fdb[b], msg, sizeof(msg));
		if (rc < 0) {
			snprintf(err, err_len, "bridge %s: %s", cb->name, msg);
			return rc;
		}
		sw->n_fdb = b + 1;
		br->cls = vsw_cls_tables(sw->cls[b]);
		br->fdb = vsw_fdb_table(sw->fdb[b]);
		br->index = (uint16_t)b;
		br->fail_mode = fail_mode_of(cb->fail_mode);
		br->packet_in_gap = rte_get_tsc_hz() / (uint64_t)cb->controller_rate_limit;
		br->packet_in_burst = br->packet_in_gap * (uint64_t)cb->controller_burst_limit;
		sw->shm->bridges[b].cls = br->cls;
		sw->shm->bridges[b].fdb = br->fdb;
		sw->shm->bridges[b].fail_mode = br->fail_mode;
	}
	sw->dp.n_bridges = cfg->n_bridges;
	vswd_bridges_link_ports(sw, cfg);
	return 0;
}

/* Port index p's packet-in ring, made on its first use (its packet-ins are lost without). */
static void
packet_in_ring(struct vswd_switch *sw, unsigned int p)
{
	char name[RTE_RING_NAMESIZE];

	if (sw->dp.packet_ins[p] != NULL)
		return;
	snprintf(name, sizeof(name), "vsw_pin_%u", p);
	if (vsw_controller_ring_create(name, VSW_PACKET_IN_QUEUE, sizeof(struct vsw_packet_in),
				       &sw->dp.packet_ins[p]) < 0)
		VSWD_LOG(WARNING, "no memory for port %u's packet-in queue: its packet-ins are lost",
			 p);
}

void
vswd_bridges_link_ports(struct vswd_switch *sw, const struct vsw_cfg *cfg)
{
	unsigned int b, p, j;

	for (b = 0, j = 0; b < cfg->n_bridges; b++) {
		for (p = 0; p < cfg->bridges[b].n_ports && j < VSW_MAX_PORTS; p++, j++) {
			const struct vsw_cfg_port *cp = &cfg->bridges[b].ports[p];
			struct vsw_dp_vlan *v = &sw->dp.vlan[j];

			v->mode = vlan_mode_of(cp->vlan_mode);
			v->tag = cp->tag < 0 ? 0 : (uint16_t)cp->tag;
			memcpy(v->trunks, cp->trunks, sizeof(v->trunks));
		}
	}
	for (b = 0; b < sw->dp.n_bridges; b++) {
		struct vsw_dp_bridge *br = &sw->dp.bridges[b];

		br->n_ports = 0;
		for (p = 0; p < sw->dp.n_ports; p++)
			if (sw->dp.ports[p]->bridge == b)
				br->ports[br->n_ports++] = (uint16_t)p;
	}
	for (p = 0; p < sw->dp.n_ports; p++)
		packet_in_ring(sw, p);
	vswd_tunnels_link(sw, cfg);
}

void
vswd_bridges_learn(struct vswd_switch *sw)
{
	struct timespec now;
	unsigned int b;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (b = 0; b < sw->n_fdb; b++)
		vsw_fdb_tick(sw->fdb[b], (uint32_t)now.tv_sec);
	/* Bounded, so a flood of new MACs cannot starve helpers' requests. */
	vsw_fdb_ring_drain(sw->learn_ring, sw->fdb, sw->n_fdb, &sw->dp, 4 * VSW_SHM_FDB_RING_SIZE);
}

void
vswd_bridges_fdb_reset(struct vswd_switch *sw)
{
	struct vsw_fdb_learn req;
	unsigned int b;

	while (rte_ring_sc_dequeue_elem(sw->learn_ring, &req, sizeof(req)) == 0)
		;
	for (b = 0; b < sw->n_fdb; b++)
		vsw_fdb_flush(sw->fdb[b], -1);
}

void
vswd_bridges_expire(struct vswd_switch *sw)
{
	struct timespec now;
	unsigned int b, n;

	n = vsw_shm_reap_readers(sw->shm);
	if (n > 0)
		VSWD_LOG(WARNING, "released %u flow-table reader slots of helpers that died", n);
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (b = 0; b < sw->n_cls; b++) {
		n = vsw_cls_expire(sw->cls[b],
				   (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec);
		if (n > 0)
			VSWD_LOG(INFO, "bridge %s: %u flows expired", sw->cfg->bridges[b].name, n);
	}
}

void
vswd_bridges_destroy(struct vswd_switch *sw)
{
	unsigned int b;

	/* First the queued frees: some release key slots of hashes freed below. */
	vsw_reclaim_destroy(sw->reclaim);
	sw->reclaim = NULL;
	for (b = 0; b < sw->n_cls; b++) {
		vsw_cls_destroy(sw->cls[b]);
		sw->cls[b] = NULL;
	}
	sw->n_cls = 0;
	for (b = 0; b < sw->n_fdb; b++) {
		vsw_fdb_destroy(sw->fdb[b]);
		sw->fdb[b] = NULL;
	}
	sw->n_fdb = 0;
	rte_ring_free(sw->learn_ring);
	sw->learn_ring = NULL;
	for (b = 0; b < VSW_MAX_PORTS; b++) {
		rte_ring_free(sw->dp.packet_ins[b]);
		sw->dp.packet_ins[b] = NULL;
	}
	rte_free(sw->qsbr);
	sw->qsbr = NULL;
}

void
vswd_bridge_behaviour(const struct vswd_switch *sw, unsigned int b, char *buf, size_t len)
{
	const struct vsw_cfg_bridge *br = &sw->cfg->bridges[b];

	if (br->fail_mode == VSW_CFG_FAIL_SECURE)
		snprintf(buf, len,
			 "fail-mode secure: %u flows from the topology, a table miss "
			 "drops",
			 br->flows.n);
	else
		snprintf(buf, len,
			 "fail-mode standalone: priority=0 actions=NORMAL (MAC learning, "
			 "mac-aging %llds, mac-table-size %lld) and %u flows from the topology",
			 (long long)br->mac_aging, (long long)br->mac_table_size, br->flows.n);
}
