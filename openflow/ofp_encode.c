/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_encode.c: vsw's action lists as OpenFlow 1.3 instructions, the way
 * OVS writes the same actions in 1.3 (so that ovs-ofctl prints a rule read
 * from vsw as it prints one read from OVS): OpenFlow's actions where 1.3
 * has one, Nicira's (resubmit, move, load) where it has none, and the tail of the list as the
 * write_metadata and goto_table instructions. A mod_vlan_vid or mod_vlan_pcp on a packet that may
 * have no tag pushes one first, as OVS encodes them. A write of a whole field is OFPAT_SET_FIELD
 * (the two halves of an IPv6 address together); a load, or a write under a mask (1.3's set_field
 * has none), is one NXAST_REG_LOAD per run of bits, as OVS sends them.
 */

#include <errno.h>

#include "ofp_private.h"

#define OFPP13_RESERVED 0xffffff00u
#define NX_VENDOR_ID	0x00002320

static void
action_header(struct vsw_ofp_buf *b, uint16_t type, uint16_t len)
{
	uint8_t *p = ofp_push(b, 4);

	ofp_put16(p, type);
	ofp_put16(p + 2, len);
}

/* A Nicira action's header: length, vendor, subtype (10 bytes). */
static void
nx_header(struct vsw_ofp_buf *b, uint16_t subtype, uint16_t len)
{
	uint8_t *p;

	action_header(b, 0xffff, len);
	p = ofp_push(b, 6);
	ofp_put32(p, NX_VENDOR_ID);
	ofp_put16(p + 4, subtype);
}

static void
enc_output(struct vsw_ofp_buf *b, uint32_t port, uint16_t max_len)
{
	uint8_t *p;

	action_header(b, 0, 16);
	p = ofp_push(b, 12);
	ofp_put32(p, port);
	ofp_put16(p + 4, max_len);
}

/* An 8-byte action with an optional 16-bit argument (push_vlan's TPID). */
static void
enc_short(struct vsw_ofp_buf *b, uint16_t type, uint16_t arg)
{
	action_header(b, type, 8);
	ofp_put16(ofp_push(b, 4), arg);
}

/* NXAST_REG_LOAD of value into bits [ofs, ofs + n) of the field named by NXM header dst. */
static void
enc_load(struct vsw_ofp_buf *b, uint32_t dst, unsigned int ofs, unsigned int n, uint64_t value)
{
	uint8_t *p;

	nx_header(b, 7, 24);
	p = ofp_push(b, 14);
	ofp_put16(p, (uint16_t)(ofs << 6 | (n - 1)));
	ofp_put32(p + 2, dst);
	ofp_put64(p + 6, value);
}

/*
 * A SET_FIELD or VLAN action a (next: the one after it, or NULL) as OVS
 * sends it in 1.3: OFPAT_SET_FIELD for a whole field, else one
 * NXAST_REG_LOAD per run of bits in the mask. Returns the actions it took.
 */
static unsigned int
enc_set_field(struct vsw_ofp_buf *b, const struct vsw_action *a, const struct vsw_action *next,
	      const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	uint8_t oxm[64];
	struct vsw_ofp_buf t = {.p = oxm, .cap = sizeof(oxm)};
	int taken = ofp_set_field_encode(&t, a, next, k, m);
	unsigned int ofs, n, add;
	size_t len;
	uint32_t dst;

	if (a->type == VSW_ACTION_SET_FIELD && a->field == VSW_FIELD_NW_TTL &&
	    a->form == VSW_FORM_ALT) {
		enc_short(b, 23, (uint16_t)(a->value << 8)); /* OFPAT_SET_NW_TTL: mod_nw_ttl */
		return 1;
	}
	if (taken > 0 && !t.overflow) {
		len = (4 + t.len + 7) & ~(size_t)7;
		action_header(b, 25, (uint16_t)len);
		ofp_push_bytes(b, oxm, t.len);
		ofp_push(b, len - 4 - t.len);
		return (unsigned int)taken;
	}
	if (ofp_field_to_nxm(a->field, a->proto, k, m, &dst, &add) < 0)
		return 1; /* every field vsw writes has a name: not reached */
	for (ofs = 0; ofs < 64; ofs += n) {
		if (!(a->mask >> ofs & 1)) {
			n = 1;
			continue;
		}
		for (n = 1; ofs + n < 64 && (a->mask >> (ofs + n) & 1); n++)
			;
		enc_load(b, dst, ofs + add, n, a->value >> ofs & RTE_LEN2MASK(n, uint64_t));
	}
	return 1;
}

