/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_action.c: OpenFlow 1.3 instructions and actions to and from vsw's
 * action lists (struct vsw_action).
 *
 * A flow_mod's instructions run in OpenFlow's fixed order whatever their
 * order on the wire: apply_actions, clear_actions, write_actions,
 * write_metadata, goto_table. vsw's list is the same thing flattened: the
 * applied actions, CLEAR_ACTIONS, WRITE_ACTIONS followed by the actions it
 * writes, write_metadata's SET_FIELD, then GOTO_TABLE. meter is refused
 * with OFPBIC_UNSUP_INST.
 *
 * Actions are OpenFlow's (output, push/pop VLAN, set_field, dec_nw_ttl)
 * and Nicira's extensions that ovs-ofctl and OVN send for what OpenFlow
 * lacks (resubmit, move, load, write_metadata). Each kind is a row of a
 * table: its type (or Nicira subtype), its length, its decoder. Anything
 * else is answered with the error OpenFlow names for it (a group with
 * OFPBAC_BAD_OUT_GROUP, an unknown type with OFPBAC_BAD_TYPE).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "ofp_private.h"

#define OFPAT_OUTPUT	   0
#define OFPAT_GROUP	   22
#define OFPAT_PUSH_VLAN	   17
#define OFPAT_POP_VLAN	   18
#define OFPAT_SET_NW_TTL   23
#define OFPAT_DEC_NW_TTL   24
#define OFPAT_SET_FIELD	   25
#define OFPAT_EXPERIMENTER 0xffff
#define NX_VENDOR_ID	   0x00002320

#define NXAST_RESUBMIT	     1
#define NXAST_SET_TUNNEL     2
#define NXAST_SET_TUNNEL64   9
#define NXAST_REG_MOVE	     6
#define NXAST_REG_LOAD	     7
#define NXAST_RESUBMIT_TABLE 14
#define NXAST_DEC_TTL	     18
#define NXAST_WRITE_METADATA 22
#define NXAST_REG_LOAD2	     33

#define OFPIT_GOTO_TABLE     1
#define OFPIT_WRITE_METADATA 2
#define OFPIT_WRITE_ACTIONS  3
#define OFPIT_APPLY_ACTIONS  4
#define OFPIT_CLEAR_ACTIONS  5
#define OFPIT_METER	     6

#define OFPP13_IN_PORT	  0xfffffff8u
#define OFPP13_TABLE	  0xfffffff9u
#define OFPP13_NORMAL	  0xfffffffau
#define OFPP13_FLOOD	  0xfffffffbu
#define OFPP13_ALL	  0xfffffffcu
#define OFPP13_CONTROLLER 0xfffffffdu
#define OFPP13_LOCAL	  0xfffffffeu
#define NX_IN_PORT	  0xfff8 /* Nicira's resubmit: keep the packet's in_port */

/* Room for k more actions, or OFPBAC_TOO_MANY. */
static int
room(struct ofp_adec *d, unsigned int k)
{
	if (d->f->n_actions + k > VSW_MAX_ACTIONS)
		return ofp_fail(d->st, VSW_OFPE_TOO_MANY_ACTIONS, "more than %u actions",
				VSW_MAX_ACTIONS);
	return 0;
}

static struct vsw_action *
next_action(struct ofp_adec *d)
{
	struct vsw_action *a = &d->f->actions[d->f->n_actions];

	memset(a, 0, sizeof(*a));
	return a;
}

static int
dec_output(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	static const struct {
		uint32_t port;
		uint16_t type;
	} reserved[] = {
		{OFPP13_IN_PORT, VSW_ACTION_IN_PORT},
		{OFPP13_NORMAL, VSW_ACTION_NORMAL},
		{OFPP13_FLOOD, VSW_ACTION_FLOOD},
		{OFPP13_ALL, VSW_ACTION_ALL},
	};
	uint32_t port = ofp_get32(body);
	struct vsw_action *a = next_action(d);
	unsigned int i;

	RTE_SET_USED(len);
	for (i = 0; i < RTE_DIM(reserved); i++)
		if (reserved[i].port == port) {
			a->type = reserved[i].type;
			return 1;
		}
	if (port == OFPP13_CONTROLLER) {
		a->type = VSW_ACTION_CONTROLLER;
		a->value = ofp_get16(body + 4); /* max_len; 0xffff: the whole packet */
		return 1;
	}
	if (port == OFPP13_TABLE && d->packet_out) {
		a->type = VSW_ACTION_RESUBMIT; /* the packet through the pipeline, from table 0 */
		a->ofport = VSW_OFPORT_NONE;
		a->table = 0;
		return 1;
	}
	if (port > VSW_OFPORT_MAX) /* 0 is no port: OVS takes it and outputs nowhere */
		return ofp_fail(d->st, VSW_OFPE_BAD_OUT_PORT,
				"output to port %#" PRIx32 ": vsw outputs to ports 1..%u, IN_PORT, "
				"NORMAL, FLOOD, ALL, CONTROLLER (and TABLE in a packet-out)",
				port, VSW_OFPORT_MAX);
	a->type = VSW_ACTION_OUTPUT;
	a->ofport = (uint16_t)port;
	a->port = vsw_flow_port_index(d->ports, (uint16_t)port);
	return 1;
}

