/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_oxm.c: the OXM fields vsw knows (OpenFlow 1.3 match fields, and the
 * Nicira ones OVS uses), and how one is read from and written to a message.
 *
 * One table lists every OXM vsw takes: OpenFlow's own (class 0x8000 and
 * 0x8001 for the 64-bit registers), the Nicira NXM ones OVS and its tools
 * send in 1.3 for what OpenFlow has no field for (registers, TTL, fragments,
 * TCP flags, the whole VLAN TCI), NXM's older spellings of OpenFlow's
 * fields, and ONF's TCP flags. Each row says where in vsw's key the value
 * goes (`kind`, `off`), what the match must also hold (`pre`, checked once
 * the whole match is read, as 1.3.5 7.2.3.6 asks), and which `slot` of the
 * key it fills: a slot given twice is OFPBMC_DUP_FIELD. Rows marked `enc`
 * are the spellings vsw writes (so tp_src is TCP_SRC under tcp, ICMPV4_TYPE
 * under icmp: the first such row whose prerequisite the match meets);
 * `setf` names the field a set_field on the row writes.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "ofp_private.h"

#define K(m) offsetof(struct vsw_flow_key, m)
#define OXM(name, cls, fld, len, mk, kind, pre, slot, part, enc, off, setf)                        \
	{                                                                                          \
		name, cls, fld, len, mk, kind, pre, slot, part, enc, off, setf                     \
	}
#define REG(n)                                                                                     \
	OXM("reg" #n, NXM_NX, n, 4, 1, K_STATE, PRE_NONE, S_STATE, 0, ENC_BOTH,                    \
	    VSW_FIELD_REG0 + n, VSW_FIELD_REG0 + n)
#define XREG(n)                                                                                    \
	OXM("xreg" #n, OXM_PKTREG, n, 8, 1, K_STATE, PRE_NONE, S_STATE, 0, ENC_SET,                \
	    VSW_FIELD_XREG0 + n, VSW_FIELD_XREG0 + n)

