/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * openflow/: OpenFlow 1.3 (and 1.0, which ovs-ofctl speaks by default)
 * messages to and from vsw's own types, for the channel vswitchd keeps with
 * controllers and tools (issue 21). No DPDK and no sockets here: the
 * channel reads bytes into a buffer and asks this module what they are.
 *
 * Framing. Every message starts with an 8-byte header: version, type,
 * length of the whole message, transaction id. vsw_ofp_frame() says
 * whether a buffer holds a whole message yet, and refuses a length that
 * cannot be one (under 8 bytes). A message of a version the connection did
 * not agree on is answered with an error, not dropped.
 *
 * Version negotiation (OpenFlow 1.3.5, 6.3.1). Both sides send HELLO; 1.3's
 * carries a bitmap of every version the sender speaks. The connection uses
 * the highest version in both bitmaps; a HELLO without a bitmap stands for
 * the versions up to its header's, and the connection then uses the lower
 * of the two headers' versions if we speak it. No common version: an
 * OFPT_ERROR HELLO_FAILED/INCOMPATIBLE, then the connection closes.
 *
 * Errors carry the first 64 bytes of the request they answer, so the peer
 * can match them; their type and code numbers differ between 1.0 and 1.3,
 * so they are named here (VSW_OFP_ERRORS) and numbered per version.
 *
 * Every read of a message goes through struct vsw_ofp_pull, which refuses
 * to pass the message's end: a short or lying message is an error value,
 * never a read past the buffer. Encoders write into a buffer the caller
 * sizes and return the length written, 0 when it is too small.
 */

#ifndef VSW_OPENFLOW_H
#define VSW_OPENFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsw_flow.h"

#define VSW_OFP10	   0x01
#define VSW_OFP13	   0x04
#define VSW_OFP_HEADER_LEN 8
#define VSW_OFP_ERROR_DATA 64 /* bytes of the request an error carries back */

/* The version bit of a HELLO bitmap. */
#define VSW_OFP_VERSION_BIT(v) (1u << (v))

/*
 * The message types vsw knows, X(NAME, wire number in 1.3, in 1.0 or -1
 * when 1.0 has no such message). 1.0's STATS are 1.3's MULTIPART.
 */
#define VSW_OFP_TYPES(X)                                                                           \
	X(HELLO, 0, 0)                                                                             \
	X(ERROR, 1, 1)                                                                             \
	X(ECHO_REQUEST, 2, 2)                                                                      \
	X(ECHO_REPLY, 3, 3)                                                                        \
	X(EXPERIMENTER, 4, 4)                                                                      \
	X(FEATURES_REQUEST, 5, 5)                                                                  \
	X(FEATURES_REPLY, 6, 6)                                                                    \
	X(GET_CONFIG_REQUEST, 7, 7)                                                                \
	X(GET_CONFIG_REPLY, 8, 8)                                                                  \
	X(SET_CONFIG, 9, 9)                                                                        \
	X(PACKET_IN, 10, 10)                                                                       \
	X(FLOW_REMOVED, 11, 11)                                                                    \
	X(PORT_STATUS, 12, 12)                                                                     \
	X(PACKET_OUT, 13, 13)                                                                      \
	X(FLOW_MOD, 14, 14)                                                                        \
	X(GROUP_MOD, 15, -1)                                                                       \
	X(PORT_MOD, 16, 15)                                                                        \
	X(TABLE_MOD, 17, -1)                                                                       \
	X(MULTIPART_REQUEST, 18, 16)                                                               \
	X(MULTIPART_REPLY, 19, 17)                                                                 \
	X(BARRIER_REQUEST, 20, 18)                                                                 \
	X(BARRIER_REPLY, 21, 19)                                                                   \
	X(QUEUE_GET_CONFIG_REQUEST, 22, 20)                                                        \
	X(QUEUE_GET_CONFIG_REPLY, 23, 21)                                                          \
	X(ROLE_REQUEST, 24, -1)                                                                    \
	X(ROLE_REPLY, 25, -1)                                                                      \
	X(GET_ASYNC_REQUEST, 26, -1)                                                               \
	X(GET_ASYNC_REPLY, 27, -1)                                                                 \
	X(SET_ASYNC, 28, -1)                                                                       \
	X(METER_MOD, 29, -1)

