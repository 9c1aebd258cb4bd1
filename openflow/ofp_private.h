/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofp_private.h: what openflow/'s files share (nothing outside includes it):
 *  - ofp_msg.c: framing, HELLO, ECHO, ERROR;
 *  - ofp_oxm.c: the OXM fields vsw knows, and reading and writing one;
 *  - ofp_match.c: OXM matches to and from a flow's key, mask and state;
 *  - ofp_set_field.c: an OXM as a set_field action, and an NXM header as a field;
 *  - ofp_action.c: actions and instructions to and from an action list;
 *  - ofp_flow.c: FLOW_MOD and the flow statistics;
 *  - ofp_switch.c: FEATURES, ports, the other multipart replies, PACKET_IN/OUT;
 *  - ofp_bundle.c: ONF's bundles in 1.3 (BUNDLE_CONTROL, BUNDLE_ADD_MESSAGE);
 *  - ofp10_match.c, ofp10_action.c: 1.0's match and actions to and from 1.3's;
 *  - ofp10_msg.c: 1.0's messages to and from 1.3's.
 * Wire values are big-endian; these helpers read and write them byte by byte.
 */

#ifndef VSW_OFP_PRIVATE_H
#define VSW_OFP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vsw_openflow.h"

static inline uint16_t
ofp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
ofp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t
ofp_get64(const uint8_t *p)
{
	return (uint64_t)ofp_get32(p) << 32 | ofp_get32(p + 4);
}

static inline void
ofp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
ofp_put32(uint8_t *p, uint32_t v)
{
	ofp_put16(p, (uint16_t)(v >> 16));
	ofp_put16(p + 2, (uint16_t)v);
}

static inline void
ofp_put64(uint8_t *p, uint64_t v)
{
	ofp_put32(p, (uint32_t)(v >> 32));
	ofp_put32(p + 4, (uint32_t)v);
}

/* A header at out (len the whole message's). */
static inline void
ofp_put_header(uint8_t *out, uint8_t version, uint8_t type, size_t len, uint32_t xid)
{
	out[0] = version;
	out[1] = type;
	ofp_put16(out + 2, (uint16_t)len);
	ofp_put32(out + 4, xid);
}

/*
 * n (at most sizeof(b->scratch)) zeroed bytes appended to b. When they do
 * not fit, b->overflow is set and the bytes go to b->scratch: an encoder
 * writes on and its caller checks overflow once at the end.
 */