/* Nicira's set_tunnel (NXAST_SET_TUNNEL, 32 bits) or set_tunnel64 (NXAST_SET_TUNNEL64). */
static void
enc_set_tunnel(struct vsw_ofp_buf *b, const struct vsw_action *a)
{
	if (a->form == VSW_FORM_SET_TUNNEL) {
		nx_header(b, 2, 16);
		ofp_put32(ofp_push(b, 6) + 2, (uint32_t)a->value);
		return;
	}
	nx_header(b, 9, 24);
	ofp_put64(ofp_push(b, 14) + 6, a->value);
}

static void
enc_resubmit(struct vsw_ofp_buf *b, const struct vsw_action *a)
{
	uint8_t *p;

	nx_header(b, 14, 16);
	p = ofp_push(b, 6);
	ofp_put16(p, a->ofport == VSW_OFPORT_NONE ? 0xfff8 : a->ofport);
	p[2] = a->table;
}

static void
enc_move(struct vsw_ofp_buf *b, const struct vsw_action *a, const struct vsw_flow_key *k,
	 const struct vsw_flow_key *m)
{
	uint32_t src, dst;
	unsigned int src_add, dst_add;
	uint8_t *p;

	/* value: the protocols the ports were named by (tcp_src: 6), source in the low byte */
	if (ofp_field_to_nxm(a->src_field, (uint8_t)a->value, k, m, &src, &src_add) < 0 ||
	    ofp_field_to_nxm(a->field, (uint8_t)(a->value >> 8), k, m, &dst, &dst_add) < 0)
		return; /* every field vsw moves has an NXM header: not reached */
	nx_header(b, 6, 24);
	p = ofp_push(b, 14);
	ofp_put16(p, a->n_bits);
	ofp_put16(p + 2, (uint16_t)(a->src_ofs + src_add));
	ofp_put16(p + 4, (uint16_t)(a->dst_ofs + dst_add));
	ofp_put32(p + 6, src);
	ofp_put32(p + 10, dst);
}

/*
 * One action of the applied list (next: the one after it, or NULL); *tagged
 * follows whether the packet has a tag. Returns the actions it took.
 */
static unsigned int
enc_action(struct vsw_ofp_buf *b, const struct vsw_action *a, const struct vsw_action *next,
	   const struct vsw_flow_key *k, const struct vsw_flow_key *m, bool *tagged)
{
	/* The reserved ports of the outputs to them. */
	static const uint32_t reserved[VSW_ACTION__COUNT] = {
		[VSW_ACTION_IN_PORT] = 0xfffffff8u,
		[VSW_ACTION_NORMAL] = 0xfffffffau,
		[VSW_ACTION_FLOOD] = 0xfffffffbu,
		[VSW_ACTION_ALL] = 0xfffffffcu,
	};

	switch ((enum vsw_action_type)a->type) {
	case VSW_ACTION_OUTPUT:
		enc_output(b, a->ofport > VSW_OFPORT_MAX ? OFPP13_RESERVED | a->ofport : a->ofport,
			   0);
		return 1;
	case VSW_ACTION_IN_PORT:
	case VSW_ACTION_NORMAL:
	case VSW_ACTION_FLOOD:
	case VSW_ACTION_ALL:
		enc_output(b, reserved[a->type], 0);
		return 1;
	case VSW_ACTION_CONTROLLER:
		enc_output(b, 0xfffffffdu, (uint16_t)a->value);
		return 1;
	case VSW_ACTION_MOD_VLAN_VID:
	case VSW_ACTION_MOD_VLAN_PCP:
		if (!*tagged && a->form != VSW_FORM_ALT) /* vlan_tci's set_field tags itself */
			enc_short(b, 17, 0x8100);
		*tagged = true;
		return enc_set_field(b, a, next, k, m);
	case VSW_ACTION_STRIP_VLAN:
		*tagged = false;
		if (a->form == VSW_FORM_ALT)
			return enc_set_field(b, a, NULL, k, m); /* set_field:0->vlan_tci */
		enc_short(b, 18, 0);
		return 1;
	case VSW_ACTION_PUSH_VLAN:
		enc_short(b, 17, (uint16_t)a->value);
		*tagged = true;
		return 1;
	case VSW_ACTION_SET_FIELD:
		if (a->form == VSW_FORM_SET_TUNNEL || a->form == VSW_FORM_SET_TUNNEL64) {
			enc_set_tunnel(b, a);
			return 1;
		}
		return enc_set_field(b, a, next, k, m);
	case VSW_ACTION_DEC_TTL:
		enc_short(b, 24, 0);
		return 1;
	case VSW_ACTION_RESUBMIT:
		enc_resubmit(b, a);
		return 1;
	case VSW_ACTION_MOVE:
		enc_move(b, a, k, m);
		return 1;
	case VSW_ACTION_GOTO_TABLE:
	case VSW_ACTION_WRITE_ACTIONS:
	case VSW_ACTION_CLEAR_ACTIONS:
	case VSW_ACTION__NONE:
	case VSW_ACTION__COUNT:
		break; /* instructions (vsw_ofp_instructions_encode); the others are never in a list
			*/
	}
	return 1;
}

