/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp10_msg.c: OpenFlow 1.0 on a connection, as a translation: each 1.0
 * message received becomes the 1.3 message vsw handles (vsw_ofp10_upgrade;
 * FLOW_MOD is decoded straight, as its 1.0 meaning differs, and the actions
 * of both it and PACKET_OUT by vsw_ofp10_actions_decode), and each 1.3
 * message vsw sends becomes its 1.0 form (vsw_ofp10_downgrade). Layouts are
 * OpenFlow 1.0.0's (section 5); OVS's extensions that ovs-ofctl sends in 1.0
 * are Nicira vendor messages: NXT_FLOW_MOD_TABLE_ID (a flow_mod's command
 * carries its table in the high byte), NXT_SET_FLOW_FORMAT (1.0's match or
 * NXM: vsw takes both whichever is set), NXT_FLOW_MOD and the NXST_FLOW and
 * NXST_AGGREGATE statistics, whose matches are NXM (TLVs of OXM's shape,
 * which vsw's OXM decoder reads, NXM_NX_COOKIE aside: the selection's
 * cookie), NXT_SET_PACKET_IN_FORMAT (only 1.0's own), and the PORT_DESC
 * statistics (type 13), as 1.3's.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "ofp_private.h"

#define NX_VENDOR_ID		 0x00002320
#define NXT_SET_FLOW_FORMAT	 12
#define NXT_FLOW_MOD		 13
#define NXM_NX_COOKIE		 30 /* NXM_NX_COOKIE(_W): a flow_mod's or request's cookie */
#define NX_FLOW_MOD_LEN		 48 /* header, vendor, subtype, fixed part: the match follows */
#define NX_FORMAT_NXM		 2  /* NXT_SET_FLOW_FORMAT's NXM */
#define NXST_FLOW		 0
#define NXST_AGGREGATE		 1
#define NXST_LEN		 24 /* statistics header, vendor, subtype, pad: the body follows */
#define NXT_FLOW_MOD_TABLE_ID	 15
#define NXT_SET_PACKET_IN_FORMAT 16
#define FLOW_MOD10_LEN		 72 /* header, match, fixed part: the actions follow */
#define STATS10_LEN		 12 /* header, type, flags */
#define STATS13_LEN		 16 /* header, type, flags, pad */
#define PORT10_LEN		 48
#define PORT13_LEN		 64
#define PART10_MAX		 65528 /* a 1.0 statistics reply part, a multiple of 8 */
#define OFPFF10_EMERG		 0x0004

static uint8_t
wire13(enum vsw_ofp_type t)
{
	return (uint8_t)vsw_ofp_wire_type(VSW_OFP13, t);
}

static uint8_t
wire10(enum vsw_ofp_type t)
{
	return (uint8_t)vsw_ofp_wire_type(VSW_OFP10, t);
}

/*
 * Nicira's NXM match m[0..len) (its TLVs, OXM's shape) as a 1.3 match,
 * appended to b; NXM_NX_COOKIE(_W), which NXM carries in the match, goes
 * to *cookie and *mask instead. 0, or -EPROTO (a TLV past the end).
 */
static int
nx_match_up(struct vsw_ofp_buf *b, const uint8_t *m, size_t len, uint64_t *cookie, uint64_t *mask,
	    struct vsw_ofp_status *st)
{
	struct vsw_ofp_pull c = {m, len};
	size_t start = b->len;
	const uint8_t *h, *v;

	*cookie = 0;
	*mask = 0;
	ofp_put16(ofp_push(b, 4), OFPMT_OXM);
	while (c.left > 0) {
		if ((h = vsw_ofp_pull(&c, 4)) == NULL || (v = vsw_ofp_pull(&c, h[3])) == NULL)
			return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN,
					"an NXM field runs past the match");
		if (ofp_get16(h) == NXM_NX && h[2] >> 1 == NXM_NX_COOKIE &&
		    (h[3] == 8 || h[3] == 16)) {
			*mask = h[2] & 1 ? ofp_get64(v + 8) : UINT64_MAX;
			*cookie = ofp_get64(v) & *mask;
			continue;
		}
		ofp_push_bytes(b, h, 4u + h[3]);
	}
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
	ofp_pad8(b, start);
	return 0;
}

