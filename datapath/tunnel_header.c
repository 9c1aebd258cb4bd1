/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * tunnel_header.c: VXLAN's outer headers: the template a tunnel's packets
 * get (built once, by the control thread), and the checks a received
 * packet's headers pass before they are trusted and stripped (the PMD, and
 * the fuzzer, which gives it any frame). How the PMD moves packets through
 * a tunnel is tunnel.c's.
 */

#include <rte_byteorder.h>
#include <rte_mbuf.h>

#include "tunnel_private.h"

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
 * Check m's outer headers (is_vxlan said untagged IPv4 UDP) and find its
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

int
vsw_tunnel_strip(const struct vsw_dp *dp, struct rte_mbuf *m, const struct vsw_dp_tunnel **t,
		 struct vsw_flow_key *inner)
{
	const struct rte_ipv4_hdr *ip;
	uint32_t vni, outer_len, src, dst, frame;
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
	return -1;
}

