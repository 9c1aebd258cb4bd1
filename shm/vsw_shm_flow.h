/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_shm_flow.h: the layout of flow tables in hugepage memory: the flow
 * key, rules, action lists, subtables, tables and the per-bridge classifier.
 * Part of the shared contract (included by vsw_shm.h, versioned by
 * VSW_SHM_VERSION). The datapath (datapath/) writes and reads them; helpers
 * read them.
 *
 * Pointers here point into hugepage memory only: a secondary maps it at the
 * same addresses, so they are valid there too. rte_hash objects are also
 * findable by name (vsw_subtable.hash_name).
 *
 * Concurrency (one writer, lock-free readers):
 *  - the writer is the primary's control thread; nothing else writes a
 *    field here except the per-PMD counters, each written by its own PMD;
 *  - readers snapshot vsw_cls.version once per burst and treat a rule as
 *    present only when add_version <= version < remove_version, so a batch of
 *    changes published with one version bump appears all at once;
 *  - memory a reader may still hold (rules, action lists, subtable arrays,
 *    hash tables, hash key slots) is freed only after every PMD has reported
 *    a quiescent state (rte_rcu_qsbr) since it was unlinked.
 */

#ifndef VSW_SHM_FLOW_H
#define VSW_SHM_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#define VSW_N_TABLES	     255    /* OpenFlow tables 0..254 */
#define VSW_MAX_ACTIONS	     64	    /* per rule */
#define VSW_ACTION_SET_MAX   16	    /* actions a packet's action set holds; more are ignored */
#define VSW_OFPORT_MAX	     0xfeff /* highest OpenFlow port number a port can have */
#define VSW_HASH_NAME_LEN    32	    /* = RTE_HASH_NAMESIZE */
#define VSW_VERSION_MAX	     UINT64_MAX
#define VSW_PREFIX_FIELDS    2	  /* nw_src, nw_dst (bytes 0..3 of each) */
#define VSW_PREFIX_MAX	     64	  /* distinct prefixes tracked per table and field */
#define VSW_PREFIX_UNTRACKED 0xff /* vsw_subtable.plen: not a tracked prefix */

/* vlan_tci bit that says a tag was present (as OVS's CFI convention). */
#define VSW_VLAN_PRESENT 0x1000
/* nw_frag bits. */
#define VSW_FRAG_ANY   0x01 /* any fragment, the first included */
#define VSW_FRAG_LATER 0x02 /* not the first fragment: no L4 header */
/* dl_type of an 802.3 frame with a length field instead of an ethertype. */
#define VSW_DL_TYPE_NONE 0x05ff

/*
 * Whether the 8 bytes at p after an 802.3 length are LLC/SNAP with OUI 0
 * (RFC 1042): then their last two are the ethertype, and L3 follows, as OVS
 * parses it.
 */
static inline bool
vsw_is_llc_snap(const uint8_t *p)
{
	return p[0] == 0xaa && p[1] == 0xaa && p[2] == 0x03 && p[3] == 0 && p[4] == 0 && p[5] == 0;
}

/*
 * A packet's headers, parsed once. Fields a packet lacks, or whose header is
 * truncated, are zero. Multi-byte fields are in network byte order, except
 * in_port. 96 bytes: a multiple of 16, as rte_hash's key compare wants.
 */