/* What a 1.0 flow_mod (either form) says before its match. */
struct flow_mod10 {
	uint64_t cookie;      /* an add's cookie; a modify's new one (all ones: keep) */
	uint16_t command;     /* with the table in the high byte (NXT_FLOW_MOD_TABLE_ID) */
	const uint8_t *times; /* idle and hard timeouts, priority: 6 bytes */
	const uint8_t *buffer_id;
	uint16_t out_port;
	uint16_t flags;
};

/*
 * The flow_mod fm10 with its match (added by match_up to the 1.3 message
 * under construction) and 1.0 action list a[0..alen) into fm, with 1.0's
 * meaning: without a table id a change selects in every table, a modify
 * sets the rules' cookie unless it is all ones.
 */
static int
flow_mod10_decode(const struct flow_mod10 *m, const uint8_t *msg, const uint8_t *nx_match,
		  size_t nx_len, const uint8_t *a, size_t alen, const struct vsw_flow_ports *ports,
		  const struct vsw_ofp10_conn *s, struct vsw_ofp_flow_mod *fm,
		  struct vsw_ofp_status *st)
{
	uint8_t up[48 + 8 + 512]; /* 1.3's fixed part and the match */
	struct vsw_ofp_buf b = {.p = up, .cap = sizeof(up)};
	struct vsw_ofp_pull actions = {a, alen};
	uint8_t table = s->table_id_ext ? (uint8_t)(m->command >> 8) : 0, *p;
	uint16_t command = s->table_id_ext ? m->command & 0xff : m->command;
	uint64_t sel_cookie = 0, sel_mask = 0;

	if (m->flags & OFPFF10_EMERG)
		return ofp_fail(st, VSW_OFPE_BAD_FLAGS, "flow_mod: emergency flows: vsw has none");
	p = ofp_push(&b, 48);
	ofp_put_header(p, VSW_OFP13, wire13(VSW_OFPT_FLOW_MOD), 0, vsw_ofp_xid(msg));
	p[24] = table == VSW_OFPTT_ALL && command < VSW_OFPFC_DELETE ? 0 : table;
	p[25] = (uint8_t)(command > 0xff ? 0xff : command);
	memcpy(p + 26, m->times, 6);
	memcpy(p + 32, m->buffer_id, 4);
	ofp_put32(p + 36, ofp10_port_up(m->out_port));
	ofp_put32(p + 40, VSW_OFPG_ANY);
	ofp_put16(p + 44, m->flags);
	if (nx_match == NULL)
		ofp10_match_up(&b, msg + 8);
	else if (nx_match_up(&b, nx_match, nx_len, &sel_cookie, &sel_mask, st) < 0)
		return -EPROTO;
	if (b.overflow)
		return ofp_fail(st, VSW_OFPE_BAD_MATCH_LEN, "flow_mod: a match of %zu bytes",
				nx_len);
	/* the cookies, known once the match is read: NXM carries the selection there */
	p = up;
	ofp_put64(p + 8, command == VSW_OFPFC_ADD ? m->cookie : nx_match ? sel_cookie : 0);
	ofp_put64(p + 16, command == VSW_OFPFC_ADD || nx_match == NULL ? 0 : sel_mask);
	ofp_put16(p + 2, (uint16_t)b.len);
	if (vsw_ofp_flow_mod_decode(up, b.len, ports, fm, st) < 0)
		return -EPROTO;
	if (fm->command < VSW_OFPFC_DELETE &&
	    vsw_ofp10_actions_decode(&actions, actions.left, ports, &fm->flow, false, st) < 0)
		return -EPROTO;
	if ((!s->table_id_ext || table == VSW_OFPTT_ALL) && command != VSW_OFPFC_ADD)
		fm->flow.table_given = false;
	if ((command == VSW_OFPFC_MODIFY || command == VSW_OFPFC_MODIFY_STRICT) &&
	    m->cookie != UINT64_MAX) {
		fm->flow.cookie = m->cookie;
		fm->flow.cookie_set = true;
	}
	return 0;
}

