/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_switch.c: OpenFlow 1.3 messages about the switch rather than its
 * flows: FEATURES_REPLY, the switch configuration, ports (struct ofp_port
 * and its statistics), the DESC and TABLE multipart replies.
 */

#include <stdio.h>

#include "ofp_private.h"

#define OFPC_FLOW_STATS	 0x01
#define OFPC_TABLE_STATS 0x02
#define OFPC_PORT_STATS	 0x04
#define OFPPS_LINK_DOWN	 0x01
#define OFPPS_LIVE	 0x04	/* up: usable (1.3's fast-failover liveness, as OVS sets it) */
#define OFPPF_OTHER	 0x0400 /* a speed without its own bit: curr_speed says it */

size_t
vsw_ofp_features_reply(uint8_t *out, size_t cap, uint8_t version, uint32_t xid,
		       uint64_t datapath_id, uint8_t n_tables)
{
	const size_t len = 32;

	if (cap < len)
		return 0;
	memset(out, 0, len);
	ofp_put_header(out, version, (uint8_t)vsw_ofp_wire_type(version, VSW_OFPT_FEATURES_REPLY),
		       len, xid);
	ofp_put64(out + 8, datapath_id);
	out[20] = n_tables;
	ofp_put32(out + 24, OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS);
	return len;
}

/* A 1.3 port number of a vsw OpenFlow number. */
static uint32_t
port13(uint16_t ofport)
{
	return ofport > VSW_OFPORT_MAX ? 0xffff0000u | ofport : ofport;
}

/* The 1.3 feature bit of a full-duplex speed (OFPPF_10MB_FD ... OFPPF_1TB_FD). */
static uint32_t
speed_feature(uint32_t kbps)
{
	static const uint32_t speeds_mbps[] = {10, 100, 1000, 10000, 40000, 100000, 1000000};
	static const uint8_t bits[] = {1, 3, 5, 6, 7, 8, 9};
	unsigned int i;

	for (i = 0; i < RTE_DIM(speeds_mbps); i++)
		if (kbps == speeds_mbps[i] * 1000)
			return 1u << bits[i];
	return kbps != 0 ? OFPPF_OTHER : 0;
}

void
vsw_ofp_port_encode(struct vsw_ofp_buf *b, const struct vsw_ofp_port *port)
{
	uint8_t *p = ofp_push(b, 64);

	ofp_put32(p, port13(port->ofport));
	memcpy(p + 8, port->mac, 6);
	memcpy(p + 16, port->name, strnlen(port->name, 15));
	ofp_put32(p + 36, port->link_up ? OFPPS_LIVE : OFPPS_LINK_DOWN);
	ofp_put32(p + 40, speed_feature(port->speed_kbps));
	ofp_put32(p + 56, port->speed_kbps);
	ofp_put32(p + 60, port->speed_kbps);
}

void
vsw_ofp_port_stats_encode(struct vsw_ofp_buf *b, const struct vsw_ofp_port *port)
{
	const uint64_t counts[] = {port->rx_packets, port->tx_packets, port->rx_bytes,
				   port->tx_bytes,   port->rx_dropped, port->tx_dropped,
				   port->rx_errors,  port->tx_errors};
	uint8_t *p = ofp_push(b, 112);
	unsigned int i;

	ofp_put32(p, port13(port->ofport));
	for (i = 0; i < RTE_DIM(counts); i++)
		ofp_put64(p + 8 + 8 * i, counts[i]);
	/* rx_frame_err, rx_over_err, rx_crc_err, collisions: not known, all ones as 1.3 asks */
	memset(p + 72, 0xff, 32);
	ofp_put32(p + 104, (uint32_t)(port->age_ns / 1000000000));
	ofp_put32(p + 108, (uint32_t)(port->age_ns % 1000000000));
}