/*
 * Instruction type (apply_actions, write_actions) with actions a[0..n), none
 * when n is 0; tagged: whether the packet has a tag as the list starts.
 */
static void
enc_action_list(struct vsw_ofp_buf *b, uint16_t type, const struct vsw_action *a, uint32_t n,
		const struct vsw_flow_key *k, const struct vsw_flow_key *m, bool tagged)
{
	size_t start = b->len;
	uint32_t i;

	if (n == 0)
		return;
	ofp_push(b, 8); /* type, length, pad */
	for (i = 0; i < n;)
		i += enc_action(b, &a[i], i + 1 < n ? &a[i + 1] : NULL, k, m, &tagged);
	if (!b->overflow) {
		ofp_put16(b->p + start, type);
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
	}
}

static bool
is_write_metadata(const struct vsw_action *a)
{
	return a->type == VSW_ACTION_SET_FIELD && a->field == VSW_FIELD_METADATA &&
	       a->form == VSW_FORM_WRITE_METADATA;
}

void
vsw_ofp_instructions_encode(struct vsw_ofp_buf *b, const struct vsw_action *a, uint32_t n,
			    const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	const struct vsw_action *go = NULL, *meta = NULL;
	bool tagged = ofp_get16((const uint8_t *)&k->vlan_tci) &
		      ofp_get16((const uint8_t *)&m->vlan_tci) & 0x1000;
	uint32_t i, set;
	uint8_t *p;

	if (n > 0 && a[n - 1].type == VSW_ACTION_GOTO_TABLE)
		go = &a[--n];
	if (n > 0 && is_write_metadata(&a[n - 1]))
		meta = &a[--n];
	for (i = 0; i < n && a[i].type != VSW_ACTION_CLEAR_ACTIONS &&
		    a[i].type != VSW_ACTION_WRITE_ACTIONS;
	     i++)
		;
	set = i;
	enc_action_list(b, 4, a, set, k, m, tagged); /* OFPIT_APPLY_ACTIONS */
	if (set < n && a[set].type == VSW_ACTION_CLEAR_ACTIONS) {
		p = ofp_push(b, 8);
		ofp_put16(p, 5); /* OFPIT_CLEAR_ACTIONS */
		ofp_put16(p + 2, 8);
		set++;
	}
	if (set < n && a[set].type == VSW_ACTION_WRITE_ACTIONS)
		enc_action_list(b, 3, &a[set + 1], (uint32_t)a[set].value, k, m, tagged);
	if (meta != NULL) {
		p = ofp_push(b, 24);
		ofp_put16(p, 2);
		ofp_put16(p + 2, 24);
		ofp_put64(p + 8, meta->value);
		ofp_put64(p + 16, meta->mask);
	}
	if (go != NULL) {
		p = ofp_push(b, 8);
		ofp_put16(p, 1);
		ofp_put16(p + 2, 8);
		p[4] = go->table;
	}
}
