/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_set_field.c: one OXM as the action that writes it (OpenFlow's
 * set_field, Nicira's masked NXAST_REG_LOAD2) both ways, and the NXM
 * headers move and load name their fields by. Fields and their rows are
 * ofp_oxm.c's; the prerequisites are the match's (and, for VLAN fields,
 * whether the actions so far leave a tag), as OVS checks them.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "ofp_private.h"

/* Bits of vsw field `field` set_field may write, right-aligned. */
static uint64_t
field_width(unsigned int field)
{
	return field == VSW_FIELD_NW_TOS ? 0xfc : RTE_LEN2MASK(vsw_field_bits(field), uint64_t);
}

/* An IPv6 OXM into the SET_FIELDs of the halves its mask touches (LO: bytes 8..15). */
static int
set_ipv6(const struct ofp_oxm_item *it, struct vsw_action *a, unsigned int room,
	 struct vsw_ofp_status *st)
{
	unsigned int half, n = 0;

	for (half = 0; half < 2; half++) {
		unsigned int at = 8 - 8 * half;
		uint64_t m = it->mask != NULL ? ofp_get_uint(it->mask + at, 8) : UINT64_MAX;

		if (m == 0)
			continue;
		if (n == room)
			return ofp_fail(st, VSW_OFPE_TOO_MANY_ACTIONS, "more than %u actions",
					VSW_MAX_ACTIONS);
		memset(&a[n], 0, sizeof(a[n]));
		a[n].type = VSW_ACTION_SET_FIELD;
		a[n].field = (uint8_t)(it->f->setf + half);
		a[n].value = ofp_get_uint(it->value + at, 8) & m;
		a[n].mask = m;
		n++;
	}
	return n > 0 ? (int)n : ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT, "set_field: mask 0");
}

/*
 * set_field on vlan_tci: without the present bit, a strip_vlan; with it, a
 * mod_vlan_vid and mod_vlan_pcp (as the text form reads it), marked so that
 * they are sent back as one set_field on vlan_tci.
 */
static int
set_vlan_tci(uint64_t tci, struct vsw_action *a, unsigned int room, struct vsw_ofp_status *st)
{
	memset(a, 0, sizeof(*a));
	a->form = VSW_FORM_ALT;
	if (!(tci & OFPVID_PRES)) {
		a->type = VSW_ACTION_STRIP_VLAN;
		a->value = tci; /* as written, sent back (strip ignores it) */
		return 1;
	}
	if (room < 2)
		return ofp_fail(st, VSW_OFPE_TOO_MANY_ACTIONS, "more than %u actions",
				VSW_MAX_ACTIONS);
	a->type = VSW_ACTION_MOD_VLAN_VID;
	a->value = tci & 0xfff;
	a[1] = a[0];
	a[1].type = VSW_ACTION_MOD_VLAN_PCP;
	a[1].value = tci >> 13;
	return 2;
}

int
ofp_set_field_decode(struct vsw_ofp_pull *c, bool masked_ok, const struct vsw_flow *f,
		     struct vsw_action *a, unsigned int room, struct vsw_ofp_status *st)
{
	struct ofp_oxm_item it;
	const struct ofp_oxm_field *fd;
	uint64_t v, m, width;
	int rc = ofp_oxm_pull(c, &it, st);

