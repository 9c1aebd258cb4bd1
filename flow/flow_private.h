/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_private.h: what the flow module's files share (nothing outside
 * flow/ includes it):
 *  - flow_parse.c: tokenizer, rule attributes, match fields, prerequisites;
 *  - flow_actions.c: the action list;
 *  - flow_format.c: printing, in ovs-ofctl's canonical order;
 *  - flow_value.c: numbers, MAC and IP addresses, masks, TCP flags, port names.
 */

#ifndef VSW_FLOW_PRIVATE_H
#define VSW_FLOW_PRIVATE_H

#include <stdarg.h>

#include "vsw_flow.h"

#define ETH_IPV4     0x0800
#define ETH_ARP	     0x0806
#define ETH_RARP     0x8035
#define ETH_IPV6     0x86dd
#define PROTO_ICMP   1
#define PROTO_TCP    6
#define PROTO_UDP    17
#define PROTO_ICMPV6 58
#define PROTO_SCTP   132

/*
 * Key and mask fields hold 16-bit values in network byte order; the field
 * tables reach them through byte pointers, so these read and write bytes.
 */
static inline uint16_t
flow_get_be16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline void
flow_put_be16(void *p, uint16_t host)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(host >> 8);
	b[1] = (uint8_t)host;
}

/* One "key=value" (or bare "key") of a flow string. */
struct flow_token {
	const char *key;
	size_t key_len;
	const char *val; /* NULL for a bare key */
	size_t val_len;
	unsigned int col; /* 1-based column of the key */
};

/*
 * The next token of s at or after *pos (commas and white space separate
 * them, as in ovs-ofctl); false at the end. "actions=" takes the rest.
 */
bool flow_next_token(const char *s, size_t *pos, struct flow_token *t);

/* The error sink of one parse. */
struct flow_ctx {
	char *err;
	size_t err_len;
	unsigned int *col;
	const struct vsw_flow_ports *ports;
	unsigned int instructions; /* FLOW_INST_*: what the action list has passed so far */
};

#define FLOW_INST_CLEAR	 0x1 /* clear_actions came */
#define FLOW_INST_WRITE	 0x2 /* write_actions came */
#define FLOW_INST_INSIDE 0x4 /* parsing write_actions' own actions */

