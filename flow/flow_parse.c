/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_parse.c: ovs-ofctl flow syntax into struct vsw_flow. A flow string is
 * "key=value" and bare keys separated by commas or spaces, in any order;
 * "actions=" takes the rest of the string (flow_actions.c parses it).
 *
 * Match fields are a table (name, type, place in the key, prerequisite), so
 * synonyms (dl_src / eth_src) and shorthands (ip, tcp6, arp ...) are rows.
 * Prerequisites are checked once everything is read, since ovs-ofctl allows
 * "nw_src=10.0.0.1,ip" as well as "ip,nw_src=10.0.0.1"; a field whose
 * prerequisite is missing is an error that names it (ovs-ofctl drops such a
 * field silently). Host bits outside a mask are cleared, as ovs-ofctl does.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_byteorder.h>

#include "flow_private.h"

/*
 * How a match field's value is read into the key and mask: the type's enum
 * name and the setter (match_<setter>, below) that reads it. Several types
 * share a setter where one value layout has variants.
 */
#define FLOW_FIELD_TYPES(X)                                                                        \
	X(PORT, port)		/* in_port: number or name */                                      \
	X(MAC, mac)		/* 6 bytes, maskable */                                            \
	X(U8, u8)		/* exact */                                                        \
	X(BE16, be16)		/* network order, maskable when the row says so */                 \
	X(ETHERTYPE, ethertype) /* dl_type */                                                      \
	X(IPV4, addr)		/* maskable: /N or /a.b.c.d */                                     \
	X(IPV6, addr)		/* maskable: /N or /addr */                                        \
	X(DL_VLAN, vlan)	/* VID or 0xffff (no tag) into vlan_tci */                         \
	X(DL_VLAN_PCP, vlan)	/* PCP into vlan_tci */                                            \
	X(VLAN_TCI, vlan)	/* the raw TCI, maskable */                                        \
	X(VLAN_VID, vlan)	/* OXM: VID | 0x1000 when tagged, maskable; into vlan_tci */       \
	X(NW_TOS, tos)		/* a multiple of 4 */                                              \
	X(IP_DSCP, tos)		/* 0..63, stored as nw_tos << 2 */                                 \
	X(NW_ECN, tos)		/* 0..3, nw_tos's low two bits */                                  \
	X(NW_FRAG, frag)	/* no, yes, first, later, not_later */                             \
	X(ICMP, icmp)		/* 0..255 into a 16-bit key field */                               \
	X(TCP_FLAGS, tcp_flags) /* 12 bits, numeric or +flag-flag */                               \
	X(BE64, be64)		/* network order, maskable: tun_id */

enum ftype {
#define FLOW_FIELD_TYPE_ENUM(name, setter) F_##name,
	FLOW_FIELD_TYPES(FLOW_FIELD_TYPE_ENUM)
#undef FLOW_FIELD_TYPE_ENUM
		F__COUNT
};

enum prereq {
	P_NONE,
	P_IP_OR_ARP,
	P_IP_ANY,
	P_IP_ANY_OR_ARP,
	P_ARP,
	P_IPV6,
	P_L4,
	P_TCP,
	P_UDP,
	P_SCTP,
	P_ICMP
};

struct field {
	const char *name;
	enum ftype type;
	size_t off; /* in struct vsw_flow_key */
	enum prereq pre;
	bool maskable;
	uint8_t id; /* same id = same field under another name */
};

#define K(m) offsetof(struct vsw_flow_key, m)

