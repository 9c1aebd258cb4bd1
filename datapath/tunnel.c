/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * tunnel.c: VXLAN (RFC 7348) in the PMD, the way OVS-DPDK's userspace
 * tunnels work, in two halves.
 *
 * Encapsulation. What a bridge outputs to a vxlan port waits in that port's
 * tx buffer like any output; when the PMD flushes it (actions.c), each
 * packet gets the tunnel's prebuilt outer headers in front (its headroom:
 * no copy unless another output shares the mbuf), with the next hop's MAC,
 * the lengths, the IPv4 checksum (the template's sum plus the length, no
 * pass over the header) and a UDP source port from a hash of the inner
 * headers, so that the underlay spreads a tunnel's flows as it spreads
 * flows. The burst then enters the underlay bridge as if the internal port
 * holding the local endpoint had sent it: the underlay's rules (typically
 * NORMAL) and caches take it to the physical port, as in OVS. DF is set and
 * nothing is fragmented: an inner frame longer than the underlay MTU less
 * 50 bytes is dropped and counted (tunnel_mtu). A next hop the kernel has
 * not resolved drops and counts (tunnel_no_nexthop); the control thread
 * asks the kernel meanwhile (vswitchd/tunnels.c). A flow-based remote's
 * entry is stamped with the epoch it was last used in, per PMD, so that the
 * control thread can forget idle ones when the table is full.
 *
 * Decapsulation. Before an underlay bridge's PMD parses a burst, packets
 * whose bytes say IPv4 UDP to a local endpoint's address and VXLAN port,
 * unfragmented and untagged, leave it here (their outer headers are never
 * parsed into a key; the rest are, as usual). Each outer header is checked
 * before it is trusted (tunnel_header.c) (IPv4 version, header length
 * and checksum, total length against the frame, the UDP length against the
 * IP length, a UDP checksum when one is given, VXLAN's I flag, room for an
 * inner Ethernet header); failures drop and count (tunnel_bad_header). The
 * tunnel port is found from the packet itself (local address, port, VNI,
 * source; a fixed remote and key beat "flow"), with no pass through the
 * underlay's pipeline; none: tunnel_unknown. The outer headers and any
 * Ethernet padding go, the inner frame's key gets the tunnel metadata
 * (tun_id = VNI, tun_src, tun_dst), and it runs through the tunnel port's
 * bridge as received on that port.
 */

#include <rte_byteorder.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring_elem.h>

#include "pull.h"
#include "tunnel_private.h"

/*
 * A hash of the inner frame's first 40 bytes (Ethernet, IPv4 addresses and
 * ports), in two independent CRC chains: their latencies overlap.
 */
static inline uint32_t
inner_hash(const struct rte_mbuf *m)
{
	typedef uint64_t __attribute__((may_alias, aligned(1))) word;
	const word *w = rte_pktmbuf_mtod(m, const word *);
	uint64_t even = 0, odd = 0x9e3779b9;
	unsigned int i, n = RTE_MIN(m->data_len, 40u) / 8;

	for (i = 0; i + 1 < n; i += 2) {
		even = vsw_crc_step(even, w[i]);
		odd = vsw_crc_step(odd, w[i + 1]);
	}
	if (i < n)
		even = vsw_crc_step(even, w[i]);
	return (uint32_t)(even ^ odd);
}

/*
 * The entry of remote (network order; not 0 nor VSW_NEXTHOP_GONE) in
 * nexthops, or NULL; found, it is stamped as used in this epoch by this PMD.
 */
static const struct vsw_nexthop *
nexthop_find(struct vsw_pmd *pmd, uint32_t remote)
{
	const struct vsw_dp *dp = pmd->dp;
	unsigned int i, k, h = rte_hash_crc_4byte(remote, 0) & (VSW_NEXTHOPS - 1);
	uint32_t epoch, seen;

	for (i = 0; i < VSW_NEXTHOPS; i++) {
		k = (h + i) & (VSW_NEXTHOPS - 1);
		seen = __atomic_load_n(&dp->nexthops[k].remote, __ATOMIC_ACQUIRE);
		if (seen == remote) {
			epoch = __atomic_load_n(&dp->nexthop_epoch, __ATOMIC_RELAXED);
			if (pmd->nexthop_used[k] != epoch)
				__atomic_store_n(&pmd->nexthop_used[k], epoch, __ATOMIC_RELAXED);
			return &dp->nexthops[k];
		}
		if (seen == 0)
			return NULL;
	}
	return NULL;
}

/*
 * Put tunnel t's outer headers in front of m. Returns -1, or the drop
 * reason. m is the PMD's own (not shared).
 */