enum vsw_ofp_type {
#define VSW_OFP_TYPE_ENUM(name, of13, of10) VSW_OFPT_##name,
	VSW_OFP_TYPES(VSW_OFP_TYPE_ENUM)
#undef VSW_OFP_TYPE_ENUM
		VSW_OFPT__COUNT
};

/*
 * The errors vsw sends, X(NAME, 1.3 type, 1.3 code, 1.0 type, 1.0 code):
 * the same idea under each version's numbers (1.0 has no BAD_MATCH nor
 * BAD_INSTRUCTION: its nearest is used).
 */
#define VSW_OFP_ERRORS(X)                                                                          \
	X(HELLO_INCOMPATIBLE, 0, 0, 0, 0)  /* no common version */                                 \
	X(BAD_VERSION, 1, 0, 1, 0)	   /* a message of another version */                      \
	X(BAD_TYPE, 1, 1, 1, 1)		   /* a type vsw does not take (groups, meters ...) */     \
	X(BAD_MULTIPART, 1, 2, 1, 2)	   /* a multipart (1.0: stats) type vsw does not take */   \
	X(BAD_EXPERIMENTER, 1, 3, 1, 3)	   /* an experimenter message vsw does not know */         \
	X(BAD_EXP_TYPE, 1, 4, 1, 4)	   /* a Nicira message (1.0: subtype) vsw does not take */ \
	X(BAD_LEN, 1, 6, 1, 6)		   /* a length that does not fit the message */            \
	X(BUFFER_UNKNOWN, 1, 8, 1, 8)	   /* a buffer_id: vsw buffers no packet */                \
	X(BAD_TABLE_ID, 1, 9, 1, 2)	   /* a table past 254 where one table is meant */         \
	X(IS_SLAVE, 1, 10, 1, 5)	   /* a change from a connection in the slave role */      \
	X(BAD_PORT, 1, 11, 1, 2)	   /* a packet-out's in_port */                            \
	X(BAD_PACKET, 1, 12, 1, 2)	   /* a packet-out's frame */                              \
	X(MULTIPART_OVERFLOW, 1, 13, 1, 2) /* a multipart request spread over too many parts */    \
	X(BUSY, 1, 5, 1, 5)		   /* EPERM: a packet-out's queue to the PMDs is full */   \
	X(BAD_ACTION_TYPE, 2, 0, 2, 0)	   /* an action vsw does not do */                         \
	X(BAD_ACTION_LEN, 2, 1, 2, 1)	   /* an action's length */                                \
	X(BAD_ACTION_EXPERIMENTER, 2, 2, 2, 2) /* an experimenter action of another vendor */      \
	X(BAD_ACTION_EXP_TYPE, 2, 3, 2, 3)     /* a Nicira action vsw does not do */               \
	X(BAD_OUT_PORT, 2, 4, 2, 4)	       /* output to a port number no port can have */      \
	X(BAD_ACTION_ARGUMENT, 2, 5, 2, 5)     /* an action's argument out of range */             \
	X(TOO_MANY_ACTIONS, 2, 7, 2, 7)	       /* more than VSW_MAX_ACTIONS */                     \
	X(BAD_OUT_GROUP, 2, 9, 2, 4)	       /* a group action: vsw has no groups */             \
	X(MATCH_INCONSISTENT, 2, 10, 2, 5)     /* an action on a header the match does not hold */ \
	X(BAD_SET_TYPE, 2, 13, 2, 0)	       /* set_field on a field vsw cannot write */         \
	X(BAD_SET_LEN, 2, 14, 2, 1)	       /* set_field's OXM length */                        \
	X(BAD_SET_ARGUMENT, 2, 15, 2, 5)       /* set_field's value */                             \
	X(UNKNOWN_INST, 3, 0, 2, 0)	       /* an instruction type OpenFlow 1.3 lacks */        \
	X(UNSUP_INST, 3, 1, 2, 0)	       /* write_actions, meter: not done by vsw */         \
	X(BAD_INST_TABLE, 3, 2, 3, 0)	       /* goto_table to this table or an earlier one */    \
	X(BAD_INST_LEN, 3, 7, 2, 1)	       /* an instruction's length */                       \
	X(BAD_MATCH_TYPE, 4, 0, 1, 2)	       /* a match that is not OXM */                       \
	X(BAD_MATCH_LEN, 4, 1, 1, 6)	       /* a match's or an OXM's length */                  \
	X(BAD_FIELD, 4, 6, 3, 0)	       /* an OXM field vsw does not match on */            \
	X(BAD_VALUE, 4, 7, 3, 0)	       /* a value out of the field's range */              \
	X(BAD_MASK, 4, 8, 3, 0)		       /* a mask on a field that takes none, or mask 0 */  \
	X(BAD_PREREQ, 4, 9, 3, 0)	       /* a field without its prerequisite */              \
	X(DUP_FIELD, 4, 10, 3, 0)	       /* a field given twice */                           \
	X(TABLE_FULL, 5, 1, 3, 0)	       /* out of rule memory */                            \
	X(BAD_FLOW_TABLE, 5, 2, 3, 0)	       /* a flow_mod for table 255 that is no delete */    \
	X(OVERLAP, 5, 3, 3, 1)		       /* check_overlap found one */                       \
	X(BAD_TIMEOUT, 5, 5, 3, 0)	       /* (unused by 1.0) */                               \
	X(BAD_COMMAND, 5, 6, 3, 3)	       /* a flow_mod command past delete_strict */         \
	X(BAD_FLAGS, 5, 7, 3, 0)	       /* flags vsw does not know */                       \
	X(BAD_CONFIG_FLAGS, 10, 0, 1, 0)       /* set_config flags */                              \
	X(ROLE_BAD, 11, 2, 1, 1)	       /* a role past slave */                             \
	X(ROLE_STALE, 11, 0, 1, 1)	       /* a generation_id older than the last */           \
	/* ONF's bundles in 1.3: experimenter errors of ONF (type 0xffff, its code) */             \
	X(BUNDLE_BAD_ID, 0xffff, 2302, 1, 1)	     /* no bundle of that id (or opened twice) */  \
	X(BUNDLE_OUT_OF_BUNDLES, 0xffff, 2305, 1, 1) /* a second bundle on one connection */       \
	X(BUNDLE_CLOSED, 0xffff, 2304, 1, 1)	     /* a message to a closed bundle */            \
	X(BUNDLE_BAD_TYPE, 0xffff, 2306, 1, 1)	     /* a control type that is no request */       \
	X(BUNDLE_BAD_FLAGS, 0xffff, 2307, 1, 1)	   /* flags other than those it was opened with */ \
	X(BUNDLE_MSG_BAD_LEN, 0xffff, 2308, 1, 1)  /* the inner message's length */                \
	X(BUNDLE_MSG_BAD_XID, 0xffff, 2309, 1, 1)  /* the inner xid is not the outer one */        \
	X(BUNDLE_MSG_UNSUP, 0xffff, 2310, 1, 1)	   /* an inner message other than a FLOW_MOD */    \
	X(BUNDLE_MSG_TOO_MANY, 0xffff, 2312, 1, 1) /* past VSW_OFP_BUNDLE_MAX bytes */             \
	X(BUNDLE_MSG_FAILED, 0xffff, 2313, 1, 1)   /* a commit one of whose messages failed */