struct vsw_flow_key {
	uint16_t in_port;	 /* OpenFlow port number the packet came in on */
	uint16_t dl_type;	 /* ethertype after the outer tag (a second tag's TPID, as OVS's
				  * default vlan-limit 1); VSW_DL_TYPE_NONE for 802.3 but SNAP */
	uint16_t vlan_tci;	 /* outer tag's TCI | VSW_VLAN_PRESENT, or 0 */
	uint16_t pad16;		 /* zero */
	/* Tunnel metadata: set when a tunnel port decapsulated the packet (zero else), and
	 * what a flow-based tunnel port encapsulates with (set_field). */
	uint64_t tun_id;	 /* VXLAN: the VNI, in the low 24 bits */
	uint32_t tun_src;	 /* outer IPv4 source */
	uint32_t tun_dst;	 /* outer IPv4 destination */
	uint8_t dl_dst[6];
	uint8_t dl_src[6];
	uint16_t vlan_tpid; /* outer tag's TPID (0x8100 or 0x88a8, as OVS), or 0 */
	uint8_t nw_proto;   /* IP protocol; ARP: opcode (low byte) */
	uint8_t nw_tos;	    /* IPv4 TOS / IPv6 traffic class: DSCP << 2 | ECN */
	uint8_t nw_ttl;	    /* IPv4 TTL / IPv6 hop limit */
	uint8_t nw_frag;    /* VSW_FRAG_* */
	uint16_t tp_src;    /* TCP/UDP/SCTP source port; ICMP type (low byte) */
	uint16_t tp_dst;    /* TCP/UDP/SCTP destination port; ICMP code (low byte) */
	uint16_t tcp_flags; /* low 12 bits of TCP's offset/flags word */
	uint8_t nw_src[16]; /* IPv6 source; IPv4 source or ARP spa in bytes 0..3 */
	uint8_t nw_dst[16]; /* IPv6 destination; IPv4 destination or ARP tpa */
	uint8_t arp_sha[6];
	uint8_t arp_tha[6];
	uint8_t pad[4]; /* zero in a packet's key; in a masked key a subtable hashes, the
			 * digest of the masked pipeline state (vsw_state_digest) */
} __rte_aligned(16);

/* Action kinds, run in list order. An empty list drops. */
/*
 * The actions, X(ENUM, name, modifies, what): `modifies` says whether the
 * action changes the packet or may (by running other rules), so that an
 * output before it must send a copy rather than share the packet.
 */
#define VSW_ACTIONS(X)                                                                             \
	X(OUTPUT, output, 0, "to port (index)")                                                    \
	X(IN_PORT, in_port, 0, "back out of the input port")                                       \
	X(NORMAL, normal, 0, "the bridge's own switching (MAC learning)")                          \
	X(FLOOD, flood, 0, "every port of the bridge but the input one")                           \
	X(ALL, all, 0, "the same, for OpenFlow's ALL")                                             \
	X(MOD_VLAN_VID, mod_vlan_vid, 1, "set the outer VID (value), pushing a tag if none")       \
	X(MOD_VLAN_PCP, mod_vlan_pcp, 1, "set the outer PCP (value), pushing a tag if none")       \
	X(STRIP_VLAN, strip_vlan, 1, "pop the outer tag, if any")                                  \
	X(PUSH_VLAN, push_vlan, 1, "push a tag with TPID value (0x8100 or 0x88a8)")                \
	X(SET_FIELD, set_field, 1, "field = (field & ~mask) | (value & mask)")                     \
	X(DEC_TTL, dec_ttl, 1, "IPv4 TTL / IPv6 hop limit - 1; drop at 0")                         \
	X(RESUBMIT, resubmit, 1, "look up table (0xff: this one) as if from ofport")               \
	X(GOTO_TABLE, goto_table, 1, "continue in a later table; ends this list")                  \
	X(MOVE, move, 1, "copy n_bits from src_field at src_ofs to field at dst_ofs")              \
	X(CONTROLLER, controller, 0,                                                               \
	  "a copy to the OpenFlow controllers (value: max_len; table, mask: the rule's table and " \
	  "cookie, src_field: the reason, set by the classifier)")                                 \
	X(WRITE_ACTIONS, write_actions, 0,                                                         \
	  "the next `value` actions go into the action set, run as the pipeline ends")             \
	X(CLEAR_ACTIONS, clear_actions, 0, "empty the action set")

