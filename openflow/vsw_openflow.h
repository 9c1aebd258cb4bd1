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

#include <stddef.h>
#include <stdint.h>

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
 * the same idea under each version's numbers.
 */
#define VSW_OFP_ERRORS(X)                                                                          \
	X(HELLO_INCOMPATIBLE, 0, 0, 0, 0) /* no common version */                                  \
	X(BAD_VERSION, 1, 0, 1, 0)	  /* a message of another version */                       \
	X(BAD_TYPE, 1, 1, 1, 1)		  /* a type vsw does not take */                           \
	X(BAD_MULTIPART, 1, 2, 1, 2)	  /* a multipart (1.0: stats) type vsw does not take */    \
	X(BAD_LEN, 1, 6, 1, 6)		  /* a length that does not fit the message */

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

#endif /* VSW_OPENFLOW_H */
