/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * switch.c: brings the switch up from a checked topology and takes it down
 * again, in this order: shared state (shm/), mbuf pool, ports (port/), flow
 * tables (bridge.c) and PMDs (datapath/), then launch. Tear-down is the reverse
 * and also serves as the undo of a failed start, so a start that fails
 * leaves nothing behind.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "vsw_kernel.h"
#include "vsw_vhost.h"
#include "vswitchd.h"

void
vswd_switch_publish(struct vswd_switch *sw, const struct vsw_cfg *cfg)
{
	struct vsw_shm *shm = sw->shm;
	unsigned int b, p;

	shm->n_bridges = cfg->n_bridges;
	for (b = 0; b < cfg->n_bridges; b++) {
		snprintf(shm->bridges[b].name, sizeof(shm->bridges[b].name), "%s",
			 cfg->bridges[b].name);
		shm->bridges[b].n_ports = cfg->bridges[b].n_ports;
	}
	for (p = 0; p < sw->dp.n_ports; p++) {
		const struct vsw_port *port = sw->dp.ports[p];
		struct vsw_shm_port *sp = &shm->ports[p];

		snprintf(sp->name, sizeof(sp->name), "%s", port->name);
		snprintf(sp->type, sizeof(sp->type), "%s", port->type);
		sp->ofport = port->ofport;
		sp->bridge = port->bridge;
		sp->ethdev_id = port->ethdev_id;
		sp->n_rxq = port->n_rxq;
		sp->n_txq = port->n_txq;
		sp->dev_name[0] = '\0';
		if (port->ethdev_id == UINT16_MAX) /* no device: a tunnel port */
			continue;
		if (rte_eth_dev_get_name_by_port(port->ethdev_id, sp->dev_name) != 0)
			sp->dev_name[0] = '\0';
		rte_eth_macaddr_get(port->ethdev_id, (struct rte_ether_addr *)sp->mac);
	}
	shm->n_ports = sw->dp.n_ports;
	shm->n_pmds = sw->n_pmds;
}

int
vswd_port_open(struct vswd_switch *sw, const struct vsw_cfg *cfg, unsigned int b, unsigned int p,
	       unsigned int index, struct vsw_port **out, char *err, size_t err_len)
{
	const struct vsw_cfg_port *cp = &cfg->bridges[b].ports[p];
	struct vsw_port_ethdev_params params = {
		.cfg = cp,
		.index = (uint16_t)index,
		.bridge = (uint16_t)b,
		.n_pmds = sw->n_pmds,
		.pool = sw->pools[sw->n_pools - 1], /* the newest: sized for new ports */
	};
	char msg[VSWD_ERR_LEN];
	int rc;

	if (cp->type == VSW_CFG_PORT_DPDK)
		rc = vsw_port_ethdev_open(&params, out, msg, sizeof(msg));
	else if (cp->type == VSW_CFG_PORT_INTERNAL)
		rc = vsw_internal_open(&params, out, msg, sizeof(msg));
	else if (cp->type == VSW_CFG_PORT_VXLAN)
		rc = vsw_port_tunnel_open(&params, out, msg, sizeof(msg));
	else
		rc = vsw_vhost_open(&params, out, msg, sizeof(msg));
	if (rc < 0)
		snprintf(err, err_len, "%s:%u:%u: %s", cfg->file, cp->at.line, cp->at.col, msg);
	return rc;
}

/* Open every port of the topology, in its order: port index = position. */
static int
open_ports(struct vswd_switch *sw, char *err, size_t err_len)
{
	const struct vsw_cfg *cfg = sw->cfg;
	unsigned int b, p;
	int rc;

	for (b = 0; b < cfg->n_bridges; b++) {
		for (p = 0; p < cfg->bridges[b].n_ports; p++) {
			rc = vswd_port_open(sw, cfg, b, p, sw->dp.n_ports,
					    &sw->dp.ports[sw->dp.n_ports], err, err_len);
			if (rc < 0)
				return rc;
			sw->dp.n_ports++;
		}
	}
	return 0;
}

int
vswd_pool_add(struct vswd_switch *sw, uint32_t n_mbufs, uint16_t data_room)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;

	if (sw->n_pools == VSWD_MAX_POOLS)
		return -ENOSPC;
	/* "vsw.mbufs", then "vsw.mbufs.1" ... for pools added by reloads. */
	if (sw->n_pools == 0)
		snprintf(name, sizeof(name), "vsw.mbufs");
	else
		snprintf(name, sizeof(name), "vsw.mbufs.%u", sw->n_pools);
	mp = rte_pktmbuf_pool_create(name, n_mbufs, 256, 0, data_room, (int)rte_socket_id());
	if (mp == NULL)
		return -ENOMEM;
	sw->pools[sw->n_pools++] = mp;
	return 0;
}