enum vsw_ofp_error {
#define VSW_OFP_ERROR_ENUM(name, t13, c13, t10, c10) VSW_OFPE_##name,
	VSW_OFP_ERRORS(VSW_OFP_ERROR_ENUM)
#undef VSW_OFP_ERROR_ENUM
		VSW_OFPE__COUNT
};

/* A message's header, in host byte order. */
struct vsw_ofp_header {
	uint8_t version;
	uint8_t type; /* the wire number (vsw_ofp_type_of() names it) */
	uint16_t length;
	uint32_t xid;
};

/* A bounded reader over one message. */
struct vsw_ofp_pull {
	const uint8_t *p;
	size_t left;
};

/* An encoder's output: bounded, with a flag instead of a check at every write. */
struct vsw_ofp_buf {
	uint8_t *p;
	size_t cap;
	size_t len;
	bool overflow;	      /* something did not fit: the message is not whole */
	uint8_t scratch[128]; /* where pushes that did not fit are written */
};

/* Why a message was refused: the error to answer with, and one line for the log. */
struct vsw_ofp_status {
	enum vsw_ofp_error error;
	char msg[160];
};

/* The xid of message msg (at least a header). */
static inline uint32_t
vsw_ofp_xid(const uint8_t *msg)
{
	return (uint32_t)msg[4] << 24 | (uint32_t)msg[5] << 16 | (uint32_t)msg[6] << 8 | msg[7];
}