/* A NUL-padded string of len bytes. */
static void
put_string(struct vsw_ofp_buf *b, const char *s, size_t len)
{
	size_t n = strnlen(s, len - 1);

	ofp_push_bytes(b, s, n);
	while (n < len) { /* in pieces: ofp_push takes at most its scratch's size */
		size_t k = len - n < 64 ? len - n : 64;

		ofp_push(b, k);
		n += k;
	}
}

void
vsw_ofp_desc_encode(struct vsw_ofp_buf *b, const char *dp_desc)
{
	put_string(b, "vsw", 256);
	put_string(b, "userspace switch on DPDK", 256);
	put_string(b, "vsw", 256);
	put_string(b, "None", 32);
	put_string(b, dp_desc, 256);
}

void
vsw_ofp_table_stats_encode(struct vsw_ofp_buf *b, uint8_t table, uint32_t active, uint64_t lookups,
			   uint64_t matched)
{
	uint8_t *p = ofp_push(b, 24);

	p[0] = table;
	ofp_put32(p + 4, active);
	ofp_put64(p + 8, lookups);
	ofp_put64(p + 16, matched);
}

size_t
vsw_ofp_config_reply(uint8_t *out, size_t cap, uint8_t version, uint32_t xid, uint16_t flags,
		     uint16_t miss_send_len)
{
	const size_t len = 12;

	if (cap < len)
		return 0;
	ofp_put_header(out, version, (uint8_t)vsw_ofp_wire_type(version, VSW_OFPT_GET_CONFIG_REPLY),
		       len, xid);
	ofp_put16(out + 8, flags);
	ofp_put16(out + 10, miss_send_len);
	return len;
}

size_t
vsw_ofp_empty(uint8_t *out, size_t cap, uint8_t version, enum vsw_ofp_type type, uint32_t xid)
{
	int wire = vsw_ofp_wire_type(version, type);

	if (cap < VSW_OFP_HEADER_LEN || wire < 0)
		return 0;
	ofp_put_header(out, version, (uint8_t)wire, VSW_OFP_HEADER_LEN, xid);
	return VSW_OFP_HEADER_LEN;
}

/* Start a table-features property of type at b; returns where it starts. */
static size_t
prop_begin(struct vsw_ofp_buf *b, uint16_t type)
{
	size_t start = b->len;

	ofp_put16(ofp_push(b, 4), type);
	return start;
}

/* Its length (padding excluded, as 1.3 counts it), then the padding. */
static void
prop_end(struct vsw_ofp_buf *b, size_t start)
{
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
	ofp_pad8(b, start);
}

/* A property listing 4-byte ids (instruction or action type, length 4). */
static void
prop_ids(struct vsw_ofp_buf *b, uint16_t type, const uint16_t *ids, unsigned int n)
{
	size_t start = prop_begin(b, type);
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint8_t *p = ofp_push(b, 4);

		ofp_put16(p, ids[i]);
		ofp_put16(p + 2, 4);
	}
	prop_end(b, start);
}

void
vsw_ofp_table_features_encode(struct vsw_ofp_buf *b, uint8_t table, uint32_t max_entries)
{
	/* goto_table (not from the last table): write_metadata, write, apply, clear actions */
	static const uint16_t instructions[] = {2, 3, 4, 5, 1};
	/* output, push_vlan, pop_vlan, set_nw_ttl, dec_nw_ttl, set_field */
	static const uint16_t actions[] = {0, 17, 18, 23, 24, 25};
	size_t start = b->len, prop;
	uint8_t *p = ofp_push(b, 64);
	unsigned int t;

	p[2] = table;
	ofp_put64(p + 40, UINT64_MAX); /* metadata_match */
	ofp_put64(p + 48, UINT64_MAX); /* metadata_write */
	ofp_put32(p + 60, max_entries);
	prop_ids(b, 0, instructions, RTE_DIM(instructions) - (table + 1u < VSW_N_TABLES ? 0 : 1));
	prop = prop_begin(b, 2); /* next tables */
	for (t = table + 1u; t < VSW_N_TABLES; t++)
		*ofp_push(b, 1) = (uint8_t)t;
	prop_end(b, prop);
	prop_ids(b, 4, actions, RTE_DIM(actions)); /* write_actions: the same */
	prop_ids(b, 6, actions, RTE_DIM(actions));
	prop = prop_begin(b, 8); /* match */
	ofp_oxm_list(b, false, true);
	prop_end(b, prop);
	prop = prop_begin(b, 10); /* wildcards: every field may be left out */
	ofp_oxm_list(b, false, false);
	prop_end(b, prop);
	prop_ids(b, 12, NULL, 0); /* write_setfield */
	prop = prop_begin(b, 14);
	ofp_oxm_list(b, true, false);
	prop_end(b, prop);
	if (!b->overflow)
		ofp_put16(b->p + start, (uint16_t)(b->len - start));
}