int
vswd_pmds_launch(struct vswd_switch *sw, char *err, size_t err_len)
{
	unsigned int i;
	int rc;

	__atomic_store_n(&sw->dp.stop, 0, __ATOMIC_RELEASE);
	for (i = 0; i < sw->n_pmds; i++) {
		rc = rte_eal_remote_launch(vsw_pmd_run, sw->pmds[i], sw->pmds[i]->lcore);
		if (rc < 0) {
			snprintf(err, err_len, "cannot start the PMD thread on lcore %u: %s",
				 sw->pmds[i]->lcore, strerror(-rc));
			vswd_pmds_stop(sw);
			return rc;
		}
	}
	sw->pmds_running = true;
	return 0;
}

void
vswd_pmds_stop(struct vswd_switch *sw)
{
	vsw_dp_stop(&sw->dp);
	rte_eal_mp_wait_lcore();
	sw->pmds_running = false;
}

int
vswd_switch_start(struct vswd_switch *sw, struct vsw_cfg *cfg, char *err, size_t err_len)
{
	unsigned int lcores[VSW_MAX_PMDS], i;
	struct vswd_pool_size ps;
	int rc;

	memset(sw, 0, sizeof(*sw));
	sw->cfg = cfg;
	sw->n_pmds = cfg->pmd_cores.n;
	sw->started_ns = vswd_now_ns();
	sw->shm = vsw_shm_create();
	if (sw->shm == NULL) {
		vswd_memory_hint(cfg, "the shared state", err, err_len);
		return -ENOMEM;
	}
	sw->dp.shm = sw->shm;

	vswd_pool_size(cfg, &ps);
	rc = vswd_pool_add(sw, ps.n_mbufs, ps.data_room);
	if (rc < 0) {
		vswd_memory_hint(cfg, "the mbuf pool", err, err_len);
		rc = -ENOMEM;
		goto fail;
	}
	rc = open_ports(sw, err, err_len);
	if (rc == 0)
		rc = vswd_tunnels_create(sw, err, err_len);
	if (rc == 0)
		rc = vswd_bridges_create(sw, err, err_len);
	if (rc < 0)
		goto fail;

	for (i = 0; i < sw->n_pmds; i++)
		lcores[i] = (unsigned int)cfg->pmd_cores.v[i];
	sw->dp.dpflow_flows = ps.dpflow_flows;
	rc = vsw_pmd_create_all(&sw->dp, lcores, sw->n_pmds, sw->pmds);
	if (rc < 0) {
		vswd_memory_hint(cfg, "the PMD threads' state", err, err_len);
		goto fail;
	}
	vswd_switch_publish(sw, cfg);
	rc = vswd_pmds_launch(sw, err, err_len);
	if (rc < 0)
		goto fail;
	__atomic_store_n(&sw->shm->state, VSW_STATE_RUNNING, __ATOMIC_RELEASE);
	return 0;
fail:
	vswd_switch_stop(sw, NULL);
	return rc;
}

void
vswd_switch_print_summary(const struct vswd_switch *sw, bool detached)
{
	const struct vsw_cfg *cfg = sw->cfg;
	unsigned int b, p, i, index = 0;

	printf("vswitchd: running as pid %d, file-prefix %s, PMD threads on cores", (int)getpid(),
	       cfg->dpdk.file_prefix);
	for (i = 0; i < sw->n_pmds; i++)
		printf(" %u", sw->pmds[i]->lcore);
	printf("\n");
	/* Ports were opened in topology order: port table index = running count. */
	for (b = 0; b < cfg->n_bridges; b++) {
		char what[256];

		vswd_bridge_behaviour(sw, b, what, sizeof(what));
		printf("bridge %s: %s\n", cfg->bridges[b].name, what);
		for (p = 0; p < cfg->bridges[b].n_ports; p++, index++) {
			const struct vsw_cfg_port *cp = &cfg->bridges[b].ports[p];
			struct vsw_port *port = sw->dp.ports[index];
			struct vsw_port_link link = {0};

			port->ops->link_get(port, &link);
			printf("  port %s: ofport %u, %s %s, link %s", port->name, port->ofport,
			       port->type,
			       cp->type == VSW_CFG_PORT_DPDK	? cp->devargs
			       : cp->type == VSW_CFG_PORT_VXLAN ? cp->remote_ip
								: cp->path,
			       link.up ? "up" : "down");
			if (cp->type == VSW_CFG_PORT_VXLAN)
				printf(" (key %s, local-ip %s, dst-port %lld)", cp->key, cp->local_ip,
				       (long long)cp->dst_port);
			if (link.up && link.speed_mbps != 0)
				printf(" %u Mbps", link.speed_mbps);
			printf(", %u rxq, %u txq%s\n", port->n_rxq, port->n_txq,
			       port->txq_shared ? " (shared by PMDs, locked)" : "");
		}
	}
	if (detached)
		printf("stop: kill %d\n", (int)getpid());
	else
		printf("stop: Ctrl-C, or kill %d\n", (int)getpid());
	fflush(stdout);
}

