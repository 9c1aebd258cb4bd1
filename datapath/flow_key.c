/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_key.c: parses a packet once into struct vsw_flow_key, the input of
 * the exact-match cache and the classifier (cls_lookup.c).
 *
 * Every read of packet bytes goes through pull() (pull.h), which refuses to
 * go past the end of the first segment (and past the IP length, so Ethernet
 * padding is not mistaken for L4). A header is written into the key only once all
 * of it has been pulled and found sane, so a truncated or malformed header
 * leaves its fields zero and parsing stops there; the packet is still
 * classified on what was parsed.
 */

#include <netinet/in.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_mbuf.h>

#include "pull.h"
#include "vsw_datapath.h"

#define ETH_TYPE_IPV4	     RTE_BE16(0x0800)
#define ETH_TYPE_ARP	     RTE_BE16(0x0806)
#define ETH_TYPE_IPV6	     RTE_BE16(0x86dd)
#define ETH_TYPE_VLAN	     RTE_BE16(0x8100)
#define ETH_TYPE_QINQ	     RTE_BE16(0x88a8)
#define IPV6_MAX_EXT_HEADERS 8

static inline bool
is_vlan_tpid(uint16_t type)
{
	return type == ETH_TYPE_VLAN || type == ETH_TYPE_QINQ; /* as OVS: not 0x9100 */
}

/* TCP, UDP, SCTP, ICMP and ICMPv6 fields. */
static void
parse_l4(struct pull *c, uint8_t proto, struct vsw_flow_key *k)
{
	const uint8_t *h;

	switch (proto) {
	case IPPROTO_TCP:
		h = pull(c, 20);
		if (h == NULL || (h[12] >> 4) < 5)
			return;
		k->tp_src = be16_at(h);
		k->tp_dst = be16_at(h + 2);
		k->tcp_flags = rte_cpu_to_be_16(rte_be_to_cpu_16(be16_at(h + 12)) & 0x0fff);
		return;
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		h = pull(c, proto == IPPROTO_UDP ? 8 : 12);
		if (h == NULL)
			return;
		k->tp_src = be16_at(h);
		k->tp_dst = be16_at(h + 2);
		return;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		h = pull(c, 4);
		if (h == NULL)
			return;
		k->tp_src = rte_cpu_to_be_16(h[0]);
		k->tp_dst = rte_cpu_to_be_16(h[1]);
		return;
	}
}

/*
 * A fragment's ports (ICMP type and code) read 0 even in the first one, as
 * OVS's default fragment handling ("normal") has them: a rule on ports
 * cannot match some fragments of a datagram and miss the rest.
 */
static inline void
clear_frag_ports(struct vsw_flow_key *k)
{
	if (k->nw_frag != 0) {
		k->tp_src = 0;
		k->tp_dst = 0;
	}
}

/* Limit the cursor to an IP packet's own length: padding is not payload. */
static inline void
limit_to(struct pull *c, uint32_t len)
{
	if (len < c->left)
		c->left = len;
}

static void
parse_ipv4(struct pull *c, struct vsw_flow_key *k)
{
	const uint8_t *ip = pull(c, 20);
	uint32_t ihl, total;
	uint16_t frag;

	/* As OVS: the version nibble is not checked; a header or a total length
	 * that does not fit leaves every IP field 0. */
	if (ip == NULL)
		return;
	ihl = (ip[0] & 0x0fu) * 4;
	total = rte_be_to_cpu_16(be16_at(ip + 2));
	if (ihl < 20 || total < ihl || total > 20 + c->left || pull(c, ihl - 20) == NULL)
		return;
	limit_to(c, total - ihl);
	k->nw_tos = ip[1];
	k->nw_ttl = ip[8];
	k->nw_proto = ip[9];
	memcpy(k->nw_src, ip + 12, 4);
	memcpy(k->nw_dst, ip + 16, 4);
	frag = rte_be_to_cpu_16(be16_at(ip + 6));
	if (frag & 0x3fff) { /* MF or an offset */
		k->nw_frag = VSW_FRAG_ANY;
		if (frag & 0x1fff) {
			k->nw_frag |= VSW_FRAG_LATER;
			return;
		}
	}
	parse_l4(c, k->nw_proto, k);
	clear_frag_ports(k);
}

