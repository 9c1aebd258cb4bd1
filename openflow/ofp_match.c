/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_match.c: OpenFlow 1.3 matches (struct ofp_match of type OXM) to and
 * from a flow's key, mask and pipeline state, with ofp_oxm.c's table.
 * Decoding applies each OXM, refuses a slot given twice, then checks every
 * field's prerequisite against the whole match. Encoding writes, for each
 * slot the match uses, the first row marked `enc` whose prerequisite the
 * match meets; vlan_tci becomes OXM's VLAN_VID and VLAN_PCP where they can
 * say it, NXM's VLAN_TCI where they cannot.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "ofp_private.h"

/* value & mask into key & mask of 16-bit network-order field at p, under bits `within`. */
static void
put_be16_bits(uint8_t *kp, uint8_t *mp, uint16_t value, uint16_t mask, uint16_t within)
{
	uint16_t k = ofp_get16(kp), m = ofp_get16(mp);

	ofp_put16(kp, (uint16_t)((k & ~within) | (value & mask & within)));
	ofp_put16(mp, (uint16_t)((m & ~within) | (mask & within)));
}

/* The VLAN OXMs into vlan_tci (key k, mask m: the bytes of the field). */
static int
put_vlan(const struct ofp_oxm_item *it, uint8_t *k, uint8_t *m, struct vsw_ofp_status *st)
{
	uint16_t v = (uint16_t)ofp_get_uint(it->value, it->f->len);
	uint16_t mk = it->mask != NULL ? (uint16_t)ofp_get_uint(it->mask, it->f->len) : 0xffff;

	switch ((enum ofp_oxm_kind)it->f->kind) {
	case K_VLAN_VID:
		if (v > 0x1fff || (it->mask != NULL && mk > 0x1fff))
			return ofp_fail(st, VSW_OFPE_BAD_VALUE, "vlan_vid %#x is past 0x1fff", v);
		if (it->mask == NULL && v == 0) /* OFPVID_NONE: no tag at all */
			put_be16_bits(k, m, 0, 0xffff, 0xffff);
		else
			put_be16_bits(k, m, v, mk & 0x1fff, 0x1fff);
		return 0;
	case K_VLAN_PCP:
		if (v > 7)
			return ofp_fail(st, VSW_OFPE_BAD_VALUE, "vlan_pcp %u is past 7", v);
		put_be16_bits(k, m, (uint16_t)(v << 13), 0xe000, 0xe000);
		return 0;
	case K_VLAN_TCI:
		put_be16_bits(k, m, v, mk, 0xffff);
		return 0;
	case K_BYTES:
	case K_PORT32:
	case K_PORT16:
	case K_LOW_BYTE:
	case K_ARP_OP:
	case K_DSCP:
	case K_ECN:
	case K_TOS:
	case K_STATE:
	case K_PACKET_TYPE:
		break;
	}
	return 0;
}