void
vsw_ofp_port_status_encode(struct vsw_ofp_buf *b, uint8_t version, uint8_t reason,
			   const struct vsw_ofp_port *port)
{
	size_t start = b->len;
	uint8_t *p = ofp_push(b, VSW_OFP_HEADER_LEN + 8);

	ofp_put_header(p, version, (uint8_t)vsw_ofp_wire_type(version, VSW_OFPT_PORT_STATUS), 0, 0);
	p[8] = reason;
	vsw_ofp_port_encode(b, port);
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
}

/* ---- the controllers' packets ---- */

void
vsw_ofp_packet_in_encode(struct vsw_ofp_buf *b, uint8_t version, const struct vsw_ofp_packet_in *pi)
{
	size_t start = b->len;
	uint8_t *p = ofp_push(b, VSW_OFP_HEADER_LEN + 16);
	struct vsw_flow_key key = {.in_port = pi->in_port}, mask = {.in_port = 0xffff};
	static const struct vsw_pipe_state no_state;

	ofp_put_header(p, version, (uint8_t)vsw_ofp_wire_type(version, VSW_OFPT_PACKET_IN), 0, 0);
	ofp_put32(p + 8, VSW_OFP_NO_BUFFER);
	ofp_put16(p + 12, pi->total_len);
	p[14] = pi->reason;
	p[15] = pi->table;
	ofp_put64(p + 16, pi->cookie);
	vsw_ofp_match_encode(b, &key, &mask, &no_state, &no_state);
	ofp_push(b, 2); /* 1.3's pad, so that the frame's IP header is aligned */
	ofp_push_bytes(b, pi->data, pi->len);
	if (!b->overflow)
		ofp_put16(b->p + start + 2, (uint16_t)(b->len - start));
}

int
vsw_ofp_packet_out_decode(const uint8_t *msg, size_t len, struct vsw_ofp_packet_out *po,
			  struct vsw_ofp_status *st)
{
	struct vsw_ofp_pull c = {msg, len};
	const uint8_t *p = vsw_ofp_pull(&c, VSW_OFP_HEADER_LEN + 16);

	if (p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "packet-out of %zu bytes: too short", len);
	po->buffer_id = ofp_get32(p + 8);
	po->in_port = ofp_get32(p + 12);
	po->actions.left = ofp_get16(p + 16);
	po->actions.p = vsw_ofp_pull(&c, po->actions.left);
	if (po->actions.p == NULL)
		return ofp_fail(st, VSW_OFPE_BAD_LEN, "packet-out: %zu bytes of actions do not fit",
				po->actions.left);
	po->data = c.p;
	po->data_len = c.left;
	if (po->buffer_id != VSW_OFP_NO_BUFFER)
		return ofp_fail(st, VSW_OFPE_BUFFER_UNKNOWN,
				"packet-out: buffer %#x: vsw buffers none", po->buffer_id);
	if (po->data_len < 14)
		return ofp_fail(st, VSW_OFPE_BAD_PACKET, "packet-out: a frame of %zu bytes",
				po->data_len);
	return 0;
}
