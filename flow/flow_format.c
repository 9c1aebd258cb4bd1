/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_format.c: struct vsw_flow back to text, in the canonical form
 * ovs-ofctl dump-flows prints (OpenFlow 1.0 style), whatever order the
 * input had: priority (when not 32768), the protocol shorthand (ip, tcp6,
 * arp ...), in_port, VLAN, Ethernet addresses, dl_type (when no shorthand
 * covers it), addresses, protocol, TOS, TTL, ports or ICMP type and code,
 * TCP flags. All-ones masks are not printed, CIDR masks print as /N, MACs and
 * IPv6 addresses in lower case, reserved ports in upper case.
 */

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "flow_private.h"

void
flow_printf(struct flow_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->used < o->len ? o->buf + o->used : NULL,
		      o->used < o->len ? o->len - o->used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}

/* Whether each of the n bytes at m equals byte. */
static bool
all_bytes_are(const uint8_t *m, size_t n, uint8_t byte)
{
	while (n--)
		if (*m++ != byte)
			return false;
	return true;
}

/* The prefix length of a CIDR mask, or -1 when the mask is not one. */
static int
cidr_len(const uint8_t *m, size_t n)
{
	size_t i;
	int len = 0;
	bool ended = false;

	for (i = 0; i < n * 8; i++) {
		bool bit = m[i / 8] & (0x80 >> (i % 8));

		if (bit && ended)
			return -1;
		if (bit)
			len++;
		else
			ended = true;
	}
	return len;
}

