/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * packet_edit.c: header rewrites for the actions that change a packet. The
 * headers are located anew for each edit (VLAN pushes and pops move them), by
 * the same rules as flow_key.c: first segment only, every length checked.
 */

#include <netinet/in.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_hash_crc.h>

#include "packet_edit.h"
#include "vsw_shm_flow.h"

#define TPID_8021Q    0x8100
#define TPID_8021AD   0x88a8

/* Where a packet's headers are. */
struct layout {
	uint8_t *p;    /* first byte of the frame */
	uint32_t len;  /* bytes in the first segment */
	uint32_t l3;   /* offset of the L3 header */
	uint16_t type; /* ethertype at l3 (host order) */
	bool tagged;   /* an outer VLAN tag at offset 12 */
	uint32_t l4;   /* offset of the L4 header; 0: none reachable */
	uint8_t proto; /* IP protocol at l4 */
};

static inline uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline bool
is_tpid(uint16_t t)
{
	return t == TPID_8021Q || t == TPID_8021AD; /* as OVS: not 0x9100 */
}

/* Locate L3 and L4; false when not even an Ethernet header is there. */
static bool
locate(struct rte_mbuf *m, struct layout *l)
{
	uint32_t ihl;

	memset(l, 0, sizeof(*l));
	l->p = rte_pktmbuf_mtod(m, uint8_t *);
	l->len = rte_pktmbuf_data_len(m);
	if (l->len < 14)
		return false;
	l->l3 = 12;
	l->type = rd16(l->p + 12);
	l->tagged = is_tpid(l->type);
	while (is_tpid(l->type) && l->l3 + 6 <= l->len && l->l3 < 12 + 8) {
		l->l3 += 4;
		l->type = rd16(l->p + l->l3);
	}
	l->l3 += 2;
	if (l->type < 0x0600 && l->l3 + 8 <= l->len && vsw_is_llc_snap(l->p + l->l3)) {
		l->type = rd16(l->p + l->l3 + 6);
		l->l3 += 8;
	}
	if (l->type == 0x0800 && l->l3 + 20 <= l->len) {
		ihl = (l->p[l->l3] & 0x0fu) * 4;
		/* No L4 header in a later fragment. */
		if (ihl >= 20 && !(rd16(l->p + l->l3 + 6) & 0x1fff)) {
			l->l4 = l->l3 + ihl;
			l->proto = l->p[l->l3 + 9];
		}
	} else if (l->type == 0x86dd && l->l3 + 40 <= l->len) {
		l->l4 = l->l3 + 40; /* only when L4 follows directly */
		l->proto = l->p[l->l3 + 6];
	}
	return true;
}

/* RFC 1624: fold a 16-bit change into a one's-complement checksum at p. */
static void
csum_replace16(uint8_t *p, uint16_t old, uint16_t new)
{
	uint32_t sum = (uint16_t)~rd16(p);

	sum += (uint16_t)~old;
	sum += new;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	wr16(p, (uint16_t)~sum);
}

static void
csum_replace32(uint8_t *p, uint32_t old, uint32_t new)
{
	csum_replace16(p, (uint16_t)(old >> 16), (uint16_t)(new >> 16));
	csum_replace16(p, (uint16_t)old, (uint16_t) new);
}

/* The L4 checksum field, when the protocol has one that must follow edits. */
static uint8_t *
l4_csum(const struct layout *l, bool *udp)
{
	*udp = false;
	if (l->l4 == 0)
		return NULL;
	if (l->proto == IPPROTO_TCP && l->l4 + 18 <= l->len)
		return l->p + l->l4 + 16;
	if (l->proto == IPPROTO_UDP && l->l4 + 8 <= l->len) {
		*udp = true;
		return l->p + l->l4 + 6;
	}
	/* ICMPv6's covers the IPv6 pseudo-header (addresses); ICMP's covers no address. */
	if (l->proto == IPPROTO_ICMPV6 && l->l4 + 4 <= l->len)
		return l->p + l->l4 + 2;
	return NULL;
}

/* Apply a change of a 16-bit word covered by the L4 checksum (ports, pseudo-header). */
static void
l4_csum_update(const struct layout *l, uint16_t old, uint16_t new)
{
	bool udp;
	uint8_t *c = l4_csum(l, &udp);

	if (c == NULL || (udp && rd16(c) == 0 && l->type == 0x0800))
		return; /* UDP over IPv4 without a checksum stays without */
	csum_replace16(c, old, new);
	if (udp && rd16(c) == 0)
		wr16(c, 0xffff);
}