enum vsw_action_type {
	VSW_ACTION__NONE = 0, /* never in a rule */
#define VSW_ACTION_ENUM(e, name, modifies, what) VSW_ACTION_##e,
	VSW_ACTIONS(VSW_ACTION_ENUM)
#undef VSW_ACTION_ENUM
		VSW_ACTION__COUNT
};
_Static_assert(sizeof(struct vsw_flow_key) == 96 && sizeof(struct vsw_flow_key) % 16 == 0,
	       "flow key layout: rte_hash compares keys in 16-byte steps");
#define VSW_KEY_WORDS 12 /* 64-bit words of a flow key */
_Static_assert(VSW_KEY_WORDS * sizeof(uint64_t) == sizeof(struct vsw_flow_key), "key words");

/*
 * Fields SET_FIELD writes and MOVE reads and writes (values in host byte
 * order, right-aligned). Packet fields first (ETH_SRC..TP_DST are written
 * into the packet), then fields MOVE only reads, then the pipeline state.
 */
enum vsw_field {
	VSW_FIELD_ETH_SRC = 1,
	VSW_FIELD_ETH_DST,
	VSW_FIELD_VLAN_VID, /* only an existing tag is changed */
	VSW_FIELD_VLAN_PCP,
	VSW_FIELD_IPV4_SRC,
	VSW_FIELD_IPV4_DST,
	VSW_FIELD_NW_TOS, /* the DSCP bits of IPv4 TOS / IPv6 traffic class */
	VSW_FIELD_TP_SRC, /* TCP, UDP or SCTP */
	VSW_FIELD_TP_DST,
	VSW_FIELD_NW_TTL,      /* IPv4 TTL / IPv6 hop limit */
	VSW_FIELD_NW_ECN,      /* the ECN bits of IPv4 TOS / IPv6 traffic class */
	VSW_FIELD_ICMP_TYPE,   /* ICMPv4 (checksum updated) */
	VSW_FIELD_ICMP_CODE,
	VSW_FIELD_ICMPV6_TYPE, /* ICMPv6 (checksum updated) */
	VSW_FIELD_ICMPV6_CODE,
	VSW_FIELD_ARP_OP,
	VSW_FIELD_ARP_SPA,
	VSW_FIELD_ARP_TPA,
	VSW_FIELD_ARP_SHA,
	VSW_FIELD_ARP_THA,
	VSW_FIELD_IPV6_SRC_LO, /* an IPv6 address is two fields: bits 0..63 */
	VSW_FIELD_IPV6_SRC_HI, /* ... and 64..127 (right after its LO: flow/ relies on it) */
	VSW_FIELD_IPV6_DST_LO,
	VSW_FIELD_IPV6_DST_HI, /* the last packet field */
	VSW_FIELD_IN_PORT, /* MOVE source only */
	VSW_FIELD_ETH_TYPE, /* MOVE source only */
	VSW_FIELD_TUN_ID,   /* tunnel metadata: in the key, not the packet's bytes */
	VSW_FIELD_TUN_SRC,
	VSW_FIELD_TUN_DST,
	VSW_FIELD_METADATA, /* pipeline state (struct vsw_pipe_state), 64 bits */
	VSW_FIELD_REG0,	    /* ... reg0..reg15, 32 bits each */
	VSW_FIELD_XREG0 = VSW_FIELD_REG0 + 16, /* ... xreg0..xreg7: reg(2N) << 32 | reg(2N+1) */
	VSW_FIELD__COUNT = VSW_FIELD_XREG0 + 8
};

/*
 * Whether SET_FIELD or MOVE writing field changes the packet (else the
 * tunnel metadata in the key, or the pipeline state).
 */
static inline int
vsw_field_in_packet(unsigned int field)
{
	return field >= VSW_FIELD_ETH_SRC && field <= VSW_FIELD_IPV6_DST_HI;
}

/* Whether field is tunnel metadata (the key's tun_id, tun_src, tun_dst). */
static inline int
vsw_field_is_tunnel(unsigned int field)
{
	return field == VSW_FIELD_TUN_ID || field == VSW_FIELD_TUN_SRC ||
	       field == VSW_FIELD_TUN_DST;
}