static const struct field fields[] = {
	{"in_port", F_PORT, K(in_port), P_NONE, false, 1},
	{"in_port_oxm", F_PORT, K(in_port), P_NONE, false, 1},
	{"dl_src", F_MAC, K(dl_src), P_NONE, true, 2},
	{"eth_src", F_MAC, K(dl_src), P_NONE, true, 2},
	{"dl_dst", F_MAC, K(dl_dst), P_NONE, true, 3},
	{"eth_dst", F_MAC, K(dl_dst), P_NONE, true, 3},
	{"dl_vlan", F_DL_VLAN, K(vlan_tci), P_NONE, false, 4},
	{"dl_vlan_pcp", F_DL_VLAN_PCP, K(vlan_tci), P_NONE, false, 5},
	{"vlan_tci", F_VLAN_TCI, K(vlan_tci), P_NONE, true, 6},
	{"vlan_vid", F_VLAN_VID, K(vlan_tci), P_NONE, true, 6},
	{"vlan_pcp", F_DL_VLAN_PCP, K(vlan_tci), P_NONE, false, 5},
	{"dl_type", F_ETHERTYPE, K(dl_type), P_NONE, false, 7},
	{"eth_type", F_ETHERTYPE, K(dl_type), P_NONE, false, 7},
	{"nw_src", F_IPV4, K(nw_src), P_IP_OR_ARP, true, 8},
	{"ip_src", F_IPV4, K(nw_src), P_IP_OR_ARP, true, 8},
	{"arp_spa", F_IPV4, K(nw_src), P_ARP, true, 8},
	{"nw_dst", F_IPV4, K(nw_dst), P_IP_OR_ARP, true, 9},
	{"ip_dst", F_IPV4, K(nw_dst), P_IP_OR_ARP, true, 9},
	{"arp_tpa", F_IPV4, K(nw_dst), P_ARP, true, 9},
	{"nw_proto", F_U8, K(nw_proto), P_IP_ANY_OR_ARP, false, 10}, /* ARP: the opcode */
	{"ip_proto", F_U8, K(nw_proto), P_IP_ANY, false, 10},
	{"arp_op", F_U8, K(nw_proto), P_ARP, false, 10},
	{"nw_tos", F_NW_TOS, K(nw_tos), P_IP_ANY, false, 11},
	{"ip_dscp", F_IP_DSCP, K(nw_tos), P_IP_ANY, false, 11},
	{"nw_ttl", F_U8, K(nw_ttl), P_IP_ANY, false, 12},
	{"nw_ecn", F_NW_ECN, K(nw_tos), P_IP_ANY, false, 19},
	{"ip_ecn", F_NW_ECN, K(nw_tos), P_IP_ANY, false, 19},
	{"nw_frag", F_NW_FRAG, K(nw_frag), P_IP_ANY, false, 20},
	{"ip_frag", F_NW_FRAG, K(nw_frag), P_IP_ANY, false, 20},
	{"tp_src", F_BE16, K(tp_src), P_L4, true, 13},
	{"tcp_src", F_BE16, K(tp_src), P_TCP, true, 13},
	{"udp_src", F_BE16, K(tp_src), P_UDP, true, 13},
	{"sctp_src", F_BE16, K(tp_src), P_SCTP, true, 13},
	{"icmp_type", F_ICMP, K(tp_src), P_ICMP, false, 13},
	{"icmpv6_type", F_ICMP, K(tp_src), P_ICMP, false, 13},
	{"tp_dst", F_BE16, K(tp_dst), P_L4, true, 14},
	{"tcp_dst", F_BE16, K(tp_dst), P_TCP, true, 14},
	{"udp_dst", F_BE16, K(tp_dst), P_UDP, true, 14},
	{"sctp_dst", F_BE16, K(tp_dst), P_SCTP, true, 14},
	{"icmp_code", F_ICMP, K(tp_dst), P_ICMP, false, 14},
	{"icmpv6_code", F_ICMP, K(tp_dst), P_ICMP, false, 14},
	{"tcp_flags", F_TCP_FLAGS, K(tcp_flags), P_TCP, true, 15},
	{"arp_sha", F_MAC, K(arp_sha), P_ARP, true, 16},
	{"arp_tha", F_MAC, K(arp_tha), P_ARP, true, 17},
	{"ipv6_src", F_IPV6, K(nw_src), P_IPV6, true, 8},
	{"ipv6_dst", F_IPV6, K(nw_dst), P_IPV6, true, 9},
	{"tun_id", F_BE64, K(tun_id), P_NONE, true, 21},
	{"tunnel_id", F_BE64, K(tun_id), P_NONE, true, 21},
	{"tun_src", F_IPV4, K(tun_src), P_NONE, true, 22},
	{"tun_dst", F_IPV4, K(tun_dst), P_NONE, true, 23},
};

