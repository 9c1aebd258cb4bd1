/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_set_field.c: the actions that rewrite one packet field, set_field
 * and the mod_* shorthands, into SET_FIELD actions (VLAN targets into the
 * VLAN actions). Each checks that the rule's match holds the header the
 * field lives in, as ovs-ofctl does where it checks at all: set_field on
 * ip_src without "ip" in the match is an error, the packet could be
 * anything. Registers and metadata are flow_state.c's.
 */

#include <errno.h>
#include <string.h>

#include "flow_private.h"

/* set_field targets. */
static const struct {
	const char *name;
	uint8_t field;
	enum { V_MAC, V_IPV4, V_UINT } kind;
	uint64_t max;
	uint8_t shift;	/* ip_dscp is nw_tos >> 2 */
	uint8_t sctp;	/* an SCTP port: it needs sctp and prints as load, as ovs-ofctl */
} set_fields[] = {
	{"eth_src", VSW_FIELD_ETH_SRC, V_MAC, 0, 0, 0},
	{"dl_src", VSW_FIELD_ETH_SRC, V_MAC, 0, 0, 0},
	{"eth_dst", VSW_FIELD_ETH_DST, V_MAC, 0, 0, 0},
	{"dl_dst", VSW_FIELD_ETH_DST, V_MAC, 0, 0, 0},
	{"ip_src", VSW_FIELD_IPV4_SRC, V_IPV4, 0, 0, 0},
	{"nw_src", VSW_FIELD_IPV4_SRC, V_IPV4, 0, 0, 0},
	{"ip_dst", VSW_FIELD_IPV4_DST, V_IPV4, 0, 0, 0},
	{"nw_dst", VSW_FIELD_IPV4_DST, V_IPV4, 0, 0, 0},
	{"nw_tos", VSW_FIELD_NW_TOS, V_UINT, 0xfc, 0, 0},
	{"ip_dscp", VSW_FIELD_NW_TOS, V_UINT, 63, 2, 0},
	{"tp_src", VSW_FIELD_TP_SRC, V_UINT, 0xffff, 0, 0},
	{"tcp_src", VSW_FIELD_TP_SRC, V_UINT, 0xffff, 0, 0},
	{"udp_src", VSW_FIELD_TP_SRC, V_UINT, 0xffff, 0, 0},
	{"sctp_src", VSW_FIELD_TP_SRC, V_UINT, 0xffff, 0, PROTO_SCTP},
	{"tp_dst", VSW_FIELD_TP_DST, V_UINT, 0xffff, 0, 0},
	{"tcp_dst", VSW_FIELD_TP_DST, V_UINT, 0xffff, 0, 0},
	{"udp_dst", VSW_FIELD_TP_DST, V_UINT, 0xffff, 0, 0},
	{"sctp_dst", VSW_FIELD_TP_DST, V_UINT, 0xffff, 0, PROTO_SCTP},
	{"nw_ttl", VSW_FIELD_NW_TTL, V_UINT, 0xff, 0, 0},
	{"nw_ecn", VSW_FIELD_NW_ECN, V_UINT, 3, 0, 0},
	{"ip_ecn", VSW_FIELD_NW_ECN, V_UINT, 3, 0, 0},
	{"icmp_type", VSW_FIELD_ICMP_TYPE, V_UINT, 0xff, 0, 0},
	{"icmp_code", VSW_FIELD_ICMP_CODE, V_UINT, 0xff, 0, 0},
	{"icmpv6_type", VSW_FIELD_ICMPV6_TYPE, V_UINT, 0xff, 0, 0},
	{"icmpv6_code", VSW_FIELD_ICMPV6_CODE, V_UINT, 0xff, 0, 0},
	{"arp_op", VSW_FIELD_ARP_OP, V_UINT, 0xffff, 0, 0},
	{"arp_spa", VSW_FIELD_ARP_SPA, V_IPV4, 0, 0, 0},
	{"arp_tpa", VSW_FIELD_ARP_TPA, V_IPV4, 0, 0, 0},
	{"arp_sha", VSW_FIELD_ARP_SHA, V_MAC, 0, 0, 0},
	{"arp_tha", VSW_FIELD_ARP_THA, V_MAC, 0, 0, 0},
	{"tun_id", VSW_FIELD_TUN_ID, V_UINT, UINT64_MAX, 0, 0},
	{"tunnel_id", VSW_FIELD_TUN_ID, V_UINT, UINT64_MAX, 0, 0},
	{"tun_src", VSW_FIELD_TUN_SRC, V_IPV4, 0, 0, 0},
	{"tun_dst", VSW_FIELD_TUN_DST, V_IPV4, 0, 0, 0},
};

