/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_state.c: the pipeline state in flow text (interface.md, "Pipeline
 * state"): the match fields metadata, reg0..reg15 and xreg0..xreg7, and the
 * actions that write it: load, move, write_metadata and set_field on a
 * register or metadata. Printed as ovs-ofctl 3.1 prints them in its
 * OpenFlow 1.0 form: a register pair xregN as reg(2N),reg(2N+1) in a match,
 * set_field on the state as load, fields by their NXM/OXM names
 * ("load:0x5->NXM_NX_REG3[0..15]", "move:NXM_OF_IP_SRC[]->NXM_NX_REG2[]").
 *
 * Field names here are case-sensitive, as in ovs-ofctl.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>

#include "flow_private.h"

/* Names of the fields load and move take, besides registers. */
static const struct {
	const char *name; /* as written */
	const char *nxm;  /* as printed (also accepted) */
	uint8_t field;
	uint8_t proto; /* TP_SRC/TP_DST: the protocol the name means */
} named[] = {
	{"in_port", "NXM_OF_IN_PORT", VSW_FIELD_IN_PORT, 0},
	{"eth_src", "NXM_OF_ETH_SRC", VSW_FIELD_ETH_SRC, 0},
	{"dl_src", "NXM_OF_ETH_SRC", VSW_FIELD_ETH_SRC, 0},
	{"eth_dst", "NXM_OF_ETH_DST", VSW_FIELD_ETH_DST, 0},
	{"dl_dst", "NXM_OF_ETH_DST", VSW_FIELD_ETH_DST, 0},
	{"eth_type", "NXM_OF_ETH_TYPE", VSW_FIELD_ETH_TYPE, 0},
	{"dl_type", "NXM_OF_ETH_TYPE", VSW_FIELD_ETH_TYPE, 0},
	{"ip_src", "NXM_OF_IP_SRC", VSW_FIELD_IPV4_SRC, 0},
	{"nw_src", "NXM_OF_IP_SRC", VSW_FIELD_IPV4_SRC, 0},
	{"ip_dst", "NXM_OF_IP_DST", VSW_FIELD_IPV4_DST, 0},
	{"nw_dst", "NXM_OF_IP_DST", VSW_FIELD_IPV4_DST, 0},
	{"tcp_src", "NXM_OF_TCP_SRC", VSW_FIELD_TP_SRC, PROTO_TCP},
	{"tcp_dst", "NXM_OF_TCP_DST", VSW_FIELD_TP_DST, PROTO_TCP},
	{"udp_src", "NXM_OF_UDP_SRC", VSW_FIELD_TP_SRC, PROTO_UDP},
	{"udp_dst", "NXM_OF_UDP_DST", VSW_FIELD_TP_DST, PROTO_UDP},
	{"sctp_src", "OXM_OF_SCTP_SRC", VSW_FIELD_TP_SRC, PROTO_SCTP},
	{"sctp_dst", "OXM_OF_SCTP_DST", VSW_FIELD_TP_DST, PROTO_SCTP},
	{"nw_ttl", "NXM_NX_IP_TTL", VSW_FIELD_NW_TTL, 0},
	{"nw_ecn", "NXM_NX_IP_ECN", VSW_FIELD_NW_ECN, 0},
	{"ip_ecn", "NXM_NX_IP_ECN", VSW_FIELD_NW_ECN, 0},
	{"icmp_type", "NXM_OF_ICMP_TYPE", VSW_FIELD_ICMP_TYPE, 0},
	{"icmp_code", "NXM_OF_ICMP_CODE", VSW_FIELD_ICMP_CODE, 0},
	{"icmpv6_type", "NXM_NX_ICMPV6_TYPE", VSW_FIELD_ICMPV6_TYPE, 0},
	{"icmpv6_code", "NXM_NX_ICMPV6_CODE", VSW_FIELD_ICMPV6_CODE, 0},
	{"arp_op", "NXM_OF_ARP_OP", VSW_FIELD_ARP_OP, 0},
	{"arp_spa", "NXM_OF_ARP_SPA", VSW_FIELD_ARP_SPA, 0},
	{"arp_tpa", "NXM_OF_ARP_TPA", VSW_FIELD_ARP_TPA, 0},
	{"arp_sha", "NXM_NX_ARP_SHA", VSW_FIELD_ARP_SHA, 0},
	{"tun_id", "NXM_NX_TUN_ID", VSW_FIELD_TUN_ID, 0},
	{"tunnel_id", "NXM_NX_TUN_ID", VSW_FIELD_TUN_ID, 0},
	{"tun_src", "NXM_NX_TUN_IPV4_SRC", VSW_FIELD_TUN_SRC, 0},
	{"tun_dst", "NXM_NX_TUN_IPV4_DST", VSW_FIELD_TUN_DST, 0},
	{"arp_tha", "NXM_NX_ARP_THA", VSW_FIELD_ARP_THA, 0},
	/* 128 bits: two fields, LO (bits 0..63) and HI; a range lies within one (parse_ref). */
	{"ipv6_src", "NXM_NX_IPV6_SRC", VSW_FIELD_IPV6_SRC_LO, 0},
	{"ipv6_dst", "NXM_NX_IPV6_DST", VSW_FIELD_IPV6_DST_LO, 0},
	{"metadata", "OXM_OF_METADATA", VSW_FIELD_METADATA, 0},
};

/* Whether field is a half of an IPv6 address, and which: 64 for the high one. */
static bool
ipv6_half(uint8_t field, unsigned int *base)
{
	*base = field == VSW_FIELD_IPV6_SRC_HI || field == VSW_FIELD_IPV6_DST_HI ? 64 : 0;
	return field >= VSW_FIELD_IPV6_SRC_LO && field <= VSW_FIELD_IPV6_DST_HI;
}

/* "<prefix>N" with N in [0, count): N, else -1. */
static int
numbered(const char *s, size_t n, const char *prefix, unsigned int count)
{
	size_t p = strlen(prefix);
	uint64_t v;

	if (n <= p || memcmp(s, prefix, p) != 0 || s[p] == '+' || s[p] == '-' ||
	    (n - p > 1 && s[p] == '0') || flow_parse_uint(s + p, n - p, count - 1, &v) < 0)
		return -1;
	return (int)v;
}

/* A state field by its short or NXM/OXM name (a packet field too when packet), or 0. */
static uint8_t
field_by_name(const char *s, size_t n, bool packet, uint8_t *proto)
{
	unsigned int i;
	int r;

	*proto = 0;
	if ((r = numbered(s, n, "reg", VSW_N_REGS)) >= 0 ||
	    (r = numbered(s, n, "NXM_NX_REG", VSW_N_REGS)) >= 0)
		return (uint8_t)(VSW_FIELD_REG0 + r);
	if ((r = numbered(s, n, "xreg", VSW_N_REGS / 2)) >= 0 ||
	    (r = numbered(s, n, "OXM_OF_PKT_REG", VSW_N_REGS / 2)) >= 0)
		return (uint8_t)(VSW_FIELD_XREG0 + r);
	for (i = 0; i < RTE_DIM(named); i++) {
		if (!flow_key_is(s, n, named[i].name) && !flow_key_is(s, n, named[i].nxm))
			continue;
		if (!packet && named[i].field != VSW_FIELD_METADATA)
			return 0;
		*proto = named[i].proto;
		return named[i].field;
	}
	return 0;
}

/* ---- match fields ---- */

/*
 * A match on metadata, regN or xregN (token t), into f's state match.
 * 1 when t names none of them; 0 or flow_error's value.
 */
int
flow_state_match(struct flow_ctx *ctx, const struct flow_token *t, struct vsw_flow *f)
{
	uint64_t v, m, width, om, ov;
	uint8_t proto, field;
	int r;

	/* A match names them short only (reg3, not NXM_NX_REG3), as ovs-ofctl. */
	if ((r = numbered(t->key, t->key_len, "reg", VSW_N_REGS)) >= 0)
		field = (uint8_t)(VSW_FIELD_REG0 + r);
	else if ((r = numbered(t->key, t->key_len, "xreg", VSW_N_REGS / 2)) >= 0)
		field = (uint8_t)(VSW_FIELD_XREG0 + r);
	else if (flow_key_is(t->key, t->key_len, "metadata"))
		field = field_by_name(t->key, t->key_len, false, &proto);
	else
		return 1;
	if (t->val == NULL)
		return flow_error(ctx, -EINVAL, t->col, "%.*s needs a value (%.*s=...)",
				  (int)t->key_len, t->key, (int)t->key_len, t->key);
	width = vsw_field_bits(field) == 64 ? UINT64_MAX : (1ULL << vsw_field_bits(field)) - 1;
	if (flow_parse_u64_masked(t->val, t->val_len, width, &v, &m) < 0)
		return flow_error(ctx, -EINVAL, t->col, "%.*s=%.*s: not a %u-bit value[/mask]",
				  (int)t->key_len, t->key, (int)t->val_len, t->val,
				  vsw_field_bits(field));
	/* xregN overlaps reg(2N) and reg(2N+1): agreeing matches merge, as in ovs-ofctl. */
	om = vsw_state_get(&f->state_mask, field);
	ov = vsw_state_get(&f->state, field);
	if (((ov ^ v) & om & m) != 0)
		return flow_error(ctx, -EINVAL, t->col, "%.*s: contradicts an earlier match",
				  (int)t->key_len, t->key);
	vsw_state_put(&f->state, field, ov | (v & m));
	vsw_state_put(&f->state_mask, field, om | m);
	return 0;
}

/* "0" or "0x..", as ovs-ofctl prints register values. */
static void
put_hex(struct flow_out *o, uint64_t v)
{
	flow_printf(o, v == 0 ? "0" : "0x%" PRIx64, v);
}

/* One "name=value[/mask]," when mask is not zero. */
static void
put_match(struct flow_out *o, const char *name, unsigned int i, uint64_t v, uint64_t m,
	  uint64_t full)
{
	if (m == 0)
		return;
	flow_printf(o, name, i);
	flow_printf(o, "=");
	put_hex(o, v);
	if (m != full) {
		flow_printf(o, "/");
		put_hex(o, m);
	}
	flow_printf(o, ",");
}

void
flow_state_format_match(struct flow_out *o, const struct vsw_flow *f)
{
	unsigned int i;

	for (i = 0; i < VSW_N_REGS; i++)
		put_match(o, "reg%u", i, f->state.reg[i], f->state_mask.reg[i], UINT32_MAX);
	/* The tunnel's fields are the key's, printed here for ovs-ofctl's order. */
	put_match(o, "tun_id%.0u", 0, rte_be_to_cpu_64(f->key.tun_id),
		  rte_be_to_cpu_64(f->mask.tun_id), UINT64_MAX);
	flow_format_addr(o, "tun_src", (const uint8_t *)&f->key.tun_src,
			 (const uint8_t *)&f->mask.tun_src, false);
	flow_format_addr(o, "tun_dst", (const uint8_t *)&f->key.tun_dst,
			 (const uint8_t *)&f->mask.tun_dst, false);
	put_match(o, "metadata%.0u", 0, f->state.metadata, f->state_mask.metadata, UINT64_MAX);
}

/* ---- field references: NAME[], NAME[N], NAME[A..B] ---- */

struct field_ref {
	uint8_t field;
	uint8_t proto;
	uint8_t ofs;
	uint8_t n_bits;
};

static int
parse_ref(struct flow_ctx *ctx, const char *s, size_t n, unsigned int col, bool packet,
	  struct field_ref *r)
{
	const char *br = memchr(s, '[', n), *dots;
	size_t nlen = br != NULL ? (size_t)(br - s) : n, rlen;
	unsigned int width, base;
	uint64_t a, b;

	r->field = field_by_name(s, nlen, packet, &r->proto);
	if (r->field == 0)
		return flow_error(ctx, -ENOTSUP, col, "'%.*s': unknown or unsupported field",
				  (int)nlen, s);
	width = ipv6_half(r->field, &base) ? 128 : vsw_field_bits(r->field);
	a = 0;
	b = width - 1;
	if (br != NULL) {
		rlen = n - nlen;
		if (rlen < 2 || s[n - 1] != ']')
			return flow_error(ctx, -EINVAL, col, "%.*s: missing ']'", (int)n, s);
		dots = rlen > 2 ? memmem(br + 1, rlen - 2, "..", 2) : NULL;
		if (dots != NULL &&
		    (flow_parse_uint(br + 1, (size_t)(dots - br - 1), 127, &a) < 0 ||
		     flow_parse_uint(dots + 2, (size_t)(s + n - 1 - dots - 2), 127, &b) < 0))
			return flow_error(ctx, -EINVAL, col, "%.*s: bad bit range", (int)n, s);
		if (dots == NULL && rlen > 2) {
			if (flow_parse_uint(br + 1, rlen - 2, 127, &a) < 0)
				return flow_error(ctx, -EINVAL, col, "%.*s: bad bit", (int)n, s);
			b = a;
		}
	}
	if (a > b || b >= width)
		return flow_error(ctx, -EINVAL, col,
				  "%.*s: bits %" PRIu64 "..%" PRIu64
				  " are not a range within the field's %u bits",
				  (int)n, s, a, b, width);
	if (width == 128 && a < 64 && b >= 64)
		return flow_error(ctx, -ENOTSUP, col,
				  "%.*s: a range of an IPv6 address lies within bits 0..63 or 64..127",
				  (int)n, s);
	if (width == 128 && a >= 64) { /* the high half: the field after LO */
		r->field++;
		a -= 64;
		b -= 64;
	}
	r->ofs = (uint8_t)a;
	r->n_bits = (uint8_t)(b - a + 1);
	return 0;
}

/* The name a field prints as (ovs-ofctl's NXM/OXM name). */
static void
put_field_name(struct flow_out *o, uint8_t field, uint8_t proto)
{
	unsigned int i;

	if (field >= VSW_FIELD_REG0 && field < VSW_FIELD_XREG0) {
		flow_printf(o, "NXM_NX_REG%u", field - VSW_FIELD_REG0);
		return;
	}
	if (field >= VSW_FIELD_XREG0) {
		flow_printf(o, "OXM_OF_PKT_REG%u", field - VSW_FIELD_XREG0);
		return;
	}
	for (i = 0; i < RTE_DIM(named); i++)
		if (named[i].field == field && named[i].proto == proto) {
			flow_printf(o, "%s", named[i].nxm);
			return;
		}
}

static void
put_ref(struct flow_out *o, uint8_t field, uint8_t proto, unsigned int ofs, unsigned int n)
{
	unsigned int base;

	if (ipv6_half(field, &base)) { /* by its bits in the 128 */
		put_field_name(o, (uint8_t)(field - base / 64), 0);
		if (n == 1)
			flow_printf(o, "[%u]", base + ofs);
		else
			flow_printf(o, "[%u..%u]", base + ofs, base + ofs + n - 1);
		return;
	}
	put_field_name(o, field, proto);
	if (n == vsw_field_bits(field))
		flow_printf(o, "[]");
	else if (n == 1)
		flow_printf(o, "[%u]", ofs);
	else
		flow_printf(o, "[%u..%u]", ofs, ofs + n - 1);
}

/* ---- actions ---- */

/* The bits [ofs, ofs + n) of a 64-bit word. */
static uint64_t
bit_run(unsigned int ofs, unsigned int n)
{
	return (n == 64 ? UINT64_MAX : (1ULL << n) - 1) << ofs;
}

/* Make a the SET_FIELD of value under mask into a state or tunnel field, spelled as form says. 0. */
static int
set_state(struct vsw_action *a, uint8_t field, enum vsw_action_form form, uint64_t value,
	  uint64_t mask)
{
	a->type = VSW_ACTION_SET_FIELD;
	a->field = field;
	a->form = (uint8_t)form;
	a->value = value & mask;
	a->mask = mask;
	return 0;
}

/* "SRC->DST" split at the arrow: 0, or an error naming the action. */
static int
split_arrow(struct flow_ctx *ctx, const char *what, const char *arg, size_t n, unsigned int col,
	    size_t *left, const char **right, size_t *rlen)
{
	const char *arrow = arg != NULL ? memmem(arg, n, "->", 2) : NULL;

	if (arrow == NULL)
		return flow_error(ctx, -EINVAL, col, "%s takes %s", what,
				  strcmp(what, "move") == 0 ? "SRC[..]->DST[..]"
							    : "VALUE->DST[..]");
	*left = (size_t)(arrow - arg);
	*right = arrow + 2;
	*rlen = n - *left - 2;
	return 0;
}

int
flow_act_load(struct flow_ctx *ctx, const struct vsw_flow *f, const char *arg, size_t n,
	      unsigned int col, struct vsw_action *a)
{
	struct field_ref dst;
	const char *right = NULL, *need;
	size_t left = 0, rlen = 0;
	uint64_t v;
	int rc;

	rc = split_arrow(ctx, "load", arg, n, col, &left, &right, &rlen);
	if (rc == 0)
		rc = parse_ref(ctx, right, rlen, col, true, &dst);
	if (rc < 0)
		return rc;
	if (dst.field == VSW_FIELD_ETH_TYPE)
		return flow_error(ctx, -ENOTSUP, col, "load: %.*s cannot be written", (int)rlen,
				  right);
	if ((need = flow_field_prereq(f, dst.field, dst.proto)) != NULL)
		return flow_error(ctx, -EINVAL, col, "load: %.*s requires %s in the match",
				  (int)rlen, right, need);
	if (flow_parse_uint(arg, left, bit_run(0, dst.n_bits), &v) < 0)
		return flow_error(ctx, -EINVAL, col, "load: '%.*s' is not a value of %u bits",
				  (int)left, arg, dst.n_bits);
	set_state(a, dst.field, VSW_FORM_LOAD, v << dst.ofs, bit_run(dst.ofs, dst.n_bits));
	a->proto = dst.proto;
	return 0;
}

int
flow_act_move(struct flow_ctx *ctx, const struct vsw_flow *f, const char *arg, size_t n,
	      unsigned int col, struct vsw_action *a)
{
	struct field_ref src, dst;
	const char *right = NULL, *need;
	size_t left = 0, rlen = 0;
	int rc;

	rc = split_arrow(ctx, "move", arg, n, col, &left, &right, &rlen);
	if (rc == 0)
		rc = parse_ref(ctx, arg, left, col, true, &src);
	if (rc == 0)
		rc = parse_ref(ctx, right, rlen, col, true, &dst);
	if (rc < 0)
		return rc;
	if (src.n_bits != dst.n_bits)
		return flow_error(ctx, -EINVAL, col,
				  "move: the source is %u bits wide, the destination %u",
				  src.n_bits, dst.n_bits);
	if (dst.field == VSW_FIELD_ETH_TYPE)
		return flow_error(ctx, -ENOTSUP, col, "move: %.*s cannot be written", (int)rlen,
				  right);
	if ((need = flow_field_prereq(f, src.field, src.proto)) != NULL ||
	    (need = flow_field_prereq(f, dst.field, dst.proto)) != NULL)
		return flow_error(ctx, -EINVAL, col, "move: %.*s requires %s in the match", (int)n,
				  arg, need);
	a->type = VSW_ACTION_MOVE;
	a->field = dst.field;
	a->dst_ofs = dst.ofs;
	a->src_field = src.field;
	a->src_ofs = src.ofs;
	a->n_bits = src.n_bits;
	/* The protocols named, for printing: the source's in bits 0..7, the destination's 8..15. */
	a->value = (uint64_t)src.proto | (uint64_t)dst.proto << 8;
	return 0;
}

int
flow_act_write_metadata(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col,
			struct vsw_action *a)
{
	uint64_t v, m;

	if (flow_parse_u64_masked(arg, n, UINT64_MAX, &v, &m) < 0)
		return flow_error(ctx, -EINVAL, col, "write_metadata:%.*s: not a value[/mask]",
				  (int)n, arg);
	return set_state(a, VSW_FIELD_METADATA, VSW_FORM_WRITE_METADATA, v, m);
}

int
flow_act_set_tunnel(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col, bool wide,
		    struct vsw_action *a)
{
	uint64_t v;

	if (flow_parse_uint(arg, n, UINT64_MAX, &v) < 0)
		return flow_error(ctx, -EINVAL, col, "%s:%.*s: not a value",
				  wide ? "set_tunnel64" : "set_tunnel", (int)n, arg);
	return set_state(a, VSW_FIELD_TUN_ID,
			 wide || v > UINT32_MAX ? VSW_FORM_SET_TUNNEL64 : VSW_FORM_SET_TUNNEL, v,
			 UINT64_MAX);
}

int
flow_state_set_field(struct flow_ctx *ctx, const char *val, size_t vlen, const char *name,
		     size_t nlen, unsigned int col, struct vsw_action *a)
{
	uint8_t proto, field = field_by_name(name, nlen, false, &proto);
	uint64_t v, m;

	if (field == 0)
		return 1;
	if (flow_parse_u64_masked(val, vlen, bit_run(0, vsw_field_bits(field)), &v, &m) < 0)
		return flow_error(ctx, -EINVAL, col, "set_field: '%.*s' is not a %u-bit value[/mask]",
				  (int)vlen, val, vsw_field_bits(field));
	if (m == 0)
		return flow_error(ctx, -EINVAL, col, "set_field on %.*s: the mask is 0", (int)nlen,
				  name);
	return set_state(a, field, VSW_FORM_DEFAULT, v, m);
}

void
flow_state_format_action(struct flow_out *o, const struct vsw_action *a)
{
	unsigned int ofs, n;
	bool first = true;

	if (a->type == VSW_ACTION_MOVE) {
		flow_printf(o, "move:");
		put_ref(o, a->src_field, (uint8_t)a->value, a->src_ofs, a->n_bits);
		flow_printf(o, "->");
		put_ref(o, a->field, (uint8_t)(a->value >> 8), a->dst_ofs, a->n_bits);
		return;
	}
	if (a->form == VSW_FORM_SET_TUNNEL || a->form == VSW_FORM_SET_TUNNEL64) {
		flow_printf(o, "%s:", a->form == VSW_FORM_SET_TUNNEL ? "set_tunnel" : "set_tunnel64");
		put_hex(o, a->value);
		return;
	}
	if (a->form == VSW_FORM_WRITE_METADATA) {
		flow_printf(o, "write_metadata:");
		put_hex(o, a->value);
		if (a->mask != UINT64_MAX) {
			flow_printf(o, "/");
			put_hex(o, a->mask);
		}
		return;
	}
	/* One load per run of bits in the mask, as ovs-ofctl splits a mask of several. */
	for (ofs = 0; ofs < 64; ofs += n) {
		if (!(a->mask >> ofs & 1)) {
			n = 1;
			continue;
		}
		for (n = 1; ofs + n < 64 && (a->mask >> (ofs + n) & 1); n++)
			;
		flow_printf(o, "%sload:", first ? "" : ",");
		first = false;
		put_hex(o, a->value >> ofs & bit_run(0, n));
		flow_printf(o, "->");
		put_ref(o, a->field, a->proto, ofs, n);
	}
}