/* Bits of field (0: not a field). */
static inline unsigned int
vsw_field_bits(unsigned int field)
{
	static const unsigned char bits[VSW_FIELD_REG0] = {
		[VSW_FIELD_ETH_SRC] = 48, [VSW_FIELD_ETH_DST] = 48, [VSW_FIELD_VLAN_VID] = 12,
		[VSW_FIELD_VLAN_PCP] = 3, [VSW_FIELD_IPV4_SRC] = 32, [VSW_FIELD_IPV4_DST] = 32,
		[VSW_FIELD_NW_TOS] = 8,	  [VSW_FIELD_TP_SRC] = 16,   [VSW_FIELD_TP_DST] = 16,
		[VSW_FIELD_NW_TTL] = 8,	  [VSW_FIELD_NW_ECN] = 2,    [VSW_FIELD_ICMP_TYPE] = 8,
		[VSW_FIELD_ICMP_CODE] = 8, [VSW_FIELD_ICMPV6_TYPE] = 8, [VSW_FIELD_ICMPV6_CODE] = 8,
		[VSW_FIELD_ARP_OP] = 16,  [VSW_FIELD_ARP_SPA] = 32,  [VSW_FIELD_ARP_TPA] = 32,
		[VSW_FIELD_ARP_SHA] = 48, [VSW_FIELD_ARP_THA] = 48,
		[VSW_FIELD_IPV6_SRC_LO] = 64, [VSW_FIELD_IPV6_SRC_HI] = 64,
		[VSW_FIELD_IPV6_DST_LO] = 64, [VSW_FIELD_IPV6_DST_HI] = 64,
		[VSW_FIELD_IN_PORT] = 16, [VSW_FIELD_ETH_TYPE] = 16, [VSW_FIELD_TUN_ID] = 64,
		[VSW_FIELD_TUN_SRC] = 32, [VSW_FIELD_TUN_DST] = 32, [VSW_FIELD_METADATA] = 64,
	};

	if (field < VSW_FIELD_REG0)
		return bits[field];
	if (field < VSW_FIELD_XREG0)
		return 32;
	return field < VSW_FIELD__COUNT ? 64 : 0;
}

#define VSW_N_REGS 16

/*
 * The pipeline state: facts a packet carries from one table to the next
 * (OpenFlow's metadata, Nicira's registers). Zero when a packet enters the
 * pipeline, gone when it leaves: never part of the packet's key, so
 * datapath flows never match on it (pipeline.c). Host byte order.
 */
struct vsw_pipe_state {
	uint64_t metadata;
	uint32_t reg[VSW_N_REGS];
};
_Static_assert(sizeof(struct vsw_pipe_state) == 72, "pipeline state layout");

/* Field `field` (VSW_FIELD_METADATA or later) of state s, right-aligned. */
static inline uint64_t
vsw_state_get(const struct vsw_pipe_state *s, unsigned int field)
{
	unsigned int r;

	if (field == VSW_FIELD_METADATA)
		return s->metadata;
	if (field < VSW_FIELD_XREG0)
		return s->reg[field - VSW_FIELD_REG0];
	r = 2 * (field - VSW_FIELD_XREG0);
	return (uint64_t)s->reg[r] << 32 | s->reg[r + 1];
}

/* Set that field of s to v (as wide as the field). */
static inline void
vsw_state_put(struct vsw_pipe_state *s, unsigned int field, uint64_t v)
{
	unsigned int r;

	if (field == VSW_FIELD_METADATA) {
		s->metadata = v;
	} else if (field < VSW_FIELD_XREG0) {
		s->reg[field - VSW_FIELD_REG0] = (uint32_t)v;
	} else {
		r = 2 * (field - VSW_FIELD_XREG0);
		s->reg[r] = (uint32_t)(v >> 32);
		s->reg[r + 1] = (uint32_t)v;
	}
}