/*
 * CRC32c of n bytes at p, which may be unaligned: 8-byte chunks are copied
 * into a local first (rte_hash_crc() itself would load them in place).
 */
static uint32_t
crc32c(const uint8_t *p, uint32_t n, uint32_t crc)
{
	uint64_t chunk;

	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&chunk, p, 8);
		crc = rte_hash_crc_8byte(chunk, crc);
	}
	for (; n > 0; n--, p++)
		crc = rte_hash_crc_1byte(*p, crc);
	return crc;
}

/* SCTP's CRC32c of the packet as it is, its checksum field counted as 0 (in wire order). */
static uint32_t
sctp_crc(const struct layout *l)
{
	uint8_t *field = l->p + l->l4 + 8;
	uint32_t stored, crc;

	memcpy(&stored, field, 4);
	memset(field, 0, 4);
	crc = ~crc32c(l->p + l->l4, l->len - l->l4, 0xffffffff); /* little endian on the wire */
	memcpy(field, &stored, 4);
	return crc;
}

/* Replace the outer TCI's bits in mask with value; with push, tag an untagged packet first. */
static void
set_tci(struct rte_mbuf *m, uint16_t mask, uint16_t value, bool push)
{
	struct layout l;

	if (!locate(m, &l))
		return;
	if (!l.tagged &&
	    (!push || vsw_edit_push_vlan(m, RTE_BE16(TPID_8021Q)) < 0 || !locate(m, &l)))
		return;
	wr16(l.p + 14, (uint16_t)((rd16(l.p + 14) & ~mask) | (value & mask)));
}

void
vsw_edit_vlan_vid(struct rte_mbuf *m, uint16_t vid, bool push)
{
	set_tci(m, 0x0fff, vid, push);
}

void
vsw_edit_vlan_pcp(struct rte_mbuf *m, uint8_t pcp, bool push)
{
	set_tci(m, 0xe000, (uint16_t)(pcp << 13), push);
}

void
vsw_edit_strip_vlan(struct rte_mbuf *m)
{
	struct layout l;

	if (!locate(m, &l) || !l.tagged || l.len < 18)
		return;
	memmove(l.p + 4, l.p, 12);
	rte_pktmbuf_adj(m, 4);
}

int
vsw_edit_push_vlan(struct rte_mbuf *m, uint16_t tpid)
{
	uint8_t *p;

	if (rte_pktmbuf_data_len(m) < 14)
		return -1;
	p = (uint8_t *)rte_pktmbuf_prepend(m, 4);
	if (p == NULL)
		return -1;
	memmove(p, p + 4, 12);
	memcpy(p + 12, &tpid, 2);
	wr16(p + 14, 0);
	return 0;
}

/* IPv4 address at offset off in the IP header (12 source, 16 destination). */
static void
set_ipv4_addr(const struct layout *l, uint32_t off, uint32_t value, uint32_t mask)
{
	uint8_t *a = l->p + l->l3 + off;
	uint32_t old = (uint32_t)rd16(a) << 16 | rd16(a + 2), new = (old & ~mask) | value;

	wr16(a, (uint16_t)(new >> 16));
	wr16(a + 2, (uint16_t) new);
	csum_replace32(l->p + l->l3 + 10, old, new);
	/* Addresses are in the TCP/UDP pseudo-header. */
	l4_csum_update(l, (uint16_t)(old >> 16), (uint16_t)(new >> 16));
	l4_csum_update(l, (uint16_t)old, (uint16_t) new);
}

static void
set_tos(const struct layout *l, uint8_t value, uint8_t mask)
{
	uint8_t *h = l->p + l->l3;
	uint16_t old;

	if (l->type == 0x0800) {
		old = rd16(h);
		h[1] = (uint8_t)((h[1] & ~mask) | value);
		csum_replace16(h + 10, old, rd16(h));
	} else {
		uint8_t tc = (uint8_t)((h[0] & 0x0f) << 4 | h[1] >> 4);

		tc = (uint8_t)((tc & ~mask) | value);
		h[0] = (uint8_t)((h[0] & 0xf0) | tc >> 4);
		h[1] = (uint8_t)((h[1] & 0x0f) | (tc & 0x0f) << 4);
	}
}