static int
dec_group(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	RTE_SET_USED(len);
	return ofp_fail(d->st, VSW_OFPE_BAD_OUT_GROUP, "group %" PRIu32 ": vsw has no groups",
			ofp_get32(body));
}

static int
dec_push_vlan(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	uint16_t tpid = ofp_get16(body);
	struct vsw_action *a = next_action(d);

	RTE_SET_USED(len);
	if (tpid != 0x8100 && tpid != 0x88a8)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT,
				"push_vlan: ethertype %#x is no VLAN TPID", tpid);
	a->type = VSW_ACTION_PUSH_VLAN;
	a->value = tpid;
	return 1;
}

static int
dec_simple(struct ofp_adec *d, uint16_t type)
{
	next_action(d)->type = type;
	return 1;
}

static int
dec_pop_vlan(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	RTE_SET_USED(body);
	RTE_SET_USED(len);
	return dec_simple(d, VSW_ACTION_STRIP_VLAN);
}

/* OpenFlow's SET_NW_TTL: mod_nw_ttl. */
static int
dec_set_nw_ttl(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	struct vsw_action *a = next_action(d);

	RTE_SET_USED(len);
	if (vsw_flow_field_prereq(d->f, VSW_FIELD_NW_TTL) != NULL)
		return ofp_fail(d->st, VSW_OFPE_MATCH_INCONSISTENT, "set_nw_ttl needs ip or ipv6");
	a->type = VSW_ACTION_SET_FIELD;
	a->field = VSW_FIELD_NW_TTL;
	a->value = body[0];
	a->mask = 0xff;
	a->form = VSW_FORM_ALT;
	return 1;
}

static int
dec_dec_ttl(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	RTE_SET_USED(body);
	RTE_SET_USED(len);
	return dec_simple(d, VSW_ACTION_DEC_TTL);
}

/* set_field (masked: NXAST_REG_LOAD2): the OXM at body. */
static int
dec_oxm_set(struct ofp_adec *d, const uint8_t *body, size_t len, bool masked)
{
	struct vsw_ofp_pull c = {body, len};
	int n = ofp_set_field_decode(&c, masked, d->f, next_action(d),
				     VSW_MAX_ACTIONS - d->f->n_actions, d->st);

	if (n > 0 && c.left >= 8)
		return ofp_fail(d->st, VSW_OFPE_BAD_SET_LEN, "set_field: bytes after the OXM");
	return n;
}

static int
dec_set_field(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	return dec_oxm_set(d, body, len, false);
}

/* ---- Nicira actions: body starts after the subtype ---- */

static int
dec_nx_resubmit(struct ofp_adec *d, const uint8_t *body, size_t len, bool with_table)
{
	struct vsw_action *a = next_action(d);
	uint16_t in_port = ofp_get16(body);

	RTE_SET_USED(len);
	a->type = VSW_ACTION_RESUBMIT;
	a->ofport = in_port == NX_IN_PORT ? VSW_OFPORT_NONE : in_port;
	a->table = with_table ? body[2] : VSW_TABLE_CURRENT;
	if (a->ofport != VSW_OFPORT_NONE && a->ofport > VSW_OFPORT_MAX &&
	    a->ofport != VSW_OFPORT_LOCAL)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT, "resubmit: port %#x", in_port);
	return 1;
}

static int
dec_nx_resubmit1(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	return dec_nx_resubmit(d, body, len, false);
}

static int
dec_nx_resubmit_table(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	return dec_nx_resubmit(d, body, len, true);
}

/*
 * The vsw field of an NXM header with bits [ofs, ofs + n_bits), an IPv6
 * address's high half for ofs >= 64; *ofs made relative to it.
 */