/* The spelling of a SET_FIELD on the pipeline state, which ovs-ofctl prints back. */
enum vsw_action_form {
	VSW_FORM_DEFAULT = 0,	   /* set_field, load */
	VSW_FORM_WRITE_METADATA, /* write_metadata:V[/M] */
	VSW_FORM_LOAD,		 /* written by load: printed as loads, sent as NXAST_REG_LOAD */
	VSW_FORM_ALT,		 /* another spelling of the same write: set_field on nw_tos (not
				  * ip_dscp), mod_nw_ttl (OpenFlow's SET_NW_TTL, not set_field),
				  * set_field on vlan_tci (the STRIP_VLAN, or MOD_VLAN_VID and
				  * MOD_VLAN_PCP pair it is) */
	VSW_FORM_SET_TUNNEL,	 /* set_tunnel:V (Nicira's 32-bit SET_TUNNEL) on tun_id */
	VSW_FORM_SET_TUNNEL64,	 /* set_tunnel64:V, or set_tunnel past 32 bits */
};

/* MOVE on TP_SRC/TP_DST: the protocol it named (tcp_src, udp_src, sctp_src) is in `value`. */

#define VSW_OFPORT_NONE	  0xffff /* RESUBMIT: keep the packet's in_port */
#define VSW_OFPORT_LOCAL  0xfffe /* OpenFlow's LOCAL: in_port and resubmit only (no vsw port has it) */
/*
 * OUTPUT to an OpenFlow number the bridge has no port for: the packet is not
 * sent there, as OVS drops output to a missing port. Controllers and scripts
 * install flows before their ports exist; a reload re-reads them with the new ports.
 */
#define VSW_PORT_ABSENT	  0xffff
#define VSW_TABLE_CURRENT 0xff	 /* RESUBMIT: the table the action runs in */
#define VSW_MAX_LEN_ALL	  0xffff /* CONTROLLER: the whole packet (OpenFlow's OFPCML_NO_BUFFER) */

/* CONTROLLER's reasons, as OpenFlow 1.3 numbers them (src_field). */
#define VSW_PACKET_IN_NO_MATCH 0 /* the rule is a table-miss rule (priority 0, no match) */
#define VSW_PACKET_IN_ACTION   1

/* One action. 32 bytes. */
struct vsw_action {
	uint16_t type;	 /* enum vsw_action_type */
	uint16_t ofport; /* OUTPUT, RESUBMIT: OpenFlow port number as written */
	uint16_t port;	 /* OUTPUT: the switch's port index (vsw_shm.ports) */
	uint8_t table;	 /* RESUBMIT, GOTO_TABLE */
	uint8_t field;	 /* SET_FIELD, MOVE (destination): enum vsw_field */
	uint8_t src_field; /* MOVE: enum vsw_field */
	uint8_t src_ofs;   /* MOVE: first source bit (0: least significant) */
	uint8_t dst_ofs;   /* MOVE: first destination bit */
	uint8_t n_bits;	   /* MOVE: 1..64 */
	uint8_t form;	   /* how it was written, for printing: enum vsw_action_form */
	uint8_t proto;	   /* SET_FIELD of TP_SRC/TP_DST by load: the protocol named (printing) */
	uint8_t reserved[2];
	uint64_t value; /* host byte order */
	uint64_t mask;	/* SET_FIELD: bits to write */
};
_Static_assert(sizeof(struct vsw_action) == 32, "action layout");

/* An action list; immutable once published (replaced whole, under RCU). */
struct vsw_actions {
	uint32_t n; /* actions[0..n-1] */
	uint32_t reserved;
	struct vsw_action a[];
};

/* A rule's flags, as OpenFlow 1.3 numbers them (OFPFF_*). */
#define VSW_RULE_SEND_FLOW_REM	0x01 /* tell the controller when it goes */
#define VSW_RULE_CHECK_OVERLAP	0x02 /* it was added only because no rule overlapped */
#define VSW_RULE_RESET_COUNTS	0x04 /* counters reset when it replaced a rule */
#define VSW_RULE_NO_PKT_COUNTS	0x08
#define VSW_RULE_NO_BYT_COUNTS	0x10
#define VSW_RULE_FLAGS		0x1f