/* The bits set_field may write in a field, right-aligned (nw_tos: not the ECN bits). */
static uint64_t
field_width_mask(uint8_t field)
{
	return field == VSW_FIELD_NW_TOS ? 0xfc : RTE_LEN2MASK(vsw_field_bits(field), uint64_t);
}

const char *
flow_field_prereq(const struct vsw_flow *f, uint8_t field, uint8_t named_proto)
{
	uint16_t type = flow_dl_type(f);
	int proto = flow_nw_proto(f);
	bool ip = type == ETH_IPV4 || type == ETH_IPV6;

	switch (field) {
	case VSW_FIELD_IPV4_SRC:
	case VSW_FIELD_IPV4_DST:
		return type == ETH_IPV4 ? NULL : "ip (dl_type=0x0800)";
	case VSW_FIELD_NW_TOS:
	case VSW_FIELD_NW_ECN:
	case VSW_FIELD_NW_TTL:
		return ip ? NULL : "ip or ipv6";
	case VSW_FIELD_TP_SRC:
	case VSW_FIELD_TP_DST:
		if (named_proto != 0)
			return ip && proto == named_proto ? NULL
			       : named_proto == PROTO_TCP ? "tcp"
			       : named_proto == PROTO_UDP ? "udp"
							  : "sctp";
		return ip && (proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_SCTP)
			       ? NULL
			       : "tcp, udp or sctp";
	case VSW_FIELD_ICMP_TYPE:
	case VSW_FIELD_ICMP_CODE:
		return type == ETH_IPV4 && proto == PROTO_ICMP ? NULL : "icmp";
	case VSW_FIELD_ICMPV6_TYPE:
	case VSW_FIELD_ICMPV6_CODE:
		return type == ETH_IPV6 && proto == PROTO_ICMPV6 ? NULL : "icmp6";
	case VSW_FIELD_ARP_OP:
	case VSW_FIELD_ARP_SPA:
	case VSW_FIELD_ARP_TPA:
	case VSW_FIELD_ARP_SHA:
	case VSW_FIELD_ARP_THA:
		return type == ETH_ARP ? NULL : "arp (dl_type=0x0806)";
	case VSW_FIELD_IPV6_SRC_LO:
	case VSW_FIELD_IPV6_SRC_HI:
	case VSW_FIELD_IPV6_DST_LO:
	case VSW_FIELD_IPV6_DST_HI:
		return type == ETH_IPV6 ? NULL : "ipv6 (dl_type=0x86dd)";
	}
	return NULL;
}

const char *
vsw_flow_field_prereq(const struct vsw_flow *f, unsigned int field)
{
	return field <= UINT8_MAX ? flow_field_prereq(f, (uint8_t)field, 0) : NULL;
}

/* A value of the given kind: MAC and IPv4 right-aligned into a uint64. */
static int
parse_value(int kind, const char *s, size_t n, uint64_t max, uint64_t *v)
{
	size_t len = kind == V_MAC ? 6 : kind == V_IPV4 ? 4 : 0;
	uint8_t b[6];
	size_t i;

	*v = 0;
	if (len == 0)
		return flow_parse_uint(s, n, max, v);
	if ((len == 6 ? flow_parse_mac(s, n, b) : flow_parse_ipv4(s, n, b)) < 0)
		return -EINVAL;
	for (i = 0; i < len; i++)
		*v = *v << 8 | b[i];
	return 0;
}

/* Fill a with a set_field action after checking f's match allows it. */
static int
fill_set_field(struct flow_ctx *ctx, const struct vsw_flow *f, unsigned int col, const char *what,
	       uint8_t field, uint8_t sctp, uint64_t value, uint64_t mask, struct vsw_action *a)
{
	const char *need = flow_field_prereq(f, field, sctp);

	if (need != NULL)
		return flow_error(ctx, -EINVAL, col, "%s requires %s in the match", what, need);
	a->type = VSW_ACTION_SET_FIELD;
	a->field = field;
	a->value = value & mask;
	a->mask = mask;
	a->form = VSW_FORM_DEFAULT;
	a->proto = sctp; /* 1.0 has no SCTP action: ovs-ofctl prints it as a load */
	return 0;
}