static void
put_mac(struct flow_out *o, const uint8_t *m)
{
	flow_printf(o, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void
fmt_mac(struct flow_out *o, const char *name, const uint8_t *k, const uint8_t *m)
{
	if (all_bytes_are(m, 6, 0))
		return;
	flow_printf(o, "%s=", name);
	put_mac(o, k);
	if (!all_bytes_are(m, 6, 0xff)) {
		flow_printf(o, "/");
		put_mac(o, m);
	}
	flow_printf(o, ",");
}

void
flow_format_addr(struct flow_out *o, const char *name, const uint8_t *k, const uint8_t *m, bool v6)
{
	char a[INET6_ADDRSTRLEN];
	size_t n = v6 ? 16 : 4;
	int plen;

	if (all_bytes_are(m, n, 0))
		return;
	inet_ntop(v6 ? AF_INET6 : AF_INET, k, a, sizeof(a));
	flow_printf(o, "%s=%s", name, a);
	plen = cidr_len(m, n);
	if (plen >= 0 && (size_t)plen < n * 8) {
		flow_printf(o, "/%d", plen);
	} else if (plen < 0) {
		inet_ntop(v6 ? AF_INET6 : AF_INET, m, a, sizeof(a));
		flow_printf(o, "/%s", a);
	}
	flow_printf(o, ",");
}

static void
fmt_be16(struct flow_out *o, const char *name, const void *k, const void *m)
{
	uint16_t v = flow_get_be16(k), mk = flow_get_be16(m);

	if (mk == 0)
		return;
	if (mk == 0xffff)
		flow_printf(o, "%s=%u,", name, v);
	else
		flow_printf(o, "%s=0x%x/0x%x,", name, v, mk);
}

static void
fmt_vlan(struct flow_out *o, const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	uint16_t tci = flow_get_be16(&k->vlan_tci), mask = flow_get_be16(&m->vlan_tci);
	uint16_t vid_mask = mask & 0x0fff, pcp_mask = mask & 0xe000;

	if (mask == 0)
		return;
	if ((mask & VSW_VLAN_PRESENT) && (tci & VSW_VLAN_PRESENT) &&
	    (vid_mask == 0 || vid_mask == 0x0fff) && (pcp_mask == 0 || pcp_mask == 0xe000) &&
	    (vid_mask || pcp_mask)) {
		if (vid_mask)
			flow_printf(o, "dl_vlan=%u,", tci & 0x0fff);
		if (pcp_mask)
			flow_printf(o, "dl_vlan_pcp=%u,", tci >> 13);
	} else if (mask == 0xffff) {
		flow_printf(o, "vlan_tci=0x%04x,", tci);
	} else {
		flow_printf(o, "vlan_tci=0x%04x/0x%04x,", tci, mask);
	}
}

static void
fmt_tcp_flags(struct flow_out *o, uint16_t flags, uint16_t mask)
{
	static const char *const names[12] = {"fin", "syn", "rst", "psh",   "ack",   "urg",
					      "ece", "cwr", "ns",  "[200]", "[400]", "[800]"};
	unsigned int b;
	bool any = false;

	flow_printf(o, "tcp_flags=");
	for (b = 0; b < 12; b++) {
		if (!(mask & (1u << b)))
			continue;
		if (mask == 0xfff) {
			if (flags & (1u << b)) {
				flow_printf(o, "%s%s", any ? "|" : "", names[b]);
				any = true;
			}
		} else {
			flow_printf(o, "%c%s", flags & (1u << b) ? '+' : '-', names[b]);
		}
	}
	if (mask == 0xfff && !any)
		flow_printf(o, "0");
	flow_printf(o, ",");
}

/* The shorthand for f's dl_type (and protocol), or NULL; *covers_proto says which. */
static const char *
shorthand(const struct vsw_flow *f, bool *covers_proto)
{
	uint16_t type = flow_dl_type(f);
	int proto = flow_nw_proto(f);
	bool v6 = type == ETH_IPV6;

	*covers_proto = true;
	if (type == ETH_IPV4 || v6) {
		switch (proto) {
		case PROTO_TCP:
			return v6 ? "tcp6" : "tcp";
		case PROTO_UDP:
			return v6 ? "udp6" : "udp";
		case PROTO_SCTP:
			return v6 ? "sctp6" : "sctp";
		case PROTO_ICMP:
			if (!v6)
				return "icmp";
			break;
		case PROTO_ICMPV6:
			if (v6)
				return "icmp6";
			break;
		}
		*covers_proto = false;
		return v6 ? "ipv6" : "ip";
	}
	*covers_proto = false;
	return type == ETH_ARP ? "arp" : type == ETH_RARP ? "rarp" : NULL;
}

static void
fmt_port(struct flow_out *o, const struct vsw_flow_ports *ports, unsigned int flags,
	 uint16_t ofport)
{
	const char *name = flags & VSW_FLOW_FMT_NAMES ? flow_port_name(ports, ofport) : NULL;

	if (name != NULL)
		flow_printf(o, "%s", name);
	else if (ofport == VSW_OFPORT_LOCAL)
		flow_printf(o, "LOCAL");
	else
		flow_printf(o, "%u", ofport);
}

size_t
vsw_flow_format_match(const struct vsw_flow *f, const struct vsw_flow_ports *ports,
		      unsigned int flags, char *buf, size_t len)
{
	struct flow_out o = {.buf = buf, .len = len};
	const struct vsw_flow_key *k = &f->key, *m = &f->mask;
	uint16_t type = flow_dl_type(f);
	int proto = flow_nw_proto(f);
	bool covers_proto, arp = type == ETH_ARP;
	const char *sh = shorthand(f, &covers_proto);
	unsigned int i;

	if (len > 0)
		buf[0] = '\0';
	if (f->priority != 32768)
		flow_printf(&o, "priority=%u,", f->priority);
	if (sh != NULL)
		flow_printf(&o, "%s,", sh);
	flow_state_format_match(&o, f);
	if (m->in_port) {
		flow_printf(&o, "in_port=");
		fmt_port(&o, ports, flags, k->in_port);
		flow_printf(&o, ",");
	}
	fmt_vlan(&o, k, m);
	fmt_mac(&o, "dl_src", k->dl_src, m->dl_src);
	fmt_mac(&o, "dl_dst", k->dl_dst, m->dl_dst);
	if (sh == NULL && m->dl_type)
		flow_printf(&o, "dl_type=0x%04x,", flow_get_be16(&k->dl_type));
	if (type == ETH_IPV6) {
		flow_format_addr(&o, "ipv6_src", k->nw_src, m->nw_src, true);
		flow_format_addr(&o, "ipv6_dst", k->nw_dst, m->nw_dst, true);
	} else {
		flow_format_addr(&o, arp ? "arp_spa" : "nw_src", k->nw_src, m->nw_src, false);
		flow_format_addr(&o, arp ? "arp_tpa" : "nw_dst", k->nw_dst, m->nw_dst, false);
	}
	if (!covers_proto && m->nw_proto)
		flow_printf(&o, "%s=%u,", arp ? "arp_op" : "nw_proto", k->nw_proto);
	if (arp) {
		fmt_mac(&o, "arp_sha", k->arp_sha, m->arp_sha);
		fmt_mac(&o, "arp_tha", k->arp_tha, m->arp_tha);
	}
	if (m->nw_tos & 0xfc)
		flow_printf(&o, "nw_tos=%u,", k->nw_tos & 0xfc);
	if (m->nw_tos & 0x03)
		flow_printf(&o, "nw_ecn=%u,", k->nw_tos & 0x03);
	if (m->nw_ttl)
		flow_printf(&o, "nw_ttl=%u,", k->nw_ttl);
	for (i = 0; m->nw_frag && i < RTE_DIM(flow_frag_names); i++)
		if (m->nw_frag == flow_frag_names[i].mask && k->nw_frag == flow_frag_names[i].value)
			flow_printf(&o, "nw_frag=%s,", flow_frag_names[i].name);
	if ((type == ETH_IPV4 && proto == PROTO_ICMP) ||
	    (type == ETH_IPV6 && proto == PROTO_ICMPV6)) {
		fmt_be16(&o, "icmp_type", &k->tp_src, &m->tp_src);
		fmt_be16(&o, "icmp_code", &k->tp_dst, &m->tp_dst);
	} else {
		fmt_be16(&o, "tp_src", &k->tp_src, &m->tp_src);
		fmt_be16(&o, "tp_dst", &k->tp_dst, &m->tp_dst);
	}
	if (proto == PROTO_TCP && m->tcp_flags)
		fmt_tcp_flags(&o, flow_get_be16(&k->tcp_flags), flow_get_be16(&m->tcp_flags));
	if (o.used > 0 && o.used <= len && buf[o.used - 1] == ',')
		buf[--o.used] = '\0';
	else if (o.used > 0)
		o.used--; /* the trailing comma, past the end of a short buffer */
	return o.used;
}

/* A set_field value in its field's own notation (integers in hex when masked). */
static void
put_field_value(struct flow_out *o, uint8_t field, uint64_t v, bool hex)
{
	uint8_t b[6];
	unsigned int i;

	switch (field) {
	case VSW_FIELD_ETH_SRC:
	case VSW_FIELD_ETH_DST:
		for (i = 0; i < 6; i++)
			b[i] = (uint8_t)(v >> (40 - 8 * i));
		put_mac(o, b);
		return;
	case VSW_FIELD_IPV4_SRC:
	case VSW_FIELD_IPV4_DST:
		flow_printf(o, "%u.%u.%u.%u", (unsigned int)(v >> 24) & 0xff,
			    (unsigned int)(v >> 16) & 0xff, (unsigned int)(v >> 8) & 0xff,
			    (unsigned int)v & 0xff);
		return;
	default:
		flow_printf(o, hex ? "0x%" PRIx64 : "%" PRIu64, v);
	}
}

static void
fmt_set_field(struct flow_out *o, const struct vsw_action *a)
{
	static const char *const mod_names[] = {
		[VSW_FIELD_ETH_SRC] = "mod_dl_src",  [VSW_FIELD_ETH_DST] = "mod_dl_dst",
		[VSW_FIELD_IPV4_SRC] = "mod_nw_src", [VSW_FIELD_IPV4_DST] = "mod_nw_dst",
		[VSW_FIELD_NW_TOS] = "mod_nw_tos",   [VSW_FIELD_TP_SRC] = "mod_tp_src",
		[VSW_FIELD_TP_DST] = "mod_tp_dst",
	};
	static const char *const field_names[] = {
		[VSW_FIELD_ETH_SRC] = "eth_src",   [VSW_FIELD_ETH_DST] = "eth_dst",
		[VSW_FIELD_VLAN_VID] = "vlan_vid", [VSW_FIELD_VLAN_PCP] = "vlan_pcp",
		[VSW_FIELD_IPV4_SRC] = "ip_src",   [VSW_FIELD_IPV4_DST] = "ip_dst",
		[VSW_FIELD_NW_TOS] = "nw_tos",	   [VSW_FIELD_TP_SRC] = "tp_src",
		[VSW_FIELD_TP_DST] = "tp_dst",
	};
	uint64_t full;

	/* What ovs-ofctl prints as loads: a load, or a field with no OpenFlow 1.0 action. */
	if (a->form == VSW_FORM_LOAD || a->field >= RTE_DIM(field_names) ||
	    field_names[a->field] == NULL || a->proto == PROTO_SCTP) {
		flow_state_format_action(o, a);
		return;
	}
	full = a->field == VSW_FIELD_NW_TOS ? 0xfc
					    : RTE_LEN2MASK(vsw_field_bits(a->field), uint64_t);
	if (a->mask == full && mod_names[a->field] != NULL) {
		flow_printf(o, "%s:", mod_names[a->field]);
		put_field_value(o, a->field, a->value, false);
		return;
	}
	flow_printf(o, "set_field:");
	put_field_value(o, a->field, a->value, a->mask != full);
	if (a->mask != full) {
		flow_printf(o, "/");
		put_field_value(o, a->field, a->mask, true);
	}
	flow_printf(o, "->%s", field_names[a->field]);
}

/* Whether acts[0..n) hold an instruction besides apply_actions. */
static bool
has_instructions(const struct vsw_action *acts, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (acts[i].form == VSW_FORM_WRITE_METADATA ||
		    acts[i].type == VSW_ACTION_WRITE_ACTIONS ||
		    acts[i].type == VSW_ACTION_CLEAR_ACTIONS)
			return true;
	return false;
}

size_t
vsw_flow_format_actions(const struct vsw_action *acts, uint32_t n,
			const struct vsw_flow_ports *ports, unsigned int flags, char *buf,
			size_t len)
{
	struct flow_out o = {.buf = buf, .len = len};
	uint32_t i;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct vsw_action *a = &acts[i];

		if (a->type == VSW_ACTION_WRITE_ACTIONS && a->value == 0)
			continue; /* write_actions(): nothing, as ovs-ofctl prints it */
		if (o.used > 0)
			flow_printf(&o, ",");
		switch (a->type) {
		case VSW_ACTION_OUTPUT:
			flow_printf(&o, "output:");
			fmt_port(&o, ports, flags, a->ofport);
			break;
		case VSW_ACTION_IN_PORT:
			flow_printf(&o, "IN_PORT");
			break;
		case VSW_ACTION_NORMAL:
			flow_printf(&o, "NORMAL");
			break;
		case VSW_ACTION_FLOOD:
			flow_printf(&o, "FLOOD");
			break;
		case VSW_ACTION_ALL:
			flow_printf(&o, "ALL");
			break;
		case VSW_ACTION_CONTROLLER:
			flow_printf(&o, "CONTROLLER:%" PRIu64, a->value);
			break;
		case VSW_ACTION_MOD_VLAN_VID:
			flow_printf(&o, "mod_vlan_vid:%" PRIu64, a->value);
			break;
		case VSW_ACTION_MOD_VLAN_PCP:
			flow_printf(&o, "mod_vlan_pcp:%" PRIu64, a->value);
			break;
		case VSW_ACTION_STRIP_VLAN:
			flow_printf(&o, "strip_vlan");
			break;
		case VSW_ACTION_PUSH_VLAN:
			flow_printf(&o, "push_vlan:0x%" PRIx64, a->value);
			break;
		case VSW_ACTION_SET_FIELD:
			if (vsw_field_in_packet(a->field))
				fmt_set_field(&o, a);
			else
				flow_state_format_action(&o, a);
			break;
		case VSW_ACTION_MOVE:
			flow_state_format_action(&o, a);
			break;
		case VSW_ACTION_DEC_TTL:
			flow_printf(&o, "dec_ttl");
			break;
		case VSW_ACTION_RESUBMIT:
			if (a->table == VSW_TABLE_CURRENT) {
				flow_printf(&o, "resubmit:");
				fmt_port(&o, ports, flags, a->ofport);
				break;
			}
			flow_printf(&o, "resubmit(");
			if (a->ofport != VSW_OFPORT_NONE)
				fmt_port(&o, ports, flags, a->ofport);
			flow_printf(&o, ",%u)", a->table);
			break;
		case VSW_ACTION_GOTO_TABLE:
			/*
			 * ovs-ofctl's OpenFlow 1.0 form has no instructions: it prints
			 * resubmit; a flow with other instructions (write_metadata,
			 * write_actions, clear_actions) it takes only in OpenFlow 1.1+,
			 * and prints goto_table.
			 */
			if (has_instructions(acts, i))
				flow_printf(&o, "goto_table:%u", a->table);
			else
				flow_printf(&o, "resubmit(,%u)", a->table);
			break;
		case VSW_ACTION_WRITE_ACTIONS:
			flow_printf(&o, "write_actions(");
			o.used += vsw_flow_format_actions(
				&acts[i + 1], (uint32_t)RTE_MIN(a->value, n - i - 1), ports, flags,
				o.used < o.len ? o.buf + o.used : NULL,
				o.used < o.len ? o.len - o.used : 0);
			flow_printf(&o, ")");
			i += (uint32_t)a->value;
			break;
		case VSW_ACTION_CLEAR_ACTIONS:
			flow_printf(&o, "clear_actions");
			break;
		default:
			flow_printf(&o, "?%u", a->type);
		}
	}
	if (o.used == 0)
		flow_printf(&o, "drop");
	return o.used;
}

size_t
vsw_flow_format(const struct vsw_flow *f, const struct vsw_flow_ports *ports, unsigned int flags,
		char *buf, size_t len)
{
	struct flow_out o = {.buf = buf, .len = len};
	char part[2048];

	flow_printf(&o, " ");
	if (f->cookie != 0)
		flow_printf(&o, "cookie=0x%" PRIx64 ", ", f->cookie);
	if (f->table != 0)
		flow_printf(&o, "table=%u, ", f->table);
	if (f->idle_timeout != 0)
		flow_printf(&o, "idle_timeout=%u, ", f->idle_timeout);
	if (f->hard_timeout != 0)
		flow_printf(&o, "hard_timeout=%u, ", f->hard_timeout);
	if (vsw_flow_format_match(f, ports, flags, part, sizeof(part)) > 0)
		flow_printf(&o, "%s ", part);
	vsw_flow_format_actions(f->actions, f->n_actions, ports, flags, part, sizeof(part));
	flow_printf(&o, "actions=%s", part);
	return o.used;
}