	if (rc < 0) {
		if (st->error == VSW_OFPE_BAD_FIELD)
			st->error = VSW_OFPE_BAD_SET_TYPE;
		else if (st->error == VSW_OFPE_BAD_MATCH_LEN)
			st->error = VSW_OFPE_BAD_SET_LEN;
		return rc;
	}
	fd = it.f;
	if (fd->kind == K_VLAN_TCI && it.mask == NULL)
		return set_vlan_tci(ofp_get_uint(it.value, 2), a, room, st);
	if (fd->setf == 0)
		return ofp_fail(st, VSW_OFPE_BAD_SET_TYPE, "set_field: vsw cannot write %s",
				fd->name);
	if (it.mask != NULL && !masked_ok)
		return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT, "set_field takes no mask in 1.3");
	if (fd->kind == K_VLAN_VID && !(ofp_get_uint(it.value, fd->len) & OFPVID_PRES))
		return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT,
				"set_field on vlan_vid: the value needs OFPVID_PRESENT (0x1000)");
	if (fd->kind == K_VLAN_VID || fd->kind == K_VLAN_PCP
		    ? !vsw_flow_vlan_tagged(f)
		    : !ofp_pre_met((enum ofp_oxm_pre)fd->pre, &f->key, &f->mask))
		return ofp_fail(st, VSW_OFPE_MATCH_INCONSISTENT,
				"set_field on %s: the match does not hold its header", fd->name);
	if (fd->len == 16)
		return set_ipv6(&it, a, room, st);
	memset(a, 0, sizeof(*a));
	v = ofp_get_uint(it.value, fd->len);
	m = it.mask != NULL ? ofp_get_uint(it.mask, fd->len) : UINT64_MAX;
	switch ((enum ofp_oxm_kind)fd->kind) {
	case K_VLAN_VID:
	case K_VLAN_PCP:
		if (it.mask != NULL || v > (fd->kind == K_VLAN_PCP ? 7u : 0x1fffu))
			return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT,
					"set_field: bad %s %#" PRIx64, fd->name, v);
		a->type =
			fd->kind == K_VLAN_PCP ? VSW_ACTION_MOD_VLAN_PCP : VSW_ACTION_MOD_VLAN_VID;
		a->value = fd->kind == K_VLAN_PCP ? v : v & 0xfff;
		return 1;
	case K_PORT32:
	case K_PORT16:
		if (fd->kind == K_PORT32 && v >= PORT_RESERVED_13)
			v &= 0xffff;
		if (v > VSW_OFPORT_MAX && v != VSW_OFPORT_LOCAL)
			return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT,
					"set_field: in_port %" PRIu64, v);
		m = 0xffff;
		break;
	case K_DSCP:
		v <<= 2;
		m <<= 2;
		break;
	case K_BYTES:
	case K_LOW_BYTE:
	case K_ARP_OP:
	case K_ECN:
	case K_TOS:
	case K_VLAN_TCI:
	case K_STATE:
	case K_PACKET_TYPE: /* no setf: refused above */
		break;
	}
	width = field_width(fd->setf);
	if (v & ~width || (m & width) == 0)
		return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT,
				"set_field: %s value %#" PRIx64 " or its mask is out of range",
				fd->name, v);
	a->type = VSW_ACTION_SET_FIELD;
	a->field = fd->setf;
	a->mask = m & width;
	a->value = v & a->mask;
	if (fd->kind == K_TOS)
		a->form = VSW_FORM_ALT; /* nw_tos, not ip_dscp: kept for printing */
	if (fd->pre == PRE_SCTP)
		a->proto = 132; /* 1.0 has no SCTP action: a dump in 1.0 prints it as a load */
	return 1;
}

/* The protocol a row's prerequisite names (tcp_src: 6), for a port's load; 0: none. */
static uint8_t
row_proto(const struct ofp_oxm_field *fd)
{
	return fd->pre == PRE_TCP ? 6 : fd->pre == PRE_UDP ? 17 : fd->pre == PRE_SCTP ? 132 : 0;
}