const struct ofp_oxm_field ofp_oxm_fields[] = {
	OXM("in_port", OXM_OF, 0, 4, 0, K_PORT32, PRE_NONE, S_IN_PORT, 1, ENC_MATCH, K(in_port),
	    VSW_FIELD_IN_PORT),
	OXM("metadata", OXM_OF, 2, 8, 1, K_STATE, PRE_NONE, S_STATE, 0, ENC_BOTH,
	    VSW_FIELD_METADATA, VSW_FIELD_METADATA),
	OXM("eth_dst", OXM_OF, 3, 6, 1, K_BYTES, PRE_NONE, S_DL_DST, 1, ENC_BOTH, K(dl_dst),
	    VSW_FIELD_ETH_DST),
	OXM("eth_src", OXM_OF, 4, 6, 1, K_BYTES, PRE_NONE, S_DL_SRC, 1, ENC_BOTH, K(dl_src),
	    VSW_FIELD_ETH_SRC),
	OXM("eth_type", OXM_OF, 5, 2, 0, K_BYTES, PRE_NONE, S_DL_TYPE, 1, ENC_BOTH, K(dl_type), 0),
	OXM("vlan_vid", OXM_OF, 6, 2, 1, K_VLAN_VID, PRE_NONE, S_VLAN, 1, ENC_BOTH, K(vlan_tci),
	    VSW_FIELD_VLAN_VID),
	OXM("vlan_pcp", OXM_OF, 7, 1, 0, K_VLAN_PCP, PRE_VLAN, S_VLAN, 2, ENC_BOTH, K(vlan_tci),
	    VSW_FIELD_VLAN_PCP),
	OXM("ip_dscp", OXM_OF, 8, 1, 0, K_DSCP, PRE_IP, S_TOS, 1, ENC_BOTH, K(nw_tos),
	    VSW_FIELD_NW_TOS),
	OXM("ip_ecn", OXM_OF, 9, 1, 0, K_ECN, PRE_IP, S_TOS, 2, ENC_BOTH, K(nw_tos),
	    VSW_FIELD_NW_ECN),
	OXM("ip_proto", OXM_OF, 10, 1, 0, K_BYTES, PRE_IP, S_PROTO, 1, ENC_BOTH, K(nw_proto), 0),
	OXM("ipv4_src", OXM_OF, 11, 4, 1, K_BYTES, PRE_IPV4, S_NW_SRC, 1, ENC_BOTH, K(nw_src),
	    VSW_FIELD_IPV4_SRC),
	OXM("ipv4_dst", OXM_OF, 12, 4, 1, K_BYTES, PRE_IPV4, S_NW_DST, 1, ENC_BOTH, K(nw_dst),
	    VSW_FIELD_IPV4_DST),
	OXM("tcp_src", OXM_OF, 13, 2, 1, K_BYTES, PRE_TCP, S_TP_SRC, 1, ENC_BOTH, K(tp_src),
	    VSW_FIELD_TP_SRC),
	OXM("tcp_dst", OXM_OF, 14, 2, 1, K_BYTES, PRE_TCP, S_TP_DST, 1, ENC_BOTH, K(tp_dst),
	    VSW_FIELD_TP_DST),
	OXM("udp_src", OXM_OF, 15, 2, 1, K_BYTES, PRE_UDP, S_TP_SRC, 1, ENC_BOTH, K(tp_src),
	    VSW_FIELD_TP_SRC),
	OXM("udp_dst", OXM_OF, 16, 2, 1, K_BYTES, PRE_UDP, S_TP_DST, 1, ENC_BOTH, K(tp_dst),
	    VSW_FIELD_TP_DST),
	OXM("sctp_src", OXM_OF, 17, 2, 1, K_BYTES, PRE_SCTP, S_TP_SRC, 1, ENC_BOTH, K(tp_src),
	    VSW_FIELD_TP_SRC),
	OXM("sctp_dst", OXM_OF, 18, 2, 1, K_BYTES, PRE_SCTP, S_TP_DST, 1, ENC_BOTH, K(tp_dst),
	    VSW_FIELD_TP_DST),
	OXM("icmpv4_type", OXM_OF, 19, 1, 0, K_LOW_BYTE, PRE_ICMP4, S_TP_SRC, 1, ENC_BOTH,
	    K(tp_src), VSW_FIELD_ICMP_TYPE),
	OXM("icmpv4_code", OXM_OF, 20, 1, 0, K_LOW_BYTE, PRE_ICMP4, S_TP_DST, 1, ENC_BOTH,
	    K(tp_dst), VSW_FIELD_ICMP_CODE),
	OXM("arp_op", OXM_OF, 21, 2, 0, K_ARP_OP, PRE_ARP, S_PROTO, 1, ENC_BOTH, K(nw_proto),
	    VSW_FIELD_ARP_OP),
	OXM("arp_spa", OXM_OF, 22, 4, 1, K_BYTES, PRE_ARP, S_NW_SRC, 1, ENC_BOTH, K(nw_src),
	    VSW_FIELD_ARP_SPA),
	OXM("arp_tpa", OXM_OF, 23, 4, 1, K_BYTES, PRE_ARP, S_NW_DST, 1, ENC_BOTH, K(nw_dst),
	    VSW_FIELD_ARP_TPA),
	OXM("arp_sha", OXM_OF, 24, 6, 1, K_BYTES, PRE_ARP, S_ARP_SHA, 1, ENC_BOTH, K(arp_sha),
	    VSW_FIELD_ARP_SHA),
	OXM("arp_tha", OXM_OF, 25, 6, 1, K_BYTES, PRE_ARP, S_ARP_THA, 1, ENC_BOTH, K(arp_tha),
	    VSW_FIELD_ARP_THA),
	OXM("ipv6_src", OXM_OF, 26, 16, 1, K_BYTES, PRE_IPV6, S_NW_SRC, 1, ENC_BOTH, K(nw_src),
	    VSW_FIELD_IPV6_SRC_LO),
	OXM("ipv6_dst", OXM_OF, 27, 16, 1, K_BYTES, PRE_IPV6, S_NW_DST, 1, ENC_BOTH, K(nw_dst),
	    VSW_FIELD_IPV6_DST_LO),
	OXM("icmpv6_type", OXM_OF, 29, 1, 0, K_LOW_BYTE, PRE_ICMP6, S_TP_SRC, 1, ENC_BOTH,
	    K(tp_src), VSW_FIELD_ICMPV6_TYPE),
	OXM("icmpv6_code", OXM_OF, 30, 1, 0, K_LOW_BYTE, PRE_ICMP6, S_TP_DST, 1, ENC_BOTH,
	    K(tp_dst), VSW_FIELD_ICMPV6_CODE),
	REG(0),
	REG(1),
	REG(2),
	REG(3),
	REG(4),
	REG(5),
	REG(6),
	REG(7),
	REG(8),
	REG(9),
	REG(10),
	REG(11),
	REG(12),
	REG(13),
	REG(14),
	REG(15),
	XREG(0),
	XREG(1),
	XREG(2),
	XREG(3),
	XREG(4),
	XREG(5),
	XREG(6),
	XREG(7),
	OXM("tunnel_id", OXM_OF, 38, 8, 1, K_BYTES, PRE_NONE, S_TUN_ID, 1, ENC_BOTH, K(tun_id),
	    VSW_FIELD_TUN_ID),
	OXM("tun_src", NXM_NX, 31, 4, 1, K_BYTES, PRE_NONE, S_TUN_SRC, 1, ENC_BOTH, K(tun_src),
	    VSW_FIELD_TUN_SRC),
	OXM("tun_dst", NXM_NX, 32, 4, 1, K_BYTES, PRE_NONE, S_TUN_DST, 1, ENC_BOTH, K(tun_dst),
	    VSW_FIELD_TUN_DST),
	OXM("nw_frag", NXM_NX, 26, 1, 1, K_BYTES, PRE_IP, S_FRAG, 1, ENC_BOTH, K(nw_frag), 0),
	OXM("nw_ttl", NXM_NX, 29, 1, 0, K_BYTES, PRE_IP, S_TTL, 1, ENC_BOTH, K(nw_ttl),
	    VSW_FIELD_NW_TTL),
	OXM("tcp_flags", NXM_NX, 34, 2, 1, K_BYTES, PRE_TCP, S_TCP_FLAGS, 1, ENC_BOTH, K(tcp_flags),
	    0),
	OXM("vlan_tci", NXM_OF, 4, 2, 1, K_VLAN_TCI, PRE_NONE, S_VLAN, 3, ENC_BOTH, K(vlan_tci), 0),
	/*
	 * Decoded only: other spellings of the fields above (but NXM's in_port, which
	 * set_field names as OVS does), and the packet_type ovs-ofctl may add.
	 */
	OXM("packet_type", OXM_OF, 44, 4, 0, K_PACKET_TYPE, PRE_NONE, S_PACKET_TYPE, 1, 0, 0, 0),
	OXM("tcp_flags", OXM_EXP, 42, 2, 1, K_BYTES, PRE_TCP, S_TCP_FLAGS, 1, 0, K(tcp_flags), 0),
	OXM("in_port", NXM_OF, 0, 2, 0, K_PORT16, PRE_NONE, S_IN_PORT, 1, ENC_SET, K(in_port),
	    VSW_FIELD_IN_PORT),
	OXM("tun_id", NXM_NX, 16, 8, 1, K_BYTES, PRE_NONE, S_TUN_ID, 1, 0, K(tun_id),
	    VSW_FIELD_TUN_ID),
	OXM("eth_dst", NXM_OF, 1, 6, 1, K_BYTES, PRE_NONE, S_DL_DST, 1, 0, K(dl_dst),
	    VSW_FIELD_ETH_DST),
	OXM("eth_src", NXM_OF, 2, 6, 1, K_BYTES, PRE_NONE, S_DL_SRC, 1, 0, K(dl_src),
	    VSW_FIELD_ETH_SRC),
	OXM("eth_type", NXM_OF, 3, 2, 0, K_BYTES, PRE_NONE, S_DL_TYPE, 1, 0, K(dl_type), 0),
	OXM("nw_tos", NXM_OF, 5, 1, 0, K_TOS, PRE_IP, S_TOS, 1, 0, K(nw_tos), VSW_FIELD_NW_TOS),
	OXM("ip_proto", NXM_OF, 6, 1, 0, K_BYTES, PRE_IP, S_PROTO, 1, 0, K(nw_proto), 0),
	OXM("ip_src", NXM_OF, 7, 4, 1, K_BYTES, PRE_IPV4, S_NW_SRC, 1, 0, K(nw_src),
	    VSW_FIELD_IPV4_SRC),
	OXM("ip_dst", NXM_OF, 8, 4, 1, K_BYTES, PRE_IPV4, S_NW_DST, 1, 0, K(nw_dst),
	    VSW_FIELD_IPV4_DST),
	OXM("tcp_src", NXM_OF, 9, 2, 1, K_BYTES, PRE_TCP, S_TP_SRC, 1, 0, K(tp_src),
	    VSW_FIELD_TP_SRC),
	OXM("tcp_dst", NXM_OF, 10, 2, 1, K_BYTES, PRE_TCP, S_TP_DST, 1, 0, K(tp_dst),
	    VSW_FIELD_TP_DST),
	OXM("udp_src", NXM_OF, 11, 2, 1, K_BYTES, PRE_UDP, S_TP_SRC, 1, 0, K(tp_src),
	    VSW_FIELD_TP_SRC),
	OXM("udp_dst", NXM_OF, 12, 2, 1, K_BYTES, PRE_UDP, S_TP_DST, 1, 0, K(tp_dst),
	    VSW_FIELD_TP_DST),
	OXM("icmp_type", NXM_OF, 13, 1, 0, K_LOW_BYTE, PRE_ICMP4, S_TP_SRC, 1, 0, K(tp_src),
	    VSW_FIELD_ICMP_TYPE),
	OXM("icmp_code", NXM_OF, 14, 1, 0, K_LOW_BYTE, PRE_ICMP4, S_TP_DST, 1, 0, K(tp_dst),
	    VSW_FIELD_ICMP_CODE),
	OXM("arp_op", NXM_OF, 15, 2, 0, K_ARP_OP, PRE_ARP, S_PROTO, 1, 0, K(nw_proto),
	    VSW_FIELD_ARP_OP),
	OXM("arp_spa", NXM_OF, 16, 4, 1, K_BYTES, PRE_ARP, S_NW_SRC, 1, 0, K(nw_src),
	    VSW_FIELD_ARP_SPA),
	OXM("arp_tpa", NXM_OF, 17, 4, 1, K_BYTES, PRE_ARP, S_NW_DST, 1, 0, K(nw_dst),
	    VSW_FIELD_ARP_TPA),
	OXM("arp_sha", NXM_NX, 17, 6, 1, K_BYTES, PRE_ARP, S_ARP_SHA, 1, 0, K(arp_sha),
	    VSW_FIELD_ARP_SHA),
	OXM("arp_tha", NXM_NX, 18, 6, 1, K_BYTES, PRE_ARP, S_ARP_THA, 1, 0, K(arp_tha),
	    VSW_FIELD_ARP_THA),
	OXM("ipv6_src", NXM_NX, 19, 16, 1, K_BYTES, PRE_IPV6, S_NW_SRC, 1, 0, K(nw_src),
	    VSW_FIELD_IPV6_SRC_LO),
	OXM("ipv6_dst", NXM_NX, 20, 16, 1, K_BYTES, PRE_IPV6, S_NW_DST, 1, 0, K(nw_dst),
	    VSW_FIELD_IPV6_DST_LO),
	OXM("icmpv6_type", NXM_NX, 21, 1, 0, K_LOW_BYTE, PRE_ICMP6, S_TP_SRC, 1, 0, K(tp_src),
	    VSW_FIELD_ICMPV6_TYPE),
	OXM("icmpv6_code", NXM_NX, 22, 1, 0, K_LOW_BYTE, PRE_ICMP6, S_TP_DST, 1, 0, K(tp_dst),
	    VSW_FIELD_ICMPV6_CODE),
	OXM("ip_ecn", NXM_NX, 28, 1, 0, K_ECN, PRE_IP, S_TOS, 2, 0, K(nw_tos), VSW_FIELD_NW_ECN),
};