bool
vsw_ofp10_is_nx_flow_mod(const uint8_t *msg, size_t len)
{
	return len >= 16 && msg[1] == wire10(VSW_OFPT_EXPERIMENTER) &&
	       ofp_get32(msg + 8) == NX_VENDOR_ID && ofp_get32(msg + 12) == NXT_FLOW_MOD;
}

int
vsw_ofp10_flow_mod_decode(const uint8_t *msg, size_t len, const struct vsw_flow_ports *ports,
			  const struct vsw_ofp10_conn *s, struct vsw_ofp_flow_mod *fm,
			  struct vsw_ofp_status *st)
{
	struct flow_mod10 m;
	size_t mlen, at;

	if (!vsw_ofp10_is_nx_flow_mod(msg, len)) { /* 1.0's own */
		if (len < FLOW_MOD10_LEN)
			return ofp_fail(st, VSW_OFPE_BAD_LEN, "flow_mod of %zu bytes: too short",
					len);
		m = (struct flow_mod10){
			ofp_get64(msg + 48), ofp_get16(msg + 56), msg + 58, msg + 64,
			ofp_get16(msg + 68), ofp_get16(msg + 70)};
		return flow_mod10_decode(&m, msg, NULL, 0, msg + FLOW_MOD10_LEN,
					 len - FLOW_MOD10_LEN, ports, s, fm, st);
	}
	/* Nicira's NXT_FLOW_MOD: its match is NXM, padded to 8 bytes */
	mlen = len >= NX_FLOW_MOD_LEN ? ofp_get16(msg + 40) : 0;
	at = NX_FLOW_MOD_LEN + ((mlen + 7) & ~(size_t)7);
	if (len < NX_FLOW_MOD_LEN || at > len)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "NXT_FLOW_MOD of %zu bytes, match %zu", len,
				mlen);
	m = (struct flow_mod10){ofp_get64(msg + 16), ofp_get16(msg + 24), msg + 26, msg + 32,
				ofp_get16(msg + 36), ofp_get16(msg + 38)};
	return flow_mod10_decode(&m, msg, msg + NX_FLOW_MOD_LEN, mlen, msg + at, len - at, ports, s,
				 fm, st);
}

/* ---- up ---- */

/* A Nicira vendor message: a setting of this connection, or refused. */
static int
vendor_up(const uint8_t *msg, size_t len, struct vsw_ofp10_conn *s, struct vsw_ofp_status *st)
{
	uint32_t subtype, arg;

	if (len < 16 || ofp_get32(msg + 8) != NX_VENDOR_ID)
		return ofp_fail(st, VSW_OFPE_BAD_EXPERIMENTER,
				"a vendor message vsw does not know");
	subtype = ofp_get32(msg + 12);
	arg = len >= 20 ? ofp_get32(msg + 16) : 0;
	if (subtype == NXT_FLOW_MOD_TABLE_ID && len >= 17) {
		s->table_id_ext = msg[16] != 0;
		return 0;
	}
	if (len >= 20 && ((subtype == NXT_SET_FLOW_FORMAT && (arg == 0 || arg == NX_FORMAT_NXM)) ||
			  (subtype == NXT_SET_PACKET_IN_FORMAT && arg == 0)))
		return 0; /* 1.0's match or NXM: vsw takes both whichever is set */
	return ofp_fail(st, VSW_OFPE_BAD_EXP_TYPE,
			"Nicira message %" PRIu32 " (%" PRIu32 "): not one vsw takes", subtype,
			arg);
}