/* One OXM's value into f. */
static int
oxm_apply(const struct ofp_oxm_item *it, struct vsw_flow *f, struct vsw_ofp_status *st)
{
	const struct ofp_oxm_field *fd = it->f;
	uint8_t *k = (uint8_t *)&f->key + (fd->kind == K_STATE ? 0 : fd->off);
	uint8_t *m = (uint8_t *)&f->mask + (fd->kind == K_STATE ? 0 : fd->off);
	uint64_t v = fd->len <= 8 ? ofp_get_uint(it->value, fd->len) : 0;
	unsigned int i;

	switch ((enum ofp_oxm_kind)fd->kind) {
	case K_BYTES:
		for (i = 0; i < fd->len; i++) {
			m[i] = it->mask != NULL ? it->mask[i] : 0xff;
			k[i] = it->value[i] & m[i];
		}
		return 0;
	case K_PORT32:
		if (v >= PORT_RESERVED_13)
			v &= 0xffff;
		else if (v > VSW_OFPORT_MAX)
			return ofp_fail(st, VSW_OFPE_BAD_VALUE, "in_port %" PRIu64 " is no port",
					v);
		/* fall through */
	case K_PORT16:
		f->key.in_port = (uint16_t)v;
		f->mask.in_port = 0xffff;
		return 0;
	case K_LOW_BYTE:
		ofp_put16(k, (uint16_t)v);
		ofp_put16(m, 0xffff);
		return 0;
	case K_ARP_OP:
		if (v > 0xff)
			return ofp_fail(st, VSW_OFPE_BAD_VALUE,
					"arp_op %" PRIu64 ": vsw matches opcodes up to 255", v);
		*k = (uint8_t)v;
		*m = 0xff;
		return 0;
	case K_DSCP:
	case K_ECN:
	case K_TOS:
		if ((fd->kind == K_DSCP && v > 63) || (fd->kind == K_ECN && v > 3) ||
		    (fd->kind == K_TOS && (v & 3)))
			return ofp_fail(st, VSW_OFPE_BAD_VALUE, "%s %#" PRIx64 " is out of range",
					fd->name, v);
		if (fd->kind == K_DSCP)
			v <<= 2;
		i = fd->kind == K_ECN ? 0x03 : 0xfc;
		*k = (uint8_t)((*k & ~i) | (v & i));
		*m |= (uint8_t)i;
		return 0;
	case K_VLAN_VID:
	case K_VLAN_PCP:
	case K_VLAN_TCI:
		return put_vlan(it, k, m, st);
	case K_PACKET_TYPE:
		if (v != 0)
			return ofp_fail(st, VSW_OFPE_BAD_VALUE,
					"packet_type %#" PRIx64 ": vsw switches Ethernet (0) only",
					v);
		return 0;
	case K_STATE:
		vsw_state_put(&f->state_mask, fd->off,
			      it->mask != NULL ? ofp_get_uint(it->mask, fd->len) : UINT64_MAX);
		vsw_state_put(&f->state, fd->off, v & vsw_state_get(&f->state_mask, fd->off));
		return 0;
	}
	return 0;
}

int
vsw_ofp_match_decode(struct vsw_ofp_pull *c, struct vsw_flow *f, struct vsw_ofp_status *st)
{
	const struct ofp_oxm_field *given[64];
	uint8_t filled[S_STATE + 1] = {0};
	const uint8_t *h = vsw_ofp_pull(c, 4);
	struct vsw_ofp_pull oxms;
	struct ofp_oxm_item it;
	unsigned int n = 0, i, len;
	int rc;

	if (h == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "the match is cut short");
	len = ofp_get16(h + 2);
	if (ofp_get16(h) != OFPMT_OXM)
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_TYPE, "match type %u: vsw takes OXM (1)",
				ofp_get16(h));
	if (len < 4 || len - 4 > c->left)
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "match length %u does not fit", len);
	oxms.p = vsw_ofp_pull(c, len - 4);
	oxms.left = len - 4;
	vsw_ofp_pull(c, ((len + 7u) & ~7u) - len); /* padding (may be missing at the very end) */
	while (oxms.left > 0) {
		rc = ofp_oxm_pull(&oxms, &it, st);
		if (rc < 0)
			return rc;
		if (it.mask != NULL && !it.f->maskable)
			return ofp_fail(st, VSW_OFPE_BAD_MASK, "%s takes no mask", it.f->name);
		if (filled[it.f->slot] & it.f->part)
			return ofp_fail(st, VSW_OFPE_DUP_FIELD, "%s is given twice", it.f->name);
		if (it.f->slot != S_STATE)
			filled[it.f->slot] |= it.f->part;
		for (i = 0; it.f->slot == S_STATE && i < n; i++)
			if (given[i] == it.f)
				return ofp_fail(st, VSW_OFPE_DUP_FIELD, "%s is given twice",
						it.f->name);
		if (n == RTE_DIM(given))
			return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "more than %zu OXMs",
					RTE_DIM(given));
		given[n++] = it.f;
		rc = oxm_apply(&it, f, st);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < n; i++)
		if (!ofp_pre_met((enum ofp_oxm_pre)given[i]->pre, &f->key, &f->mask))
			return ofp_fail(st, VSW_OFPE_BAD_PREREQ,
					"%s without its prerequisite in the match", given[i]->name);
	return 0;
}

/* ---- encoding ---- */

