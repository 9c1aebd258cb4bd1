/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_flow.c: the OpenFlow 1.3 messages about flows: FLOW_MOD into a
 * struct vsw_flow and a command, the FLOW and AGGREGATE multipart requests,
 * and a rule as a flow statistics entry. The multipart framing is here too.
 *
 * Cookies as 1.3 (and OVS) have them: an add sets the cookie; a modify or
 * delete selects by cookie and cookie_mask, and a modify changes no
 * cookie, nor adds a rule when it selects none (OpenFlow 1.0's did).
 */

#include <errno.h>
#include <inttypes.h>

#include "ofp_private.h"

#define FLOW_MOD_LEN	 48 /* header and fixed part, before the match */
#define FLOW_REQUEST_LEN 32 /* the fixed part of a FLOW or AGGREGATE request */
#define FLOW_STATS_LEN	 48 /* an entry's fixed part */
#define FLOW_REMOVED_LEN 48 /* header and fixed part, before the match */

int
vsw_ofp_flow_mod_decode(const uint8_t *msg, size_t len, const struct vsw_flow_ports *ports,
			struct vsw_ofp_flow_mod *fm, struct vsw_ofp_status *st)
{
	struct vsw_ofp_pull c = {msg, len};
	const uint8_t *p = vsw_ofp_pull(&c, FLOW_MOD_LEN);
	struct vsw_flow *f = &fm->flow;
	uint64_t cookie, cookie_mask;
	uint8_t table;
	int rc;

	memset(fm, 0, sizeof(*fm));
	if (p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "flow_mod of %zu bytes: too short", len);
	cookie = ofp_get64(p + 8);
	cookie_mask = ofp_get64(p + 16);
	table = p[24];
	fm->command = p[25];
	f->idle_timeout = ofp_get16(p + 26);
	f->hard_timeout = ofp_get16(p + 28);
	f->priority = ofp_get16(p + 30);
	fm->buffer_id = ofp_get32(p + 32);
	fm->out_port = ofp_get32(p + 36);
	fm->out_group = ofp_get32(p + 40);
	fm->flags = ofp_get16(p + 44);
	if (fm->command > VSW_OFPFC_DELETE_STRICT)
		return ofp_fail(st, VSW_OFPE_BAD_COMMAND, "flow_mod command %u", fm->command);
	if (fm->flags & ~VSW_RULE_FLAGS)
		return ofp_fail(st, VSW_OFPE_BAD_FLAGS, "flow_mod flags %#x", fm->flags);
	if (table == VSW_OFPTT_ALL && fm->command < VSW_OFPFC_DELETE)
		return ofp_fail(st, VSW_OFPE_BAD_FLOW_TABLE, "table 255 (all) is for deletes only");
	f->flags = (uint8_t)fm->flags;
	f->table = table == VSW_OFPTT_ALL ? 0 : table;
	f->table_given = table != VSW_OFPTT_ALL;
	f->priority_given = true;
	if (fm->command == VSW_OFPFC_ADD) {
		f->cookie = cookie;
		f->cookie_set = true;
	} else { /* a selection: a modify keeps the rules' cookies (1.2 and later) */
		f->cookie = cookie & cookie_mask;
		f->cookie_mask = cookie_mask;
	}
	rc = vsw_ofp_match_decode(&c, f, st);
	if (rc < 0 || fm->command >= VSW_OFPFC_DELETE)
		return rc;
	return vsw_ofp_instructions_decode(&c, ports, f, st);
}

bool
vsw_ofp_outputs_to(const struct vsw_action *a, uint32_t n, uint32_t out_port)
{
	uint32_t i;

	if (out_port == VSW_OFPP_ANY)
		return true;
	for (i = 0; i < n; i++)
		if (a[i].type == VSW_ACTION_OUTPUT && a[i].ofport == out_port)
			return true;
	return false;
}

/* ---- multipart ---- */

int
vsw_ofp_multipart_decode(const uint8_t *msg, size_t len, struct vsw_ofp_multipart *mp,
			 struct vsw_ofp_status *st)
{
	struct vsw_ofp_pull c = {msg, len};
	const uint8_t *p = vsw_ofp_pull(&c, VSW_OFP_HEADER_LEN + 8);

	if (p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "multipart request of %zu bytes", len);
	mp->type = ofp_get16(p + 8);
	mp->flags = ofp_get16(p + 10);
	mp->body = c;
	return 0;
}

size_t
vsw_ofp_multipart_start(struct vsw_ofp_buf *b, uint8_t version, uint32_t xid, uint16_t type)
{
	size_t start = b->len;
	uint8_t *p = ofp_push(b, VSW_OFP_HEADER_LEN + 8);

	ofp_put_header(p, version, (uint8_t)vsw_ofp_wire_type(version, VSW_OFPT_MULTIPART_REPLY), 0,
		       xid);
	ofp_put16(p + 8, type);
	return start;
}

void
vsw_ofp_multipart_end(struct vsw_ofp_buf *b, size_t start, bool more)
{
	if (b->overflow)
		return;
	ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
	ofp_put16(b->p + start + 10, more ? VSW_OFPMPF_MORE : 0);
}

int
vsw_ofp_flow_request_decode(struct vsw_ofp_pull *body, struct vsw_ofp_flow_request *rq,
			    struct vsw_ofp_status *st)
{
	const uint8_t *p = vsw_ofp_pull(body, FLOW_REQUEST_LEN);
	struct vsw_flow *f = &rq->match;

	memset(rq, 0, sizeof(*rq));
	if (p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "flow statistics request: too short");
	f->table = p[0] == VSW_OFPTT_ALL ? 0 : p[0];
	f->table_given = p[0] != VSW_OFPTT_ALL;
	rq->out_port = ofp_get32(p + 4);
	rq->out_group = ofp_get32(p + 8);
	f->cookie_mask = ofp_get64(p + 24);
	f->cookie = ofp_get64(p + 16) & f->cookie_mask;
	return vsw_ofp_match_decode(body, f, st);
}

void
vsw_ofp_flow_stats_encode(struct vsw_ofp_buf *b, const struct vsw_rule *r, uint64_t packets,
			  uint64_t bytes, uint64_t age_ns)
{
	size_t start = b->len;
	uint8_t *p = ofp_push(b, FLOW_STATS_LEN);

	p[2] = r->table;
	ofp_put32(p + 4, (uint32_t)(age_ns / 1000000000));
	ofp_put32(p + 8, (uint32_t)(age_ns % 1000000000));
	ofp_put16(p + 12, r->priority);
	ofp_put16(p + 14, r->idle_timeout);
	ofp_put16(p + 16, r->hard_timeout);
	ofp_put16(p + 18, r->flags);
	ofp_put64(p + 24, r->cookie);
	ofp_put64(p + 32, packets);
	ofp_put64(p + 40, bytes);
	vsw_ofp_match_encode(b, &r->key, &r->mask, &r->state, &r->state_mask);
	vsw_ofp_instructions_encode(b, r->actions->a, r->actions->n, &r->key, &r->mask);
	if (!b->overflow)
		ofp_put16(b->p + start, (uint16_t)(b->len - start));
}

void
vsw_ofp_aggregate_encode(struct vsw_ofp_buf *b, uint64_t packets, uint64_t bytes, uint32_t flows)
{
	uint8_t *p = ofp_push(b, 24);

	ofp_put64(p, packets);
	ofp_put64(p + 8, bytes);
	ofp_put32(p + 16, flows);
}

void
vsw_ofp_flow_removed_encode(struct vsw_ofp_buf *b, uint8_t version, const struct vsw_rule *r,
			    uint8_t reason, uint64_t packets, uint64_t bytes, uint64_t age_ns)
{
	size_t start = b->len;
	uint8_t *p = ofp_push(b, FLOW_REMOVED_LEN);

	ofp_put_header(p, version, (uint8_t)vsw_ofp_wire_type(version, VSW_OFPT_FLOW_REMOVED), 0,
		       0);
	ofp_put64(p + 8, r->cookie);
	ofp_put16(p + 16, r->priority);
	p[18] = reason;
	p[19] = r->table;
	ofp_put32(p + 20, (uint32_t)(age_ns / 1000000000));
	ofp_put32(p + 24, (uint32_t)(age_ns % 1000000000));
	ofp_put16(p + 28, r->idle_timeout);
	ofp_put16(p + 30, r->hard_timeout);
	ofp_put64(p + 32, packets);
	ofp_put64(p + 40, bytes);
	vsw_ofp_match_encode(b, &r->key, &r->mask, &r->state, &r->state_mask);
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
}
