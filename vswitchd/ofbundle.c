/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofbundle.c: bundles (ONF's extension to OpenFlow 1.3, decoded by
 * openflow/ofp_bundle.c): a connection opens a bundle, adds FLOW_MODs to it
 * and commits them as one change of the tables, which the PMDs see whole
 * or not at all (`ovs-ofctl --bundle add-flows`, `--bundle replace-flows`).
 *
 * As OVS does, each FLOW_MOD is decoded when it is added, and one that does
 * not decode is refused then (its error refers to the BUNDLE_ADD_MESSAGE)
 * and the bundle goes on without it; an add to no bundle opens one. The
 * added messages are kept as they came and staged only at the commit,
 * after every other connection's staged flow-mods are committed, so that
 * the commit is one version of the tables. When one of them cannot be
 * staged (an overlap check, no memory) nothing of the bundle is kept: that
 * message's error, then BUNDLE_MSG_FAILED for the commit. A control request
 * naming another bundle than the open one is refused with BUNDLE_BAD_ID; a
 * second bundle with BUNDLE_OUT_OF_BUNDLES (one per connection). The
 * bundle goes when it is committed or discarded, on most errors (as OVS),
 * and with its connection. Control thread only.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vswitchd.h"

#define BUNDLE_MAX_BYTES (512u << 20) /* a bundle's messages: about 4 million FLOW_MODs */
#define NO_ERROR	 VSW_OFPE__COUNT

/* A connection's open bundle. */
struct vswd_of_bundle {
	uint32_t id;
	uint16_t flags; /* VSW_OFPBF_*, as opened */
	bool closed;	/* CLOSE_REQUEST came: no more adds */
	uint8_t *msgs;	/* the BUNDLE_ADD_MESSAGEs, whole, one after another */
	size_t len, cap;
};

void
vswd_of_bundle_free(struct vswd_ofconn *c)
{
	if (c->bundle == NULL)
		return;
	free(c->bundle->msgs);
	free(c->bundle);
	c->bundle = NULL;
}

/* Open bundle id on c: NO_ERROR, or why not. */
static enum vsw_ofp_error
bundle_open(struct vswd_ofconn *c, uint32_t id, uint16_t flags)
{
	if (c->bundle != NULL)
		return VSW_OFPE_BUNDLE_OUT_OF_BUNDLES;
	c->bundle = calloc(1, sizeof(*c->bundle));
	if (c->bundle == NULL)
		return VSW_OFPE_BUNDLE_OUT_OF_BUNDLES;
	c->bundle->id = id;
	c->bundle->flags = flags;
	return NO_ERROR;
}

/* Keep BUNDLE_ADD_MESSAGE msg[0..len) in bd: NO_ERROR, or BUNDLE_MSG_TOO_MANY. */
static enum vsw_ofp_error
bundle_append(struct vswd_of_bundle *bd, const uint8_t *msg, size_t len)
{
	if (bd->len + len > BUNDLE_MAX_BYTES)
		return VSW_OFPE_BUNDLE_MSG_TOO_MANY;
	if (bd->len + len > bd->cap) {
		size_t cap = RTE_MAX(bd->cap * 2, (size_t)1 << 16);
		uint8_t *p;

		cap = RTE_MIN(RTE_MAX(cap, bd->len + len), (size_t)BUNDLE_MAX_BYTES);
		p = realloc(bd->msgs, cap);
		if (p == NULL)
			return VSW_OFPE_BUNDLE_MSG_TOO_MANY;
		bd->msgs = p;
		bd->cap = cap;
	}
	memcpy(bd->msgs + bd->len, msg, len);
	bd->len += len;
	return NO_ERROR;
}

/* Commit what every connection of bridge b staged, so that a bundle's commit stands alone. */
static void
commit_bridge(struct vswd_switch *sw, unsigned int b)
{
	struct vswd_ofconn **conns;
	unsigned int n = vswd_channel_conns(&conns), i;
	bool staged = false;

	for (i = 0; i < n; i++)
		if (conns[i]->bridge == b && conns[i]->n_staged > 0) {
			conns[i]->n_staged = 0;
			staged = true;
		}
	if (staged)
		vsw_cls_commit(sw->cls[b]);
}

/* Stage every FLOW_MOD of bd and commit them together: NO_ERROR, or BUNDLE_MSG_FAILED. */
static enum vsw_ofp_error
bundle_commit(struct vswd_switch *sw, struct vswd_ofconn *c, const struct vswd_of_bundle *bd)
{
	static struct vsw_ofp_flow_mod fm; /* 2 KiB: control thread only */
	struct vsw_ofp_bundle_add ba;
	struct vsw_ofp_status st;
	size_t off, len;

	commit_bridge(sw, c->bridge);
	for (off = 0; off < bd->len; off += len) {
		const uint8_t *m = bd->msgs + off;

		len = (size_t)m[2] << 8 | m[3];
		/* Checked when added; the ports may have changed since (a reload). */
		if (vsw_ofp_bundle_add_decode(m, len, &ba, &st) < 0 ||
		    vswd_of_flow_mod_decode(sw, c, ba.msg, ba.msg_len, &fm, &st) < 0 ||
		    vswd_of_flow_mod_stage(sw, c->bridge, &fm, false, &st) < 0) {
			vsw_cls_abort(sw->cls[c->bridge]);
			vswd_of_refuse(sw, c, m, len, &st);
			return VSW_OFPE_BUNDLE_MSG_FAILED;
		}
	}
	vsw_cls_commit(sw->cls[c->bridge]);
	return NO_ERROR;
}