/* The next n bytes of c, consumed; NULL (and nothing consumed) when fewer are left. */
const uint8_t *vsw_ofp_pull(struct vsw_ofp_pull *c, size_t n);

/*
 * Whether buf[0..n) starts with a whole message: its length (and *h), 0
 * when more bytes are needed, -EBADMSG when the header's length is under 8.
 */
int vsw_ofp_frame(const uint8_t *buf, size_t n, struct vsw_ofp_header *h);

/* The type a wire number of version is, or -1 (an unknown type, or an unknown version). */
int vsw_ofp_type_of(uint8_t version, uint8_t wire);

/* The wire number of type in version, or -1 when that version has no such message. */
int vsw_ofp_wire_type(uint8_t version, enum vsw_ofp_type type);

/*
 * A HELLO offering the versions of bitmap `versions` (VSW_OFP_VERSION_BIT),
 * its header of the highest of them, with a version bitmap element.
 */
size_t vsw_ofp_hello(uint8_t *out, size_t cap, uint32_t versions, uint32_t xid);

/*
 * The version bitmap of a received HELLO (whole message msg[0..len)), 0
 * when it has none. 0, or -EBADMSG for a malformed element.
 */
int vsw_ofp_hello_versions(const uint8_t *msg, size_t len, uint32_t *versions);

/*
 * The version to use with a peer whose HELLO had header version
 * their_version and bitmap their_versions (0: none), when we speak the
 * versions of bitmap ours; -1 when there is none.
 */
int vsw_ofp_negotiate(uint32_t ours, uint8_t their_version, uint32_t their_versions);

/*
 * An OFPT_ERROR of version answering request req[0..req_len) (its xid, its
 * first VSW_OFP_ERROR_DATA bytes). 0 when cap is too small.
 */
size_t vsw_ofp_error(uint8_t *out, size_t cap, uint8_t version, enum vsw_ofp_error e,
		     const uint8_t *req, size_t req_len);

/* The ECHO_REPLY to echo request req[0..len): the same xid and data. 0 when cap is too small. */
size_t vsw_ofp_echo_reply(uint8_t *out, size_t cap, const uint8_t *req, size_t len);

/* ---- flows (ofp_match.c, ofp_action.c, ofp_encode.c, ofp_flow.c) ---- */

#define VSW_OFPP_ANY		0xffffffffu /* 1.3: no port (out_port of a delete or stats) */
#define VSW_OFPG_ANY		0xffffffffu
#define VSW_OFP_NO_BUFFER	0xffffffffu
#define VSW_OFPTT_ALL		0xff
#define VSW_OFPFF_SEND_FLOW_REM 0x0001
#define VSW_OFPFF_CHECK_OVERLAP 0x0002
#define VSW_OFPFF_RESET_COUNTS	0x0004
#define VSW_OFPFF_NO_PKT_COUNTS 0x0008
#define VSW_OFPFF_NO_BYT_COUNTS 0x0010

