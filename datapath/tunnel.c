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
 * asks the kernel meanwhile (vswitchd/tunnel_route.c).
 *
 * Decapsulation. An underlay bridge's PMD parses a burst as usual; packets
 * whose key says IPv4 UDP to a local endpoint's address and VXLAN port,
 * unfragmented and untagged, leave the burst here before any lookup. Each
 * outer header is checked before it is trusted (IPv4 version, header length
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
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring_elem.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "vsw_datapath.h"

/* The outer headers, as they lie in front of the inner frame. */
struct vxlan_outer {
	struct rte_ether_hdr eth;
	struct rte_ipv4_hdr ip;
	struct rte_udp_hdr udp;
	struct rte_vxlan_hdr vxlan;
} __rte_packed __rte_aligned(2);
_Static_assert(sizeof(struct vxlan_outer) == VSW_VXLAN_HLEN, "VXLAN outer headers");

#define VXLAN_FLAG_I 0x08 /* the first byte: the VNI is valid */

/* Fold a 32-bit one's-complement sum to 16 bits. */
static inline uint16_t
fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

void
vsw_tunnel_prepare(struct vsw_dp_tunnel *t, const uint8_t src_mac[6])
{
	struct vxlan_outer *o = (struct vxlan_outer *)t->header;

	memset(o, 0, sizeof(*o));
	memcpy(&o->eth.src_addr, src_mac, RTE_ETHER_ADDR_LEN);
	o->eth.ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	o->ip.version_ihl = RTE_IPV4_VHL_DEF;
	o->ip.fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
	o->ip.time_to_live = 64;
	o->ip.next_proto_id = IPPROTO_UDP;
	o->ip.src_addr = t->local;
	o->ip.dst_addr = t->remote;
	o->udp.dst_port = t->dst_port;
	o->vxlan.vx_flags = RTE_BE32((uint32_t)VXLAN_FLAG_I << 24);
	o->vxlan.vx_vni = rte_cpu_to_be_32((uint32_t)(t->vni < 0 ? 0 : t->vni) << 8);
	/* total_length and hdr_checksum are zero here: each packet adds its length. */
	t->ip_sum = __rte_raw_cksum(&o->ip, sizeof(o->ip), 0);
}

/* A hash of the inner frame's first 40 bytes (Ethernet, IPv4 addresses and ports). */
static inline uint32_t
inner_hash(const struct rte_mbuf *m)
{
	typedef uint64_t __attribute__((may_alias, aligned(1))) word;
	const word *w = rte_pktmbuf_mtod(m, const word *);
	uint64_t crc = 0;
	unsigned int i, n = RTE_MIN(m->data_len, 40u) / 8;

	for (i = 0; i < n; i++)
		crc = vsw_crc_step(crc, w[i]);
	return (uint32_t)crc;
}

/* The entry of remote (network order) in nexthops, or NULL. */
static const struct vsw_nexthop *
nexthop_find(const struct vsw_dp *dp, uint32_t remote)
{
	unsigned int i, h = rte_hash_crc_4byte(remote, 0) & (VSW_NEXTHOPS - 1);

	for (i = 0; i < VSW_NEXTHOPS; i++) {
		const struct vsw_nexthop *nh = &dp->nexthops[(h + i) & (VSW_NEXTHOPS - 1)];

		if (nh->remote == remote)
			return nh;
		if (nh->remote == 0)
			return NULL;
	}
	return NULL;
}

/*
 * Put tunnel t's outer headers in front of m. Returns -1, or the drop
 * reason. m is the PMD's own (not shared).
 */
static int
encap_one(const struct vsw_dp *dp, const struct vsw_dp_tunnel *t, struct rte_mbuf *m)
{
	uint32_t inner_len = m->pkt_len, remote = t->remote, sum = t->ip_sum;
	const struct vsw_tunnel_md *md = NULL;
	const struct vsw_nexthop *nh;
	struct vxlan_outer *o;
	uint64_t mac;

	if (inner_len > t->max_frame)
		return VSW_DROP_TUNNEL_MTU;
	if (remote == 0 || t->vni < 0)
		md = RTE_MBUF_DYNFIELD(m, dp->tun_md_off, const struct vsw_tunnel_md *);
	if (remote == 0)
		remote = md->tun_dst;
	nh = t->remote != 0 ? &dp->nexthops[t->nexthop] : nexthop_find(dp, remote);
	if (nh == NULL) {
		/* A remote met for the first time: the control thread adds and resolves it. */
		if (remote != 0)
			rte_ring_enqueue_elem(dp->nexthop_asks, &remote, sizeof(remote));
		return VSW_DROP_TUNNEL_NO_NEXTHOP;
	}
	mac = __atomic_load_n(&nh->mac, __ATOMIC_RELAXED);
	if (!(mac & VSW_NEXTHOP_VALID))
		return VSW_DROP_TUNNEL_NO_NEXTHOP;
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
	o->udp.src_port = rte_cpu_to_be_16(
		(uint16_t)(t->src_base + inner_hash(m) % t->src_span));
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
	struct vsw_shm_port_counters *c = &pmd->stats->port[out];
	struct vsw_flow_key keys[VSW_BURST];
	struct rte_mbuf *sent[VSW_BURST];
	uint16_t i, k = 0;
	uint64_t bytes = 0;
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
		drop = encap_one(dp, t, m);
		if (drop >= 0) {
			c->drops[drop]++;
			rte_pktmbuf_free(m);
			continue;
		}
		bytes += m->pkt_len;
		vsw_key_parse(m, under->ofport, &keys[k]);
		sent[k++] = m;
	}
	c->tx_packets += k;
	c->tx_bytes += bytes;
	if (k > 0)
		vsw_pmd_receive(pmd, under, vsw_cls_version(dp->bridges[under->bridge].cls), sent,
				keys, k);
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
 * Whether m (key k) is VXLAN to one of the local endpoints: untagged,
 * unfragmented IPv4 UDP to an endpoint's address and port. The parse leaves
 * every IP field 0 when a length does not fit (as OVS): such a packet is
 * looked at in its bytes, so that a malformed one to an endpoint is dropped
 * and counted here rather than passed on.
 */
static inline bool
is_vxlan(const struct vsw_dp *dp, const struct rte_mbuf *m, const struct vsw_flow_key *k)
{
	const uint8_t *ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, RTE_ETHER_HDR_LEN);
	uint32_t dst, ihl;
	uint16_t port;

	if (k->dl_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) || k->vlan_tci != 0)
		return false;
	if (k->nw_proto == IPPROTO_UDP && k->nw_frag == 0) {
		memcpy(&dst, k->nw_dst, 4);
		return is_endpoint(dp, dst, k->tp_dst);
	}
	if (k->nw_proto != 0 || m->data_len < RTE_ETHER_HDR_LEN + 20 || ip[9] != IPPROTO_UDP)
		return false;
	ihl = (ip[0] & 0x0fu) * 4;
	if (ihl < 20 || m->data_len < RTE_ETHER_HDR_LEN + ihl + 4)
		return false;
	memcpy(&dst, ip + 16, 4);
	memcpy(&port, ip + ihl + 2, 2);
	return is_endpoint(dp, dst, port);
}