const size_t ofp_n_oxm_fields = RTE_DIM(ofp_oxm_fields);

int
ofp_fail(struct vsw_ofp_status *st, enum vsw_ofp_error e, const char *fmt, ...)
{
	va_list ap;

	st->error = e;
	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
	va_end(ap);
	return -EPROTO;
}

const struct ofp_oxm_field *
ofp_oxm_find(uint16_t class, uint8_t field, uint32_t exp_id)
{
	size_t i;

	if (class == OXM_EXP && exp_id != ONF_EXP_ID)
		return NULL;
	for (i = 0; i < ofp_n_oxm_fields; i++)
		if (ofp_oxm_fields[i].class == class && ofp_oxm_fields[i].field == field)
			return &ofp_oxm_fields[i];
	return NULL;
}

int
ofp_oxm_pull(struct vsw_ofp_pull *c, struct ofp_oxm_item *it, struct vsw_ofp_status *st)
{
	const uint8_t *h = vsw_ofp_pull(c, 4), *exp = NULL, *body;
	unsigned int len, vlen;
	bool hasmask;

	if (h == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "an OXM header is cut short");
	it->class = ofp_get16(h);
	it->field = h[2] >> 1;
	hasmask = h[2] & 1;
	len = h[3];
	if (it->class == OXM_EXP) {
		exp = vsw_ofp_pull(c, 4);
		if (exp == NULL || len < 4)
			return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN,
					"an experimenter OXM is cut short");
		len -= 4;
	}
	body = vsw_ofp_pull(c, len);
	if (body == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "OXM %#x:%u runs past the match",
				it->class, it->field);
	it->f = ofp_oxm_find(it->class, it->field, exp != NULL ? ofp_get32(exp) : 0);
	if (it->f == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_FIELD,
				"OXM field %#x:%u is not one vsw matches on", it->class, it->field);
	vlen = it->f->len;
	if (len != vlen * (hasmask ? 2 : 1))
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "OXM %s has length %u, not %u",
				it->f->name, len, vlen * (hasmask ? 2 : 1));
	it->value = body;
	it->mask = hasmask ? body + vlen : NULL;
	return 0;
}