/* A FLOW or AGGREGATE request's body (1.0: match, table, out_port) as 1.3's. */
static void
flow_request_up(struct vsw_ofp_buf *b, const uint8_t *body)
{
	uint8_t *p = ofp_push(b, 32);

	p[0] = body[40];
	ofp_put32(p + 4, ofp10_port_up(ofp_get16(body + 42)));
	ofp_put32(p + 8, VSW_OFPG_ANY);
	ofp10_match_up(b, body);
}

/* Nicira's NXST_FLOW or NXST_AGGREGATE request (body after the vendor header) as 1.3's. */
static int
nxst_up(const uint8_t *msg, size_t len, uint16_t *type, struct vsw_ofp_buf *b,
	struct vsw_ofp10_conn *s, struct vsw_ofp_status *st)
{
	size_t mlen = len >= NXST_LEN + 8 ? ofp_get16(msg + NXST_LEN + 2) : 0;
	uint64_t cookie, mask;
	uint8_t *p;

	if (len < NXST_LEN + 8 || ofp_get32(msg + 12) != NX_VENDOR_ID ||
	    ofp_get32(msg + 16) > NXST_AGGREGATE || NXST_LEN + 8 + mlen > len)
		return ofp_fail(st, VSW_OFPE_BAD_MULTIPART,
				"a vendor statistics request vsw lacks");
	*type = ofp_get32(msg + 16) == NXST_FLOW ? VSW_OFPMP_FLOW : VSW_OFPMP_AGGREGATE;
	p = ofp_push(b, 32);
	p[0] = msg[NXST_LEN + 4];
	ofp_put32(p + 4, ofp10_port_up(ofp_get16(msg + NXST_LEN)));
	ofp_put32(p + 8, VSW_OFPG_ANY);
	if (nx_match_up(b, msg + NXST_LEN + 8, mlen, &cookie, &mask, st) < 0)
		return -EPROTO;
	if (!b->overflow) {
		ofp_put64(b->p + STATS13_LEN + 16, cookie);
		ofp_put64(b->p + STATS13_LEN + 24, mask);
	}
	s->nxst_xid = vsw_ofp_xid(msg); /* its reply goes back as NXST's */
	s->nxst = true;
	return 1;
}

static int
stats_up(const uint8_t *msg, size_t len, struct vsw_ofp_buf *b, struct vsw_ofp10_conn *s,
	 struct vsw_ofp_status *st)
{
	uint16_t type = len >= STATS10_LEN ? ofp_get16(msg + 8) : 0xffff;
	uint8_t *p;

	if (len < STATS10_LEN)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "statistics request of %zu bytes", len);
	p = ofp_push(b, STATS13_LEN);
	ofp_put_header(p, VSW_OFP13, wire13(VSW_OFPT_MULTIPART_REQUEST), 0, vsw_ofp_xid(msg));
	ofp_put16(p + 10, ofp_get16(msg + 10)); /* flags */
	switch (type) {
	case VSW_OFPMP_DESC:
	case VSW_OFPMP_TABLE:
	case VSW_OFPMP_PORT_DESC:
		break;
	case VSW_OFPMP_FLOW:
	case VSW_OFPMP_AGGREGATE:
		if (len < STATS10_LEN + 44)
			return ofp_fail(st, VSW_OFPE_BAD_LEN, "flow statistics request: too short");
		flow_request_up(b, msg + STATS10_LEN);
		break;
	case VSW_OFPMP_PORT_STATS:
		if (len < STATS10_LEN + 8)
			return ofp_fail(st, VSW_OFPE_BAD_LEN, "port statistics request: too short");
		ofp_put32(ofp_push(b, 8), ofp10_port_up(ofp_get16(msg + STATS10_LEN)));
		break;
	case 0xffff: /* vendor: Nicira's */
		if (nxst_up(msg, len, &type, b, s, st) < 0)
			return -EPROTO;
		break;
	default:
		return ofp_fail(st, VSW_OFPE_BAD_MULTIPART, "statistics type %u", type);
	}
	if (!b->overflow)
		ofp_put16(b->p + 8, type);
	return 1;
}

