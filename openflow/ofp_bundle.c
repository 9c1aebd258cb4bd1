/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_bundle.c: bundles in OpenFlow 1.3, ONF's extension EXT-230 (what
 * `ovs-ofctl -O OpenFlow13 --bundle` speaks): 1.4's BUNDLE_CONTROL and
 * BUNDLE_ADD_MESSAGE carried in experimenter messages of ONF. Both start
 * with the experimenter header (16 bytes: header, experimenter id,
 * experimenter type) and the bundle's id, then the control's type and
 * flags, or the added message's flags and the message itself. Properties
 * after either are skipped (vsw takes none, as OVS).
 */

#include <errno.h>

#include "ofp_private.h"

#define ONF_HEAD 16 /* header, experimenter, exp_type */

int
vsw_ofp_onf_type(const uint8_t *msg, size_t len)
{
	if (len < ONF_HEAD || ofp_get32(msg + 8) != VSW_ONF_EXPERIMENTER)
		return -1;
	return (int)ofp_get32(msg + 12);
}

int
vsw_ofp_bundle_ctrl_decode(const uint8_t *msg, size_t len, struct vsw_ofp_bundle_ctrl *bc,
			   struct vsw_ofp_status *st)
{
	if (len < VSW_OFP_BUNDLE_CTRL_LEN)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "BUNDLE_CONTROL: %zu bytes, under %u", len,
				VSW_OFP_BUNDLE_CTRL_LEN);
	bc->id = ofp_get32(msg + ONF_HEAD);
	bc->type = ofp_get16(msg + ONF_HEAD + 4);
	bc->flags = ofp_get16(msg + ONF_HEAD + 6);
	return 0;
}

int
vsw_ofp_bundle_add_decode(const uint8_t *msg, size_t len, struct vsw_ofp_bundle_add *ba,
			  struct vsw_ofp_status *st)
{
	const uint8_t *in = msg + VSW_OFP_BUNDLE_ADD_HEAD;
	size_t left;

	if (len < VSW_OFP_BUNDLE_ADD_HEAD)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "BUNDLE_ADD_MESSAGE: %zu bytes, under %u",
				len, VSW_OFP_BUNDLE_ADD_HEAD);
	left = len - VSW_OFP_BUNDLE_ADD_HEAD;
	ba->id = ofp_get32(msg + ONF_HEAD);
	ba->flags = ofp_get16(msg + ONF_HEAD + 6);
	if (left < VSW_OFP_HEADER_LEN)
		return ofp_fail(st, VSW_OFPE_BUNDLE_MSG_BAD_LEN,
				"BUNDLE_ADD_MESSAGE: no whole message inside");
	if (in[0] != msg[0])
		return ofp_fail(st, VSW_OFPE_BAD_VERSION,
				"BUNDLE_ADD_MESSAGE: version %u inside, %u outside", in[0], msg[0]);
	ba->msg = in;
	ba->msg_len = ofp_get16(in + 2);
	if (ba->msg_len < VSW_OFP_HEADER_LEN || ba->msg_len > left)
		return ofp_fail(st, VSW_OFPE_BUNDLE_MSG_BAD_LEN,
				"BUNDLE_ADD_MESSAGE: inner length %zu, %zu bytes there",
				ba->msg_len, left);
	if (ofp_get32(in + 4) != ofp_get32(msg + 4))
		return ofp_fail(st, VSW_OFPE_BUNDLE_MSG_BAD_XID,
				"BUNDLE_ADD_MESSAGE: inner xid %u, outer %u", ofp_get32(in + 4),
				ofp_get32(msg + 4));
	if (vsw_ofp_type_of(in[0], in[1]) != VSW_OFPT_FLOW_MOD)
		return ofp_fail(
			st, VSW_OFPE_BUNDLE_MSG_UNSUP,
			"BUNDLE_ADD_MESSAGE: message type %u inside (vsw bundles FLOW_MODs)",
			in[1]);
	return 0;
}

size_t
vsw_ofp_bundle_ctrl_reply(uint8_t *out, size_t cap, uint8_t version, uint32_t xid,
			  const struct vsw_ofp_bundle_ctrl *bc)
{
	int type = vsw_ofp_wire_type(version, VSW_OFPT_EXPERIMENTER);

	if (cap < VSW_OFP_BUNDLE_CTRL_LEN || type < 0)
		return 0;
	ofp_put_header(out, version, (uint8_t)type, VSW_OFP_BUNDLE_CTRL_LEN, xid);
	ofp_put32(out + 8, VSW_ONF_EXPERIMENTER);
	ofp_put32(out + 12, VSW_ONFT_BUNDLE_CONTROL);
	ofp_put32(out + ONF_HEAD, bc->id);
	ofp_put16(out + ONF_HEAD + 4, (uint16_t)(bc->type + 1));
	ofp_put16(out + ONF_HEAD + 6, 0);
	return VSW_OFP_BUNDLE_CTRL_LEN;
}