/* A flow_mod's commands, as numbered on the wire. */
enum vsw_ofp_flow_command {
	VSW_OFPFC_ADD = 0,
	VSW_OFPFC_MODIFY = 1,
	VSW_OFPFC_MODIFY_STRICT = 2,
	VSW_OFPFC_DELETE = 3,
	VSW_OFPFC_DELETE_STRICT = 4,
};

/*
 * Decode a 1.3 match (struct ofp_match, OXM) at c into f's key, mask and
 * state (added to what f holds), prerequisites checked. 0 or -EPROTO with st.
 */
int vsw_ofp_match_decode(struct vsw_ofp_pull *c, struct vsw_flow *f, struct vsw_ofp_status *st);

/* Append a 1.3 match (padded to 8 bytes) of key/mask and state/state_mask. */
void vsw_ofp_match_encode(struct vsw_ofp_buf *b, const struct vsw_flow_key *key,
			  const struct vsw_flow_key *mask, const struct vsw_pipe_state *state,
			  const struct vsw_pipe_state *state_mask);

/*
 * Decode a 1.3 action list of len bytes at c (a packet-out's: output to
 * TABLE allowed, as a resubmit to table 0) into f->actions after those f
 * holds, each checked against f's match (the packet's key, exact); output
 * ports resolved through ports (a number no port has: VSW_PORT_ABSENT).
 */
int vsw_ofp_actions_decode(struct vsw_ofp_pull *c, size_t len, const struct vsw_flow_ports *ports,
			   struct vsw_flow *f, struct vsw_ofp_status *st);

/* Decode the rest of c as a flow_mod's instructions into f->actions (f->table set). */
int vsw_ofp_instructions_decode(struct vsw_ofp_pull *c, const struct vsw_flow_ports *ports,
				struct vsw_flow *f, struct vsw_ofp_status *st);

/* Append action list a[0..n) of a rule matching (k, m) as 1.3 instructions. */
void vsw_ofp_instructions_encode(struct vsw_ofp_buf *b, const struct vsw_action *a, uint32_t n,
				 const struct vsw_flow_key *k, const struct vsw_flow_key *m);

/* A decoded FLOW_MOD. */
struct vsw_ofp_flow_mod {
	struct vsw_flow flow; /* match, table (table_given false: all), priority, cookie (and
			       * cookie_set / cookie_mask as the text form), timeouts, actions */
	uint8_t command;      /* enum vsw_ofp_flow_command */
	uint16_t flags;	      /* VSW_OFPFF_* */
	uint32_t buffer_id;
	uint32_t out_port; /* VSW_OFPP_ANY: no filter */
	uint32_t out_group;
};

/* Decode FLOW_MOD msg[0..len) of version 1.3. 0 or -EPROTO with st. */
int vsw_ofp_flow_mod_decode(const uint8_t *msg, size_t len, const struct vsw_flow_ports *ports,
			    struct vsw_ofp_flow_mod *fm, struct vsw_ofp_status *st);

/* Whether rule actions a[0..n) output to OpenFlow port out_port (1.3 number). */
bool vsw_ofp_outputs_to(const struct vsw_action *a, uint32_t n, uint32_t out_port);

/* ---- multipart ---- */

#define VSW_OFPMP_DESC		 0
#define VSW_OFPMP_FLOW		 1
#define VSW_OFPMP_AGGREGATE	 2
#define VSW_OFPMP_TABLE		 3
#define VSW_OFPMP_PORT_STATS	 4
#define VSW_OFPMP_TABLE_FEATURES 12
#define VSW_OFPMP_PORT_DESC	 13
#define VSW_OFPMPF_MORE		 0x0001
#define VSW_OFP_MULTIPART_MAX	 65528	 /* a part's largest length, a multiple of 8 */
#define VSW_OFP_MAX_ENTRIES	 1000000 /* the rules a table announces it holds */