/* Shorthands: a dl_type and maybe an IP protocol. */
static const struct {
	const char *name;
	uint16_t dl_type;
	int proto;
} shorthands[] = {
	{"ip", ETH_IPV4, -1},		{"ipv6", ETH_IPV6, -1},		{"ip6", ETH_IPV6, -1},
	{"icmp", ETH_IPV4, PROTO_ICMP}, {"icmp6", ETH_IPV6, PROTO_ICMPV6},
	{"tcp", ETH_IPV4, PROTO_TCP},	{"tcp6", ETH_IPV6, PROTO_TCP},
	{"udp", ETH_IPV4, PROTO_UDP},	{"udp6", ETH_IPV6, PROTO_UDP},
	{"sctp", ETH_IPV4, PROTO_SCTP}, {"sctp6", ETH_IPV6, PROTO_SCTP},
	{"arp", ETH_ARP, -1},		{"rarp", ETH_RARP, -1},
};

/* What ovs-ofctl knows and vsw does not do yet: refused by name. */
static const char *const unsupported[] = {
	"tun_flags",	  "tun_ipv6_src",
	"tun_ipv6_dst",
	"pkt_mark",	  "skb_priority",
	"xxreg0",
	"ct_state",	  "ct_zone",
	"ct_mark",	  "ct_label",
	"ct_nw_src",	  "ct_nw_dst",
	"mpls_label",	  "mpls_tc",
	"mpls_bos",	  "mpls_ttl",
	"ipv6_label",	  "nd_target",
	"nd_sll",	  "nd_tll",
	"recirc_id",	  "dp_hash",
	"conj_id",	  "actset_output",
	"mpls",
	"mplsm",	  "igmp",
	"igmp_type",	  "igmp_code",
	"dl_vlan_inner",  "packet_type",
	"importance",
	"out_port",	  "out_group",
	NULL,
};

/* A match field that was given, for the prerequisite pass. */
struct given {
	const struct field *f;
	unsigned int col;
};

/* Parser state beyond struct vsw_flow. */
struct parse_state {
	struct given given[64];
	unsigned int n_given;
	unsigned int type_col;	/* where dl_type was set (0: not) */
	unsigned int proto_col; /* where nw_proto was set */
	unsigned int vlan_col;	/* dl_vlan / dl_vlan_pcp / vlan_tci */
	bool vlan_raw;		/* vlan_tci (conflicts with the other two) */
};

uint16_t
flow_dl_type(const struct vsw_flow *f)
{
	return f->mask.dl_type == 0xffff ? flow_get_be16(&f->key.dl_type) : 0;
}

int
flow_nw_proto(const struct vsw_flow *f)
{
	return f->mask.nw_proto == 0xff ? f->key.nw_proto : -1;
}

static int
set_dl_type(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, uint16_t type,
	    const struct flow_token *t)
{
	if (st->type_col != 0)
		return flow_error(ctx, -EINVAL, t->col,
				  "%.*s: the ethertype is already set at "
				  "column %u",
				  (int)t->key_len, t->key, st->type_col);
	flow_put_be16(&f->key.dl_type, type);
	f->mask.dl_type = 0xffff;
	st->type_col = t->col;
	return 0;
}

static int
set_nw_proto(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, uint8_t proto,
	     const struct flow_token *t)
{
	if (st->proto_col != 0)
		return flow_error(ctx, -EINVAL, t->col,
				  "%.*s: the protocol is already set at "
				  "column %u",
				  (int)t->key_len, t->key, st->proto_col);
	f->key.nw_proto = proto;
	f->mask.nw_proto = 0xff;
	st->proto_col = t->col;
	return 0;
}

/*
 * The setters, one per value layout (FLOW_FIELD_TYPES): each reads token t
 * as field fd into f's key and mask. Contract for all: 0, or flow_error's
 * value naming the field and the column.
 */

/* A value that did not parse (rc < 0), reported with the field; 0 passes. */
static int
bad_value(struct flow_ctx *ctx, const struct flow_token *t, int rc)
{
	if (rc == 0)
		return 0;
	return flow_error(ctx, -EINVAL, t->col, "%.*s=%.*s: %s", (int)t->key_len, t->key,
			  (int)t->val_len, t->val,
			  rc == -ERANGE ? "value out of range" : "not a valid value");
}

static int
match_port(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	uint16_t port, index;
	int rc;

	RTE_SET_USED(st);
	RTE_SET_USED(fd);
	rc = flow_parse_port(ctx->ports, t->val, t->val_len, VSW_OFPORT_LOCAL, &port, &index);
	if (rc == -ENOENT)
		return flow_error(ctx, -ENOENT, t->col, "in_port=%.*s: no such port in this bridge",
				  (int)t->val_len, t->val);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	f->key.in_port = port;
	f->mask.in_port = 0xffff;
	return 0;
}