/* The tunnel that takes VNI vni from src to dst:port; the most specific; NULL: none. */
static const struct vsw_dp_tunnel *
tunnel_find(const struct vsw_dp *dp, uint32_t dst, uint16_t port, uint32_t vni, uint32_t src)
{
	const struct vsw_dp_tunnel *best = NULL;
	int best_score = -1, score;
	unsigned int i;

	for (i = 0; i < dp->n_tunnels; i++) {
		const struct vsw_dp_tunnel *t = &dp->tunnels[i];

		if (t->local != dst || t->dst_port != port ||
		    (t->vni >= 0 && (uint32_t)t->vni != vni) || (t->remote != 0 && t->remote != src))
			continue;
		score = (t->vni >= 0) + (t->remote != 0) * 2;
		if (score > best_score) {
			best = t;
			best_score = score;
		}
	}
	return best;
}

/* Whether the UDP checksum of m's datagram (udp_len bytes at off, after ip) adds up. */
static bool
udp_cksum_ok(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip, uint32_t off,
	     uint32_t udp_len)
{
	uint16_t raw;

	if (rte_raw_cksum_mbuf(m, off, udp_len, &raw) < 0)
		return false;
	return fold((uint32_t)raw + rte_ipv4_phdr_cksum(ip, 0)) == 0xffff;
}

/*
 * Check m's outer headers (the key said untagged IPv4 UDP) and find its
 * tunnel: -1 and *t, or a drop reason. *ip_out, *vni_out: for the metadata.
 */