/*
 * Whether the packet has a VLAN tag when the next action runs: the match
 * says so, or an earlier action pushed or set one (and none stripped it).
 */
bool
vsw_flow_vlan_tagged(const struct vsw_flow *f)
{
	bool tagged = flow_get_be16(&f->key.vlan_tci) & flow_get_be16(&f->mask.vlan_tci) &
		      VSW_VLAN_PRESENT;
	unsigned int i;

	for (i = 0; i < f->n_actions; i++) {
		uint16_t t = f->actions[i].type;

		if (t == VSW_ACTION_PUSH_VLAN || t == VSW_ACTION_MOD_VLAN_VID ||
		    t == VSW_ACTION_MOD_VLAN_PCP)
			tagged = true;
		else if (t == VSW_ACTION_STRIP_VLAN)
			tagged = false;
	}
	return tagged;
}

/* The VLAN targets of set_field, as ovs-ofctl reads them. */
enum vlan_target {
	VLAN_VID,     /* OXM's vlan_vid: VID, present bit 0x1000 optional */
	VLAN_PCP,     /* the priority */
	VLAN_DL_VLAN, /* the VID alone */
	VLAN_TCI,     /* the whole TCI: without the present bit, no tag */
};

static const char *const vlan_targets[] = {[VLAN_VID] = "vlan_vid", [VLAN_PCP] = "vlan_pcp",
					   [VLAN_DL_VLAN] = "dl_vlan", [VLAN_TCI] = "vlan_tci"};

/*
 * set_field:V->vlan_vid, vlan_pcp and dl_vlan are mod_vlan_vid and
 * mod_vlan_pcp on a packet that has a tag (ovs-ofctl refuses them on one that
 * may not, and prints them so); vlan_tci is strip_vlan, or mod_vlan_vid and
 * mod_vlan_pcp (two actions: 1 returned, the second written at a + 1).
 */
static int
set_field_vlan(struct flow_ctx *ctx, const struct vsw_flow *f, enum vlan_target target,
	       const char *arg, size_t n, unsigned int col, struct vsw_action *a)
{
	static const uint16_t max[] = {[VLAN_VID] = 0x1fff, [VLAN_PCP] = 7,
				       [VLAN_DL_VLAN] = 0xfff, [VLAN_TCI] = 0xffff};
	uint64_t v;

	if (memchr(arg, '/', n) != NULL)
		return flow_error(ctx, -ENOTSUP, col, "set_field: a VLAN field takes no mask");
	if (flow_parse_uint(arg, n, max[target], &v) < 0)
		return flow_error(ctx, -EINVAL, col, "set_field: '%.*s' is not a valid %s value",
				  (int)n, arg, vlan_targets[target]);
	if (target == VLAN_TCI) {
		a->form = VSW_FORM_ALT; /* printed back as set_field on vlan_tci (1.3) */
		if (!(v & VSW_VLAN_PRESENT)) {
			a->type = VSW_ACTION_STRIP_VLAN;
			a->value = v; /* the TCI as written, printed back (strip ignores it) */
			return 0;
		}
		if (f->n_actions + 2 > VSW_FLOW_MAX_ACTIONS)
			return flow_error(ctx, -E2BIG, col, "more than %u actions",
					  VSW_FLOW_MAX_ACTIONS);
		a->type = VSW_ACTION_MOD_VLAN_VID;
		a->value = v & 0xfff;
		memset(a + 1, 0, sizeof(*a));
		a[1].type = VSW_ACTION_MOD_VLAN_PCP;
		a[1].value = v >> 13;
		a[1].form = VSW_FORM_ALT;
		return 1;
	}
	if (!vsw_flow_vlan_tagged(f))
		return flow_error(ctx, -EINVAL, col,
				  "set_field on a VLAN field needs a tag: match dl_vlan or "
				  "vlan_tci=0x1000/0x1000, or push_vlan first");
	a->type = target == VLAN_PCP ? VSW_ACTION_MOD_VLAN_PCP : VSW_ACTION_MOD_VLAN_VID;
	a->value = target == VLAN_PCP ? v : v & 0xfff;
	return 0;
}