static int
match_mac(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	  const struct flow_token *t)
{
	uint8_t *k = (uint8_t *)&f->key + fd->off, *m = (uint8_t *)&f->mask + fd->off;
	size_t vlen, mlen;
	const char *mk;
	int rc;

	RTE_SET_USED(st);
	flow_split_mask(t->val, t->val_len, &vlen, &mk, &mlen);
	rc = flow_parse_mac(t->val, vlen, k);
	if (rc == 0 && mk != NULL)
		rc = flow_parse_mac(mk, mlen, m);
	else if (rc == 0)
		memset(m, 0xff, 6);
	return bad_value(ctx, t, rc);
}

static int
match_u8(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	 const struct flow_token *t)
{
	uint64_t v;
	int rc;

	rc = flow_parse_uint(t->val, t->val_len, 0xff, &v);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	if (fd->off == K(nw_proto))
		return set_nw_proto(ctx, f, st, (uint8_t)v, t);
	*((uint8_t *)&f->key + fd->off) = (uint8_t)v;
	*((uint8_t *)&f->mask + fd->off) = 0xff;
	return 0;
}

static int
match_be16(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	uint16_t v, m;
	int rc;

	RTE_SET_USED(st);
	rc = flow_parse_u16_masked(t, fd->maskable, 0xffff, &v, &m);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	flow_put_be16((uint8_t *)&f->key + fd->off, v);
	flow_put_be16((uint8_t *)&f->mask + fd->off, m);
	return 0;
}

static int
match_ethertype(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st,
		const struct field *fd, const struct flow_token *t)
{
	uint64_t v;
	int rc;

	RTE_SET_USED(fd);
	rc = flow_parse_uint(t->val, t->val_len, 0xffff, &v);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	return set_dl_type(ctx, f, st, (uint16_t)v, t);
}

static int
match_addr(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	RTE_SET_USED(st);
	return bad_value(ctx, t,
			 flow_parse_addr(t, fd->type == F_IPV6, (uint8_t *)&f->key + fd->off,
					 (uint8_t *)&f->mask + fd->off));
}

/* dl_vlan, dl_vlan_pcp and vlan_tci: parts of one TCI, or the whole of it. */
static int
match_vlan(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	uint16_t tci = flow_get_be16(&f->key.vlan_tci), tmask = flow_get_be16(&f->mask.vlan_tci);
	uint64_t v;
	int rc;

	if (st->vlan_col != 0 && (st->vlan_raw || fd->type == F_VLAN_TCI || fd->type == F_VLAN_VID))
		return flow_error(ctx, -EINVAL, t->col,
				  "%.*s conflicts with the VLAN match at column %u",
				  (int)t->key_len, t->key, st->vlan_col);
	if (fd->type == F_VLAN_TCI || fd->type == F_VLAN_VID) {
		/* OXM's vlan_vid is the TCI's low 13 bits: the VID and the present bit. */
		rc = flow_parse_u16_masked(t, true, fd->type == F_VLAN_TCI ? 0xffff : 0x1fff, &tci,
					   &tmask);
		if (fd->type == F_VLAN_VID)
			tmask &= 0x1fff;
		st->vlan_raw = true;
		/* Exactly a TCI or VID without the present bit is "no tag", as ovs-ofctl reads it. */
		if (rc == 0 && tmask == (fd->type == F_VLAN_TCI ? 0xffff : 0x1fff) &&
		    !(tci & VSW_VLAN_PRESENT)) {
			tci = 0;
			tmask = 0xffff;
		}
	} else if (fd->type == F_DL_VLAN) {
		rc = flow_parse_uint(t->val, t->val_len, 0xffff, &v);
		if (rc == 0 && v == 0xffff && tmask == 0) { /* no tag at all */
			tci = 0;
			tmask = 0xffff;
			st->vlan_raw = true;
		} else if (rc == 0 && v <= 0xfff) {
			tci = (uint16_t)((tci & 0xe000) | v | VSW_VLAN_PRESENT);
			tmask |= 0x1fff;
		} else {
			rc = -ERANGE;
		}
	} else {
		rc = flow_parse_uint(t->val, t->val_len, 7, &v);
		tci = (uint16_t)((tci & 0x0fff) | (v << 13) | VSW_VLAN_PRESENT);
		tmask |= 0xf000;
	}
	if (rc < 0)
		return bad_value(ctx, t, rc);
	flow_put_be16(&f->key.vlan_tci, tci);
	flow_put_be16(&f->mask.vlan_tci, tmask);
	st->vlan_col = st->vlan_col ? st->vlan_col : t->col;
	return 0;
}