static inline uint8_t *
ofp_push(struct vsw_ofp_buf *b, size_t n)
{
	uint8_t *p;

	if (b->overflow || n > b->cap - b->len || n > sizeof(b->scratch)) {
		b->overflow = true;
		memset(b->scratch, 0, sizeof(b->scratch));
		return b->scratch;
	}
	p = b->p + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

/* Append n bytes from src (any length). */
static inline void
ofp_push_bytes(struct vsw_ofp_buf *b, const void *src, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

/* Pad b with zeros to a multiple of 8 bytes from start. */
static inline void
ofp_pad8(struct vsw_ofp_buf *b, size_t start)
{
	size_t n = (b->len - start) % 8;

	if (n != 0)
		ofp_push(b, 8 - n);
}

/* Set the error e with a message; returns -EPROTO. */
int ofp_fail(struct vsw_ofp_status *st, enum vsw_ofp_error e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define OXM_OF	   0x8000 /* OpenFlow basic */
#define OXM_PKTREG 0x8001 /* OpenFlow 1.5's packet registers (OVS's xregN) */
#define NXM_OF	   0x0000 /* Nicira, OpenFlow 1.0's fields */
#define NXM_NX	   0x0001 /* Nicira extensions */
#define OXM_EXP	   0xffff /* experimenter: a 4-byte experimenter id follows the header */
#define ONF_EXP_ID 0x4f4e4600

#define OFPMT_OXM	 1
#define OFPVID_PRES	 0x1000
#define PORT_RESERVED_13 0xffffff00u /* 1.3's reserved ports start here (1.0: 0xff00) */

/* How an OXM's value reaches the key. */
enum ofp_oxm_kind {
	K_BYTES,       /* the value's bytes at key + off (network order, as the key) */
	K_PORT32,      /* 1.3's 32-bit port number into in_port */
	K_PORT16,      /* NXM's 16-bit in_port */
	K_LOW_BYTE,    /* one byte into the low byte of a 16-bit key field (ICMP type, code) */
	K_ARP_OP,      /* 16 bits on the wire, vsw keeps the low byte in nw_proto */
	K_DSCP,	       /* nw_tos >> 2 */
	K_ECN,	       /* nw_tos & 3 */
	K_TOS,	       /* NXM's nw_tos, ECN bits clear */
	K_VLAN_VID,    /* VID | OFPVID_PRESENT: vlan_tci & 0x1fff */
	K_VLAN_PCP,    /* vlan_tci >> 13, and the tag's presence */
	K_VLAN_TCI,    /* NXM's whole TCI, 0x1000 the presence */
	K_STATE,       /* metadata, regN, xregN: off is the enum vsw_field */
	K_PACKET_TYPE, /* OpenFlow 1.5's packet_type: only Ethernet (0, 0), vsw's only kind */
};

/* What the rest of the match must hold. */
enum ofp_oxm_pre {
	PRE_NONE,
	PRE_IPV4,
	PRE_IPV6,
	PRE_IP, /* IPv4 or IPv6 */
	PRE_ARP,
	PRE_TCP,
	PRE_UDP,
	PRE_SCTP,
	PRE_ICMP4,
	PRE_ICMP6,
	PRE_VLAN, /* a tag (VLAN_VID other than OFPVID_NONE) */
};

/* The parts of the key an OXM fills; a slot filled twice is a duplicate. */
enum ofp_oxm_slot {
	S_IN_PORT,
	S_DL_DST,
	S_DL_SRC,
	S_DL_TYPE,
	S_VLAN,
	S_TOS,
	S_PROTO,
	S_TTL,
	S_FRAG,
	S_NW_SRC,
	S_NW_DST,
	S_TP_SRC,
	S_TP_DST,
	S_TCP_FLAGS,
	S_ARP_SHA,
	S_ARP_THA,
	S_TUN_ID,
	S_TUN_SRC,
	S_TUN_DST,
	S_PACKET_TYPE,
	S_STATE,
};

/* Where a row is the spelling vsw writes. */
#define ENC_MATCH 1
#define ENC_SET	  2
#define ENC_BOTH  (ENC_MATCH | ENC_SET)

/* One OXM vsw knows (ofp_oxm.c's table). */
struct ofp_oxm_field {
	const char *name; /* for messages */
	uint16_t class;
	uint8_t field;
	uint8_t len; /* of the value */
	uint8_t maskable;
	uint8_t kind; /* enum ofp_oxm_kind */
	uint8_t pre;  /* enum ofp_oxm_pre */
	uint8_t slot; /* enum ofp_oxm_slot */
	uint8_t part; /* bits of the slot it fills (VLAN: VID 1, PCP 2; TOS: DSCP 1, ECN 2) */
	uint8_t enc;  /* ENC_*: the form vsw writes in a match, in a set_field */
	uint16_t off; /* in struct vsw_flow_key; K_STATE: the enum vsw_field */
	uint8_t setf; /* the enum vsw_field set_field writes, 0: not writable */
};

/* One OXM read from c: its row, value and mask (NULL when none). */
struct ofp_oxm_item {
	const struct ofp_oxm_field *f;
	const uint8_t *value;
	const uint8_t *mask;
	uint16_t class;
	uint8_t field;
};

/* ---- ofp_oxm.c: the table of OXM fields ---- */

extern const struct ofp_oxm_field ofp_oxm_fields[];
extern const size_t ofp_n_oxm_fields;

/* The row of an OXM header's class and field (experimenter: of its id), or NULL. */
const struct ofp_oxm_field *ofp_oxm_find(uint16_t class, uint8_t field, uint32_t exp_id);

/* The row of a non-experimenter class and field, or NULL. */
const struct ofp_oxm_field *ofp_oxm_row(uint16_t class, uint8_t field);

/* One OXM from c into it: its row known, its length right. 0 or -EPROTO with st. */
int ofp_oxm_pull(struct vsw_ofp_pull *c, struct ofp_oxm_item *it, struct vsw_ofp_status *st);

/* Whether the match (k, m) holds what pre asks for. */
bool ofp_pre_met(enum ofp_oxm_pre pre, const struct vsw_flow_key *k, const struct vsw_flow_key *m);

/* A 1..8 byte big-endian value as a number. */
uint64_t ofp_get_uint(const uint8_t *p, unsigned int len);

/* One OXM of row fd: header, value, mask (NULL: none), each fd->len bytes. */
void ofp_put_oxm(struct vsw_ofp_buf *b, const struct ofp_oxm_field *fd, const uint8_t *value,
		 const uint8_t *mask);

/* The same with right-aligned numbers (rows of at most 8 bytes). */
void ofp_put_oxm_uint(struct vsw_ofp_buf *b, const struct ofp_oxm_field *fd, uint64_t value,
		      uint64_t mask, bool masked);

/* The encoding row of set_field target `field` in a rule matching (k, m), or NULL. */
const struct ofp_oxm_field *ofp_oxm_set_row(unsigned int field, const struct vsw_flow_key *k,
					    const struct vsw_flow_key *m);

/*
 * The row naming vsw field `field` in Nicira's NXM spelling where it has one
 * (NXM_OF_IP_SRC), else OpenFlow's (OXM_OF_METADATA): as OVS writes move and
 * load, and set_field on nw_tos. A TCP/UDP/SCTP port: of proto, or (0) of
 * the match (k, m). NULL when none.
 */
const struct ofp_oxm_field *ofp_oxm_nxm_row(unsigned int field, uint8_t proto,
					    const struct vsw_flow_key *k,
					    const struct vsw_flow_key *m);

/* The headers of every field vsw matches on (settable: it writes), for TABLE_FEATURES. */
void ofp_oxm_list(struct vsw_ofp_buf *b, bool settable, bool with_mask);

/* ---- ofp_set_field.c, for ofp_action.c ---- */

/*
 * One OXM at c (a set_field's, or NXAST_REG_LOAD2's when masked_ok) into
 * the action at a: SET_FIELD, the VLAN actions for vlan_vid and vlan_pcp,
 * two SET_FIELDs for an IPv6 address (room: actions a may take). Checked
 * against f's match and actions so far. The number written, or -EPROTO.
 */
int ofp_set_field_decode(struct vsw_ofp_pull *c, bool masked_ok, const struct vsw_flow *f,
			 struct vsw_action *a, unsigned int room, struct vsw_ofp_status *st);

/*
 * The OXM of OFPAT_SET_FIELD for a SET_FIELD or VLAN action a (next: the
 * action after it, or NULL) of a rule matching (k, m), as OVS would send
 * it: the number of actions it covers (2: the two halves of an IPv6
 * address), 0 when a is to be sent as loads instead (a load, or a masked
 * write), -ENOENT when no OXM names the field.
 */
int ofp_set_field_encode(struct vsw_ofp_buf *b, const struct vsw_action *a,
			 const struct vsw_action *next, const struct vsw_flow_key *k,
			 const struct vsw_flow_key *m);

/*
 * The vsw field an NXM/OXM header names for move and load, and the
 * protocol the header names (tcp_src: 6; 0: none). 0 or -ENOENT.
 */
int ofp_nxm_to_field(uint32_t header, unsigned int *field, uint8_t *proto);

/*
 * The NXM/OXM header of vsw field `field` (a TCP/UDP/SCTP port: of proto,
 * or of the rule's match (k, m) when 0); *ofs_add: 64 for an IPv6 address's
 * high half. 0 or -ENOENT.
 */
int ofp_field_to_nxm(unsigned int field, uint8_t proto, const struct vsw_flow_key *k,
		     const struct vsw_flow_key *m, uint32_t *header, unsigned int *ofs_add);

/* ---- ofp_action.c, for ofp10_action.c ---- */

/* Decoding one action list: where it goes, and what it is checked against. */
struct ofp_adec {
	struct vsw_flow *f; /* the match, and actions[0..n_actions) so far */
	const struct vsw_flow_ports *ports;
	struct vsw_ofp_status *st;
	bool packet_out; /* a packet-out's list: output to TABLE allowed */
};

/* One 1.3 action (Nicira's too) at c, appended to d->f's actions. 0, or -EPROTO with d->st. */
int ofp_dec_action(struct ofp_adec *d, struct vsw_ofp_pull *c);

/* ---- ofp10_match.c, ofp10_action.c: OpenFlow 1.0 to and from 1.3 ---- */

/* A 1.0 port number as 1.3's (the reserved ones, 0xff00 and up, move up) and back. */
uint32_t ofp10_port_up(uint16_t port);
uint16_t ofp10_port_down(uint32_t port);

/* 1.0's 40-byte match m as a 1.3 OXM match (padded), appended to b. */
void ofp10_match_up(struct vsw_ofp_buf *b, const uint8_t *m);

/* A 1.3 OXM match (its len bytes, unpadded) as 1.0's 40 bytes at out. */
void ofp10_match_down(const uint8_t *match, size_t len, uint8_t *out);

/* 1.3 instructions in[0..len) as one 1.0 action list, appended to b. */
void ofp10_instructions_down(struct vsw_ofp_buf *b, const uint8_t *in, size_t len);

#endif /* VSW_OFP_PRIVATE_H */
