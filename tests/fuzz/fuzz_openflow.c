/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fuzz_openflow.c: libFuzzer target for openflow/. The input is a byte
 * stream as a connection would receive it (seeded with HELLOs, the
 * FLOW_MODs ovs-ofctl sends for the flow corpus, and bundles of them):
 * every whole message
 * framed off its front goes through the decoder of its type (HELLO,
 * FLOW_MOD, the FLOW request of MULTIPART, ONF's bundle control and add
 * with the FLOW_MOD inside, an action list), and is
 * answered with an ERROR and an ECHO_REPLY. A FLOW_MOD that decodes is
 * encoded back as a flow statistics entry, whose match and instructions
 * must decode again. A 1.0 message (version 1) goes through 1.0's decoder
 * (FLOW_MOD, its actions) or is translated to 1.3 and decoded as above;
 * every message, marked 1.3, also goes through the translation back to
 * 1.0, as a message vsw wrote would. Must not crash, read past the input,
 * or frame a length the input does not hold.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_openflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct vsw_flow_port port_list[] = {{"p1", 1, 0}, {"p2", 2, 1}, {"vm1", 3, 2}};
static const struct vsw_flow_ports ports = {port_list, 3};

/* Encode the decoded flow f as a statistics entry and decode that entry's match and actions. */
static void
roundtrip(const struct vsw_flow *f)
{
	static uint8_t rule_mem[sizeof(struct vsw_rule)];
	static uint8_t acts_mem[sizeof(struct vsw_actions) + VSW_MAX_ACTIONS * sizeof(struct vsw_action)];
	static uint8_t out[65536];
	static struct vsw_flow g;
	struct vsw_rule *r = (struct vsw_rule *)rule_mem;
	struct vsw_actions *acts = (struct vsw_actions *)acts_mem;
	struct vsw_ofp_buf b = {.p = out, .cap = sizeof(out)};
	struct vsw_ofp_status st;
	struct vsw_ofp_pull c;

	memset(r, 0, sizeof(*r));
	acts->n = f->n_actions;
	memcpy(acts->a, f->actions, f->n_actions * sizeof(f->actions[0]));
	r->actions = acts;
	r->table = f->table;
	r->key = f->key;
	r->mask = f->mask;
	r->state = f->state;
	r->state_mask = f->state_mask;
	vsw_ofp_flow_stats_encode(&b, r, 0, 0, 0);
	if (b.overflow || b.len < 48)
		abort(); /* one rule always fits in 64 KiB */
	memset(&g, 0, sizeof(g));
	g.table = f->table;
	c = (struct vsw_ofp_pull){out + 48, b.len - 48};
	if (vsw_ofp_match_decode(&c, &g, &st) < 0)
		abort(); /* what vsw encodes, it decodes */
	vsw_ofp_instructions_decode(&c, &ports, &g, &st);
}

static void decode(const uint8_t *msg, size_t len, const struct vsw_ofp_header *h);

static struct vsw_ofp10_conn s10; /* what the 1.0 messages so far set */

/* A 1.0 message: FLOW_MOD decoded as 1.0's, the rest translated to 1.3. */
static void
decode10(const uint8_t *msg, size_t len)
{
	static struct vsw_ofp_flow_mod fm;
	static uint8_t up[70000];
	struct vsw_ofp_buf b = {.p = up, .cap = sizeof(up)};
	struct vsw_ofp_header h;
	struct vsw_ofp_status st;

	if (vsw_ofp_type_of(VSW_OFP10, msg[1]) == VSW_OFPT_FLOW_MOD ||
	    vsw_ofp10_is_nx_flow_mod(msg, len)) {
		if (vsw_ofp10_flow_mod_decode(msg, len, &ports, &s10, &fm, &st) == 0 &&
		    fm.command <= VSW_OFPFC_MODIFY_STRICT)
			roundtrip(&fm.flow);
		return;
	}
	if (vsw_ofp10_upgrade(msg, len, &s10, &b, &st) == 1 && !b.overflow) {
		if (vsw_ofp_frame(up, b.len, &h) != (int)b.len)
			abort(); /* the translation is one whole message */
		decode(up, b.len, &h);
	}
}