static int
nx_field(struct ofp_adec *d, uint32_t header, unsigned int *ofs, unsigned int n_bits,
	 unsigned int *field, uint8_t *proto, const char *what)
{
	if (ofp_nxm_to_field(header, field, proto) < 0)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT,
				"%s: field %#" PRIx32 " is not one vsw reads or writes", what,
				header);
	if ((*field == VSW_FIELD_IPV6_SRC_LO || *field == VSW_FIELD_IPV6_DST_LO) && *ofs >= 64) {
		*field += 1;
		*ofs -= 64;
	}
	if (n_bits == 0 || *ofs + n_bits > vsw_field_bits(*field))
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT,
				"%s: bits %u..%u are past the field", what, *ofs,
				*ofs + n_bits - 1);
	if (vsw_field_in_packet(*field) && vsw_flow_field_prereq(d->f, *field) != NULL)
		return ofp_fail(d->st, VSW_OFPE_MATCH_INCONSISTENT,
				"%s: the match does not hold the field's header (%s)", what,
				vsw_flow_field_prereq(d->f, *field));
	return 0;
}

static int
dec_nx_move(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	unsigned int n_bits = ofp_get16(body), src_ofs = ofp_get16(body + 2);
	unsigned int dst_ofs = ofp_get16(body + 4), src, dst;
	uint8_t src_proto, dst_proto;
	struct vsw_action *a;

	RTE_SET_USED(len);
	if (nx_field(d, ofp_get32(body + 6), &src_ofs, n_bits, &src, &src_proto, "move") < 0 ||
	    nx_field(d, ofp_get32(body + 10), &dst_ofs, n_bits, &dst, &dst_proto, "move") < 0)
		return -EPROTO;
	if (dst == VSW_FIELD_ETH_TYPE)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT, "move: cannot write eth_type");
	a = next_action(d);
	a->type = VSW_ACTION_MOVE;
	a->field = (uint8_t)dst;
	a->src_field = (uint8_t)src;
	a->src_ofs = (uint8_t)src_ofs;
	a->dst_ofs = (uint8_t)dst_ofs;
	a->n_bits = (uint8_t)n_bits;
	a->value = (uint64_t)dst_proto << 8 | src_proto; /* the ports' protocols, for printing */
	return 1;
}

static int
dec_nx_load(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	unsigned int ofs = ofp_get16(body) >> 6, n_bits = (ofp_get16(body) & 63) + 1, field;
	uint64_t value = ofp_get64(body + 6), mask = RTE_LEN2MASK(n_bits, uint64_t);
	struct vsw_action *a;
	uint8_t proto;

	RTE_SET_USED(len);
	if (nx_field(d, ofp_get32(body + 2), &ofs, n_bits, &field, &proto, "load") < 0)
		return -EPROTO;
	if (field == VSW_FIELD_ETH_TYPE || (value & ~mask))
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT,
				"load: %#" PRIx64 " does not fit %u bits of that field", value,
				n_bits);
	if (field == VSW_FIELD_VLAN_VID || field == VSW_FIELD_VLAN_PCP)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT,
				"load into a VLAN field: use set_field");
	a = next_action(d);
	a->type = VSW_ACTION_SET_FIELD;
	a->field = (uint8_t)field;
	a->mask = mask << ofs;
	a->value = value << ofs;
	a->form = VSW_FORM_LOAD;
	a->proto = proto;
	return 1;
}

static int
dec_nx_load2(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	return dec_oxm_set(d, body, len, true);
}

static int
dec_nx_dec_ttl(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	return dec_dec_ttl(d, body, len);
}

/* write_metadata (the instruction, and Nicira's action): 8 bytes of value, 8 of mask. */
static int
dec_metadata(struct ofp_adec *d, const uint8_t *p)
{
	struct vsw_action *a = next_action(d);

	a->type = VSW_ACTION_SET_FIELD;
	a->field = VSW_FIELD_METADATA;
	a->mask = ofp_get64(p + 8);
	a->value = ofp_get64(p) & a->mask;
	a->form = VSW_FORM_WRITE_METADATA;
	if (a->mask == 0)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_ARGUMENT, "write_metadata: mask 0");
	return 1;
}

static int
dec_nx_write_metadata(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	RTE_SET_USED(len);
	return dec_metadata(d, body + 6);
}

/* set_tunnel and set_tunnel64: a write of the whole tun_id. */
static int
dec_set_tunnel(struct ofp_adec *d, uint64_t value, enum vsw_action_form form)
{
	struct vsw_action *a = next_action(d);

	a->type = VSW_ACTION_SET_FIELD;
	a->field = VSW_FIELD_TUN_ID;
	a->mask = UINT64_MAX;
	a->value = value;
	a->form = (uint8_t)form;
	return 1;
}