/* The open bundle of c if it is bc's, else NULL. */
static struct vswd_of_bundle *
named(struct vswd_ofconn *c, const struct vsw_ofp_bundle_ctrl *bc)
{
	return c->bundle != NULL && c->bundle->id == bc->id ? c->bundle : NULL;
}

static enum vsw_ofp_error
ctrl_open(struct vswd_switch *sw, struct vswd_ofconn *c, const struct vsw_ofp_bundle_ctrl *bc)
{
	RTE_SET_USED(sw);
	if (named(c, bc) != NULL) { /* opened twice: OVS drops it */
		vswd_of_bundle_free(c);
		return VSW_OFPE_BUNDLE_BAD_ID;
	}
	return bundle_open(c, bc->id, bc->flags);
}

static enum vsw_ofp_error
ctrl_close(struct vswd_switch *sw, struct vswd_ofconn *c, const struct vsw_ofp_bundle_ctrl *bc)
{
	struct vswd_of_bundle *bd = named(c, bc);

	RTE_SET_USED(sw);
	if (bd == NULL)
		return VSW_OFPE_BUNDLE_BAD_ID;
	if (bd->closed || bd->flags != bc->flags) {
		enum vsw_ofp_error e =
			bd->closed ? VSW_OFPE_BUNDLE_CLOSED : VSW_OFPE_BUNDLE_BAD_FLAGS;

		vswd_of_bundle_free(c);
		return e;
	}
	bd->closed = true;
	return NO_ERROR;
}

static enum vsw_ofp_error
ctrl_commit(struct vswd_switch *sw, struct vswd_ofconn *c, const struct vsw_ofp_bundle_ctrl *bc)
{
	struct vswd_of_bundle *bd = named(c, bc);
	enum vsw_ofp_error e;

	if (bd == NULL)
		return VSW_OFPE_BUNDLE_BAD_ID;
	e = bd->flags != bc->flags ? VSW_OFPE_BUNDLE_BAD_FLAGS : bundle_commit(sw, c, bd);
	vswd_of_bundle_free(c);
	return e;
}

static enum vsw_ofp_error
ctrl_discard(struct vswd_switch *sw, struct vswd_ofconn *c, const struct vsw_ofp_bundle_ctrl *bc)
{
	RTE_SET_USED(sw);
	if (named(c, bc) == NULL)
		return VSW_OFPE_BUNDLE_BAD_ID;
	vswd_of_bundle_free(c);
	return NO_ERROR;
}

/* The control requests, by type / 2 (each reply is the odd type after its request). */
static enum vsw_ofp_error (*const controls[])(struct vswd_switch *sw, struct vswd_ofconn *c,
					      const struct vsw_ofp_bundle_ctrl *bc) = {
	[VSW_OFPBCT_OPEN_REQUEST / 2] = ctrl_open,
	[VSW_OFPBCT_CLOSE_REQUEST / 2] = ctrl_close,
	[VSW_OFPBCT_COMMIT_REQUEST / 2] = ctrl_commit,
	[VSW_OFPBCT_DISCARD_REQUEST / 2] = ctrl_discard,
};

static void
on_bundle_control(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	struct vsw_ofp_bundle_ctrl bc;
	struct vsw_ofp_status st;
	uint8_t out[VSW_OFP_BUNDLE_CTRL_LEN];
	enum vsw_ofp_error e;

	if (vsw_ofp_bundle_ctrl_decode(msg, len, &bc, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	e = bc.type % 2 != 0 || bc.type / 2 >= RTE_DIM(controls)
		    ? VSW_OFPE_BUNDLE_BAD_TYPE
		    : controls[bc.type / 2](sw, c, &bc);
	if (e != NO_ERROR)
		vswd_of_reply_error(c, e, msg, len);
	else
		vswd_ofconn_send(c, out,
				 vsw_ofp_bundle_ctrl_reply(out, sizeof(out), c->version,
							   vsw_ofp_xid(msg), &bc));
}

static void
on_bundle_add(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	static struct vsw_ofp_flow_mod fm; /* 2 KiB: control thread only */
	struct vsw_ofp_bundle_add ba;
	struct vsw_ofp_status st;
	enum vsw_ofp_error e = NO_ERROR;

	if (vsw_ofp_bundle_add_decode(msg, len, &ba, &st) < 0 ||
	    vswd_of_flow_mod_decode(sw, c, ba.msg, ba.msg_len, &fm, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	if (c->bundle == NULL)
		e = bundle_open(c, ba.id, ba.flags);
	else if (c->bundle->id != ba.id)
		e = VSW_OFPE_BUNDLE_OUT_OF_BUNDLES;
	else if (c->bundle->closed || c->bundle->flags != ba.flags) {
		e = c->bundle->closed ? VSW_OFPE_BUNDLE_CLOSED : VSW_OFPE_BUNDLE_BAD_FLAGS;
		vswd_of_bundle_free(c);
	}
	if (e == NO_ERROR)
		e = bundle_append(c->bundle, msg, len);
	if (e != NO_ERROR)
		vswd_of_reply_error(c, e, msg, len);
}

void
vswd_of_on_experimenter(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg,
			size_t len)
{
	int type = vsw_ofp_onf_type(msg, len);

	if (type != VSW_ONFT_BUNDLE_CONTROL && type != VSW_ONFT_BUNDLE_ADD) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_EXPERIMENTER, msg, len);
		return;
	}
	if (c->role == OFPCR_ROLE_SLAVE) {
		vswd_of_reply_error(c, VSW_OFPE_IS_SLAVE, msg, len);
		return;
	}
	if (type == VSW_ONFT_BUNDLE_CONTROL)
		on_bundle_control(sw, c, msg, len);
	else
		on_bundle_add(sw, c, msg, len);
}
