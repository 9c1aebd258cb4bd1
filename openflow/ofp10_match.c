/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp10_match.c: OpenFlow 1.0's fixed 40-byte match to and from 1.3's OXM
 * match, so that everything past the wire layout (prerequisites, the flow
 * key) stays ofp_match.c's.
 *
 * Up (1.0 to OXM), as OVS reads a 1.0 match: a field is used only where
 * the match holds its protocol (nw_src with dl_type=0x0800 or 0x0806, ports
 * with nw_proto 6, 17 or 132, ICMP type and code in tp_src and tp_dst), the
 * rest is dropped, not refused; nw_tos is the DSCP bits; dl_vlan 0xffff is
 * "no tag"; with ARP, nw_proto is the opcode and nw_src/nw_dst the
 * protocol addresses.
 *
 * Down (OXM to 1.0): every field 1.0 can say, the rest left wildcarded, as
 * OVS writes a rule into a 1.0 match (a masked MAC, IPv6 addresses,
 * registers ... have no place in it).
 */

#include "ofp_private.h"

#define W_IN_PORT      (1u << 0)
#define W_DL_VLAN      (1u << 1)
#define W_DL_SRC       (1u << 2)
#define W_DL_DST       (1u << 3)
#define W_DL_TYPE      (1u << 4)
#define W_NW_PROTO     (1u << 5)
#define W_TP_SRC       (1u << 6)
#define W_TP_DST       (1u << 7)
#define W_NW_SRC_SHIFT 8
#define W_NW_DST_SHIFT 14
#define W_DL_VLAN_PCP  (1u << 20)
#define W_NW_TOS       (1u << 21)
#define W_ALL	       ((1u << 22) - 1)
#define VLAN_NONE      0xffff /* dl_vlan: no tag */

/* OXM_OF_* field numbers. */
enum {
	F_IN_PORT = 0,
	F_ETH_DST = 3,
	F_ETH_SRC = 4,
	F_ETH_TYPE = 5,
	F_VLAN_VID = 6,
	F_VLAN_PCP = 7,
	F_IP_DSCP = 8,
	F_IP_PROTO = 10,
	F_IPV4_SRC = 11,
	F_IPV4_DST = 12,
	F_TCP_SRC = 13,
	F_TCP_DST = 14,
	F_UDP_SRC = 15,
	F_UDP_DST = 16,
	F_SCTP_SRC = 17,
	F_SCTP_DST = 18,
	F_ICMPV4_TYPE = 19,
	F_ICMPV4_CODE = 20,
	F_ARP_OP = 21,
	F_ARP_SPA = 22,
	F_ARP_TPA = 23,
	F_ICMPV6_TYPE = 29,
	F_ICMPV6_CODE = 30,
};

uint32_t
ofp10_port_up(uint16_t port)
{
	return port >= 0xff00 ? 0xffff0000u | port : port;
}

uint16_t
ofp10_port_down(uint32_t port)
{
	return port >= 0xffffff00u ? (uint16_t)(port & 0xffff) : (uint16_t)port;
}

/* One OXM_OF_* TLV of len bytes of value (and as many of mask, when given). */
static void
put_tlv(struct vsw_ofp_buf *b, uint8_t field, const uint8_t *value, const uint8_t *mask,
	uint8_t len)
{
	uint8_t *p = ofp_push(b, 4);

	ofp_put16(p, OXM_OF);
	p[2] = (uint8_t)(field << 1 | (mask != NULL));
	p[3] = (uint8_t)(mask != NULL ? 2 * len : len);
	ofp_push_bytes(b, value, len);
	if (mask != NULL)
		ofp_push_bytes(b, mask, len);
}

static void
put_u8(struct vsw_ofp_buf *b, uint8_t field, uint8_t v)
{
	put_tlv(b, field, &v, NULL, 1);
}

static void
put_u16(struct vsw_ofp_buf *b, uint8_t field, uint16_t v)
{
	uint8_t p[2];

	ofp_put16(p, v);
	put_tlv(b, field, p, NULL, 2);
}

/* An IPv4 address under 1.0's wildcard count (bits of it ignored, from the right). */
static void
put_ipv4(struct vsw_ofp_buf *b, uint8_t field, const uint8_t *addr, unsigned int ignored)
{
	uint32_t mask = ignored >= 32 ? 0 : UINT32_MAX << ignored;
	uint8_t v[4], m[4];

	if (mask == 0)
		return;
	ofp_put32(v, ofp_get32(addr) & mask);
	ofp_put32(m, mask);
	put_tlv(b, field, v, mask == UINT32_MAX ? NULL : m, 4);
}