/* vlan_tci as OXM VLAN_VID and VLAN_PCP where they can say it, else NXM's VLAN_TCI. */
static void
encode_vlan(struct vsw_ofp_buf *b, uint16_t tci, uint16_t mk)
{
	uint16_t vid_mask = mk & 0x0fff, pcp_mask = mk & 0xe000;

	if (mk == 0)
		return;
	if (mk == 0xffff && tci == 0) {
		ofp_put_oxm_uint(b, ofp_oxm_row(OXM_OF, 6), 0, 0, false); /* OFPVID_NONE */
		return;
	}
	if ((mk & tci & OFPVID_PRES) && (pcp_mask == 0 || pcp_mask == 0xe000)) {
		ofp_put_oxm_uint(b, ofp_oxm_row(OXM_OF, 6), tci & 0x1fff, vid_mask | OFPVID_PRES,
				 vid_mask != 0x0fff);
		if (pcp_mask != 0)
			ofp_put_oxm_uint(b, ofp_oxm_row(OXM_OF, 7), tci >> 13, 0, false);
		return;
	}
	ofp_put_oxm_uint(b, ofp_oxm_row(NXM_OF, 4), tci, mk, mk != 0xffff);
}

static bool
all_ones(const uint8_t *p, unsigned int n)
{
	while (n-- > 0)
		if (*p++ != 0xff)
			return false;
	return true;
}

static bool
all_zero(const uint8_t *p, unsigned int n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return false;
	return true;
}

/* Row fd of the match, when the match uses it. */
static void
encode_row(struct vsw_ofp_buf *b, const struct ofp_oxm_field *fd, const struct vsw_flow_key *key,
	   const struct vsw_flow_key *mask, const struct vsw_pipe_state *state,
	   const struct vsw_pipe_state *state_mask)
{
	const uint8_t *k = (const uint8_t *)key + fd->off, *m = (const uint8_t *)mask + fd->off;
	uint64_t sm;

	switch ((enum ofp_oxm_kind)fd->kind) {
	case K_BYTES:
		if (!all_zero(m, fd->len))
			ofp_put_oxm(b, fd, k, all_ones(m, fd->len) ? NULL : m);
		return;
	case K_PORT32:
		if (mask->in_port != 0)
			ofp_put_oxm_uint(b, fd,
					 key->in_port > VSW_OFPORT_MAX
						 ? PORT_RESERVED_13 | key->in_port
						 : key->in_port,
					 0, false);
		return;
	case K_LOW_BYTE:
		if (!all_zero(m, 2))
			ofp_put_oxm_uint(b, fd, k[1], 0, false);
		return;
	case K_ARP_OP:
		if (*m != 0)
			ofp_put_oxm_uint(b, fd, *k, 0, false);
		return;
	case K_DSCP:
		if (*m & 0xfc)
			ofp_put_oxm_uint(b, fd, *k >> 2, 0, false);
		return;
	case K_ECN:
		if (*m & 0x03)
			ofp_put_oxm_uint(b, fd, *k & 3, 0, false);
		return;
	case K_VLAN_VID:
		encode_vlan(b, ofp_get16(k), ofp_get16(m));
		return;
	case K_STATE:
		sm = vsw_state_get(state_mask, fd->off);
		if (sm != 0)
			ofp_put_oxm_uint(b, fd, vsw_state_get(state, fd->off), sm,
					 sm != RTE_LEN2MASK(8 * fd->len, uint64_t));
		return;
	case K_PORT16:
	case K_TOS:
	case K_VLAN_PCP:
	case K_VLAN_TCI:
	case K_PACKET_TYPE:
		return; /* written by another row (decode-only forms, or encode_vlan) */
	}
}

void
vsw_ofp_match_encode(struct vsw_ofp_buf *b, const struct vsw_flow_key *key,
		     const struct vsw_flow_key *mask, const struct vsw_pipe_state *state,
		     const struct vsw_pipe_state *state_mask)
{
	uint8_t done[S_STATE + 1] = {0};
	size_t start = b->len, i;
	uint8_t *h = ofp_push(b, 4);

	ofp_put16(h, OFPMT_OXM);
	for (i = 0; i < ofp_n_oxm_fields; i++) {
		const struct ofp_oxm_field *fd = &ofp_oxm_fields[i];

		if (!(fd->enc & ENC_MATCH) || (done[fd->slot] & fd->part) ||
		    (fd->kind != K_VLAN_VID && !ofp_pre_met((enum ofp_oxm_pre)fd->pre, key, mask)))
			continue;
		encode_row(b, fd, key, mask, state, state_mask);
		done[fd->slot] |= fd->part;
		if (fd->kind == K_VLAN_VID)
			done[S_VLAN] = 3;
	}
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
	ofp_pad8(b, start);
}