static int
dec_nx_set_tunnel(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	RTE_SET_USED(len);
	return dec_set_tunnel(d, ofp_get32(body + 2), VSW_FORM_SET_TUNNEL);
}

static int
dec_nx_set_tunnel64(struct ofp_adec *d, const uint8_t *body, size_t len)
{
	RTE_SET_USED(len);
	return dec_set_tunnel(d, ofp_get64(body + 6), VSW_FORM_SET_TUNNEL64);
}

/* An action kind: its wire type (Nicira: subtype), its smallest length, its decoder. */
struct action_kind {
	uint16_t type;
	uint16_t min_len; /* of the whole action */
	int (*decode)(struct ofp_adec *d, const uint8_t *body, size_t len);
};

static const struct action_kind of13_actions[] = {
	{OFPAT_OUTPUT, 16, dec_output},	       {OFPAT_GROUP, 8, dec_group},
	{OFPAT_PUSH_VLAN, 8, dec_push_vlan},   {OFPAT_POP_VLAN, 8, dec_pop_vlan},
	{OFPAT_DEC_NW_TTL, 8, dec_dec_ttl},    {OFPAT_SET_FIELD, 8, dec_set_field},
	{OFPAT_SET_NW_TTL, 8, dec_set_nw_ttl},
};

static const struct action_kind nx_actions[] = {
	{NXAST_RESUBMIT, 16, dec_nx_resubmit1},
	{NXAST_RESUBMIT_TABLE, 16, dec_nx_resubmit_table},
	{NXAST_REG_MOVE, 24, dec_nx_move},
	{NXAST_REG_LOAD, 24, dec_nx_load},
	{NXAST_REG_LOAD2, 16, dec_nx_load2},
	{NXAST_DEC_TTL, 16, dec_nx_dec_ttl},
	{NXAST_WRITE_METADATA, 32, dec_nx_write_metadata},
	{NXAST_SET_TUNNEL, 16, dec_nx_set_tunnel},
	{NXAST_SET_TUNNEL64, 24, dec_nx_set_tunnel64},
};

static const struct action_kind *
kind_of(const struct action_kind *table, size_t n, uint16_t type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].type == type)
			return &table[i];
	return NULL;
}

int
ofp_dec_action(struct ofp_adec *d, struct vsw_ofp_pull *c)
{
	const uint8_t *h = vsw_ofp_pull(c, 4), *body;
	const struct action_kind *k;
	uint16_t type, len;
	size_t skip = 0;
	int n;

	if (h == NULL)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_LEN, "an action header is cut short");
	type = ofp_get16(h);
	len = ofp_get16(h + 2);
	if (len < 8 || len % 8 != 0 || len - 4u > c->left)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_LEN, "action type %u: length %u", type,
				len);
	body = vsw_ofp_pull(c, len - 4u);
	if (type == OFPAT_EXPERIMENTER) {
		if (ofp_get32(body) != NX_VENDOR_ID)
			return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_EXPERIMENTER,
					"experimenter action of vendor %#" PRIx32, ofp_get32(body));
		if (len < 16)
			return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_LEN, "Nicira action: length %u",
					len);
		type = ofp_get16(body + 4);
		k = kind_of(nx_actions, RTE_DIM(nx_actions), type);
		if (k == NULL)
			return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_EXP_TYPE,
					"Nicira action %u is not one vsw does", type);
		skip = 6;
	} else {
		k = kind_of(of13_actions, RTE_DIM(of13_actions), type);
		if (k == NULL)
			return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_TYPE,
					"action type %u is not one vsw does", type);
	}
	if (len < k->min_len)
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_LEN, "action %u: length %u, needs %u",
				type, len, k->min_len);
	if (room(d, 1) < 0)
		return -EPROTO;
	n = k->decode(d, body + skip, len - 4u - skip);
	if (n < 0)
		return n;
	d->f->n_actions += (uint32_t)n;
	return 0;
}

int
vsw_ofp_actions_decode(struct vsw_ofp_pull *c, size_t len, const struct vsw_flow_ports *ports,
		       struct vsw_flow *f, struct vsw_ofp_status *st)
{
	struct ofp_adec d = {f, ports, st, true};
	struct vsw_ofp_pull list = {vsw_ofp_pull(c, len), len};
	int rc;