/* A packet-out in 1.3's framing; its actions stay 1.0's (vsw_ofp10_actions_decode). */
static int
packet_out_up(const uint8_t *msg, size_t len, struct vsw_ofp_buf *b, struct vsw_ofp_status *st)
{
	uint16_t alen = len >= 16 ? ofp_get16(msg + 14) : 0;
	uint8_t *p;

	if (len < 16 || alen > len - 16)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "packet-out of %zu bytes, %u of actions", len,
				alen);
	p = ofp_push(b, 24);
	ofp_put_header(p, VSW_OFP13, wire13(VSW_OFPT_PACKET_OUT), 0, vsw_ofp_xid(msg));
	memcpy(p + 8, msg + 8, 4); /* buffer_id */
	ofp_put32(p + 12, ofp10_port_up(ofp_get16(msg + 12)));
	ofp_put16(p + 16, alen);
	ofp_push_bytes(b, msg + 16, len - 16); /* actions, frame */
	return 1;
}

int
vsw_ofp10_upgrade(const uint8_t *msg, size_t len, struct vsw_ofp10_conn *s, struct vsw_ofp_buf *out,
		  struct vsw_ofp_status *st)
{
	int type = vsw_ofp_type_of(VSW_OFP10, msg[1]), rc = 1;

	out->len = 0;
	out->overflow = false;
	switch (type) {
	case VSW_OFPT_EXPERIMENTER:
		return vendor_up(msg, len, s, st);
	case VSW_OFPT_MULTIPART_REQUEST:
		rc = stats_up(msg, len, out, s, st);
		break;
	case VSW_OFPT_PACKET_OUT:
		rc = packet_out_up(msg, len, out, st);
		break;
	case VSW_OFPT_ECHO_REQUEST:
	case VSW_OFPT_ECHO_REPLY:
	case VSW_OFPT_FEATURES_REQUEST:
	case VSW_OFPT_GET_CONFIG_REQUEST:
	case VSW_OFPT_SET_CONFIG:
	case VSW_OFPT_BARRIER_REQUEST:
	case VSW_OFPT_HELLO:
	case VSW_OFPT_ERROR:
		ofp_push_bytes(out, msg, len); /* the same layout */
		break;
	default:
		return ofp_fail(st, VSW_OFPE_BAD_TYPE, "OpenFlow 1.0 message type %u", msg[1]);
	}
	if (rc < 0)
		return rc;
	if (out->overflow)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "a message of %zu bytes: too long", len);
	out->p[0] = VSW_OFP13;
	out->p[1] = wire13((enum vsw_ofp_type)type);
	ofp_put16(out->p + 2, (uint16_t)out->len);
	return 1;
}

/* ---- down ---- */

/* 1.3's struct ofp_port as 1.0's struct ofp_phy_port. */
static void
port_down(struct vsw_ofp_buf *b, const uint8_t *p13)
{
	uint8_t *p = ofp_push(b, PORT10_LEN);
	unsigned int i;

	ofp_put16(p, ofp10_port_down(ofp_get32(p13)));
	memcpy(p + 2, p13 + 8, 6);		    /* hw_addr */
	memcpy(p + 8, p13 + 16, 16);		    /* name */
	memcpy(p + 24, p13 + 32, 4);		    /* config */
	ofp_put32(p + 28, ofp_get32(p13 + 36) & 1); /* state: LINK_DOWN (1.0 has no LIVE) */
	for (i = 0; i < 4; i++) {		    /* curr, advertised, supported, peer */
		uint32_t f = ofp_get32(p13 + 40 + 4 * i);

		/* speeds up to 10G keep their bits; copper ... pause_asym move down 4 */
		ofp_put32(p + 32 + 4 * i, (f & 0x7f) | (f >> 4 & 0xf80));
	}
}