/*
 * nw_tos (the TOS byte, ECN bits clear), ip_dscp (its upper six bits) and
 * nw_ecn (its low two): one byte of the key, DSCP and ECN matched apart.
 */
static int
match_tos(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	  const struct flow_token *t)
{
	bool tos = fd->type == F_NW_TOS, ecn = fd->type == F_NW_ECN;
	uint8_t bits = ecn ? 0x03 : 0xfc;
	uint64_t v;
	int rc;

	RTE_SET_USED(st);
	rc = flow_parse_uint(t->val, t->val_len, tos ? 0xff : ecn ? 3 : 63, &v);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	if (tos && (v & 3))
		return flow_error(ctx, -EINVAL, t->col,
				  "nw_tos=%.*s: the low two bits are ECN, not TOS: use a multiple "
				  "of 4",
				  (int)t->val_len, t->val);
	v = tos || ecn ? v : v << 2;
	f->key.nw_tos = (uint8_t)((f->key.nw_tos & ~bits) | v);
	f->mask.nw_tos |= bits;
	return 0;
}

/* nw_frag: which fragments, as ovs-ofctl names them (VSW_FRAG_* bits under a mask). */
static int
match_frag(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	unsigned int i;

	RTE_SET_USED(st);
	RTE_SET_USED(fd);
	for (i = 0; i < RTE_DIM(flow_frag_names); i++) {
		if (flow_key_is(t->val, t->val_len, flow_frag_names[i].name)) {
			f->key.nw_frag = flow_frag_names[i].value;
			f->mask.nw_frag = flow_frag_names[i].mask;
			return 0;
		}
	}
	return bad_value(ctx, t, -EINVAL);
}

static int
match_icmp(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	uint64_t v;
	int rc;

	RTE_SET_USED(st);
	rc = flow_parse_uint(t->val, t->val_len, 0xff, &v);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	flow_put_be16((uint8_t *)&f->key + fd->off, (uint16_t)v);
	flow_put_be16((uint8_t *)&f->mask + fd->off, 0xffff);
	return 0;
}

static int
match_tcp_flags(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st,
		const struct field *fd, const struct flow_token *t)
{
	uint16_t v, m;
	int rc;

	RTE_SET_USED(st);
	RTE_SET_USED(fd);
	rc = flow_parse_tcp_flags(t->val, t->val_len, &v, &m);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	flow_put_be16(&f->key.tcp_flags, v);
	flow_put_be16(&f->mask.tcp_flags, m);
	return 0;
}

static int
match_be64(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	   const struct flow_token *t)
{
	uint64_t v, m;
	int rc;

	RTE_SET_USED(st);
	rc = flow_parse_u64_masked(t->val, t->val_len, UINT64_MAX, &v, &m);
	if (rc < 0)
		return bad_value(ctx, t, rc);
	v = rte_cpu_to_be_64(v & m);
	m = rte_cpu_to_be_64(m);
	memcpy((uint8_t *)&f->key + fd->off, &v, 8);
	memcpy((uint8_t *)&f->mask + fd->off, &m, 8);
	return 0;
}

/* The setter of each field type, from FLOW_FIELD_TYPES. */
static int (*const match_setters[F__COUNT])(struct flow_ctx *ctx, struct vsw_flow *f,
					    struct parse_state *st, const struct field *fd,
					    const struct flow_token *t) = {
#define FLOW_FIELD_TYPE_SETTER(name, setter) [F_##name] = match_##setter,
	FLOW_FIELD_TYPES(FLOW_FIELD_TYPE_SETTER)
#undef FLOW_FIELD_TYPE_SETTER
};

/* Reads token t as match field fd into f (fd->type is one of the table's). */
static int
set_field(struct flow_ctx *ctx, struct vsw_flow *f, struct parse_state *st, const struct field *fd,
	  const struct flow_token *t)
{
	return match_setters[fd->type](ctx, f, st, fd, t);
}