struct vsw_ofp_multipart {
	uint16_t type;	/* VSW_OFPMP_* */
	uint16_t flags; /* VSW_OFPMPF_MORE: more parts follow */
	struct vsw_ofp_pull body;
};

/* The multipart header of request msg[0..len). 0 or -EPROTO with st. */
int vsw_ofp_multipart_decode(const uint8_t *msg, size_t len, struct vsw_ofp_multipart *mp,
			     struct vsw_ofp_status *st);

/* Start a reply part of type to request xid at b->len; returns where it starts. */
size_t vsw_ofp_multipart_start(struct vsw_ofp_buf *b, uint8_t version, uint32_t xid, uint16_t type);

/* Finish the part started at start: its length, and MORE when more follow. */
void vsw_ofp_multipart_end(struct vsw_ofp_buf *b, size_t start, bool more);

/* A FLOW or AGGREGATE request's selection. */
struct vsw_ofp_flow_request {
	struct vsw_flow match; /* table (table_given false: all), cookie and cookie_mask */
	uint32_t out_port;
	uint32_t out_group;
};

int vsw_ofp_flow_request_decode(struct vsw_ofp_pull *body, struct vsw_ofp_flow_request *rq,
				struct vsw_ofp_status *st);

/* One flow's statistics entry: rule r, its counts and age. */
void vsw_ofp_flow_stats_encode(struct vsw_ofp_buf *b, const struct vsw_rule *r, uint64_t packets,
			       uint64_t bytes, uint64_t age_ns);

/* FLOW_REMOVED for rule r (reason: OFPRR_IDLE_TIMEOUT 0, HARD_TIMEOUT 1, DELETE 2). */
void vsw_ofp_flow_removed_encode(struct vsw_ofp_buf *b, uint8_t version, const struct vsw_rule *r,
				 uint8_t reason, uint64_t packets, uint64_t bytes, uint64_t age_ns);

/* An AGGREGATE reply's body. */
void vsw_ofp_aggregate_encode(struct vsw_ofp_buf *b, uint64_t packets, uint64_t bytes,
			      uint32_t flows);

/* ---- the switch (ofp_switch.c) ---- */

/* A port as the channel describes it. */
struct vsw_ofp_port {
	uint16_t ofport;
	char name[16];
	uint8_t mac[6];
	bool link_up;
	uint32_t speed_kbps;
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
	uint64_t age_ns; /* since it was opened */
};

/* FEATURES_REPLY to xid. Returns the length, 0 when cap is too small. */
size_t vsw_ofp_features_reply(uint8_t *out, size_t cap, uint8_t version, uint32_t xid,
			      uint64_t datapath_id, uint8_t n_tables);

/* A 1.3 struct ofp_port (PORT_DESC, PORT_STATUS). */
void vsw_ofp_port_encode(struct vsw_ofp_buf *b, const struct vsw_ofp_port *p);

/* PORT_STATUS (reason: OFPPR_ADD 0, DELETE 1, MODIFY 2) of port. */
void vsw_ofp_port_status_encode(struct vsw_ofp_buf *b, uint8_t version, uint8_t reason,
				const struct vsw_ofp_port *port);

/* A 1.3 struct ofp_port_stats. */
void vsw_ofp_port_stats_encode(struct vsw_ofp_buf *b, const struct vsw_ofp_port *p);

/* The DESC reply's body; dp_desc says which switch and bridge. */
void vsw_ofp_desc_encode(struct vsw_ofp_buf *b, const char *dp_desc);

/* One table's entry of a TABLE reply. */
void vsw_ofp_table_stats_encode(struct vsw_ofp_buf *b, uint8_t table, uint32_t active,
				uint64_t lookups, uint64_t matched);

/*
 * One table's entry of a TABLE_FEATURES reply: what it matches, the
 * instructions and actions it takes (every table the same, but goto_table
 * only to later ones).
 */
void vsw_ofp_table_features_encode(struct vsw_ofp_buf *b, uint8_t table, uint32_t max_entries);

