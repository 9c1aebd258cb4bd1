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
	if (fd->setf == 0)
		return ofp_fail(st, VSW_OFPE_BAD_SET_TYPE, "set_field: vsw cannot write %s",
				fd->name);
	if (it.mask != NULL && !masked_ok)
		return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT, "set_field takes no mask in 1.3");
	if (fd->kind == K_VLAN_VID || fd->kind == K_VLAN_PCP ? !vsw_flow_vlan_tagged(f)
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
			return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT, "set_field: bad %s %#" PRIx64,
					fd->name, v);
		a->type = fd->kind == K_VLAN_PCP ? VSW_ACTION_MOD_VLAN_PCP : VSW_ACTION_MOD_VLAN_VID;
		a->value = fd->kind == K_VLAN_PCP ? v : v & 0xfff;
		return 1;
	case K_PORT32:
	case K_PORT16:
		if (fd->kind == K_PORT32 && v >= PORT_RESERVED_13)
			v &= 0xffff;
		if (v > VSW_OFPORT_MAX && v != VSW_OFPORT_LOCAL)
			return ofp_fail(st, VSW_OFPE_BAD_SET_ARGUMENT, "set_field: in_port %" PRIu64,
					v);
		m = 0xffff;
		break;
	case K_DSCP:
		v <<= 2;
		m <<= 2;
		break;
	case K_BYTES: case K_LOW_BYTE: case K_ARP_OP: case K_ECN: case K_TOS: case K_VLAN_TCI:
	case K_STATE:
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
	if (fd->pre == PRE_SCTP) { /* ovs-ofctl prints an SCTP port's rewrite as a load */
		a->form = VSW_FORM_LOAD;
		a->proto = 132;
	}
	return 1;
}

int
ofp_set_field_encode(struct vsw_ofp_buf *b, const struct vsw_action *a,
		     const struct vsw_flow_key *k, const struct vsw_flow_key *m)
{
	unsigned int field = a->field;
	const struct ofp_oxm_field *fd;
	uint64_t value = a->value, mask = a->mask;
	uint8_t v16[16] = {0}, m16[16] = {0};
	unsigned int i, at;

	if (a->type == VSW_ACTION_MOD_VLAN_VID) {
		field = VSW_FIELD_VLAN_VID;
		value |= OFPVID_PRES;
		mask = 0x1fff;
	} else if (a->type == VSW_ACTION_MOD_VLAN_PCP) {
		field = VSW_FIELD_VLAN_PCP;
		mask = 7;
	}
	if (field == VSW_FIELD_IPV6_SRC_HI || field == VSW_FIELD_IPV6_DST_HI)
		field--; /* the same OXM, the other half */
	fd = ofp_oxm_set_row(field, k, m);
	if (fd == NULL)
		return -ENOENT;
	if (fd->len == 16) {
		at = a->field == field ? 8 : 0;
		for (i = 0; i < 8; i++) {
			v16[at + i] = (uint8_t)(value >> (56 - 8 * i));
			m16[at + i] = (uint8_t)(mask >> (56 - 8 * i));
		}
		ofp_put_oxm(b, fd, v16, m16);
		return 1;
	}
	if (fd->kind == K_DSCP) {
		value >>= 2;
		mask >>= 2;
	} else if (fd->kind == K_PORT32 && value > VSW_OFPORT_MAX) {
		value |= PORT_RESERVED_13;
	}
	if (fd->kind == K_PORT32)
		mask = UINT32_MAX;
	i = mask != (field_width(field) >> (fd->kind == K_DSCP ? 2 : 0)) &&
	    fd->kind != K_PORT32 && fd->kind != K_VLAN_VID && fd->kind != K_VLAN_PCP;
	ofp_put_oxm_uint(b, fd, value, mask, i);
	return (int)i;
}

/* ---- fields named by an NXM header (move, load) ---- */

int
ofp_nxm_to_field(uint32_t header, unsigned int *field, unsigned int *ofs_base)
{
	const struct ofp_oxm_field *fd = ofp_oxm_row((uint16_t)(header >> 16), (uint8_t)(header >> 9));

	*ofs_base = 0;
	if (fd == NULL || (header & 0x100) || (header & 0xff) != fd->len)
		return -ENOENT;
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
	unsigned int want = field;

	*ofs_add = 0;
	if (field == VSW_FIELD_IPV6_SRC_HI || field == VSW_FIELD_IPV6_DST_HI) {
		want = field - 1;
		*ofs_add = 64;
	}
	if (field == VSW_FIELD_ETH_TYPE)
		fd = ofp_oxm_row(OXM_OF, 5);
	else if ((field == VSW_FIELD_TP_SRC || field == VSW_FIELD_TP_DST) && proto != 0)
		fd = ofp_oxm_row(OXM_OF, (uint8_t)((field == VSW_FIELD_TP_SRC ? 13 : 14) +
					      (proto == 17 ? 2 : proto == 132 ? 4 : 0)));
	else
		fd = ofp_oxm_set_row(want, k, m);
	if (fd == NULL)
		return -ENOENT;
	*header = (uint32_t)fd->class << 16 | (uint32_t)fd->field << 9 | fd->len;
	return 0;
}

