/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_msg.c: the messages every OpenFlow connection needs before any flow
 * is talked about: framing, HELLO and version negotiation, ECHO, ERROR.
 * Wire numbers of types and errors come from the X-macro tables of
 * vsw_openflow.h, one column per version.
 */

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "ofp_private.h"

#define HELLO_ELEM_VERSIONBITMAP 1

const uint8_t *
vsw_ofp_pull(struct vsw_ofp_pull *c, size_t n)
{
	const uint8_t *p = c->p;

	if (n > c->left)
		return NULL;
	c->p += n;
	c->left -= n;
	return p;
}

int
vsw_ofp_frame(const uint8_t *buf, size_t n, struct vsw_ofp_header *h)
{
	if (n < VSW_OFP_HEADER_LEN)
		return 0;
	h->version = buf[0];
	h->type = buf[1];
	h->length = ofp_get16(buf + 2);
	h->xid = ofp_get32(buf + 4);
	if (h->length < VSW_OFP_HEADER_LEN)
		return -EBADMSG;
	return n < h->length ? 0 : h->length;
}

static const struct {
	int8_t of13, of10;
} wire_types[VSW_OFPT__COUNT] = {
#define VSW_OFP_TYPE_WIRE(name, t13, t10) [VSW_OFPT_##name] = {t13, t10},
	VSW_OFP_TYPES(VSW_OFP_TYPE_WIRE)
#undef VSW_OFP_TYPE_WIRE
};

int
vsw_ofp_wire_type(uint8_t version, enum vsw_ofp_type type)
{
	if ((unsigned int)type >= VSW_OFPT__COUNT)
		return -1;
	if (version == VSW_OFP13)
		return wire_types[type].of13;
	if (version == VSW_OFP10)
		return wire_types[type].of10;
	return -1;
}

int
vsw_ofp_type_of(uint8_t version, uint8_t wire)
{
	unsigned int t;

	for (t = 0; t < VSW_OFPT__COUNT; t++)
		if (vsw_ofp_wire_type(version, (enum vsw_ofp_type)t) == wire)
			return (int)t;
	return -1;
}

size_t
vsw_ofp_hello(uint8_t *out, size_t cap, uint32_t versions, uint32_t xid)
{
	/* Header, then one element: type, length 8 (4 of header, 4 of bitmap). */
	const size_t len = VSW_OFP_HEADER_LEN + 8;
	uint8_t highest = 0;
	unsigned int v;

	if (cap < len || versions == 0)
		return 0;
	for (v = 0; v < 32; v++)
		if (versions & VSW_OFP_VERSION_BIT(v))
			highest = (uint8_t)v;
	ofp_put_header(out, highest, 0, len, xid);
	ofp_put16(out + 8, HELLO_ELEM_VERSIONBITMAP);
	ofp_put16(out + 10, 8);
	ofp_put32(out + 12, versions);
	return len;
}

int
vsw_ofp_hello_versions(const uint8_t *msg, size_t len, uint32_t *versions)
{
	struct vsw_ofp_pull c = {msg, len};
	const uint8_t *e;
	uint16_t type, elen;

	*versions = 0;
	if (vsw_ofp_pull(&c, VSW_OFP_HEADER_LEN) == NULL)
		return -EBADMSG;
	/* Elements: type, length (of type, length and body), body, padding to 8. */
	while (c.left >= 4) {
		e = vsw_ofp_pull(&c, 4);
		type = ofp_get16(e);
		elen = ofp_get16(e + 2);
		if (elen < 4 || vsw_ofp_pull(&c, elen - 4u) == NULL)
			return -EBADMSG;
		if (type == HELLO_ELEM_VERSIONBITMAP && elen >= 8)
			*versions = ofp_get32(e + 4); /* the first word covers versions 0..31 */
		vsw_ofp_pull(&c, ((elen + 7u) & ~7u) - elen); /* padding; may be cut at the end */
	}
	return 0;
}

int
vsw_ofp_negotiate(uint32_t ours, uint8_t their_version, uint32_t their_versions)
{
	uint32_t common = ours & their_versions;
	int v, highest = -1;

	if (their_versions != 0) {
		for (v = 31; v >= 0 && highest < 0; v--)
			if (common & VSW_OFP_VERSION_BIT(v))
				highest = v;
		return highest;
	}
	/* No bitmap: the lower of the two headers' versions, if we speak it. */
	for (v = 0; v < 32; v++)
		if (ours & VSW_OFP_VERSION_BIT(v))
			highest = v;
	v = their_version < highest ? their_version : highest;
	return v >= 0 && (ours & VSW_OFP_VERSION_BIT(v)) ? v : -1;
}

static const struct {
	uint16_t t13, c13, t10, c10;
} error_codes[VSW_OFPE__COUNT] = {
#define VSW_OFP_ERROR_CODES(name, t13, c13, t10, c10) [VSW_OFPE_##name] = {t13, c13, t10, c10},
	VSW_OFP_ERRORS(VSW_OFP_ERROR_CODES)
#undef VSW_OFP_ERROR_CODES
};

size_t
vsw_ofp_error(uint8_t *out, size_t cap, uint8_t version, enum vsw_ofp_error e, const uint8_t *req,
	      size_t req_len)
{
	size_t data = req_len < VSW_OFP_ERROR_DATA ? req_len : VSW_OFP_ERROR_DATA;
	int type = vsw_ofp_wire_type(version, VSW_OFPT_ERROR);
	bool of10 = version == VSW_OFP10;
	/* An experimenter's error (1.2+) names the experimenter: ONF, the only one. */
	size_t head = VSW_OFP_HEADER_LEN + 4 +
		      ((unsigned int)e < VSW_OFPE__COUNT && !of10 && error_codes[e].t13 == 0xffff
			       ? 4
			       : 0);
	size_t len = head + data;

	if (cap < len || (unsigned int)e >= VSW_OFPE__COUNT || type < 0)
		return 0;
	ofp_put_header(out, version, (uint8_t)type, len,
		       req_len >= VSW_OFP_HEADER_LEN ? ofp_get32(req + 4) : 0);
	ofp_put16(out + 8, of10 ? error_codes[e].t10 : error_codes[e].t13);
	ofp_put16(out + 10, of10 ? error_codes[e].c10 : error_codes[e].c13);
	if (head > VSW_OFP_HEADER_LEN + 4)
		ofp_put32(out + 12, VSW_ONF_EXPERIMENTER);
	memcpy(out + head, req, data);
	return len;
}

size_t
vsw_ofp_echo_reply(uint8_t *out, size_t cap, const uint8_t *req, size_t len)
{
	int type = len >= VSW_OFP_HEADER_LEN ? vsw_ofp_wire_type(req[0], VSW_OFPT_ECHO_REPLY) : -1;

	if (cap < len || type < 0)
		return 0;
	memcpy(out, req, len);
	out[1] = (uint8_t)type;
	ofp_put16(out + 2, (uint16_t)len);
	return len;
}