/* One line per port to out: counters, then each drop reason that is non-zero. */
static void
print_port_counters(const struct vswd_switch *sw, unsigned int p, FILE *out)
{
	const struct vsw_port *port = sw->dp.ports[p];
	struct vsw_port_totals t;
	unsigned int r, n_drops = 0;

	vsw_shm_port_totals(sw->shm, p, &t);
	fprintf(out,
		"port %s: rx_packets=%" PRIu64 " rx_bytes=%" PRIu64 " tx_packets=%" PRIu64
		" tx_bytes=%" PRIu64 " drops:",
		port->name, t.rx_packets, t.rx_bytes, t.tx_packets, t.tx_bytes);
	for (r = 0; r < VSW_DROP__COUNT; r++) {
		if (t.drops[r] == 0)
			continue;
		fprintf(out, " %s=%" PRIu64, vsw_shm_drop_name(r), t.drops[r]);
		n_drops++;
	}
	fprintf(out, "%s\n", n_drops ? "" : " none");
}

/* What each drop reason counted on some port means, one line each. */
static void
print_drop_help(const struct vswd_switch *sw, FILE *out)
{
	uint64_t total[VSW_DROP__COUNT] = {0};
	struct vsw_port_totals t;
	unsigned int p, r;

	for (p = 0; p < sw->dp.n_ports; p++) {
		vsw_shm_port_totals(sw->shm, p, &t);
		for (r = 0; r < VSW_DROP__COUNT; r++)
			total[r] += t.drops[r];
	}
	for (r = 0; r < VSW_DROP__COUNT; r++)
		if (total[r] != 0)
			fprintf(out, "drop reason %s: %s\n", vsw_shm_drop_name(r),
				vsw_shm_drop_help(r));
}

void
vswd_switch_refresh(struct vswd_switch *sw)
{
	struct vsw_port_hw_stats hw;
	unsigned int p;

	for (p = 0; p < sw->dp.n_ports; p++) {
		struct vsw_port *port = sw->dp.ports[p];
		uint64_t *drops = sw->shm->ports[p].port_drops;

		if (port->ops->hw_stats_get(port, &hw) < 0)
			continue;
		__atomic_store_n(&drops[VSW_DROP_RX_RING_FULL], hw.rx_missed, __ATOMIC_RELAXED);
		__atomic_store_n(&drops[VSW_DROP_RX_NO_MBUF], hw.rx_nombuf, __ATOMIC_RELAXED);
	}
}

void
vswd_switch_stop(struct vswd_switch *sw, FILE *out)
{
	unsigned int p;

	if (sw->shm != NULL)
		__atomic_store_n(&sw->shm->state, VSW_STATE_STOPPING, __ATOMIC_RELEASE);
	if (sw->pmds_running) {
		vswd_pmds_stop(sw);
		vswd_switch_refresh(sw);
		for (p = 0; p < sw->dp.n_ports && out != NULL; p++)
			print_port_counters(sw, p, out);
		if (out != NULL)
			print_drop_help(sw, out);
		if (out != NULL)
			fflush(out);
	}
	vsw_pmd_free_all(sw->pmds, sw->n_pmds);
	vswd_bridges_destroy(sw);
	vswd_tunnels_destroy(sw);
	for (p = 0; p < sw->dp.n_ports; p++) {
		sw->dp.ports[p]->ops->close(sw->dp.ports[p]);
		sw->dp.ports[p] = NULL;
	}
	sw->dp.n_ports = 0;
	while (sw->n_pools > 0) {
		rte_mempool_free(sw->pools[--sw->n_pools]);
		sw->pools[sw->n_pools] = NULL;
	}
	if (sw->shm != NULL)
		vsw_shm_free(sw->shm);
	sw->shm = NULL;
}