/* Per-PMD counters of one rule; written by that PMD only. */
struct vsw_rule_counters {
	uint64_t packets;
	uint64_t bytes;
};

/*
 * A rule. Rules with the same masked match in one subtable form a list from
 * the hash entry, ordered by priority (high first), then id (old first).
 */
struct vsw_rule {
	struct vsw_rule *next;		   /* next in its list; RCU-published */
	const struct vsw_actions *actions; /* RCU-published; never NULL */
	uint64_t add_version;		   /* present from this version on */
	uint64_t remove_version;	   /* absent from this one; VSW_VERSION_MAX */
	uint64_t id;			   /* insertion order; ties go to the older */
	uint64_t cookie;
	uint64_t created_ns; /* CLOCK_MONOTONIC when added */
	uint16_t priority;
	uint8_t table;
	uint8_t flags;		  /* VSW_RULE_*: OpenFlow's flow_mod flags it was added with */
	uint16_t idle_timeout;	  /* seconds; 0 = none */
	uint16_t hard_timeout;	  /* seconds; 0 = none */
	struct vsw_flow_key key;  /* the match, already masked; pad: vsw_state_digest of state */
	struct vsw_flow_key mask; /* the same as its subtable's */
	struct vsw_pipe_state state;	  /* the match on the pipeline state, masked */
	struct vsw_pipe_state state_mask; /* the same as its subtable's */
	uint64_t used_ns;	  /* CLOCK_MONOTONIC of the last second it was hit;
				   * control thread, once a second */
	uint64_t seen_packets;	  /* its packets then; control thread */
	uint64_t base_packets;	  /* counted by the rules it replaced (modify, */
	uint64_t base_bytes;	  /* add over a rule); control thread */
	uint32_t n_counters;	  /* = PMDs when created */
	uint32_t reserved2;
	struct vsw_rule_counters counters[]; /* one per PMD, by PMD index */
};

/* A rule's packets and bytes: what it inherited plus every PMD's count. Any thread. */
static inline void
vsw_rule_totals(const struct vsw_rule *r, uint64_t *packets, uint64_t *bytes)
{
	uint32_t c;

	*packets = __atomic_load_n(&r->base_packets, __ATOMIC_RELAXED);
	*bytes = __atomic_load_n(&r->base_bytes, __ATOMIC_RELAXED);
	for (c = 0; c < r->n_counters; c++) {
		*packets += __atomic_load_n(&r->counters[c].packets, __ATOMIC_RELAXED);
		*bytes += __atomic_load_n(&r->counters[c].bytes, __ATOMIC_RELAXED);
	}
}

/* One mask's rules: a tuple of tuple-space search. */
struct vsw_subtable {
	struct vsw_flow_key mask;
	struct rte_hash *hash;		   /* masked key -> first rule of its list */
	char hash_name[VSW_HASH_NAME_LEN]; /* "vsw<B>.<T>.<ID>.<GEN>": bridge, table, subtable id,
					      generation */
	uint32_t n_rules;		   /* in every list, removed-pending included */
	uint32_t capacity;		   /* entries the hash was sized for */
	uint16_t max_priority;		   /* of any rule here: ranks the subtable */
	uint16_t id;			   /* per table */
	uint16_t generation;		   /* bumped when the hash is rebuilt larger */
	uint8_t n_words;		   /* mask's non-zero 64-bit words ... */
	uint8_t words[VSW_KEY_WORDS];	   /* ... and their indexes */
	uint8_t plen[VSW_PREFIX_FIELDS];   /* the mask's prefix length on nw_src, nw_dst
					    * (0: not masked; VSW_PREFIX_UNTRACKED) */
	uint8_t has_state;		   /* state_mask is not all zero */
	uint8_t reserved[5];
	struct vsw_pipe_state state_mask; /* what its rules match of the pipeline state */
};