/*
 * One FLOW statistics entry e (1.3, len bytes) as 1.0's, or as Nicira's
 * NXST_FLOW entry (nx): its match as NXM (the OXM TLVs as they are).
 */
static void
flow_entry_down(struct vsw_ofp_buf *b, const uint8_t *e, size_t len, bool nx)
{
	size_t start = b->len, mlen = ofp_get16(e + 50), inst = 48 + ((mlen + 7) & ~(size_t)7);
	uint8_t *p = ofp_push(b, nx ? 48 : 88);

	if (mlen < 4 || 48 + mlen > len)
		mlen = 4; /* not a match vsw wrote: an empty one */
	p[2] = e[2];	  /* table_id */
	if (nx) {
		memcpy(p + 4, e + 4, 14);		 /* duration, priority, timeouts */
		ofp_put16(p + 18, (uint16_t)(mlen - 4)); /* idle and hard age: unknown (0) */
		memcpy(p + 24, e + 24, 24);		 /* cookie, packets, bytes */
		ofp_push_bytes(b, e + 52, mlen - 4);
		ofp_pad8(b, start);
	} else {
		ofp10_match_down(e + 48, mlen, p + 4);
		memcpy(p + 44, e + 4, 14);  /* duration, priority, timeouts */
		memcpy(p + 64, e + 24, 24); /* cookie, packets, bytes */
	}
	if (inst < len)
		ofp10_instructions_down(b, e + inst, len - inst);
	if (!b->overflow)
		ofp_put16(b->p + start, (uint16_t)(b->len - start));
}

/* A statistics reply under construction, in parts of at most PART10_MAX bytes. */
struct stats10 {
	struct vsw_ofp_buf *b;
	size_t part;	      /* where the part being written starts */
	const uint8_t *msg13; /* the 1.3 reply: xid, type, flags */
	bool nx;	      /* the reply to an NXST request: Nicira's form */
};

static void
part_begin(struct stats10 *s)
{
	uint8_t *p;

	s->part = s->b->len;
	p = ofp_push(s->b, s->nx ? NXST_LEN : STATS10_LEN);
	ofp_put_header(p, VSW_OFP10, wire10(VSW_OFPT_MULTIPART_REPLY), 0, vsw_ofp_xid(s->msg13));
	memcpy(p + 8, s->msg13 + 8, 2); /* type */
	if (s->nx) {
		ofp_put16(p + 8, 0xffff); /* vendor */
		ofp_put32(p + 12, NX_VENDOR_ID);
		ofp_put32(p + 16,
			  ofp_get16(s->msg13 + 8) == VSW_OFPMP_FLOW ? NXST_FLOW : NXST_AGGREGATE);
	}
}

static void
part_end(struct stats10 *s, bool more)
{
	if (s->b->overflow)
		return;
	ofp_put16(s->b->p + s->part + 2, (uint16_t)(s->b->len - s->part));
	ofp_put16(s->b->p + s->part + 10, more ? VSW_OFPMPF_MORE : ofp_get16(s->msg13 + 10));
}

/* Before an entry of up to n bytes: a new part when this one would pass PART10_MAX. */
static void
part_room(struct stats10 *s, size_t n)
{
	if (s->b->len - s->part + n <= PART10_MAX)
		return;
	part_end(s, true);
	part_begin(s);
}