/* Write "message" to ctx->err, set the column; returns rc. */
int flow_error(struct flow_ctx *ctx, int rc, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A growing output buffer with snprintf semantics (used counts what was wanted). */
struct flow_out {
	char *buf;
	size_t len;
	size_t used;
};

/* Append to o (flow_format.c). */
void flow_printf(struct flow_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- flow_value.c: each returns 0 or -EINVAL (no message) ---- */

/* Decimal or 0x-hex, all of [s, s+n), within [0, max]. */
int flow_parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out);

/* "aa:bb:cc:dd:ee:ff" into 6 bytes. */
int flow_parse_mac(const char *s, size_t n, uint8_t mac[6]);

/* Dotted quad, each part 0..255, into network order bytes. */
int flow_parse_ipv4(const char *s, size_t n, uint8_t ip[4]);

/* IPv6 text (inet_pton) into 16 bytes. */
int flow_parse_ipv6(const char *s, size_t n, uint8_t ip[16]);

/*
 * A port by name, or by OpenFlow number 0..max (LOCAL too when max reaches
 * it): its ofport and index. A number the bridge has no port for is valid
 * (OVS takes flows for ports yet to come) with index VSW_PORT_ABSENT; an
 * unknown name or a number past max is -ENOENT.
 */
int flow_parse_port(const struct vsw_flow_ports *ports, const char *s, size_t n, uint16_t max,
		    uint16_t *ofport, uint16_t *index);

/* The name of ofport in ports, or NULL. */
const char *flow_port_name(const struct vsw_flow_ports *ports, uint16_t ofport);

/* Split "value/mask" at the last '/': lengths of both (mask 0 when absent). */
void flow_split_mask(const char *s, size_t n, size_t *vlen, const char **mask, size_t *mlen);

/* Whether [s, s+n) equals the NUL-terminated word, ignoring case. */
bool flow_word_is(const char *s, size_t n, const char *word);

/*
 * Whether s[0..n) is word exactly. Field names and keywords of the match
 * ("ip", "nw_src", "actions") are case-sensitive in ovs-ofctl; action names
 * and reserved ports are not (flow_word_is).
 */
bool flow_key_is(const char *s, size_t n, const char *word);

/*
 * Whether f's match guarantees the header packet field `field` lives in
 * (TP_SRC/TP_DST of the protocol named_proto, when a name said tcp_, udp_
 * or sctp_; 0: any); else what it needs, for the message.
 */
const char *flow_field_prereq(const struct vsw_flow *f, uint8_t field, uint8_t named_proto);

/* nw_frag's values, as ovs-ofctl names them: the key's VSW_FRAG_* bits under a mask. */
struct flow_frag_name {
	const char *name;
	uint8_t value;
	uint8_t mask;
};
#define FLOW_N_FRAG_NAMES 5
extern const struct flow_frag_name flow_frag_names[FLOW_N_FRAG_NAMES];

/*
 * A match token's address with an optional "/N" or "/address" mask (IPv6
 * when v6) into key and mask bytes. 0, or -EINVAL.
 */
int flow_parse_addr(const struct flow_token *t, bool v6, uint8_t *key, uint8_t *mask);

/* "+syn-ack" or "0x012[/0xfff]" into TCP flags value and mask (host order). 0, or -EINVAL. */
int flow_parse_tcp_flags(const char *s, size_t n, uint16_t *value, uint16_t *mask);

/*
 * A 16-bit value up to max with an optional "/mask" (refused unless
 * maskable) from token t. 0, -EINVAL or -ERANGE.
 */
/* "VALUE[/MASK]" of [s, s+n), each at most max (the mask defaults to max). 0 or -EINVAL. */
int flow_parse_u64_masked(const char *s, size_t n, uint64_t max, uint64_t *v, uint64_t *m);

/* "NAME=ADDR[/PLEN|/MASK]," for an address match (nothing when m is all zero). */
void flow_format_addr(struct flow_out *o, const char *name, const uint8_t *k, const uint8_t *m,
		      bool v6);

int flow_parse_u16_masked(const struct flow_token *t, bool maskable, uint64_t max, uint16_t *v,
			  uint16_t *mk);

/* ---- flow_actions.c ---- */

/*
 * Parse the action list [s, s+n) that starts at column col into f->actions,
 * checking each action's prerequisites against f's match. 0 or flow_error's rc.
 */
int flow_parse_actions(struct flow_ctx *ctx, const char *s, size_t n, unsigned int col,
		       struct vsw_flow *f);

/* ---- flow_parse.c ---- */

/* f's dl_type when matched exactly, else 0 (host order). */
uint16_t flow_dl_type(const struct vsw_flow *f);

/* f's nw_proto when matched exactly, else -1. */
int flow_nw_proto(const struct vsw_flow *f);

/* ---- flow_set_field.c: rewrites of one packet field ---- */

/*
 * set_field:VALUE[/MASK]->FIELD (argument [arg, arg+n)) into a; packet
 * fields checked against f's match. 0, 1 when it wrote a second action at
 * a + 1 (vlan_tci, ipv6_src/dst), or flow_error's rc.
 */
int flow_act_set_field(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col,
		       const struct vsw_flow *f, struct vsw_action *a);

/* mod_dl_src:MAC and the other mod_* shorthands of a full-field set_field. */
int flow_act_mod(struct flow_ctx *ctx, const char *name, size_t nlen, const char *arg,
		 size_t alen, unsigned int col, const struct vsw_flow *f, struct vsw_action *a);

/* ---- flow_state.c: metadata and registers ---- */

/* A match on metadata, regN or xregN: 0 or flow_error's rc; 1 when t is none of them. */
int flow_state_match(struct flow_ctx *ctx, const struct flow_token *t, struct vsw_flow *f);

/*
 * Print f's match on the state and the tunnel ("reg0=0x5,tun_id=0x2a,metadata=0x1/0xff,"),
 * in ovs-ofctl's order.
 */
void flow_state_format_match(struct flow_out *o, const struct vsw_flow *f);

/*
 * load:VALUE->DST[..] (argument [arg, arg+n)) into a, a packet field checked
 * against f's match. 0 or flow_error's rc.
 */
int flow_act_load(struct flow_ctx *ctx, const struct vsw_flow *f, const char *arg, size_t n,
		  unsigned int col, struct vsw_action *a);

/* move:SRC[..]->DST[..], packet fields checked against f's match. */
int flow_act_move(struct flow_ctx *ctx, const struct vsw_flow *f, const char *arg, size_t n,
		  unsigned int col, struct vsw_action *a);

/* write_metadata:VALUE[/MASK]. */
int flow_act_write_metadata(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col,
			    struct vsw_action *a);

/* set_field:VAL[/MASK]->NAME when NAME is a register or metadata; 1 when it is not. */
/* set_tunnel:V (wide: set_tunnel64:V), argument [arg, arg+n), into a. 0 or flow_error's rc. */
int flow_act_set_tunnel(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col, bool wide,
			struct vsw_action *a);

int flow_state_set_field(struct flow_ctx *ctx, const char *val, size_t vlen, const char *name,
			 size_t nlen, unsigned int col, struct vsw_action *a);

/*
 * Print a MOVE, or a SET_FIELD on the state or written by load (or into a
 * field with no OpenFlow 1.0 action), as ovs-ofctl does: loads, one per run
 * of bits in the mask.
 */
void flow_state_format_action(struct flow_out *o, const struct vsw_action *a);

#endif /* VSW_FLOW_PRIVATE_H */