/* A packet-in's content (vswitchd fills it from the datapath's). */
struct vsw_ofp_packet_in {
	uint64_t cookie;
	uint16_t in_port;   /* vsw's OpenFlow number (0xfffd: CONTROLLER) */
	uint16_t total_len; /* the packet's */
	uint8_t reason;	    /* OFPR_NO_MATCH 0, OFPR_ACTION 1 */
	uint8_t table;
	const uint8_t *data;
	size_t len;
};

/* A 1.3 PACKET_IN (no buffer; its match holds in_port). */
void vsw_ofp_packet_in_encode(struct vsw_ofp_buf *b, uint8_t version,
			      const struct vsw_ofp_packet_in *pi);

/* A decoded PACKET_OUT; its actions are decoded once the frame's key is known. */
struct vsw_ofp_packet_out {
	uint32_t buffer_id;
	uint32_t in_port;	     /* 1.3's number */
	struct vsw_ofp_pull actions; /* the action list, for vsw_ofp_actions_decode */
	const uint8_t *data;	     /* the frame */
	size_t data_len;
};

/* A 1.3 PACKET_OUT's parts: 0, or -EPROTO (a buffer, no frame, bad lengths). */
int vsw_ofp_packet_out_decode(const uint8_t *msg, size_t len, struct vsw_ofp_packet_out *po,
			      struct vsw_ofp_status *st);

/* GET_CONFIG_REPLY: flags and miss_send_len. Returns the length (20 bytes cap needed). */
size_t vsw_ofp_config_reply(uint8_t *out, size_t cap, uint8_t version, uint32_t xid, uint16_t flags,
			    uint16_t miss_send_len);

/*
 * Bundles, as ONF's extension to 1.3 has them (EXT-230: 1.4's bundles in
 * experimenter messages of ONF, which `ovs-ofctl -O OpenFlow13 --bundle`
 * sends): a BUNDLE_CONTROL opens, closes, commits or discards a bundle, a
 * BUNDLE_ADD_MESSAGE carries one message into it.
 */
#define VSW_ONF_EXPERIMENTER	0x4f4e4600 /* "ONF\0" */
#define VSW_ONFT_BUNDLE_CONTROL 2300
#define VSW_ONFT_BUNDLE_ADD	2301
#define VSW_OFPBF_ATOMIC	0x1
#define VSW_OFPBF_ORDERED	0x2
#define VSW_OFP_BUNDLE_CTRL_LEN 24 /* header, experimenter, type, id, type, flags */
#define VSW_OFP_BUNDLE_ADD_HEAD 24 /* the same before the inner message */

/* OFPBCT_*: requests are even, each one's reply the odd number after it. */
enum vsw_ofp_bundle_ctrl_type {
	VSW_OFPBCT_OPEN_REQUEST = 0,
	VSW_OFPBCT_CLOSE_REQUEST = 2,
	VSW_OFPBCT_COMMIT_REQUEST = 4,
	VSW_OFPBCT_DISCARD_REQUEST = 6,
};

/* A BUNDLE_CONTROL. */
struct vsw_ofp_bundle_ctrl {
	uint32_t id;
	uint16_t type;	/* enum vsw_ofp_bundle_ctrl_type, or a reply */
	uint16_t flags; /* VSW_OFPBF_* */
};

/* A BUNDLE_ADD_MESSAGE: its bundle and the message it carries. */
struct vsw_ofp_bundle_add {
	uint32_t id;
	uint16_t flags;
	const uint8_t *msg; /* the inner message, msg_len bytes (its header's length) */
	size_t msg_len;
};

/* The experimenter type of an ONF experimenter message msg[0..len), or -1 when it is none. */
int vsw_ofp_onf_type(const uint8_t *msg, size_t len);

/* BUNDLE_CONTROL msg[0..len) (properties after it are skipped). 0 or -EPROTO with st. */
int vsw_ofp_bundle_ctrl_decode(const uint8_t *msg, size_t len, struct vsw_ofp_bundle_ctrl *bc,
			       struct vsw_ofp_status *st);