/* A statistics reply; one to conn s's NXST request in Nicira's form (its last part ends it). */
static void
stats_down(struct vsw_ofp_buf *b, const uint8_t *msg, size_t len, struct vsw_ofp10_conn *conn)
{
	uint16_t type = ofp_get16(msg + 8), elen;
	struct stats10 s = {b, 0, msg,
			    conn->nxst && conn->nxst_xid == vsw_ofp_xid(msg) &&
				    (type == VSW_OFPMP_FLOW || type == VSW_OFPMP_AGGREGATE)};
	struct vsw_ofp_pull c = {msg + STATS13_LEN, len - STATS13_LEN};
	const uint8_t *e;
	uint8_t *p;

	if (s.nx && !(ofp_get16(msg + 10) & VSW_OFPMPF_MORE))
		conn->nxst = false;
	part_begin(&s);
	while (c.left > 0) {
		switch (type) {
		case VSW_OFPMP_FLOW:
			elen = c.left >= 2 ? ofp_get16(c.p) : 0;
			if (elen < 56 || (e = vsw_ofp_pull(&c, elen)) == NULL)
				goto out; /* not an entry vsw wrote: the part ends here */
			part_room(&s, 88 + 2 * (size_t)elen);
			flow_entry_down(b, e, elen, s.nx);
			continue;
		case VSW_OFPMP_TABLE:
			if ((e = vsw_ofp_pull(&c, 24)) == NULL)
				goto out;
			part_room(&s, 64);
			p = ofp_push(b, 64);
			p[0] = e[0]; /* no name: ovs-ofctl then prints none, as for OVS's */
			ofp_put32(p + 36, (1u << 22) - 1); /* every field may be wildcarded */
			ofp_put32(p + 40, VSW_OFP_MAX_ENTRIES);
			memcpy(p + 44, e + 4, 20); /* active, lookups, matches */
			continue;
		case VSW_OFPMP_PORT_STATS:
			if ((e = vsw_ofp_pull(&c, 112)) == NULL)
				goto out;
			part_room(&s, 104);
			p = ofp_push(b, 104);
			ofp_put16(p, ofp10_port_down(ofp_get32(e)));
			memcpy(p + 8, e + 8, 96);
			continue;
		case VSW_OFPMP_PORT_DESC:
			if ((e = vsw_ofp_pull(&c, PORT13_LEN)) == NULL)
				goto out;
			part_room(&s, PORT10_LEN);
			port_down(b, e);
			continue;
		default: /* DESC, AGGREGATE: the same body */
			ofp_push_bytes(b, c.p, c.left);
			c.left = 0;
		}
	}
out:
	part_end(&s, false);
}

/* The 16-bit in_port of a 1.3 match's OXM_OF_IN_PORT, 0 when none. */
static uint16_t
match_in_port(const uint8_t *match, size_t len)
{
	struct vsw_ofp_pull c = {match + 4, len - 4};
	const uint8_t *h, *v;

	while ((h = vsw_ofp_pull(&c, 4)) != NULL && (v = vsw_ofp_pull(&c, h[3])) != NULL)
		if (ofp_get16(h) == OXM_OF && h[2] == 0 && h[3] == 4)
			return ofp10_port_down(ofp_get32(v));
	return 0;
}

static void
packet_in_down(struct vsw_ofp_buf *b, const uint8_t *msg, size_t len)
{
	size_t mlen = ofp_get16(msg + 26), data = 24 + ((mlen + 7) & ~(size_t)7) + 2;
	uint8_t *p = ofp_push(b, 18);

	ofp_put_header(p, VSW_OFP10, wire10(VSW_OFPT_PACKET_IN), 0, 0);
	memcpy(p + 8, msg + 8, 6); /* buffer_id, total_len */
	ofp_put16(p + 14, match_in_port(msg + 24, mlen));
	p[16] = msg[14] == 0 ? 0 : 1; /* no_match, or action (1.0 has no invalid_ttl) */
	if (data <= len)
		ofp_push_bytes(b, msg + data, len - data);
}

static void
flow_removed_down(struct vsw_ofp_buf *b, const uint8_t *msg)
{
	uint8_t *p = ofp_push(b, 88);

	ofp_put_header(p, VSW_OFP10, wire10(VSW_OFPT_FLOW_REMOVED), 0, 0);
	ofp10_match_down(msg + 48, ofp_get16(msg + 50), p + 8);
	memcpy(p + 48, msg + 8, 11);  /* cookie, priority, reason */
	memcpy(p + 60, msg + 20, 10); /* duration, idle timeout */
	memcpy(p + 72, msg + 32, 16); /* packets, bytes */
}