/* What a match's exact dl_type and nw_proto are (0xffff / -1 when not exact). */
static uint16_t
exact_dl_type(const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	return m->dl_type == 0xffff ? ofp_get16((const uint8_t *)&k->dl_type) : 0xffff;
}

static int
exact_proto(const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	return m->nw_proto == 0xff ? k->nw_proto : -1;
}

/* Whether the match (k, m) holds what pre asks for. */
bool
ofp_pre_met(enum ofp_oxm_pre pre, const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	uint16_t type = exact_dl_type(k, m);
	int proto = exact_proto(k, m);
	bool ip = type == 0x0800 || type == 0x86dd;

	switch (pre) {
	case PRE_NONE:
		return true;
	case PRE_IPV4:
		return type == 0x0800;
	case PRE_IPV6:
		return type == 0x86dd;
	case PRE_IP:
		return ip;
	case PRE_ARP:
		return type == 0x0806;
	case PRE_TCP:
		return ip && proto == 6;
	case PRE_UDP:
		return ip && proto == 17;
	case PRE_SCTP:
		return ip && proto == 132;
	case PRE_ICMP4:
		return type == 0x0800 && proto == 1;
	case PRE_ICMP6:
		return type == 0x86dd && proto == 58;
	case PRE_VLAN:
		return (ofp_get16((const uint8_t *)&k->vlan_tci) &
			ofp_get16((const uint8_t *)&m->vlan_tci) & OFPVID_PRES) != 0;
	}
	return false;
}