/*
 * BUNDLE_ADD_MESSAGE msg[0..len): the inner message must be whole, of the
 * same version and xid, and a FLOW_MOD. 0 or -EPROTO with st.
 */
int vsw_ofp_bundle_add_decode(const uint8_t *msg, size_t len, struct vsw_ofp_bundle_add *ba,
			      struct vsw_ofp_status *st);

/* The reply to control request bc (its type + 1, flags 0) to xid; its length (24). */
size_t vsw_ofp_bundle_ctrl_reply(uint8_t *out, size_t cap, uint8_t version, uint32_t xid,
				 const struct vsw_ofp_bundle_ctrl *bc);

/* A message of only a header (BARRIER_REPLY ...) of type to xid. */
size_t vsw_ofp_empty(uint8_t *out, size_t cap, uint8_t version, enum vsw_ofp_type type,
		     uint32_t xid);

/*
 * ---- OpenFlow 1.0 (ofp10_*.c) ----
 * A 1.0 connection is a translation: each message received becomes the 1.3
 * one vsw handles, each 1.3 message vsw writes becomes its 1.0 form.
 */

/* What a 1.0 connection set with OVS's Nicira messages. */
struct vsw_ofp10_conn {
	bool table_id_ext; /* NXT_FLOW_MOD_TABLE_ID: a flow_mod's command carries its table */
	bool nxst;	   /* an NXST request is being answered: its reply in Nicira's form */
	uint32_t nxst_xid; /* that request's xid */
};

/* Whether 1.0 message msg is Nicira's NXT_FLOW_MOD (vsw_ofp10_flow_mod_decode takes both). */
bool vsw_ofp10_is_nx_flow_mod(const uint8_t *msg, size_t len);

/*
 * 1.0 message msg[0..len) (not a FLOW_MOD: vsw_ofp10_flow_mod_decode) as
 * the 1.3 message vsw handles, written to out: 1; 0 when it was a setting
 * of the connection (s) with nothing to answer; -EPROTO with st.
 */
int vsw_ofp10_upgrade(const uint8_t *msg, size_t len, struct vsw_ofp10_conn *s,
		      struct vsw_ofp_buf *out, struct vsw_ofp_status *st);

/*
 * A 1.3 message vsw wrote as 1.0 (statistics replies in as many parts as
 * 1.0's longer entries need; the reply to s's NXST request as Nicira's),
 * into out: its length; 0 when it has no 1.0 form or cap is too small. A
 * message already in 1.0 is copied.
 */
size_t vsw_ofp10_downgrade(const uint8_t *msg, size_t len, struct vsw_ofp10_conn *s,
			   uint8_t *out, size_t cap);

/*
 * A 1.0 FLOW_MOD or Nicira's NXT_FLOW_MOD (OVS's meaning: without a table id
 * a change selects in every table, a modify sets the cookie) into fm, as
 * vsw_ofp_flow_mod_decode.
 */
int vsw_ofp10_flow_mod_decode(const uint8_t *msg, size_t len, const struct vsw_flow_ports *ports,
			      const struct vsw_ofp10_conn *s, struct vsw_ofp_flow_mod *fm,
			      struct vsw_ofp_status *st);

/*
 * A 1.0 action list of len bytes at c into f->actions, as
 * vsw_ofp_actions_decode (packet_out: output to TABLE allowed).
 */
int vsw_ofp10_actions_decode(struct vsw_ofp_pull *c, size_t len, const struct vsw_flow_ports *ports,
			     struct vsw_flow *f, bool packet_out, struct vsw_ofp_status *st);

/* 1.0's FEATURES_REPLY, with the bridge's ports (1.0 has no PORT_DESC of its own). */
size_t vsw_ofp10_features_reply(uint8_t *out, size_t cap, uint32_t xid, uint64_t datapath_id,
				uint8_t n_tables, const struct vsw_ofp_port *ports, unsigned int n);

#endif /* VSW_OPENFLOW_H */