/* An address's 8 bytes at b as a right-aligned value. */
static uint64_t
be64_of(const uint8_t *b)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/*
 * set_field:ADDR[/MASK or /N]->ipv6_src (or ipv6_dst, field its LO half):
 * the SET_FIELD of each half the mask touches, the low half first, as
 * ovs-ofctl prints them (two loads). 0 or 1 more action written at a + 1.
 */
static int
set_field_ipv6(struct flow_ctx *ctx, const struct vsw_flow *f, uint8_t field, const char *arg,
	       size_t n, unsigned int col, struct vsw_action *a)
{
	struct flow_token t = {.val = arg, .val_len = n};
	uint8_t addr[16], mask[16];
	unsigned int half, k = 0;
	const char *need = flow_field_prereq(f, field, 0);

	if (need != NULL)
		return flow_error(ctx, -EINVAL, col, "set_field requires %s in the match", need);
	if (flow_parse_addr(&t, true, addr, mask) < 0)
		return flow_error(ctx, -EINVAL, col, "set_field: '%.*s' is not an IPv6 address[/mask]",
				  (int)n, arg);
	if (f->n_actions + 2 > VSW_FLOW_MAX_ACTIONS)
		return flow_error(ctx, -E2BIG, col, "more than %u actions", VSW_FLOW_MAX_ACTIONS);
	for (half = 0; half < 2; half++) { /* bytes 8..15 are the low half */
		uint64_t m = be64_of(mask + 8 - 8 * half), v = be64_of(addr + 8 - 8 * half);

		if (m == 0)
			continue;
		memset(&a[k], 0, sizeof(a[k]));
		a[k].type = VSW_ACTION_SET_FIELD;
		a[k].field = (uint8_t)(field + half);
		a[k].value = v & m;
		a[k].mask = m;
		k++;
	}
	if (k == 0)
		return flow_error(ctx, -EINVAL, col, "set_field: the mask is 0");
	return (int)k - 1;
}

int
flow_act_set_field(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col,
		   const struct vsw_flow *f, struct vsw_action *a)
{
	const char *arrow = NULL, *m;
	size_t i, vlen, mlen, flen;
	uint64_t v, mask;
	int rc;

	for (i = 0; i + 1 < n; i++)
		if (arg[i] == '-' && arg[i + 1] == '>')
			arrow = arg + i;
	if (arrow == NULL)
		return flow_error(ctx, -EINVAL, col, "set_field takes VALUE->FIELD");
	flen = n - (size_t)(arrow + 2 - arg);
	for (i = 0; i < RTE_DIM(vlan_targets); i++)
		if (flow_key_is(arrow + 2, flen, vlan_targets[i]))
			return set_field_vlan(ctx, f, (enum vlan_target)i, arg,
					      (size_t)(arrow - arg), col, a);
	if (flow_key_is(arrow + 2, flen, "in_port") || flow_key_is(arrow + 2, flen, "in_port_oxm")) {
		/* A port number or name; the rest of the pipeline sees it as the input port. */
		if (flow_parse_port(ctx->ports, arg, (size_t)(arrow - arg), VSW_OFPORT_LOCAL,
				    &a->ofport, &a->port) < 0)
			return flow_error(ctx, -ENOENT, col, "set_field: no such port '%.*s'",
					  (int)(arrow - arg), arg);
		a->type = VSW_ACTION_SET_FIELD;
		a->field = VSW_FIELD_IN_PORT;
		a->value = a->ofport;
		a->mask = 0xffff;
		a->ofport = 0;
		a->port = 0;
		return 0;
	}
	if (flow_key_is(arrow + 2, flen, "ipv6_src"))
		return set_field_ipv6(ctx, f, VSW_FIELD_IPV6_SRC_LO, arg, (size_t)(arrow - arg), col,
				      a);
	if (flow_key_is(arrow + 2, flen, "ipv6_dst"))
		return set_field_ipv6(ctx, f, VSW_FIELD_IPV6_DST_LO, arg, (size_t)(arrow - arg), col,
				      a);
	for (i = 0; i < RTE_DIM(set_fields); i++) {
		if (!flow_key_is(arrow + 2, flen, set_fields[i].name))
			continue;
		flow_split_mask(arg, (size_t)(arrow - arg), &vlen, &m, &mlen);
		if (parse_value(set_fields[i].kind, arg, vlen, set_fields[i].max, &v) < 0)
			return flow_error(ctx, -EINVAL, col,
					  "set_field: '%.*s' is not a valid %s "
					  "value",
					  (int)vlen, arg, set_fields[i].name);
		mask = field_width_mask(set_fields[i].field) >> set_fields[i].shift;
		if (m != NULL && parse_value(set_fields[i].kind, m, mlen, mask, &mask) < 0)
			return flow_error(ctx, -EINVAL, col, "set_field: bad mask '%.*s'",
					  (int)mlen, m);
		if (mask == 0)
			return flow_error(ctx, -EINVAL, col, "set_field: the mask is 0");
		if (set_fields[i].field == VSW_FIELD_NW_TOS && set_fields[i].shift == 0 && (v & 3))
			return flow_error(ctx, -EINVAL, col,
					  "set_field: nw_tos must be a multiple "
					  "of 4");
		rc = fill_set_field(ctx, f, col, "set_field", set_fields[i].field,
				    set_fields[i].sctp, v << set_fields[i].shift,
				    mask << set_fields[i].shift, a);
		if (rc == 0 && flow_key_is(arrow + 2, flen, "nw_tos"))
			a->form = VSW_FORM_ALT; /* OpenFlow 1.3 sends it as NXM_OF_IP_TOS */
		return rc;
	}
	i = (size_t)flow_state_set_field(ctx, arg, (size_t)(arrow - arg), arrow + 2, flen, col, a);
	if (i != 1)
		return (int)i;
	return flow_error(ctx, -ENOTSUP, col, "set_field: unsupported field '%.*s'", (int)flen,
			  arrow + 2);
}