/* A 1..8 byte big-endian value as a number. */
uint64_t
ofp_get_uint(const uint8_t *p, unsigned int len)
{
	uint64_t v = 0;

	while (len-- > 0)
		v = v << 8 | *p++;
	return v;
}

/* One OXM: header, value, mask (NULL: none) of row fd; values len bytes each. */
void
ofp_put_oxm(struct vsw_ofp_buf *b, const struct ofp_oxm_field *fd, const uint8_t *value,
	    const uint8_t *mask)
{
	uint8_t *h = ofp_push(b, 4);

	ofp_put16(h, fd->class);
	h[2] = (uint8_t)(fd->field << 1 | (mask != NULL));
	h[3] = (uint8_t)(fd->len * (mask != NULL ? 2 : 1));
	ofp_push_bytes(b, value, fd->len);
	if (mask != NULL)
		ofp_push_bytes(b, mask, fd->len);
}

/* The same with right-aligned numbers for a row of at most 8 bytes. */
void
ofp_put_oxm_uint(struct vsw_ofp_buf *b, const struct ofp_oxm_field *fd, uint64_t value,
		 uint64_t mask, bool masked)
{
	uint8_t v[8], m[8];
	unsigned int i;

	for (i = 0; i < fd->len; i++) {
		v[i] = (uint8_t)(value >> (8 * (fd->len - 1 - i)));
		m[i] = (uint8_t)(mask >> (8 * (fd->len - 1 - i)));
	}
	ofp_put_oxm(b, fd, v, masked ? m : NULL);
}