/* Walk extension headers; returns the upper-layer protocol, or -1 to stop. */
static int
skip_ipv6_ext(struct pull *c, uint8_t next, struct vsw_flow_key *k)
{
	const uint8_t *h;
	unsigned int i;

	for (i = 0; i < IPV6_MAX_EXT_HEADERS; i++) {
		switch (next) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			h = pull(c, 8);
			if (h == NULL || pull(c, h[1] * 8u) == NULL)
				return -1;
			next = h[0];
			break;
		case IPPROTO_AH:
			h = pull(c, 8);
			if (h == NULL || h[1] < 1 || pull(c, (h[1] + 2u) * 4 - 8) == NULL)
				return -1;
			next = h[0];
			break;
		case IPPROTO_FRAGMENT:
			h = pull(c, 8);
			if (h == NULL)
				return -1;
			k->nw_frag = VSW_FRAG_ANY;
			if (rte_be_to_cpu_16(be16_at(h + 2)) & 0xfff8) {
				k->nw_frag |= VSW_FRAG_LATER;
				return h[0]; /* the protocol is known; its header is elsewhere */
			}
			next = h[0];
			break;
		default:
			return next;
		}
	}
	return -1;
}

static void
parse_ipv6(struct pull *c, struct vsw_flow_key *k)
{
	const uint8_t *ip = pull(c, 40);
	int proto;

	/* As OVS: no version check; a payload length past the frame leaves every IP field 0. */
	if (ip == NULL || rte_be_to_cpu_16(be16_at(ip + 4)) > c->left)
		return;
	limit_to(c, rte_be_to_cpu_16(be16_at(ip + 4)));
	k->nw_tos = (uint8_t)(((ip[0] & 0x0f) << 4) | (ip[1] >> 4));
	k->nw_ttl = ip[7];
	memcpy(k->nw_src, ip + 8, 16);
	memcpy(k->nw_dst, ip + 24, 16);
	proto = skip_ipv6_ext(c, ip[6], k);
	if (proto < 0)
		return;
	k->nw_proto = (uint8_t)proto;
	if (!(k->nw_frag & VSW_FRAG_LATER))
		parse_l4(c, k->nw_proto, k);
	clear_frag_ports(k);
}

static void
parse_arp(struct pull *c, struct vsw_flow_key *k)
{
	const uint8_t *a = pull(c, 28);
	uint16_t op;

	/* Ethernet/IPv4 ARP only: htype 1, ptype 0x0800, hlen 6, plen 4. */
	if (a == NULL || be16_at(a) != RTE_BE16(1) || be16_at(a + 2) != ETH_TYPE_IPV4 ||
	    a[4] != 6 || a[5] != 4)
		return;
	op = rte_be_to_cpu_16(be16_at(a + 6));
	if (op <= 0xff)
		k->nw_proto = (uint8_t)op;
	memcpy(k->arp_sha, a + 8, 6);
	memcpy(k->nw_src, a + 14, 4);
	memcpy(k->arp_tha, a + 18, 6);
	memcpy(k->nw_dst, a + 24, 4);
}

void
vsw_key_parse(const struct rte_mbuf *m, uint16_t in_port, struct vsw_flow_key *k)
{
	struct pull c = pull_start(m);
	const uint8_t *eth, *tag;
	uint16_t type;

	vsw_key_zero(k);
	k->in_port = in_port;
	eth = pull(&c, 14);
	if (eth == NULL)
		return;
	memcpy(k->dl_dst, eth, 6);
	memcpy(k->dl_src, eth + 6, 6);
	type = be16_at(eth + 12);
	if (is_vlan_tpid(type)) {
		tag = pull(&c, 4);
		if (tag == NULL)
			return;
		k->vlan_tpid = type;
		k->vlan_tci = be16_at(tag) | RTE_BE16(VSW_VLAN_PRESENT);
		type = be16_at(tag + 2);
		/* One tag, as OVS's default vlan-limit: a second tag's TPID is the ethertype. */
		if (is_vlan_tpid(type)) {
			k->dl_type = type;
			return;
		}
	}
	/* 802.3: a length, then LLC; with SNAP and OUI 0 (RFC 1042) an ethertype. */
	if (rte_be_to_cpu_16(type) < 0x0600) {
		tag = pull(&c, 8);
		if (tag == NULL || !vsw_is_llc_snap(tag) ||
		    rte_be_to_cpu_16(be16_at(tag + 6)) < 0x0600) {
			k->dl_type = RTE_BE16(VSW_DL_TYPE_NONE);
			return;
		}
		type = be16_at(tag + 6);
	}
	k->dl_type = type;
	if (type == ETH_TYPE_IPV4)
		parse_ipv4(&c, k);
	else if (type == ETH_TYPE_IPV6)
		parse_ipv6(&c, k);
	else if (type == ETH_TYPE_ARP)
		parse_arp(&c, k);
}

void
vsw_key_mask(struct vsw_flow_key *out, const struct vsw_flow_key *key,
	     const struct vsw_flow_key *mask)
{
	const uint8_t *kb = (const uint8_t *)key, *mb = (const uint8_t *)mask;
	uint8_t *ob = (uint8_t *)out;
	size_t i;

	for (i = 0; i < sizeof(*out); i++)
		ob[i] = kb[i] & mb[i];
}