/* The prerequisite's words, for messages. */
static const char *
prereq_text(enum prereq p)
{
	switch (p) {
	case P_IP_OR_ARP:
		return "ip or arp (dl_type=0x0800 or 0x0806)";
	case P_IP_ANY:
		return "ip or ipv6";
	case P_IP_ANY_OR_ARP:
		return "ip, ipv6 or arp";
	case P_ARP:
		return "arp (dl_type=0x0806)";
	case P_IPV6:
		return "ipv6 (dl_type=0x86dd)";
	case P_L4:
		return "tcp, udp, sctp or icmp (or their IPv6 forms)";
	case P_TCP:
		return "tcp or tcp6";
	case P_UDP:
		return "udp or udp6";
	case P_SCTP:
		return "sctp or sctp6";
	case P_ICMP:
		return "icmp or icmp6";
	case P_NONE:
		break;
	}
	return "";
}

/* Whether f matches ICMP or ICMPv6. */
static bool
icmp_proto(const struct vsw_flow *f)
{
	return flow_nw_proto(f) == PROTO_ICMP || flow_nw_proto(f) == PROTO_ICMPV6;
}

static bool
prereq_met(const struct vsw_flow *f, enum prereq p)
{
	uint16_t type = flow_dl_type(f);
	int proto = flow_nw_proto(f);
	bool ip = type == ETH_IPV4 || type == ETH_IPV6;

	switch (p) {
	case P_NONE:
		return true;
	case P_IP_OR_ARP:
		return type == ETH_IPV4 || type == ETH_ARP;
	case P_IP_ANY:
		return ip;
	case P_IP_ANY_OR_ARP:
		return ip || type == ETH_ARP;
	case P_ARP:
		return type == ETH_ARP;
	case P_IPV6:
		return type == ETH_IPV6;
	case P_L4: /* tp_src/tp_dst; with ICMP, as ovs-ofctl reads them: its type and code */
		return ip && (proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_SCTP ||
			      proto == PROTO_ICMP || proto == PROTO_ICMPV6);
	case P_TCP:
		return ip && proto == PROTO_TCP;
	case P_UDP:
		return ip && proto == PROTO_UDP;
	case P_SCTP:
		return ip && proto == PROTO_SCTP;
	case P_ICMP:
		return (type == ETH_IPV4 && proto == PROTO_ICMP) ||
		       (type == ETH_IPV6 && proto == PROTO_ICMPV6);
	}
	return false;
}

/* The flow_mod flags ovs-ofctl takes as bare words, as OpenFlow 1.3 numbers them. */
static const struct {
	const char *name;
	uint8_t flag;
} flag_words[] = {
	{"send_flow_rem", VSW_RULE_SEND_FLOW_REM},   {"check_overlap", VSW_RULE_CHECK_OVERLAP},
	{"reset_counts", VSW_RULE_RESET_COUNTS},     {"no_packet_counts", VSW_RULE_NO_PKT_COUNTS},
	{"no_byte_counts", VSW_RULE_NO_BYT_COUNTS},
};

/* A flag word into f->flags: 1 if t was one, 0 if not, or flow_error's rc. */
static int
parse_flag(struct flow_ctx *ctx, enum vsw_flow_parse_mode mode, const struct flow_token *t,
	   struct vsw_flow *f)
{
	size_t i;

	for (i = 0; i < RTE_DIM(flag_words); i++) {
		if (!flow_key_is(t->key, t->key_len, flag_words[i].name))
			continue;
		if (mode == VSW_FLOW_MATCH)
			return flow_error(ctx, -EINVAL, t->col,
					  "%s is a flag of add-flow and mod-flows, not a match",
					  flag_words[i].name);
		f->flags |= flag_words[i].flag;
		return 1;
	}
	return 0;
}

/* Rule attributes: table, priority, cookie, timeouts; 1 if t was one, 0 if not. */
static int
parse_attribute(struct flow_ctx *ctx, enum vsw_flow_parse_mode mode, const struct flow_token *t,
		struct vsw_flow *f)
{
	static const char *const ignored[] = {"duration", "n_packets", "n_bytes",
					      "idle_age", "hard_age",  NULL};
	size_t vlen, mlen, i;
	const char *m;
	uint64_t v;