static void
up_vlan(struct vsw_ofp_buf *b, const uint8_t *m, uint32_t wc)
{
	static const uint8_t present[2] = {0x10, 0x00};
	uint16_t vid = ofp_get16(m + 18);

	if (!(wc & W_DL_VLAN) && vid == VLAN_NONE) {
		put_u16(b, F_VLAN_VID, 0); /* OFPVID_NONE: untagged; the PCP means nothing */
		return;
	}
	if (!(wc & W_DL_VLAN))
		put_u16(b, F_VLAN_VID, (uint16_t)(OFPVID_PRES | (vid & 0xfff)));
	else if (!(wc & W_DL_VLAN_PCP))
		put_tlv(b, F_VLAN_VID, present, present, 2); /* a tag, any VID */
	if (!(wc & W_DL_VLAN_PCP))
		put_u8(b, F_VLAN_PCP, m[20] & 7);
}

/* tp_src/tp_dst for IP protocol proto of dl_type. */
static void
up_l4(struct vsw_ofp_buf *b, const uint8_t *m, uint32_t wc, uint16_t dl_type, uint8_t proto)
{
	uint8_t src, dst;

	switch (proto) {
	case 6:
		src = F_TCP_SRC;
		dst = F_TCP_DST;
		break;
	case 17:
		src = F_UDP_SRC;
		dst = F_UDP_DST;
		break;
	case 132:
		src = F_SCTP_SRC;
		dst = F_SCTP_DST;
		break;
	case 1:
	case 58:
		if ((proto == 1) != (dl_type == 0x0800))
			return; /* ICMPv4 in IPv6, or ICMPv6 in IPv4 */
		if (!(wc & W_TP_SRC))
			put_u8(b, proto == 1 ? F_ICMPV4_TYPE : F_ICMPV6_TYPE, m[37]);
		if (!(wc & W_TP_DST))
			put_u8(b, proto == 1 ? F_ICMPV4_CODE : F_ICMPV6_CODE, m[39]);
		return;
	default:
		return;
	}
	if (!(wc & W_TP_SRC))
		put_u16(b, src, ofp_get16(m + 36));
	if (!(wc & W_TP_DST))
		put_u16(b, dst, ofp_get16(m + 38));
}

/* The network-layer fields of dl_type. */
static void
up_l3(struct vsw_ofp_buf *b, const uint8_t *m, uint32_t wc, uint16_t dl_type)
{
	unsigned int src_ignored = wc >> W_NW_SRC_SHIFT & 0x3f;
	unsigned int dst_ignored = wc >> W_NW_DST_SHIFT & 0x3f;

	if (dl_type == 0x0806) {
		if (!(wc & W_NW_PROTO))
			put_u16(b, F_ARP_OP, m[25]);
		put_ipv4(b, F_ARP_SPA, m + 28, src_ignored);
		put_ipv4(b, F_ARP_TPA, m + 32, dst_ignored);
		return;
	}
	if (dl_type != 0x0800 && dl_type != 0x86dd)
		return;
	if (!(wc & W_NW_TOS))
		put_u8(b, F_IP_DSCP, m[24] >> 2);
	if (!(wc & W_NW_PROTO)) {
		put_u8(b, F_IP_PROTO, m[25]);
		up_l4(b, m, wc, dl_type, m[25]);
	}
	if (dl_type == 0x0800) {
		put_ipv4(b, F_IPV4_SRC, m + 28, src_ignored);
		put_ipv4(b, F_IPV4_DST, m + 32, dst_ignored);
	}
}

void
ofp10_match_up(struct vsw_ofp_buf *b, const uint8_t *m)
{
	uint32_t wc = ofp_get32(m);
	size_t start = b->len;

	ofp_put16(ofp_push(b, 4), OFPMT_OXM);
	if (!(wc & W_IN_PORT)) {
		uint8_t port[4];

		ofp_put32(port, ofp10_port_up(ofp_get16(m + 4)));
		put_tlv(b, F_IN_PORT, port, NULL, 4);
	}
	if (!(wc & W_DL_DST))
		put_tlv(b, F_ETH_DST, m + 12, NULL, 6);
	if (!(wc & W_DL_SRC))
		put_tlv(b, F_ETH_SRC, m + 6, NULL, 6);
	up_vlan(b, m, wc);
	if (!(wc & W_DL_TYPE)) {
		put_u16(b, F_ETH_TYPE, ofp_get16(m + 22));
		up_l3(b, m, wc, ofp_get16(m + 22));
	}
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
	ofp_pad8(b, start);
}

/* 1.0's count of ignored low bits for an IPv4 mask, or -1 when it is no prefix. */
static int
ignored_bits(uint32_t mask)
{
	int n = 0;

	while (n < 32 && !(mask >> n & 1))
		n++;
	return (n == 32 ? 0 : (uint32_t)~0u << n) == mask ? n : -1;
}