static void
set_port(struct rte_mbuf *m, const struct layout *l, uint32_t off, uint16_t value, uint16_t mask)
{
	uint8_t *p = l->p + l->l4 + off;
	uint16_t old = rd16(p), new = (uint16_t)((old & ~mask) | value);
	uint32_t before, stored;

	if (l->proto == IPPROTO_TCP || l->proto == IPPROTO_UDP) {
		wr16(p, new);
		l4_csum_update(l, old, new);
	} else if (l->proto == IPPROTO_SCTP && m->nb_segs == 1 && l->l4 + 12 <= l->len) {
		/* As OVS: a checksum that was wrong stays wrong by as much, never made valid. */
		before = sctp_crc(l);
		wr16(p, new);
		memcpy(&stored, l->p + l->l4 + 8, 4);
		stored ^= before ^ sctp_crc(l);
		memcpy(l->p + l->l4 + 8, &stored, 4);
	}
}

/* The len bytes at p, big-endian: (p & ~mask) | value. */
static void
put_bits(uint8_t *p, unsigned int len, uint64_t value, uint64_t mask)
{
	unsigned int i, sh;

	for (i = 0; i < len; i++) {
		sh = 8 * (len - 1 - i);
		p[i] = (uint8_t)((p[i] & ~(uint8_t)(mask >> sh)) | (uint8_t)(value >> sh));
	}
}

/* Where each half of the addresses lies in the IPv6 header (the high half first). */
static const uint8_t ipv6_half_at[] = {
	[VSW_FIELD_IPV6_SRC_LO - VSW_FIELD_IPV6_SRC_LO] = 16,
	[VSW_FIELD_IPV6_SRC_HI - VSW_FIELD_IPV6_SRC_LO] = 8,
	[VSW_FIELD_IPV6_DST_LO - VSW_FIELD_IPV6_SRC_LO] = 32,
	[VSW_FIELD_IPV6_DST_HI - VSW_FIELD_IPV6_SRC_LO] = 24,
};

/* 8 bytes of an IPv6 address at off in the header, the L4 checksum's pseudo-header updated. */
static void
set_ipv6_half(const struct layout *l, uint32_t off, uint64_t value, uint64_t mask)
{
	uint8_t *a = l->p + l->l3 + off;
	unsigned int i;
	uint16_t old, m;

	if (l->type != 0x86dd || l->l3 + 40 > l->len)
		return;
	for (i = 0; i < 4; i++, a += 2) {
		m = (uint16_t)(mask >> (48 - 16 * i));
		old = rd16(a);
		wr16(a, (uint16_t)((old & ~m) | (uint16_t)(value >> (48 - 16 * i))));
		l4_csum_update(l, old, rd16(a));
	}
}

/* IPv4 TTL (checksum updated) or IPv6 hop limit. */
static void
set_ttl(const struct layout *l, uint8_t value, uint8_t mask)
{
	uint8_t *h = l->p + l->l3;
	uint16_t old;

	if (l->type == 0x0800) {
		old = rd16(h + 8);
		h[8] = (uint8_t)((h[8] & ~mask) | value);
		csum_replace16(h + 10, old, rd16(h + 8));
	} else {
		h[7] = (uint8_t)((h[7] & ~mask) | value);
	}
}

/* ICMP or ICMPv6 type (off 0) or code (off 1), its checksum updated. */
static void
set_icmp(const struct layout *l, uint8_t proto, uint32_t off, uint8_t value, uint8_t mask)
{
	uint8_t *p = l->p + l->l4;
	uint16_t old;

	if (l->proto != proto || l->l4 == 0 || l->l4 + 4 > l->len)
		return;
	old = rd16(p);
	p[off] = (uint8_t)((p[off] & ~mask) | value);
	csum_replace16(p + 2, old, rd16(p));
}

/* An Ethernet/IPv4 ARP field (VSW_FIELD_ARP_OP..VSW_FIELD_ARP_THA). */
static void
set_arp(const struct layout *l, uint8_t field, uint64_t value, uint64_t mask)
{
	static const struct {
		uint8_t off, len;
	} at[] = {
		[VSW_FIELD_ARP_OP - VSW_FIELD_ARP_OP] = {6, 2},
		[VSW_FIELD_ARP_SPA - VSW_FIELD_ARP_OP] = {14, 4},
		[VSW_FIELD_ARP_TPA - VSW_FIELD_ARP_OP] = {24, 4},
		[VSW_FIELD_ARP_SHA - VSW_FIELD_ARP_OP] = {8, 6},
		[VSW_FIELD_ARP_THA - VSW_FIELD_ARP_OP] = {18, 6},
	};
	unsigned int i = field - VSW_FIELD_ARP_OP;

	if (l->type == 0x0806 && l->l3 + 28 <= l->len)
		put_bits(l->p + l->l3 + at[i].off, at[i].len, value, mask);
}