/* Actions that rewrite one field with a full mask (mod_dl_src ...). */
static const struct {
	const char *name;
	uint8_t field;
	int kind;
	uint64_t max;
} mods[] = {
	{"mod_dl_src", VSW_FIELD_ETH_SRC, V_MAC, 0},
	{"mod_dl_dst", VSW_FIELD_ETH_DST, V_MAC, 0},
	{"mod_nw_src", VSW_FIELD_IPV4_SRC, V_IPV4, 0},
	{"mod_nw_dst", VSW_FIELD_IPV4_DST, V_IPV4, 0},
	{"mod_nw_tos", VSW_FIELD_NW_TOS, V_UINT, 0xfc},
	{"mod_tp_src", VSW_FIELD_TP_SRC, V_UINT, 0xffff},
	{"mod_tp_dst", VSW_FIELD_TP_DST, V_UINT, 0xffff},
	{"mod_nw_ttl", VSW_FIELD_NW_TTL, V_UINT, 0xff},
	{"mod_nw_ecn", VSW_FIELD_NW_ECN, V_UINT, 3},
};

int
flow_act_mod(struct flow_ctx *ctx, const char *name, size_t nlen, const char *arg, size_t alen,
	     unsigned int col, const struct vsw_flow *f, struct vsw_action *a)
{
	unsigned int i;
	uint64_t v;
	int rc;

	for (i = 0; i < RTE_DIM(mods) && !flow_word_is(name, nlen, mods[i].name); i++)
		;
	if (i == RTE_DIM(mods))
		return flow_error(ctx, -EINVAL, col, "unknown action: %.*s", (int)nlen, name);
	if (arg == NULL || parse_value(mods[i].kind, arg, alen, mods[i].max, &v) < 0 ||
	    (mods[i].field == VSW_FIELD_NW_TOS && (v & 3)))
		return flow_error(ctx, -EINVAL, col, "%s:%.*s: not a valid value", mods[i].name,
				  (int)alen, arg != NULL ? arg : "");
	rc = fill_set_field(ctx, f, col, mods[i].name, mods[i].field, 0, v,
			    field_width_mask(mods[i].field), a);
	if (rc == 0 && mods[i].field == VSW_FIELD_NW_TTL)
		a->form = VSW_FORM_ALT; /* OpenFlow 1.3's own SET_NW_TTL, not set_field */
	return rc;
}