static int
decap_check(const struct vsw_dp *dp, const struct rte_mbuf *m, const struct vsw_dp_tunnel **t,
	    const struct rte_ipv4_hdr **ip_out, uint32_t *vni_out, uint32_t *outer_len)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(p + RTE_ETHER_HDR_LEN);
	const struct rte_udp_hdr *udp;
	const struct rte_vxlan_hdr *vx;
	uint32_t ihl, ip_len, udp_len;

	if (m->data_len < RTE_ETHER_HDR_LEN + sizeof(*ip))
		return VSW_DROP_TUNNEL_BAD_HEADER;
	ihl = (uint32_t)(ip->version_ihl & 0x0f) * 4;
	ip_len = rte_be_to_cpu_16(ip->total_length);
	if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) ||
	    m->data_len < RTE_ETHER_HDR_LEN + ihl + sizeof(*udp) + sizeof(*vx) + RTE_ETHER_HDR_LEN ||
	    ip_len < ihl + sizeof(*udp) + sizeof(*vx) + RTE_ETHER_HDR_LEN ||
	    RTE_ETHER_HDR_LEN + ip_len > m->pkt_len || rte_raw_cksum(ip, ihl) != 0xffff)
		return VSW_DROP_TUNNEL_BAD_HEADER;
	udp = (const struct rte_udp_hdr *)((const uint8_t *)ip + ihl);
	udp_len = rte_be_to_cpu_16(udp->dgram_len);
	vx = (const struct rte_vxlan_hdr *)(udp + 1);
	if (udp_len != ip_len - ihl || !(rte_be_to_cpu_32(vx->vx_flags) >> 24 & VXLAN_FLAG_I))
		return VSW_DROP_TUNNEL_BAD_HEADER;
	if (udp->dgram_cksum != 0 && !udp_cksum_ok(m, ip, RTE_ETHER_HDR_LEN + ihl, udp_len))
		return VSW_DROP_TUNNEL_BAD_HEADER;
	*vni_out = rte_be_to_cpu_32(vx->vx_vni) >> 8;
	*t = tunnel_find(dp, ip->dst_addr, udp->dst_port, *vni_out, ip->src_addr);
	if (*t == NULL)
		return VSW_DROP_TUNNEL_UNKNOWN;
	*ip_out = ip;
	*outer_len = RTE_ETHER_HDR_LEN + ihl + sizeof(*udp) + sizeof(*vx);
	return -1;
}

/*
 * Decapsulate m into tunnel port t's key *inner. Returns -1, or the drop
 * reason (counted by the caller on the receiving port).
 */
static int
decap_one(struct vsw_pmd *pmd, struct rte_mbuf *m, const struct vsw_dp_tunnel **t,
	  struct vsw_flow_key *inner)
{
	const struct vsw_dp *dp = pmd->dp;
	const struct rte_ipv4_hdr *ip;
	uint32_t vni, outer_len, src, dst, frame;
	struct vsw_shm_port_counters *c;
	int drop;

	drop = decap_check(dp, m, t, &ip, &vni, &outer_len);
	if (drop >= 0)
		return drop;
	src = ip->src_addr;
	dst = ip->dst_addr;
	frame = RTE_ETHER_HDR_LEN + rte_be_to_cpu_16(ip->total_length) - outer_len;
	rte_pktmbuf_adj(m, (uint16_t)outer_len);
	if (m->pkt_len > frame)
		rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - frame)); /* the outer frame's padding */
	vsw_key_parse(m, dp->ports[(*t)->port]->ofport, inner);
	inner->tun_id = rte_cpu_to_be_64(vni);
	inner->tun_src = src;
	inner->tun_dst = dst;
	c = &pmd->stats->port[(*t)->port];
	c->rx_packets++;
	c->rx_bytes += m->pkt_len;
	return -1;
}

uint16_t
vsw_tunnel_decap(struct vsw_pmd *pmd, uint16_t in, struct rte_mbuf **pkts, struct vsw_flow_key *keys,
		 uint16_t n)
{
	const struct vsw_dp *dp = pmd->dp;
	struct vsw_flow_key inner[VSW_BURST];
	struct rte_mbuf *decapped[VSW_BURST];
	const struct vsw_dp_tunnel *tun[VSW_BURST];
	uint16_t i, j, start, kept = 0, n_in = 0;
	int drop;

	for (i = 0; i < n; i++) {
		if (!is_vxlan(dp, pkts[i], &keys[i])) {
			if (kept != i) {
				pkts[kept] = pkts[i];
				keys[kept] = keys[i];
			}
			kept++;
			continue;
		}
		drop = decap_one(pmd, pkts[i], &tun[n_in], &inner[n_in]);
		if (drop >= 0) {
			pmd->stats->port[in].drops[drop]++;
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
		vsw_pmd_receive(pmd, port, vsw_cls_version(dp->bridges[port->bridge].cls),
				decapped + start, inner + start, (uint16_t)(j - start));
	}
	return kept;
}