void
vsw_edit_set_field(struct rte_mbuf *m, uint8_t field, uint64_t value, uint64_t mask)
{
	struct layout l;
	bool ip;

	if (field == VSW_FIELD_ETH_SRC || field == VSW_FIELD_ETH_DST) {
		/* The addresses lead the frame: no need to find any other header. */
		if (rte_pktmbuf_data_len(m) >= 14)
			put_bits(rte_pktmbuf_mtod(m, uint8_t *) + (field == VSW_FIELD_ETH_DST ? 0 : 6),
				 6, value, mask);
		return;
	}
	if (!locate(m, &l))
		return;
	ip = (l.type == 0x0800 && l.l3 + 20 <= l.len) || (l.type == 0x86dd && l.l3 + 40 <= l.len);
	switch (field) {
	case VSW_FIELD_ETH_SRC:
	case VSW_FIELD_ETH_DST:
		return; /* done above */
	case VSW_FIELD_VLAN_VID:
		set_tci(m, (uint16_t)mask, (uint16_t)value, false);
		return;
	case VSW_FIELD_VLAN_PCP:
		set_tci(m, (uint16_t)(mask << 13), (uint16_t)(value << 13), false);
		return;
	case VSW_FIELD_IPV4_SRC:
	case VSW_FIELD_IPV4_DST:
		if (l.type == 0x0800 && l.l3 + 20 <= l.len)
			set_ipv4_addr(&l, field == VSW_FIELD_IPV4_SRC ? 12 : 16, (uint32_t)value,
				      (uint32_t)mask);
		return;
	case VSW_FIELD_NW_TOS:
	case VSW_FIELD_NW_ECN:
		if (ip)
			set_tos(&l, (uint8_t)value, (uint8_t)mask);
		return;
	case VSW_FIELD_NW_TTL:
		if (ip)
			set_ttl(&l, (uint8_t)value, (uint8_t)mask);
		return;
	case VSW_FIELD_ICMP_TYPE:
	case VSW_FIELD_ICMP_CODE:
		set_icmp(&l, IPPROTO_ICMP, field == VSW_FIELD_ICMP_CODE, (uint8_t)value,
			 (uint8_t)mask);
		return;
	case VSW_FIELD_ICMPV6_TYPE:
	case VSW_FIELD_ICMPV6_CODE:
		set_icmp(&l, IPPROTO_ICMPV6, field == VSW_FIELD_ICMPV6_CODE, (uint8_t)value,
			 (uint8_t)mask);
		return;
	case VSW_FIELD_ARP_OP:
	case VSW_FIELD_ARP_SPA:
	case VSW_FIELD_ARP_TPA:
	case VSW_FIELD_ARP_SHA:
	case VSW_FIELD_ARP_THA:
		set_arp(&l, field, value, mask);
		return;
	case VSW_FIELD_IPV6_SRC_LO:
	case VSW_FIELD_IPV6_SRC_HI:
	case VSW_FIELD_IPV6_DST_LO:
	case VSW_FIELD_IPV6_DST_HI:
		set_ipv6_half(&l, ipv6_half_at[field - VSW_FIELD_IPV6_SRC_LO], value, mask);
		return;
	case VSW_FIELD_TP_SRC:
	case VSW_FIELD_TP_DST:
		if (l.l4 != 0 && l.l4 + 4 <= l.len)
			set_port(m, &l, field == VSW_FIELD_TP_SRC ? 0 : 2, (uint16_t)value,
				 (uint16_t)mask);
		return;
	}
}

void
vsw_edit_dec_ttl(struct rte_mbuf *m)
{
	struct layout l;
	uint8_t *h;
	uint16_t old;

	if (!locate(m, &l))
		return;
	h = l.p + l.l3;
	if (l.type == 0x0800 && l.l3 + 20 <= l.len) {
		if (h[8] <= 1)
			return;
		old = rd16(h + 8);
		h[8]--;
		csum_replace16(h + 10, old, rd16(h + 8));
	} else if (l.type == 0x86dd && l.l3 + 40 <= l.len && h[7] > 1) {
		h[7]--;
	}
}
