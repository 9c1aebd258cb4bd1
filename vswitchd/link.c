/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * link.c: ports' link state for helpers. DPDK delivers link-change
 * interrupts to the primary only, in its interrupt thread; vswitchd writes
 * the new state into the shared port table (vsw_shm_port.link_up) and
 * broadcasts a VSW_IPC_LINK_EVENT message to every secondary. Many drivers
 * raise no such interrupt (DPDK 22.11's net_tap and net_pcap among them), so
 * the control thread also polls every port once a second
 * (vswd_link_refresh) and reports a change the same way.
 */

#include <net/if.h>
#include <string.h>

#include <rte_ethdev.h>

#include "vswitchd.h"

static struct vsw_shm *shm; /* set while the callback is registered */

/* The vsw port index of DPDK port ethdev_id, or -1. */
static int
port_of(uint16_t ethdev_id)
{
	unsigned int p;

	for (p = 0; p < shm->n_ports && p < VSW_MAX_PORTS; p++)
		if (shm->ports[p].ethdev_id == ethdev_id)
			return (int)p;
	return -1;
}

/*
 * The state users see for a link the driver reports: unknown, not down,
 * when the port's kernel interface (net_tap) has moved to another network
 * namespace, since the driver asks the kernel in vswitchd's, which no
 * longer has it.
 */
static uint16_t
link_state(uint16_t ethdev_id, const struct rte_eth_link *link)
{
	struct rte_eth_dev_info info;
	char name[IF_NAMESIZE];

	if (link->link_status)
		return VSW_LINK_UP;
	if (rte_eth_dev_info_get(ethdev_id, &info) == 0 && info.if_index != 0 &&
	    if_indextoname(info.if_index, name) == NULL)
		return VSW_LINK_UNKNOWN;
	return VSW_LINK_DOWN;
}

/*
 * Note port p's link; when it changed, tell every helper and log it. Any
 * thread: the exchange makes one caller, not two, report a change.
 */
static void
note_link(struct vsw_shm *state, unsigned int p, const struct rte_eth_link *link)
{
	struct vsw_ipc_link_event ev = {.version = VSW_SHM_VERSION};
	struct vsw_shm_port *sp = &state->ports[p];
	uint16_t now = link_state(sp->ethdev_id, link);
	struct rte_mp_msg msg;

	ev.speed_mbps = now == VSW_LINK_UP && link->link_speed != RTE_ETH_SPEED_NUM_UNKNOWN
				? link->link_speed
				: 0;
	__atomic_store_n(&sp->speed_mbps, ev.speed_mbps, __ATOMIC_RELAXED);
	if (__atomic_exchange_n(&sp->link, now, __ATOMIC_ACQ_REL) == now)
		return;
	ev.port = (uint16_t)p;
	ev.link = now;
	memset(&msg, 0, sizeof(msg));
	snprintf(msg.name, sizeof(msg.name), "%s", VSW_IPC_LINK_EVENT);
	msg.len_param = sizeof(ev);
	memcpy(msg.param, &ev, sizeof(ev));
	if (rte_mp_sendmsg(&msg) < 0)
		VSWD_LOG(WARNING, "port %s: could not tell helpers its link is %s", sp->name,
			 vsw_shm_link_name(now));
	VSWD_LOG(INFO, "port %s: link %s%s", sp->name, vsw_shm_link_name(now),
		 now == VSW_LINK_UNKNOWN ? " (its interface is in another network namespace)" : "");
}

/* DPDK's interrupt thread: a driver that reports link changes reported one. */
static int
on_link_change(uint16_t ethdev_id, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	struct rte_eth_link link;
	int p = port_of(ethdev_id);

	RTE_SET_USED(type);
	RTE_SET_USED(arg);
	RTE_SET_USED(ret_param);
	if (p >= 0 && rte_eth_link_get_nowait(ethdev_id, &link) == 0)
		note_link(shm, (unsigned int)p, &link);
	return 0;
}

int
vswd_link_watch(struct vsw_shm *state, char *err, size_t err_len)
{
	int rc;

	shm = state;
	vswd_link_refresh(state);
	rc = rte_eth_dev_callback_register(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_LSC, on_link_change,
					   NULL);
	if (rc < 0)
		snprintf(err, err_len, "cannot watch link changes: %s", strerror(-rc));
	return rc;
}

void
vswd_link_unwatch(void)
{
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_LSC, on_link_change, NULL);
}

void
vswd_link_refresh(struct vsw_shm *state)
{
	struct rte_eth_link link;
	unsigned int p;

	for (p = 0; p < state->n_ports && p < VSW_MAX_PORTS; p++)
		if (state->ports[p].ethdev_id != UINT16_MAX &&
		    rte_eth_link_get_nowait(state->ports[p].ethdev_id, &link) == 0)
			note_link(state, p, &link);
}