/* A table's subtables, most promising (highest max_priority) first. */
struct vsw_subtable_array {
	uint32_t n;
	uint32_t reserved;
	struct vsw_subtable *st[];
};

/*
 * Prefix tracking (OVS's tries, as a list): the distinct IPv4 prefixes a
 * table's rules match on one address field, so that a datapath flow needs
 * only as many address bits as tell the packet's address apart from them.
 * Immutable once published (replaced whole, under RCU); a superset of the
 * prefixes of every rule visible at from_version and at any later version
 * until the next set replaces it: a lookup at an older version ignores it.
 */
struct vsw_prefix {
	uint32_t value; /* host byte order; bits past len are zero */
	uint8_t len;	/* 1..32 */
	uint8_t reserved[3];
};

struct vsw_prefix_set {
	uint64_t from_version; /* covers the rules visible at this version and later ones */
	uint32_t n;	       /* p[0..n-1] */
	uint32_t tracked;      /* 0: too many prefixes, or a mask that is no prefix: no narrowing */
	struct vsw_prefix p[];
};

/*
 * Committed changes to a table, as the datapath flow caches need them to
 * keep the flows a change cannot affect (shm/shm_dpflow.c). An entry is
 * one rule that came (its match and priority) or went (its address), or,
 * for more changes of one kind than CLS_LOG_ONE_BY_ONE in one commit, a
 * summary of them all: the bits on which all their matches agree and the
 * range of their priorities.
 *
 * The writer fills an entry before it publishes the entry's version and
 * overwrites the oldest entry of the ring when it needs one: it first
 * raises vsw_table.log_lost to the version the entry held, then zeroes
 * version, rewrites the rest and stores the new version last (release). A
 * reader that took entries for versions above V trusts them only if
 * log_lost, loaded afterwards, is still at most V.
 */
#define VSW_TABLE_LOG 16 /* entries kept per table */

enum vsw_change_kind {
	VSW_CHANGE_ADD = 1,
	VSW_CHANGE_REMOVE,
};

struct vsw_table_change {
	uint64_t version;	     /* the commit that made it; 0 while rewritten */
	const struct vsw_rule *rule; /* one REMOVE: the rule's address (compared, never
				      * read); NULL: a summary, or an ADD */
	uint16_t priority;	     /* the highest priority of the rules */
	uint16_t priority_min;	     /* the lowest */
	uint8_t kind;		     /* enum vsw_change_kind */
	uint8_t has_state;	     /* a rule of it matches the pipeline state */
	uint8_t reserved[10];
	struct vsw_flow_key key;  /* the rules' match (masked), or where they all agree */
	struct vsw_flow_key mask; /* ... and on which bits */
};
_Static_assert(sizeof(struct vsw_table_change) == 224, "table change layout");

struct vsw_table {
	struct vsw_subtable_array *subtables; /* RCU-published; NULL = empty */
	uint32_t n_rules;		      /* present and pending */
	uint16_t next_subtable_id;
	uint16_t reserved;
	/* Per VSW_PREFIX_FIELDS field; RCU-published; NULL: no rule masks it. */
	const struct vsw_prefix_set *prefixes[VSW_PREFIX_FIELDS];
	uint64_t changed_version; /* the last commit that changed the table; 0: none */
	uint64_t log_lost;	  /* the highest version of an overwritten log entry */
	uint32_t log_next;	  /* entries ever written; the next goes to log_next % LOG */
	uint32_t reserved2;
	struct vsw_table_change log[VSW_TABLE_LOG];
};

/*
 * A bridge's classifier, memzone "vsw.b<B>.cls". Readers load `version`
 * (acquire) once per burst.
 */
struct vsw_cls {
	uint64_t version; /* published version */
	uint64_t next_rule_id;
	uint32_t n_rules; /* present in the published version */
	uint16_t bridge;  /* index */
	uint16_t n_pmds;  /* counters per rule */
	struct vsw_table tables[VSW_N_TABLES];
};

#endif /* VSW_SHM_FLOW_H */
