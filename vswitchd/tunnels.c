/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * tunnels.c: the control thread's side of vxlan ports. From the topology it
 * fills the datapath's tunnel table (vsw_dp.tunnels: the outer header
 * templates, the underlay's internal port and MTU, which bridges decapsulate)
 * whenever the port table is linked (start, reloads; PMDs stopped). It keeps
 * the next hops of the remote endpoints (vsw_dp.nexthops) as the kernel's
 * routing and neighbour tables give them (kernel/route.c): at start, as soon
 * as the kernel notifies a change (its socket wakes the control loop's
 * poll), every 100 ms while one is unresolved (each look asks the kernel to
 * resolve it) and once a second anyway. A next hop whose route leaves
 * through anything but the tunnel's underlay internal port is unresolved:
 * the packet could not leave through vsw. Remotes that flow-based tunnels
 * meet (set_field to tun_dst) come from the PMDs through a ring and get an
 * entry here. The table holds VSW_NEXTHOPS remotes: when it is full, the
 * flow-based remote the PMDs have sent to least recently, if none of them
 * has for over a second, is forgotten to make room (a controller's remotes
 * come and go over the switch's life; fixed remotes stay).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring_elem.h>

#include "vsw_kernel.h"
#include "vswitchd.h"

#define RESOLVE_RETRY_NS  100000000ull	/* while a next hop is unresolved */
#define RESOLVE_REFRESH_NS 1000000000ull /* anyway */

/* What the next hops depend on, by nexthops[] index. */
static struct {
	uint32_t oif;  /* the internal port's interface that must carry it */
	uint32_t born; /* dp->nexthop_epoch when the entry was made */
	bool fixed;    /* a fixed remote's (a tunnel's t->nexthop): never forgotten */
} hops[VSW_NEXTHOPS];

static uint32_t flow_oif;	   /* where remotes of flow-based tunnels must route through */
static struct mnl_socket *watch;   /* the kernel's notifications; NULL: none yet */
static uint64_t next_resolve_ns;   /* when to look again */

/* The kernel MAC of interface ifname (an internal port), or zeros. */
static void
kernel_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(mac, 0, 6);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.*s", IFNAMSIZ - 1, ifname);
	if (fd >= 0 && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (fd >= 0)
		close(fd);
}

/*
 * The entry of remote in nexthops (made if absent, for interface oif, in
 * the first free or forgotten slot of its probe sequence); -1 when full.
 */
static int
nexthop_slot(struct vsw_dp *dp, uint32_t remote, uint32_t oif)
{
	unsigned int i, h = rte_hash_crc_4byte(remote, 0) & (VSW_NEXTHOPS - 1), k;
	int room = -1;

	for (i = 0; i < VSW_NEXTHOPS; i++) {
		k = (h + i) & (VSW_NEXTHOPS - 1);
		if (dp->nexthops[k].remote == remote)
			return (int)k;
		if (dp->nexthops[k].remote == VSW_NEXTHOP_GONE && room < 0)
			room = (int)k;
		if (dp->nexthops[k].remote == 0) {
			room = room < 0 ? (int)k : room;
			break;
		}
	}
	if (room < 0)
		return -1;
	hops[room].oif = oif;
	hops[room].born = dp->nexthop_epoch;
	hops[room].fixed = false;
	__atomic_store_n(&dp->nexthops[room].mac, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&dp->nexthops[room].remote, remote, __ATOMIC_RELEASE);
	return room;
}

/* The last epoch entry k was used in: made, or sent to by a PMD. */
static uint32_t
nexthop_last_use(const struct vswd_switch *sw, unsigned int k)
{
	uint32_t last = hops[k].born, used;
	unsigned int i;

	for (i = 0; i < sw->n_pmds; i++) {
		used = __atomic_load_n(&sw->pmds[i]->nexthop_used[k], __ATOMIC_RELAXED);
		last = RTE_MAX(last, used);
	}
	return last;
}

/*
 * Forget the flow-based remote used least recently, if it has been idle for
 * over a second (its slot goes on in probe sequences, free for another).
 * Whether one was.
 */
static bool
nexthop_forget_idle(struct vswd_switch *sw)
{
	struct vsw_dp *dp = &sw->dp;
	uint32_t oldest = 0, last;
	char a[INET_ADDRSTRLEN];
	int victim = -1;
	unsigned int k;

	for (k = 0; k < VSW_NEXTHOPS; k++) {
		if (dp->nexthops[k].remote == 0 || dp->nexthops[k].remote == VSW_NEXTHOP_GONE ||
		    hops[k].fixed)
			continue;
		last = nexthop_last_use(sw, k);
		if (last + 1 < dp->nexthop_epoch && (victim < 0 || last < oldest)) {
			victim = (int)k;
			oldest = last;
		}
	}
	if (victim < 0)
		return false;
	inet_ntop(AF_INET, &dp->nexthops[victim].remote, a, sizeof(a));
	__atomic_store_n(&dp->nexthops[victim].mac, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&dp->nexthops[victim].remote, VSW_NEXTHOP_GONE, __ATOMIC_RELEASE);
	VSWD_LOG(INFO, "tunnel remote %s: forgotten (idle, and the table of %u is full)", a,
		 VSW_NEXTHOPS);
	return true;
}

/* Port index of cfg's bridge b, port p (ports are indexed in file order). */
static unsigned int
port_index(const struct vsw_cfg *cfg, unsigned int b, unsigned int p)
{
	unsigned int i, index = 0;

	for (i = 0; i < b; i++)
		index += cfg->bridges[i].n_ports;
	return index + p;
}

/*
 * The underlay's MTU: the smallest of the ports packets leave it by (all but
 * its internal ones), else the internal port's.
 */
static int64_t
underlay_mtu(const struct vsw_cfg_bridge *br, const struct vsw_cfg_port *in)
{
	int64_t mtu = INT64_MAX;
	unsigned int p;

	for (p = 0; p < br->n_ports; p++)
		if (br->ports[p].type != VSW_CFG_PORT_INTERNAL)
			mtu = RTE_MIN(mtu, br->ports[p].mtu);
	return mtu == INT64_MAX ? in->mtu : mtu;
}

/* Fill tunnel t from vxlan port cp (port index `index`) of cfg. */
static void
tunnel_fill(struct vsw_dp *dp, const struct vsw_cfg *cfg, const struct vsw_cfg_port *cp,
	    unsigned int index, struct vsw_dp_tunnel *t)
{
	const struct vsw_cfg_port *in = &cfg->bridges[cp->underlay_bridge].ports[cp->underlay_port];
	uint8_t mac[6];

	memset(t, 0, sizeof(*t));
	t->port = (uint16_t)index;
	t->underlay_port = (uint16_t)port_index(cfg, cp->underlay_bridge, cp->underlay_port);
	t->dst_port = rte_cpu_to_be_16((uint16_t)cp->dst_port);
	t->src_base = (uint16_t)cp->src_port_min;
	t->src_span = (uint32_t)(cp->src_port_max - cp->src_port_min + 1);
	t->local = cp->tun_local;
	t->remote = cp->tun_remote;
	t->vni = cp->tun_vni == VSW_CFG_VNI_FLOW ? -1 : (int32_t)cp->tun_vni;
	t->max_frame = (uint32_t)underlay_mtu(&cfg->bridges[cp->underlay_bridge], in) -
		       VSW_VXLAN_HLEN + 14;
	kernel_mac(in->name, mac);
	vsw_tunnel_prepare(t, mac);
	dp->tunnel_of[index] = (uint8_t)(t - dp->tunnels + 1);
	dp->flow_tunnel[index] = t->remote == 0 || t->vni < 0;
	dp->bridges[cp->underlay_bridge].decap = 1;
	if (t->remote != 0) {
		int k = nexthop_slot(dp, t->remote, if_nametoindex(in->name));

		t->nexthop = k < 0 ? 0 : (uint32_t)k;
		if (k >= 0)
			hops[k].fixed = true;
	} else if (flow_oif == 0) {
		flow_oif = if_nametoindex(in->name);
	}
}

void
vswd_tunnels_link(struct vswd_switch *sw, const struct vsw_cfg *cfg)
{
	struct vsw_dp *dp = &sw->dp;
	unsigned int b, p;

	dp->n_tunnels = 0;
	memset(dp->tunnel_of, 0, sizeof(dp->tunnel_of));
	memset(dp->flow_tunnel, 0, sizeof(dp->flow_tunnel));
	memset(dp->nexthops, 0, sizeof(dp->nexthops));
	memset(hops, 0, sizeof(hops));
	flow_oif = 0;
	for (b = 0; b < dp->n_bridges; b++)
		dp->bridges[b].decap = 0;
	for (b = 0; b < cfg->n_bridges; b++)
		for (p = 0; p < cfg->bridges[b].n_ports && dp->n_tunnels < VSW_MAX_TUNNELS; p++)
			if (cfg->bridges[b].ports[p].type == VSW_CFG_PORT_VXLAN)
				tunnel_fill(dp, cfg, &cfg->bridges[b].ports[p], port_index(cfg, b, p),
					    &dp->tunnels[dp->n_tunnels++]);
	if (dp->n_tunnels > 0)
		vswd_tunnels_resolve(sw);
}

int
vswd_tunnels_create(struct vswd_switch *sw, char *err, size_t err_len)
{
	static const struct rte_mbuf_dynfield md = {
		.name = "vsw_tunnel_md",
		.size = sizeof(struct vsw_tunnel_md),
		.align = __alignof__(struct vsw_tunnel_md),
	};
	struct vsw_dp *dp = &sw->dp;

	dp->tun_md_off = rte_mbuf_dynfield_register(&md);
	if (dp->tun_md_off < 0) {
		snprintf(err, err_len, "the tunnel metadata's mbuf field: %s",
			 rte_strerror(rte_errno));
		return -rte_errno;
	}
	dp->nexthop_asks = rte_ring_create_elem("vsw.nexthop_asks", sizeof(uint32_t),
						VSW_NEXTHOP_ASKED, SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (dp->nexthop_asks == NULL) {
		snprintf(err, err_len, "the tunnel next hop ring: %s", rte_strerror(rte_errno));
		return -ENOMEM;
	}
	watch = vsw_route_watch_open(err, err_len);
	return watch != NULL ? 0 : -errno;
}

void
vswd_tunnels_destroy(struct vswd_switch *sw)
{
	rte_ring_free(sw->dp.nexthop_asks);
	sw->dp.nexthop_asks = NULL;
	if (watch != NULL)
		mnl_socket_close(watch);
	watch = NULL;
}

int
vswd_tunnels_fd(void)
{
	return watch != NULL ? mnl_socket_get_fd(watch) : -1;
}

/* Look up entry k's next hop again; whether it is resolved. */
static bool
resolve_one(struct vsw_dp *dp, unsigned int k)
{
	struct vsw_nexthop *nh = &dp->nexthops[k];
	uint64_t mac = 0, old = __atomic_load_n(&nh->mac, __ATOMIC_RELAXED);
	struct vsw_route r;
	char a[INET_ADDRSTRLEN];

	if (vsw_route_lookup(nh->remote, &r) == 0 && r.resolved && r.oif == hops[k].oif) {
		memcpy(&mac, r.mac, 6);
		mac |= VSW_NEXTHOP_VALID;
	}
	if (mac != old) {
		__atomic_store_n(&nh->mac, mac, __ATOMIC_RELEASE);
		inet_ntop(AF_INET, &nh->remote, a, sizeof(a));
		VSWD_LOG(INFO, "tunnel remote %s: %s", a,
			 mac != 0 ? "next hop resolved" : "no usable route or next hop (yet)");
	}
	return mac != 0;
}

void
vswd_tunnels_resolve(struct vswd_switch *sw)
{
	struct vsw_dp *dp = &sw->dp;
	bool all = true;
	unsigned int k;

	for (k = 0; k < VSW_NEXTHOPS; k++)
		if (dp->nexthops[k].remote != 0 && dp->nexthops[k].remote != VSW_NEXTHOP_GONE)
			all &= resolve_one(dp, k);
	next_resolve_ns = vswd_now_ns() + (all ? RESOLVE_REFRESH_NS : RESOLVE_RETRY_NS);
}

void
vswd_tunnels_poll(struct vswd_switch *sw)
{
	struct vsw_dp *dp = &sw->dp;
	bool changed = false;
	uint32_t remote;

	if (dp->n_tunnels == 0)
		return;
	__atomic_store_n(&dp->nexthop_epoch, (uint32_t)(vswd_now_ns() / 1000000000u),
			 __ATOMIC_RELAXED);
	while (rte_ring_dequeue_elem(dp->nexthop_asks, &remote, sizeof(remote)) == 0) {
		int k = nexthop_slot(dp, remote, flow_oif);

		if (k < 0 && nexthop_forget_idle(sw))
			k = nexthop_slot(dp, remote, flow_oif);
		changed |= k >= 0;
	}
	if (watch != NULL)
		changed |= vsw_route_watch_changed(watch);
	if (changed || vswd_now_ns() >= next_resolve_ns)
		vswd_tunnels_resolve(sw);
}