const struct ofp_oxm_field *
ofp_oxm_row(uint16_t class, uint8_t field)
{
	return ofp_oxm_find(class, field, 0);
}

/* The encoding row of set_field target `field` in a rule matching (k, m). */
const struct ofp_oxm_field *
ofp_oxm_set_row(unsigned int field, const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	size_t i;

	for (i = 0; i < ofp_n_oxm_fields; i++)
		if ((ofp_oxm_fields[i].enc & ENC_SET) && ofp_oxm_fields[i].setf == field &&
		    (ofp_oxm_fields[i].slot != S_TP_SRC && ofp_oxm_fields[i].slot != S_TP_DST
			     ? true
			     : ofp_pre_met((enum ofp_oxm_pre)ofp_oxm_fields[i].pre, k, m)))
			return &ofp_oxm_fields[i];
	return NULL;
}

void
ofp_oxm_list(struct vsw_ofp_buf *b, bool settable, bool with_mask)
{
	size_t i;

	for (i = 0; i < ofp_n_oxm_fields; i++) {
		const struct ofp_oxm_field *fd = &ofp_oxm_fields[i];
		uint8_t *h;

		if (!(fd->enc & (settable ? ENC_SET : ENC_MATCH)) || (settable && fd->setf == 0))
			continue;
		h = ofp_push(b, 4);
		ofp_put16(h, fd->class);
		h[2] = (uint8_t)(fd->field << 1 | (with_mask && fd->maskable));
		h[3] = (uint8_t)(fd->len * (with_mask && fd->maskable ? 2 : 1));
	}
}

const struct ofp_oxm_field *
ofp_oxm_nxm_row(unsigned int field, uint8_t proto, const struct vsw_flow_key *k,
		const struct vsw_flow_key *m)
{
	const struct ofp_oxm_field *oxm = NULL;
	size_t i;

	for (i = 0; i < ofp_n_oxm_fields; i++) {
		const struct ofp_oxm_field *fd = &ofp_oxm_fields[i];
		bool tp = fd->slot == S_TP_SRC || fd->slot == S_TP_DST;
		uint8_t row_proto = fd->pre == PRE_TCP ? 6 : fd->pre == PRE_UDP ? 17 : 132;

		if (fd->setf != field || fd->kind == K_PACKET_TYPE ||
		    (tp && field <= VSW_FIELD_TP_DST &&
		     (proto != 0 ? proto != row_proto
				 : !ofp_pre_met((enum ofp_oxm_pre)fd->pre, k, m))))
			continue;
		if (fd->class == NXM_OF || fd->class == NXM_NX)
			return fd;
		if (oxm == NULL && fd->class != OXM_EXP)
			oxm = fd;
	}
	return oxm;
}