	for (i = 0; ignored[i] != NULL; i++)
		if (flow_key_is(t->key, t->key_len, ignored[i]))
			return 1; /* printed by dump-flows; ignored so a dump reads back */
	if (flow_key_is(t->key, t->key_len, "table")) {
		if (flow_parse_uint(t->val, t->val_len, VSW_N_TABLES - 1, &v) < 0)
			return flow_error(ctx, -EINVAL, t->col, "table=%.*s: tables are 0..%u",
					  (int)t->val_len, t->val, VSW_N_TABLES - 1);
		f->table = (uint8_t)v;
		f->table_given = true;
	} else if (flow_key_is(t->key, t->key_len, "priority")) {
		if (flow_parse_uint(t->val, t->val_len, 0xffff, &v) < 0)
			return flow_error(ctx, -EINVAL, t->col,
					  "priority=%.*s: priorities are "
					  "0..65535",
					  (int)t->val_len, t->val);
		f->priority = (uint16_t)v;
		f->priority_given = true;
	} else if (flow_key_is(t->key, t->key_len, "cookie")) {
		flow_split_mask(t->val, t->val_len, &vlen, &m, &mlen);
		if (flow_parse_uint(t->val, vlen, UINT64_MAX, &f->cookie) < 0)
			return flow_error(ctx, -EINVAL, t->col, "cookie=%.*s: not a 64-bit number",
					  (int)t->val_len, t->val);
		if (m == NULL && mode == VSW_FLOW_MATCH)
			return flow_error(ctx, -EINVAL, t->col,
					  "cookie=%.*s: a cookie without a mask sets one "
					  "(add-flow, mod-flows); select with cookie=VALUE/MASK",
					  (int)t->val_len, t->val);
		f->cookie_set = m == NULL;
		if (m != NULL && mode == VSW_FLOW_ADD)
			return flow_error(ctx, -EINVAL, t->col,
					  "cookie=%.*s: a cookie mask is for "
					  "mod-flows and del-flows, not add-flow",
					  (int)t->val_len, t->val);
		if (m != NULL && flow_word_is(m, mlen, "-1"))
			f->cookie_mask = UINT64_MAX;
		else if (m != NULL && flow_parse_uint(m, mlen, UINT64_MAX, &f->cookie_mask) < 0)
			return flow_error(ctx, -EINVAL, t->col, "cookie=%.*s: bad mask",
					  (int)t->val_len, t->val);
	} else if (flow_key_is(t->key, t->key_len, "idle_timeout") ||
		   flow_key_is(t->key, t->key_len, "hard_timeout")) {
		if (flow_parse_uint(t->val, t->val_len, 0xffff, &v) < 0)
			return flow_error(ctx, -EINVAL, t->col, "%.*s=%.*s: seconds, 0..65535",
					  (int)t->key_len, t->key, (int)t->val_len, t->val);
		if (t->key[0] == 'i' || t->key[0] == 'I')
			f->idle_timeout = (uint16_t)v;
		else
			f->hard_timeout = (uint16_t)v;
	} else {
		return 0;
	}
	return 1;
}

/* A bare word: a shorthand, or an error. */
static int
parse_shorthand(struct flow_ctx *ctx, const struct flow_token *t, struct vsw_flow *f,
		struct parse_state *st)
{
	unsigned int i;
	int rc;

	for (i = 0; i < RTE_DIM(shorthands); i++) {
		if (!flow_key_is(t->key, t->key_len, shorthands[i].name))
			continue;
		rc = set_dl_type(ctx, f, st, shorthands[i].dl_type, t);
		if (rc == 0 && shorthands[i].proto >= 0)
			rc = set_nw_proto(ctx, f, st, (uint8_t)shorthands[i].proto, t);
		return rc;
	}
	return 1;
}

static int
parse_match_token(struct flow_ctx *ctx, const struct flow_token *t, struct vsw_flow *f,
		  struct parse_state *st)
{
	unsigned int i, j;
	int rc;