static int
encap_one(struct vsw_pmd *pmd, const struct vsw_dp_tunnel *t, struct rte_mbuf *m)
{
	const struct vsw_dp *dp = pmd->dp;
	uint32_t inner_len = m->pkt_len, remote = t->remote, sum = t->ip_sum;
	const struct vsw_tunnel_md *md = NULL;
	const struct vsw_nexthop *nh;
	struct vxlan_outer *o;
	uint64_t mac;
	uint32_t hash;

	if (inner_len > t->max_frame)
		return VSW_DROP_TUNNEL_MTU;
	if (remote == 0 || t->vni < 0)
		md = RTE_MBUF_DYNFIELD(m, dp->tun_md_off, const struct vsw_tunnel_md *);
	if (remote == 0)
		remote = md->tun_dst;
	if (remote == 0 || remote == VSW_NEXTHOP_GONE)
		return VSW_DROP_TUNNEL_NO_NEXTHOP; /* a flow-based remote no rule set */
	nh = t->remote != 0 ? &dp->nexthops[t->nexthop] : nexthop_find(pmd, remote);
	if (nh == NULL) {
		/* A remote met for the first time: the control thread adds and resolves it. */
		rte_ring_enqueue_elem(dp->nexthop_asks, &remote, sizeof(remote));
		return VSW_DROP_TUNNEL_NO_NEXTHOP;
	}
	mac = __atomic_load_n(&nh->mac, __ATOMIC_ACQUIRE);
	/* A flow-based remote's slot may have been given to another remote since. */
	if (!(mac & VSW_NEXTHOP_VALID) ||
	    (t->remote == 0 && __atomic_load_n(&nh->remote, __ATOMIC_RELAXED) != remote))
		return VSW_DROP_TUNNEL_NO_NEXTHOP;
	hash = inner_hash(m); /* before the outer headers go in front */
	o = (struct vxlan_outer *)rte_pktmbuf_prepend(m, sizeof(*o));
	if (unlikely(o == NULL))
		return VSW_DROP_NO_MBUF_COPY; /* no headroom: as good as no copy */
	rte_memcpy(o, t->header, sizeof(*o));
	memcpy(&o->eth.dst_addr, &mac, RTE_ETHER_ADDR_LEN);
	o->ip.total_length = rte_cpu_to_be_16((uint16_t)(inner_len + 36));
	sum += o->ip.total_length;
	if (t->remote == 0) {
		o->ip.dst_addr = remote;
		sum += (remote & 0xffff) + (remote >> 16);
	}
	o->ip.hdr_checksum = (uint16_t)~fold(sum);
	/* hash * span / 2^32: in the range as evenly as a modulo, without a division. */
	o->udp.src_port = rte_cpu_to_be_16(
		(uint16_t)(t->src_base + (((uint64_t)hash * t->src_span) >> 32)));
	o->udp.dgram_len = rte_cpu_to_be_16((uint16_t)(inner_len + 16));
	if (t->vni < 0)
		o->vxlan.vx_vni = rte_cpu_to_be_32((uint32_t)rte_be_to_cpu_64(md->tun_id) << 8);
	return -1;
}

void
vsw_tunnel_output(struct vsw_pmd *pmd, uint16_t out, struct rte_mbuf **pkts, uint16_t n)
{
	const struct vsw_dp *dp = pmd->dp;
	const struct vsw_dp_tunnel *t = &dp->tunnels[dp->tunnel_of[out] - 1];
	const struct vsw_port *under = dp->ports[t->underlay_port];
	const struct vsw_dp_bridge *br = &dp->bridges[under->bridge];
	struct vsw_shm_port_counters *c = &pmd->stats->port[out];
	struct vsw_flow_key keys[VSW_BURST];
	struct rte_mbuf *sent[VSW_BURST];
	const struct vsw_rule *rule;
	uint16_t i, k = 0;
	uint64_t bytes = 0, v;
	int drop;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (rte_mbuf_refcnt_read(m) > 1 || !RTE_MBUF_DIRECT(m)) {
			/* Shared with another output: the headers go in front of a copy. */
			struct rte_mbuf *copy = rte_pktmbuf_copy(m, m->pool, 0, UINT32_MAX);

			rte_pktmbuf_free(m);
			if (copy == NULL) {
				c->drops[VSW_DROP_NO_MBUF_COPY]++;
				continue;
			}
			m = copy;
		}
		drop = encap_one(pmd, t, m);
		if (drop >= 0) {
			c->drops[drop]++;
			rte_pktmbuf_free(m);
			continue;
		}
		bytes += m->pkt_len;
		sent[k++] = m;
	}
	c->tx_packets += k;
	c->tx_bytes += bytes;
	if (k == 0)
		return;
	/* An underlay whose table 0 goes by the input port (an output to the
	 * physical port, NORMAL) takes the burst by one lookup, unparsed. */
	v = vsw_cls_version(br->cls);
	if (vsw_pmd_port_rule(pmd, under, v, &rule)) {
		pmd->stats->c.simple_hits += k;
		vsw_pmd_execute_burst(pmd, br, under->index, under->ofport, v, rule, sent, k);
		return;
	}
	for (i = 0; i < k; i++)
		vsw_key_parse(sent[i], under->ofport, &keys[i]);
	vsw_pmd_receive(pmd, under, v, sent, keys, k);
}