	if (list.p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "the action list runs past the message");
	while (list.left > 0) {
		rc = ofp_dec_action(&d, &list);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- instructions ---- */

/*
 * write_actions' list c, after a WRITE_ACTIONS that counts it: what an
 * action set holds (no resubmit, controller or instruction). 0, or
 * -EPROTO with the error.
 */
static int
dec_write_actions(struct ofp_adec *d, struct vsw_ofp_pull *c)
{
	uint32_t mark = d->f->n_actions, i;
	int rc;

	if (room(d, 1) < 0)
		return -EPROTO;
	next_action(d)->type = VSW_ACTION_WRITE_ACTIONS;
	d->f->n_actions++;
	while (c->left > 0) {
		rc = ofp_dec_action(d, c);
		if (rc < 0)
			return rc;
	}
	for (i = mark + 1; i < d->f->n_actions; i++)
		if (d->f->actions[i].type == VSW_ACTION_RESUBMIT ||
		    d->f->actions[i].type == VSW_ACTION_CONTROLLER ||
		    d->f->actions[i].form == VSW_FORM_WRITE_METADATA)
			return ofp_fail(
				d->st, VSW_OFPE_BAD_ACTION_TYPE,
				"write_actions: vsw's action set holds outputs, VLAN pushes "
				"and pops, dec_ttl and field writes");
	d->f->actions[mark].value = d->f->n_actions - mark - 1;
	d->f->n_actions -= d->f->actions[mark].value == 0; /* an empty one: nothing */
	return 0;
}

int
vsw_ofp_instructions_decode(struct vsw_ofp_pull *c, const struct vsw_flow_ports *ports,
			    struct vsw_flow *f, struct vsw_ofp_status *st)
{
	struct ofp_adec d = {f, ports, st, false};
	const uint8_t *h, *body, *metadata = NULL;
	int goto_table = -1, rc;
	unsigned int seen = 0;
	uint16_t type, len;
	struct vsw_ofp_pull apply = {NULL, 0}, write = {NULL, 0};

	while (c->left > 0) {
		h = vsw_ofp_pull(c, 4);
		if (h == NULL)
			return ofp_fail(st, VSW_OFPE_BAD_INST_LEN, "an instruction is cut short");
		type = ofp_get16(h);
		len = ofp_get16(h + 2);
		if (len < 8 || len % 8 != 0 || len - 4u > c->left)
			return ofp_fail(st, VSW_OFPE_BAD_INST_LEN, "instruction %u: length %u",
					type, len);
		body = vsw_ofp_pull(c, len - 4u);
		if (type < 32 && (seen & 1u << type))
			return ofp_fail(st, VSW_OFPE_UNSUP_INST, "instruction %u given twice",
					type);
		seen |= type < 32 ? 1u << type : 0;
		if (type == OFPIT_GOTO_TABLE) {
			goto_table = body[0];
		} else if (type == OFPIT_WRITE_METADATA) {
			if (len != 24)
				return ofp_fail(st, VSW_OFPE_BAD_INST_LEN,
						"write_metadata: length %u", len);
			metadata = body + 4;
		} else if (type == OFPIT_APPLY_ACTIONS) {
			apply.p = body + 4;
			apply.left = len - 8u;
		} else if (type == OFPIT_WRITE_ACTIONS) {
			write.p = body + 4;
			write.left = len - 8u;
		} else if (type == OFPIT_METER || type == OFPAT_EXPERIMENTER) {
			return ofp_fail(st, VSW_OFPE_UNSUP_INST,
					"instruction %u (meter, experimenter): not done by vsw",
					type);
		} else if (type != OFPIT_CLEAR_ACTIONS) {
			return ofp_fail(st, VSW_OFPE_UNKNOWN_INST, "instruction type %u", type);
		}
	}
	f->n_actions = 0;
	while (apply.left > 0) {
		rc = ofp_dec_action(&d, &apply);
		if (rc < 0)
			return rc;
	}
	if (seen & 1u << OFPIT_CLEAR_ACTIONS) {
		if (room(&d, 1) < 0)
			return -EPROTO;
		next_action(&d)->type = VSW_ACTION_CLEAR_ACTIONS;
		f->n_actions++;
	}
	if (write.left > 0 && dec_write_actions(&d, &write) < 0)
		return -EPROTO;
	if (metadata != NULL) {
		if (room(&d, 1) < 0 || dec_metadata(&d, metadata) < 0)
			return -EPROTO;
		f->n_actions++;
	}
	if (goto_table >= 0) {
		if (goto_table <= f->table || goto_table >= VSW_N_TABLES)
			return ofp_fail(st, VSW_OFPE_BAD_INST_TABLE,
					"goto_table:%d from table %u: only to a later table",
					goto_table, f->table);
		if (room(&d, 1) < 0)
			return -EPROTO;
		next_action(&d)->type = VSW_ACTION_GOTO_TABLE;
		f->actions[f->n_actions++].table = (uint8_t)goto_table;
	}
	return 0;
}