	if (t->val == NULL) {
		rc = parse_shorthand(ctx, t, f, st);
		if (rc <= 0)
			return rc;
	}
	for (i = 0; unsupported[i] != NULL; i++)
		if (flow_key_is(t->key, t->key_len, unsupported[i]))
			return flow_error(ctx, -ENOTSUP, t->col, "unsupported field: %.*s",
					  (int)t->key_len, t->key);
	rc = flow_state_match(ctx, t, f);
	if (rc <= 0)
		return rc;
	for (i = 0; i < RTE_DIM(fields); i++) {
		if (!flow_key_is(t->key, t->key_len, fields[i].name))
			continue;
		if (t->val == NULL)
			return flow_error(ctx, -EINVAL, t->col, "%s needs a value (%s=...)",
					  fields[i].name, fields[i].name);
		/* "*" says explicitly what leaving the field out says. */
		if (flow_key_is(t->val, t->val_len, "*"))
			return 0;
		for (j = 0; j < st->n_given; j++)
			if (st->given[j].f->id == fields[i].id && fields[i].type != F_DL_VLAN &&
			    fields[i].type != F_DL_VLAN_PCP)
				return flow_error(ctx, -EINVAL, t->col,
						  "%s: this field is already "
						  "matched at column %u",
						  fields[i].name, st->given[j].col);
		if (st->n_given == RTE_DIM(st->given))
			return flow_error(ctx, -E2BIG, t->col, "too many match fields");
		st->given[st->n_given].f = &fields[i];
		st->given[st->n_given++].col = t->col;
		return set_field(ctx, f, st, &fields[i], t);
	}
	return flow_error(ctx, -EINVAL, t->col, "unknown field: %.*s", (int)t->key_len, t->key);
}

/* key &= mask: bits outside the mask mean nothing and must not be kept. */
static void
clear_host_bits(struct vsw_flow_key *key, const struct vsw_flow_key *mask)
{
	uint8_t *k = (uint8_t *)key;
	const uint8_t *m = (const uint8_t *)mask;
	size_t i;

	for (i = 0; i < sizeof(*key); i++)
		k[i] &= m[i];
}

int
vsw_flow_parse(const char *s, const struct vsw_flow_ports *ports, enum vsw_flow_parse_mode mode,
	       struct vsw_flow *f, char *err, size_t err_len, unsigned int *col)
{
	struct flow_ctx ctx = {.err = err, .err_len = err_len, .col = col, .ports = ports};
	struct parse_state st;
	struct flow_token t, actions = {0};
	size_t pos = 0, i;
	int rc;

	memset(f, 0, sizeof(*f));
	memset(&st, 0, sizeof(st));
	f->priority = 32768;
	*col = 0;
	if (mode != VSW_FLOW_MATCH && s[strspn(s, " \t")] == '\0')
		return flow_error(&ctx, -EINVAL, 1,
				  "the flow is empty: give a match and actions=...");
	while (flow_next_token(s, &pos, &t)) {
		if (flow_key_is(t.key, t.key_len, "actions")) {
			if (t.val == NULL)
				return flow_error(&ctx, -EINVAL, t.col,
						  "actions needs '=' and a list "
						  "(actions=drop to drop)");
			actions = t;
			break;
		}
		if (t.val != NULL && t.val_len == 0)
			return flow_error(&ctx, -EINVAL, t.col, "%.*s= has no value",
					  (int)t.key_len, t.key);
		rc = t.val != NULL ? parse_attribute(&ctx, mode, &t, f) : parse_flag(&ctx, mode, &t, f);
		if (rc == 0)
			rc = parse_match_token(&ctx, &t, f, &st);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < st.n_given; i++) {
		const struct field *fd = st.given[i].f;

		if (!prereq_met(f, fd->pre))
			return flow_error(&ctx, -EINVAL, st.given[i].col,
					  "%s requires %s in the "
					  "match",
					  fd->name, prereq_text(fd->pre));
		if (fd->pre == P_L4 && icmp_proto(f) &&
		    (flow_get_be16((uint8_t *)&f->key + fd->off) > 0xff ||
		     flow_get_be16((uint8_t *)&f->mask + fd->off) != 0xffff))
			return flow_error(&ctx, -ERANGE, st.given[i].col,
					  "%s with ICMP is its %s: one exact byte", fd->name,
					  fd->off == K(tp_src) ? "type" : "code");
	}
	clear_host_bits(&f->key, &f->mask);
	if (mode == VSW_FLOW_MATCH) {
		if (actions.key != NULL)
			return flow_error(&ctx, -EINVAL, actions.col,
					  "actions are not allowed "
					  "here: give only a match");
		return 0;
	}
	if (actions.key == NULL)
		return flow_error(&ctx, -EINVAL, (unsigned int)strlen(s) + 1,
				  "no actions: end "
				  "the flow with actions=... (actions=drop to drop)");
	return flow_parse_actions(&ctx, actions.val, actions.val_len,
				  actions.col + (unsigned int)strlen("actions="), f);
}
