/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp10_action.c: OpenFlow 1.0's actions to and from 1.3's, so that what
 * an action means stays ofp_action.c's and ofp_encode.c's.
 *
 * Up, one action at a time into ofp_action.c's decoder: output (16-bit
 * ports), strip_vlan, set_dl_src/dst, set_nw_src/dst, set_nw_tos (the DSCP
 * bits) and set_tp_src/dst (TCP, UDP or SCTP by the match's protocol)
 * become 1.3's output, pop_vlan and set_field, checked as those are;
 * set_vlan_vid and set_vlan_pcp are mod_vlan_vid and mod_vlan_pcp (they
 * tag an untagged packet, which 1.3 has no action for); Nicira's actions
 * are the same bytes in both versions; enqueue is refused (no queues).
 *
 * Down, as OVS writes a rule's actions in 1.0: the applied list with the
 * same mapping back (a push_vlan goes, 1.0's set_vlan_vid tags by itself),
 * set_field on any other field as Nicira's reg_load2, dec_nw_ttl as
 * Nicira's dec_ttl, then write_metadata and goto_table as Nicira's
 * write_metadata and resubmit(,N). clear_actions and write_actions have no
 * 1.0 form and are left out.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "ofp_private.h"

#define NX_VENDOR_ID	     0x00002320
#define NXAST_RESUBMIT_TABLE 14
#define NXAST_DEC_TTL	     18
#define NXAST_WRITE_METADATA 22
#define NXAST_REG_LOAD2	     33

/* 1.0's action types (OpenFlow 1.0.0, 5.2.4). */
enum {
	A10_OUTPUT,
	A10_SET_VLAN_VID,
	A10_SET_VLAN_PCP,
	A10_STRIP_VLAN,
	A10_SET_DL_SRC,
	A10_SET_DL_DST,
	A10_SET_NW_SRC,
	A10_SET_NW_DST,
	A10_SET_NW_TOS,
	A10_SET_TP_SRC,
	A10_SET_TP_DST,
	A10_ENQUEUE,
	A10__COUNT,
	A10_VENDOR = 0xffff,
};

/* 1.3's: output, push and pop VLAN, set_field, dec_nw_ttl. */
#define A13_OUTPUT     0
#define A13_PUSH_VLAN  17
#define A13_POP_VLAN   18
#define A13_SET_NW_TTL 23
#define A13_DEC_TTL    24
#define A13_SET_FIELD  25

/* OXM_OF_* fields a 1.0 set action writes. */
#define F_ETH_DST  3
#define F_ETH_SRC  4
#define F_VLAN_VID 6
#define F_VLAN_PCP 7
#define F_IP_DSCP  8
#define F_IPV4_SRC 11
#define F_IPV4_DST 12
#define F_TCP_SRC  13
#define F_UDP_SRC  15
#define F_SCTP_SRC 17

/* 1.3's set_field of OXM_OF field (len bytes of value), into b. */
static void
set_field_up(struct vsw_ofp_buf *b, uint8_t field, const uint8_t *value, uint8_t len)
{
	uint16_t total = (uint16_t)((4 + 4 + len + 7) & ~7);
	uint8_t *p = ofp_push(b, 8);

	ofp_put16(p, A13_SET_FIELD);
	ofp_put16(p + 2, total);
	ofp_put16(p + 4, OXM_OF);
	p[6] = (uint8_t)(field << 1);
	p[7] = len;
	ofp_push_bytes(b, value, len);
	ofp_push(b, total - 8u - len);
}

/* set_tp_src/dst: the port field of the match's protocol, or the error. */
static int
tp_field(const struct vsw_flow *f, bool dst, uint8_t *field, struct vsw_ofp_status *st)
{
	uint8_t proto = f->mask.nw_proto == 0xff ? f->key.nw_proto : 0;

	if (proto != 6 && proto != 17 && proto != 132)
		return ofp_fail(st, VSW_OFPE_MATCH_INCONSISTENT,
				"set_tp_%s needs a TCP, UDP or SCTP match", dst ? "dst" : "src");
	*field = (uint8_t)((proto == 6 ? F_TCP_SRC : proto == 17 ? F_UDP_SRC : F_SCTP_SRC) + dst);
	return 0;
}

/*
 * One 1.0 action h (len bytes) as 1.3's, written to b; set_vlan_vid and
 * set_vlan_pcp, which have no 1.3 form, straight into d's list (b empty).
 */
static int
action_up(struct ofp_adec *d, const uint8_t *h, uint16_t len, struct vsw_ofp_buf *b)
{
	static const uint8_t lens[A10__COUNT] = {8, 8, 8, 8, 16, 16, 8, 8, 8, 8, 8, 16};
	uint16_t type = ofp_get16(h);
	struct vsw_action *a;
	uint8_t v[2], field = 0, *p;

	if (type != A10_VENDOR && (type >= A10__COUNT || len != lens[type]))
		return ofp_fail(d->st,
				type >= A10__COUNT ? VSW_OFPE_BAD_ACTION_TYPE
						   : VSW_OFPE_BAD_ACTION_LEN,
				"OpenFlow 1.0 action type %u, length %u", type, len);
	switch (type) {
	case A10_OUTPUT:
		p = ofp_push(b, 16);
		ofp_put16(p, A13_OUTPUT);
		ofp_put16(p + 2, 16);
		ofp_put32(p + 4, ofp10_port_up(ofp_get16(h + 4)));
		memcpy(p + 8, h + 6, 2); /* max_len */
		return 0;
	case A10_SET_VLAN_VID: /* mod_vlan_vid: tags an untagged packet (1.3 cannot say it) */
	case A10_SET_VLAN_PCP:
		if (d->f->n_actions >= VSW_MAX_ACTIONS)
			return ofp_fail(d->st, VSW_OFPE_TOO_MANY_ACTIONS, "more than %u actions",
					VSW_MAX_ACTIONS);
		a = &d->f->actions[d->f->n_actions++];
		memset(a, 0, sizeof(*a));
		a->type = type == A10_SET_VLAN_VID ? VSW_ACTION_MOD_VLAN_VID
						   : VSW_ACTION_MOD_VLAN_PCP;
		a->value = type == A10_SET_VLAN_VID ? ofp_get16(h + 4) & 0xfff : h[4] & 7;
		return 0;
	case A10_STRIP_VLAN:
		p = ofp_push(b, 8);
		ofp_put16(p, A13_POP_VLAN);
		ofp_put16(p + 2, 8);
		return 0;
	case A10_SET_DL_SRC:
	case A10_SET_DL_DST:
		set_field_up(b, type == A10_SET_DL_SRC ? F_ETH_SRC : F_ETH_DST, h + 4, 6);
		return 0;
	case A10_SET_NW_SRC:
	case A10_SET_NW_DST:
		set_field_up(b, type == A10_SET_NW_SRC ? F_IPV4_SRC : F_IPV4_DST, h + 4, 4);
		return 0;
	case A10_SET_NW_TOS:
		v[0] = h[4] >> 2;
		set_field_up(b, F_IP_DSCP, v, 1);
		return 0;
	case A10_SET_TP_SRC:
	case A10_SET_TP_DST:
		if (tp_field(d->f, type == A10_SET_TP_DST, &field, d->st) < 0)
			return -EPROTO;
		set_field_up(b, field, h + 4, 2);
		return 0;
	case A10_ENQUEUE:
		return ofp_fail(d->st, VSW_OFPE_BAD_ACTION_TYPE, "enqueue: vsw has no queues");
	case A10_VENDOR: /* Nicira's: the same bytes in 1.3 */
		ofp_push_bytes(b, h, len);
		return 0;
	}
	return 0;
}

int
vsw_ofp10_actions_decode(struct vsw_ofp_pull *c, size_t len, const struct vsw_flow_ports *ports,
			 struct vsw_flow *f, bool packet_out, struct vsw_ofp_status *st)
{
	struct ofp_adec d = {f, ports, st, packet_out};
	struct vsw_ofp_pull list = {vsw_ofp_pull(c, len), len}, one;
	uint8_t up[VSW_OFP_HEADER_LEN + 256];
	struct vsw_ofp_buf b;
	const uint8_t *h;
	uint16_t alen;

	if (list.p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "the action list runs past the message");
	while (list.left > 0) {
		h = list.p;
		alen = list.left >= 4 ? ofp_get16(h + 2) : 0;
		if (alen < 8 || alen % 8 != 0 || alen > list.left || alen > sizeof(up))
			return ofp_fail(st, VSW_OFPE_BAD_ACTION_LEN,
					"an action of length %u in %zu", alen, list.left);
		vsw_ofp_pull(&list, alen);
		b = (struct vsw_ofp_buf){.p = up, .cap = sizeof(up)};
		if (action_up(&d, h, alen, &b) < 0)
			return -EPROTO;
		one = (struct vsw_ofp_pull){up, b.len};
		if (one.left > 0 && ofp_dec_action(&d, &one) < 0)
			return -EPROTO;
	}
	return 0;
}

/* ---- down ---- */

static void
action10(struct vsw_ofp_buf *b, uint16_t type, uint16_t len, const void *arg, size_t arg_len)
{
	uint8_t *p = ofp_push(b, len);

	ofp_put16(p, type);
	ofp_put16(p + 2, len);
	memcpy(p + 4, arg, arg_len);
}

/* A Nicira action of subtype and len bytes: its body starts at the returned byte 10. */
static uint8_t *
nx_action(struct vsw_ofp_buf *b, uint16_t subtype, uint16_t len)
{
	uint8_t *p = ofp_push(b, len);

	ofp_put16(p, A10_VENDOR);
	ofp_put16(p + 2, len);
	ofp_put32(p + 4, NX_VENDOR_ID);
	ofp_put16(p + 8, subtype);
	return p;
}

/* set_field's OXM (whole TLV oxm[0..n)) as 1.0's set action, or reg_load2. */
static void
set_field_down(struct vsw_ofp_buf *b, const uint8_t *oxm, size_t n)
{
	static const struct {
		uint8_t field, type, len;
	} std[] = {
		{F_VLAN_VID, A10_SET_VLAN_VID, 2}, {F_VLAN_PCP, A10_SET_VLAN_PCP, 1},
		{F_ETH_SRC, A10_SET_DL_SRC, 6},	   {F_ETH_DST, A10_SET_DL_DST, 6},
		{F_IPV4_SRC, A10_SET_NW_SRC, 4},   {F_IPV4_DST, A10_SET_NW_DST, 4},
		{F_TCP_SRC, A10_SET_TP_SRC, 2},	   {F_TCP_SRC + 1, A10_SET_TP_DST, 2},
		{F_UDP_SRC, A10_SET_TP_SRC, 2},	   {F_UDP_SRC + 1, A10_SET_TP_DST, 2},
		{F_SCTP_SRC, A10_SET_TP_SRC, 2},   {F_SCTP_SRC + 1, A10_SET_TP_DST, 2},
	};
	uint16_t total = (uint16_t)((10 + n + 7) & ~(size_t)7);
	uint8_t arg[12] = {0};
	unsigned int i;

	if (n > 64)
		return; /* no field vsw writes has an OXM this long */

	if (n >= 5 && ofp_get16(oxm) == OXM_OF && !(oxm[2] & 1)) {
		if (oxm[2] >> 1 == F_IP_DSCP) {
			arg[0] = (uint8_t)(oxm[4] << 2);
			action10(b, A10_SET_NW_TOS, 8, arg, 1);
			return;
		}
		for (i = 0; i < RTE_DIM(std); i++)
			if (std[i].field == oxm[2] >> 1 && std[i].len == oxm[3] &&
			    n >= 4u + std[i].len) {
				memcpy(arg, oxm + 4, std[i].len);
				if (std[i].field == F_VLAN_VID)
					ofp_put16(arg, ofp_get16(arg) & 0xfff);
				action10(b, std[i].type, std[i].len == 6 ? 16 : 8, arg, std[i].len);
				return;
			}
	}
	memcpy(nx_action(b, NXAST_REG_LOAD2, total) + 10, oxm, n);
}

/* One 1.3 action at h (len bytes) in 1.0. */
static void
action_down(struct vsw_ofp_buf *b, const uint8_t *h, uint16_t len)
{
	/* NXM_NX_IP_TTL's header, for set_nw_ttl */
	static const uint8_t ip_ttl[4] = {0x00, 0x01, 29 << 1, 1};
	uint8_t arg[4], *p;

	switch (ofp_get16(h)) {
	case A13_OUTPUT:
		if (len < 16)
			return;
		ofp_put16(arg, ofp10_port_down(ofp_get32(h + 4)));
		memcpy(arg + 2, h + 8, 2);
		action10(b, A10_OUTPUT, 8, arg, 4);
		return;
	case A13_PUSH_VLAN:
		return; /* 1.0's set_vlan_vid and set_vlan_pcp tag by themselves */
	case A13_POP_VLAN:
		action10(b, A10_STRIP_VLAN, 8, arg, 0);
		return;
	case A13_SET_NW_TTL:
		p = nx_action(b, NXAST_REG_LOAD2, 16);
		memcpy(p + 10, ip_ttl, 4);
		p[14] = h[4];
		return;
	case A13_DEC_TTL:
		nx_action(b, NXAST_DEC_TTL, 16);
		return;
	case A13_SET_FIELD:
		set_field_down(b, h + 4, len - 4u);
		return;
	case A10_VENDOR:
		ofp_push_bytes(b, h, len);
		return;
	}
}

void
ofp10_instructions_down(struct vsw_ofp_buf *b, const uint8_t *in, size_t len)
{
	struct vsw_ofp_pull c = {in, len}, list;
	const uint8_t *h, *goto_table = NULL, *metadata = NULL;
	uint16_t ilen, alen;
	uint8_t *p;

	while ((h = vsw_ofp_pull(&c, 4)) != NULL) {
		ilen = ofp_get16(h + 2);
		if (ilen < 8 || vsw_ofp_pull(&c, ilen - 4u) == NULL)
			return;
		if (ofp_get16(h) == 1) /* goto_table */
			goto_table = h;
		else if (ofp_get16(h) == 2) /* write_metadata */
			metadata = h;
		if (ofp_get16(h) != 4) /* apply_actions */
			continue;
		list = (struct vsw_ofp_pull){h + 8, ilen - 8u};
		while (list.left >= 8 && (alen = ofp_get16(list.p + 2)) >= 8 && alen <= list.left) {
			action_down(b, list.p, alen);
			vsw_ofp_pull(&list, alen);
		}
	}
	if (metadata != NULL) {
		p = nx_action(b, NXAST_WRITE_METADATA, 32);
		memcpy(p + 16, metadata + 8, 16);
	}
	if (goto_table != NULL) {
		p = nx_action(b, NXAST_RESUBMIT_TABLE, 16);
		ofp_put16(p + 10, 0xfff8); /* the packet's own in_port */
		p[12] = goto_table[4];
	}
}