/* One OXM_OF_* TLV (value v, mask mk or NULL, len bytes) into 1.0 match out. */
static void
down_field(uint8_t *out, uint32_t *wc, uint8_t field, const uint8_t *v, const uint8_t *mk,
	   uint8_t len)
{
	/* each field's length: a TLV of another is none vsw wrote, and is left out */
	static const uint8_t lens[F_ICMPV6_CODE + 1] = {
		[F_IN_PORT] = 4,     [F_ETH_DST] = 6,	  [F_ETH_SRC] = 6,     [F_ETH_TYPE] = 2,
		[F_VLAN_VID] = 2,    [F_VLAN_PCP] = 1,	  [F_IP_DSCP] = 1,     [F_IP_PROTO] = 1,
		[F_IPV4_SRC] = 4,    [F_IPV4_DST] = 4,	  [F_TCP_SRC] = 2,     [F_TCP_DST] = 2,
		[F_UDP_SRC] = 2,     [F_UDP_DST] = 2,	  [F_SCTP_SRC] = 2,    [F_SCTP_DST] = 2,
		[F_ICMPV4_TYPE] = 1, [F_ICMPV4_CODE] = 1, [F_ARP_OP] = 2,      [F_ARP_SPA] = 4,
		[F_ARP_TPA] = 4,     [F_ICMPV6_TYPE] = 1, [F_ICMPV6_CODE] = 1,
	};
	int ign;

	if (field > F_ICMPV6_CODE || lens[field] != len)
		return;
	switch (field) {
	case F_IN_PORT:
		if (mk == NULL && len == 4) {
			ofp_put16(out + 4, ofp10_port_down(ofp_get32(v)));
			*wc &= ~W_IN_PORT;
		}
		return;
	case F_ETH_DST:
	case F_ETH_SRC:
		if (mk == NULL && len == 6) {
			memcpy(out + (field == F_ETH_DST ? 12 : 6), v, 6);
			*wc &= field == F_ETH_DST ? ~W_DL_DST : ~W_DL_SRC;
		}
		return;
	case F_ETH_TYPE:
		memcpy(out + 22, v, 2);
		*wc &= ~W_DL_TYPE;
		return;
	case F_VLAN_VID:
		if (mk == NULL) { /* a VID, or none: no tag */
			ofp_put16(out + 18, ofp_get16(v) == 0 ? VLAN_NONE : ofp_get16(v) & 0xfff);
			*wc &= ~W_DL_VLAN;
		}
		return;
	case F_VLAN_PCP:
		out[20] = v[0];
		*wc &= ~W_DL_VLAN_PCP;
		return;
	case F_IP_DSCP:
		out[24] = (uint8_t)(v[0] << 2);
		*wc &= ~W_NW_TOS;
		return;
	case F_IP_PROTO:
	case F_ARP_OP:
		out[25] = v[len - 1];
		*wc &= ~W_NW_PROTO;
		return;
	case F_IPV4_SRC:
	case F_ARP_SPA:
	case F_IPV4_DST:
	case F_ARP_TPA:
		ign = mk == NULL ? 0 : ignored_bits(ofp_get32(mk));
		if (ign < 0)
			return; /* a mask 1.0 cannot say: the field is left out */
		memcpy(out + (field == F_IPV4_SRC || field == F_ARP_SPA ? 28 : 32), v, 4);
		if (field == F_IPV4_SRC || field == F_ARP_SPA)
			*wc = (*wc & ~(0x3fu << W_NW_SRC_SHIFT)) | (uint32_t)ign << W_NW_SRC_SHIFT;
		else
			*wc = (*wc & ~(0x3fu << W_NW_DST_SHIFT)) | (uint32_t)ign << W_NW_DST_SHIFT;
		return;
	case F_TCP_SRC:
	case F_UDP_SRC:
	case F_SCTP_SRC:
	case F_ICMPV4_TYPE:
	case F_ICMPV6_TYPE:
		if (mk == NULL) {
			ofp_put16(out + 36, (uint16_t)ofp_get_uint(v, len));
			*wc &= ~W_TP_SRC;
		}
		return;
	case F_TCP_DST:
	case F_UDP_DST:
	case F_SCTP_DST:
	case F_ICMPV4_CODE:
	case F_ICMPV6_CODE:
		if (mk == NULL) {
			ofp_put16(out + 38, (uint16_t)ofp_get_uint(v, len));
			*wc &= ~W_TP_DST;
		}
		return;
	}
}

void
ofp10_match_down(const uint8_t *match, size_t len, uint8_t *out)
{
	struct vsw_ofp_pull c = {match + 4, len - 4};
	uint32_t wc = W_ALL;
	const uint8_t *h, *v;
	uint8_t n;

	memset(out, 0, 40);
	while ((h = vsw_ofp_pull(&c, 4)) != NULL && (v = vsw_ofp_pull(&c, h[3])) != NULL) {
		n = h[2] & 1 ? h[3] / 2 : h[3];
		if (ofp_get16(h) == OXM_OF)
			down_field(out, &wc, h[2] >> 1, v, h[2] & 1 ? v + n : NULL, n);
	}
	ofp_put32(out, wc);
}