/* Whether dst:port (network order) is a local endpoint's. */
static inline bool
is_endpoint(const struct vsw_dp *dp, uint32_t dst, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < dp->n_tunnels; i++)
		if (dp->tunnels[i].local == dst && dp->tunnels[i].dst_port == port)
			return true;
	return false;
}

/*
 * Whether m is VXLAN to one of the local endpoints, from its bytes, before
 * any parse: untagged IPv4, not a fragment, UDP to an endpoint's address and
 * port. Only those fields are read, so that a malformed packet to an endpoint
 * is dropped and counted by the checks that follow rather than passed on.
 */
static inline bool
is_vxlan(const struct vsw_dp *dp, const struct rte_mbuf *m)
{
	struct pull c = pull_start(m);
	const uint8_t *eth = pull(&c, RTE_ETHER_HDR_LEN), *ip = pull(&c, 20), *udp;
	uint32_t dst, ihl;

	if (ip == NULL || be16_at(eth + 12) != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
	    ip[9] != IPPROTO_UDP ||
	    (be16_at(ip + 6) & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0)
		return false;
	ihl = (ip[0] & 0x0fu) * 4;
	if (ihl < 20 || pull(&c, ihl - 20) == NULL || (udp = pull(&c, 4)) == NULL)
		return false;
	memcpy(&dst, ip + 16, 4);
	return is_endpoint(dp, dst, be16_at(udp + 2));
}

/* vsw_tunnel_strip, and the tunnel port's rx counters. */
static int
decap_one(struct vsw_pmd *pmd, struct rte_mbuf *m, const struct vsw_dp_tunnel **t,
	  struct vsw_flow_key *inner)
{
	struct vsw_shm_port_counters *c;
	int drop = vsw_tunnel_strip(pmd->dp, m, t, inner);

	if (drop >= 0)
		return drop;
	c = &pmd->stats->port[(*t)->port];
	c->rx_packets++;
	c->rx_bytes += m->pkt_len;
	return -1;
}

/*
 * n decapsulated packets of tunnel port `port`, their keys parsed: when its
 * bridge's table 0 goes by the input port, its rule runs on each with the
 * key it has (the tunnel metadata in it), no cache asked; else the caches.
 */
static void
receive_run(struct vsw_pmd *pmd, const struct vsw_port *port, struct rte_mbuf **pkts,
	    struct vsw_flow_key *keys, uint16_t n)
{
	const struct vsw_dp_bridge *br = &pmd->dp->bridges[port->bridge];
	uint64_t v = vsw_cls_version(br->cls);
	const struct vsw_rule *rule;
	uint16_t i;

	if (!vsw_pmd_port_rule(pmd, port, v, &rule)) {
		vsw_pmd_receive(pmd, port, v, pkts, keys, n);
		return;
	}
	pmd->stats->c.simple_hits += n;
	for (i = 0; i < n; i++)
		vsw_pmd_execute(pmd, br, port->index, &keys[i], v, rule, pkts[i]);
}

uint16_t
vsw_tunnel_decap(struct vsw_pmd *pmd, const struct vsw_port *in, struct rte_mbuf **pkts,
		 struct vsw_flow_key *keys, uint16_t n)
{
	const struct vsw_dp *dp = pmd->dp;
	struct vsw_flow_key inner[VSW_BURST];
	struct rte_mbuf *decapped[VSW_BURST];
	const struct vsw_dp_tunnel *tun[VSW_BURST];
	uint16_t i, j, start, kept = 0, n_in = 0;
	int drop;

	for (i = 0; i < n; i++) {
		if (!is_vxlan(dp, pkts[i])) {
			pkts[kept] = pkts[i];
			vsw_key_parse(pkts[kept], in->ofport, &keys[kept]);
			kept++;
			continue;
		}
		drop = decap_one(pmd, pkts[i], &tun[n_in], &inner[n_in]);
		if (drop >= 0) {
			pmd->stats->port[in->index].drops[drop]++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		decapped[n_in++] = pkts[i];
	}
	/* Runs of packets for one tunnel port go in together. */
	for (start = 0; start < n_in; start = j) {
		const struct vsw_port *port = dp->ports[tun[start]->port];

		for (j = start + 1; j < n_in && tun[j] == tun[start]; j++)
			;
		receive_run(pmd, port, decapped + start, inner + start, (uint16_t)(j - start));
	}
	return kept;
}