static void
decode(const uint8_t *msg, size_t len, const struct vsw_ofp_header *h)
{
	static struct vsw_ofp_flow_mod fm;
	static struct vsw_ofp_flow_request rq;
	static struct vsw_flow f;
	struct vsw_ofp_bundle_ctrl bc;
	struct vsw_ofp_bundle_add ba;
	struct vsw_ofp_multipart mp;
	struct vsw_ofp_status st;
	struct vsw_ofp_pull c = {msg, len};
	uint32_t versions;

	if (h->version == VSW_OFP10) {
		decode10(msg, len);
		return;
	}
	switch (vsw_ofp_type_of(h->version, h->type)) {
	case VSW_OFPT_HELLO:
		if (vsw_ofp_hello_versions(msg, len, &versions) == 0 &&
		    vsw_ofp_negotiate(versions | 0x12, h->version, versions) > 31)
			abort();
		return;
	case VSW_OFPT_FLOW_MOD:
		if (vsw_ofp_flow_mod_decode(msg, len, &ports, &fm, &st) == 0 &&
		    fm.command <= VSW_OFPFC_MODIFY_STRICT)
			roundtrip(&fm.flow);
		return;
	case VSW_OFPT_EXPERIMENTER: /* ONF's bundles: a control, or a FLOW_MOD inside an add */
		if (vsw_ofp_onf_type(msg, len) == VSW_ONFT_BUNDLE_CONTROL)
			vsw_ofp_bundle_ctrl_decode(msg, len, &bc, &st);
		else if (vsw_ofp_onf_type(msg, len) == VSW_ONFT_BUNDLE_ADD &&
			 vsw_ofp_bundle_add_decode(msg, len, &ba, &st) == 0 &&
			 vsw_ofp_flow_mod_decode(ba.msg, ba.msg_len, &ports, &fm, &st) == 0 &&
			 fm.command <= VSW_OFPFC_MODIFY_STRICT)
			roundtrip(&fm.flow);
		return;
	case VSW_OFPT_MULTIPART_REQUEST:
		if (vsw_ofp_multipart_decode(msg, len, &mp, &st) == 0 &&
		    (mp.type == VSW_OFPMP_FLOW || mp.type == VSW_OFPMP_AGGREGATE))
			vsw_ofp_flow_request_decode(&mp.body, &rq, &st);
		return;
	default: /* anything else: its body as an action list, 1.3's and 1.0's */
		memset(&f, 0, sizeof(f));
		vsw_ofp_pull(&c, VSW_OFP_HEADER_LEN);
		vsw_ofp_actions_decode(&c, c.left, &ports, &f, &st);
		memset(&f, 0, sizeof(f));
		c = (struct vsw_ofp_pull){msg + VSW_OFP_HEADER_LEN, len - VSW_OFP_HEADER_LEN};
		vsw_ofp10_actions_decode(&c, c.left, &ports, &f, true, &st);
		return;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vsw_ofp_header h;
	static uint8_t down[2 * 65536];
	uint8_t out[128], *copy;
	size_t n;
	int len;

	/* A copy of exactly size bytes: ASan catches any read past it. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	for (n = 0; (len = vsw_ofp_frame(copy + n, size - n, &h)) > 0; n += (size_t)len) {
		if ((size_t)len > size - n || len < VSW_OFP_HEADER_LEN)
			abort();
		decode(copy + n, (size_t)len, &h);
		if (vsw_ofp_error(out, sizeof(out), VSW_OFP13, VSW_OFPE_BAD_TYPE, copy + n,
				  (size_t)len) > 8 + 4 + VSW_OFP_ERROR_DATA)
			abort();
		if (vsw_ofp_echo_reply(out, sizeof(out), copy + n, (size_t)len) > (size_t)len)
			abort();
		if (copy[n] == VSW_OFP13) /* as if vsw wrote it: into 1.0 */
			vsw_ofp10_downgrade(copy + n, (size_t)len, &s10, down, sizeof(down));
	}
	free(copy);
	return 0;
}