int
ofp_set_field_encode(struct vsw_ofp_buf *b, const struct vsw_action *a,
		     const struct vsw_action *next, const struct vsw_flow_key *k,
		     const struct vsw_flow_key *m)
{
	unsigned int field = a->field;
	const struct ofp_oxm_field *fd;
	uint64_t value = a->value;
	uint8_t v16[16];
	unsigned int i;

	if (a->form == VSW_FORM_ALT &&
	    (a->type == VSW_ACTION_STRIP_VLAN || a->type == VSW_ACTION_MOD_VLAN_VID)) {
		/* set_field on vlan_tci: 0 (strip), or the VID and the PCP after it */
		uint64_t tci = a->type == VSW_ACTION_STRIP_VLAN ? value : OFPVID_PRES | value;
		bool pair = a->type != VSW_ACTION_STRIP_VLAN && next != NULL &&
			    next->type == VSW_ACTION_MOD_VLAN_PCP && next->form == VSW_FORM_ALT;

		ofp_put_oxm_uint(b, ofp_oxm_row(NXM_OF, 4), pair ? tci | next->value << 13 : tci, 0,
				 false);
		return pair ? 2 : 1;
	}
	if (a->type == VSW_ACTION_MOD_VLAN_VID || a->type == VSW_ACTION_MOD_VLAN_PCP) {
		fd = ofp_oxm_row(OXM_OF, a->type == VSW_ACTION_MOD_VLAN_VID ? 6 : 7);
		ofp_put_oxm_uint(b, fd,
				 a->type == VSW_ACTION_MOD_VLAN_VID ? value | OFPVID_PRES : value,
				 0, false);
		return 1;
	}
	if (a->form == VSW_FORM_LOAD || a->form == VSW_FORM_WRITE_METADATA ||
	    a->mask != field_width(field))
		return 0; /* loads */
	if (field == VSW_FIELD_IPV6_SRC_LO || field == VSW_FIELD_IPV6_DST_LO) {
		/* The two halves of one address, both whole: one set_field. */
		if (next == NULL || next->type != VSW_ACTION_SET_FIELD ||
		    next->field != field + 1 || next->mask != UINT64_MAX ||
		    next->form != VSW_FORM_DEFAULT)
			return 0;
		for (i = 0; i < 8; i++) {
			v16[i] = (uint8_t)(next->value >> (56 - 8 * i));
			v16[8 + i] = (uint8_t)(value >> (56 - 8 * i));
		}
		ofp_put_oxm(b, ofp_oxm_set_row(field, k, m), v16, NULL);
		return 2;
	}
	if (field == VSW_FIELD_IPV6_SRC_HI || field == VSW_FIELD_IPV6_DST_HI)
		return 0; /* a half alone */
	fd = a->form == VSW_FORM_ALT ? ofp_oxm_nxm_row(field, 0, k, m)
				     : ofp_oxm_set_row(field, k, m);
	if (fd == NULL)
		return -ENOENT;
	if (fd->kind == K_DSCP)
		value >>= 2;
	else if (fd->kind == K_PORT32 && value > VSW_OFPORT_MAX)
		value |= PORT_RESERVED_13;
	ofp_put_oxm_uint(b, fd, value, 0, false);
	return 1;
}

/* ---- fields named by an NXM header (move, load) ---- */

int
ofp_nxm_to_field(uint32_t header, unsigned int *field, uint8_t *proto)
{
	const struct ofp_oxm_field *fd =
		ofp_oxm_row((uint16_t)(header >> 16), (uint8_t)((header >> 9) & 0x7f));

	if (fd == NULL || (header & 0x100) || (header & 0xff) != fd->len)
		return -ENOENT;
	*proto = row_proto(fd);
	if (fd->setf != 0)
		*field = fd->setf;
	else if (fd->kind == K_BYTES && fd->off == offsetof(struct vsw_flow_key, dl_type))
		*field = VSW_FIELD_ETH_TYPE;
	else
		return -ENOENT;
	return 0;
}

int
ofp_field_to_nxm(unsigned int field, uint8_t proto, const struct vsw_flow_key *k,
		 const struct vsw_flow_key *m, uint32_t *header, unsigned int *ofs_add)
{
	const struct ofp_oxm_field *fd;

	*ofs_add = 0;
	if (field == VSW_FIELD_IPV6_SRC_HI || field == VSW_FIELD_IPV6_DST_HI) {
		field--;
		*ofs_add = 64;
	}
	fd = field == VSW_FIELD_ETH_TYPE ? ofp_oxm_row(NXM_OF, 3)
					 : ofp_oxm_nxm_row(field, proto, k, m);
	if (fd == NULL)
		return -ENOENT;
	*header = (uint32_t)fd->class << 16 | (uint32_t)fd->field << 9 | fd->len;
	return 0;
}