/* Whether a 1.3 message is whole enough for its conversion. */
static bool
long_enough(int type, const uint8_t *msg, size_t len)
{
	size_t mlen;

	switch (type) {
	case VSW_OFPT_MULTIPART_REPLY:
		return len >= STATS13_LEN;
	case VSW_OFPT_PACKET_IN: /* fixed part 24, match, 2 bytes of pad */
		mlen = len >= 28 ? ofp_get16(msg + 26) : 0;
		return mlen >= 4 && 24 + ((mlen + 7) & ~(size_t)7) + 2 <= len;
	case VSW_OFPT_FLOW_REMOVED: /* fixed part 48, match */
		mlen = len >= 52 ? ofp_get16(msg + 50) : 0;
		return mlen >= 4 && 48 + mlen <= len;
	case VSW_OFPT_PORT_STATUS:
		return len >= 16 + PORT13_LEN;
	default:
		return true;
	}
}

size_t
vsw_ofp10_downgrade(const uint8_t *msg, size_t len, struct vsw_ofp10_conn *s, uint8_t *out,
		    size_t cap)
{
	struct vsw_ofp_buf b = {.p = out, .cap = cap};
	int type = vsw_ofp_type_of(VSW_OFP13, msg[1]);
	uint8_t *p;

	if (msg[0] != VSW_OFP13) { /* written in 1.0 already */
		ofp_push_bytes(&b, msg, len);
		return b.overflow ? 0 : b.len;
	}
	if (!long_enough(type, msg, len))
		return 0;
	switch (type) {
	case VSW_OFPT_MULTIPART_REPLY:
		stats_down(&b, msg, len, s);
		return b.overflow ? 0 : b.len;
	case VSW_OFPT_PACKET_IN:
		packet_in_down(&b, msg, len);
		break;
	case VSW_OFPT_FLOW_REMOVED:
		flow_removed_down(&b, msg);
		break;
	case VSW_OFPT_PORT_STATUS:
		p = ofp_push(&b, 16);
		memcpy(p, msg, 16); /* header, reason, pad */
		port_down(&b, msg + 16);
		break;
	case VSW_OFPT_ECHO_REQUEST:
	case VSW_OFPT_ECHO_REPLY:
	case VSW_OFPT_GET_CONFIG_REPLY:
	case VSW_OFPT_BARRIER_REPLY:
	case VSW_OFPT_HELLO:
		ofp_push_bytes(&b, msg, len); /* the same layout */
		break;
	default:
		return 0; /* no 1.0 form (vsw sends none of these to a 1.0 peer) */
	}
	if (b.overflow)
		return 0;
	out[0] = VSW_OFP10;
	out[1] = wire10((enum vsw_ofp_type)type);
	ofp_put16(out + 2, (uint16_t)b.len);
	return b.len;
}

size_t
vsw_ofp10_features_reply(uint8_t *out, size_t cap, uint32_t xid, uint64_t datapath_id,
			 uint8_t n_tables, const struct vsw_ofp_port *ports, unsigned int n)
{
	struct vsw_ofp_buf b = {.p = out, .cap = cap};
	uint8_t p13[PORT13_LEN];
	uint8_t *p = ofp_push(&b, 32);
	unsigned int i;

	ofp_put_header(p, VSW_OFP10, wire10(VSW_OFPT_FEATURES_REPLY), 0, xid);
	ofp_put64(p + 8, datapath_id);
	p[20] = n_tables;
	ofp_put32(p + 24, 0x87);  /* flow, table and port statistics; ARP addresses in nw_src/dst */
	ofp_put32(p + 28, 0x7ff); /* every 1.0 action but enqueue */
	for (i = 0; i < n; i++) {
		struct vsw_ofp_buf t = {.p = p13, .cap = sizeof(p13)};

		vsw_ofp_port_encode(&t, &ports[i]);
		port_down(&b, p13);
	}
	if (b.overflow)
		return 0;
	ofp_put16(out + 2, (uint16_t)b.len);
	return b.len;
}
