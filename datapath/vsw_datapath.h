/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_datapath.h: the packet path and the flow tables it reads.
 *
 *   rx burst -> vsw_key_parse (once per packet) -> exact-match cache
 *            -> datapath flow cache (whole pipelines' outcomes)
 *            -> classifier (tuple-space search, tables in hugepages)
 *            -> actions, or the pipeline run once and cached
 *            -> buffered tx, flushed once per poll loop
 *
 * The parts, one file each: flow_key.c (parser), cls_lookup.c (classifier,
 * reader side), cls_write.c and cls_subtable.c (classifier, the single
 * writer: rules and batches; subtables), cls_prefix.c (prefix tracking),
 * reclaim.c (deferred frees after an RCU grace period), emc.c (the per-PMD
 * exact-match cache), dpflow.c (the per-PMD datapath flow cache),
 * pipeline.c (tables, resubmit, goto_table; recording a run as a flow),
 * actions.c (packet operations, outputs, a cached flow's run),
 * packet_edit.c (header rewrites for them), controller.c (packet-ins and
 * packet-outs of the OpenFlow controllers), pmd.c (the poll loop). The
 * layouts they share with helper processes are in shm/vsw_shm_flow.h and
 * shm/vsw_shm_dpflow.h.
 *
 * This header is what PMDs (and anything that reads the tables) use; the
 * control thread's writer side is vsw_dp_writer.h.
 *
 * Threads: the control thread is the only writer of flow tables (the
 * vsw_cls_* writer calls, vsw_reclaim_*). PMD threads read tables without
 * locks and report an RCU quiescent state once per loop; memory they may
 * still hold is freed only after that (vsw_reclaim). vsw_dp and the PMD
 * structs are built before PMDs launch and are read-only to them, except
 * each PMD's own struct.
 */

#ifndef VSW_DATAPATH_H
#define VSW_DATAPATH_H

#include <stdbool.h>
#include <stdint.h>

#include <string.h>

#include <rte_common.h>
#include <rte_hash_crc.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "vsw_port.h"
#include "vsw_shm.h"

#define VSW_BURST	32
#define VSW_PMD_MAX_RXQ (VSW_MAX_PORTS * VSW_MAX_QUEUES)
/* resubmit and goto_table: past either limit a packet is dropped (resubmit_limit). */
#define VSW_RESUBMIT_DEPTH 64  /* nested resubmits per packet */
#define VSW_RESUBMIT_TOTAL 512 /* table lookups per packet */
#define VSW_CLS_BURST_MAX  64  /* keys per vsw_cls_lookup_burst call */

/* ---- flow key (flow_key.c) ---- */

/*
 * Parse m's headers into *key, in_port included. Reads only the first
 * segment's bytes, through one bounds-checked pull helper: a truncated or
 * malformed header leaves its own fields (and those after it) zero.
 */
void vsw_key_parse(const struct rte_mbuf *m, uint16_t in_port, struct vsw_flow_key *key);

/* One CRC32C step over 8 bytes: the instruction itself where there is one. */
static inline uint64_t
vsw_crc_step(uint64_t crc, uint64_t word)
{
#ifdef RTE_ARCH_X86
	return __builtin_ia32_crc32di(crc, word);
#else
	return rte_hash_crc_8byte(word, (uint32_t)crc);
#endif
}

/*
 * vsw's own hash of a (masked) key: CRC32C of its first six and last six
 * 8-byte words as two independent chains, folded together. Two chains
 * halve the latency of twelve dependent CRC steps (the per-packet cost a
 * profile showed), and calling the instruction directly skips
 * rte_hash_crc()'s check of the CPU on every step.
 */
static inline uint32_t
vsw_key_hash(const struct vsw_flow_key *key)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *w = (const word *)key;
	uint64_t a = 0, b = 0x9e3779b9;

	RTE_BUILD_BUG_ON(VSW_KEY_WORDS != 12);
	a = vsw_crc_step(a, w[0]);
	b = vsw_crc_step(b, w[6]);
	a = vsw_crc_step(a, w[1]);
	b = vsw_crc_step(b, w[7]);
	a = vsw_crc_step(a, w[2]);
	b = vsw_crc_step(b, w[8]);
	a = vsw_crc_step(a, w[3]);
	b = vsw_crc_step(b, w[9]);
	a = vsw_crc_step(a, w[4]);
	b = vsw_crc_step(b, w[10]);
	a = vsw_crc_step(a, w[5]);
	b = vsw_crc_step(b, w[11]);
	return (uint32_t)a ^ (((uint32_t)b << 15) | ((uint32_t)b >> 17));
}

/*
 * Zero a key with six 16-byte stores: a memset of its 96 bytes compiles to
 * `rep stos`, whose start-up cost a profile put at ~55 cycles a packet in
 * the parser (bench/run memif-vhost/1000/5tuple: 221 -> 299 cycles/packet).
 */
static inline void
vsw_key_zero(struct vsw_flow_key *k)
{
	typedef uint64_t __attribute__((vector_size(16), may_alias)) pair;
	pair *w = (pair *)k;

	RTE_BUILD_BUG_ON(sizeof(*k) != 6 * sizeof(pair));
	w[0] = (pair){0, 0};
	w[1] = (pair){0, 0};
	w[2] = (pair){0, 0};
	w[3] = (pair){0, 0};
	w[4] = (pair){0, 0};
	w[5] = (pair){0, 0};
}

/* *out = *key & *mask. */
void vsw_key_mask(struct vsw_flow_key *out, const struct vsw_flow_key *key,
		  const struct vsw_flow_key *mask);

/*
 * *out = *key & *mask where mask is non-zero only in its 64-bit words
 * words[0..n_words-1]: the other words are zeroed, not computed.
 */
static inline void
vsw_key_mask_words(struct vsw_flow_key *out, const struct vsw_flow_key *key,
		   const struct vsw_flow_key *mask, const uint8_t *words, unsigned int n_words)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *k = (const word *)key, *m = (const word *)mask;
	word *o = (word *)out;
	unsigned int i;

	vsw_key_zero(out);
	for (i = 0; i < n_words; i++)
		o[words[i]] = k[words[i]] & m[words[i]];
}

/* Whether two keys are equal: twelve word compares, no call, no early exit. */
static inline bool
vsw_key_equal(const struct vsw_flow_key *a, const struct vsw_flow_key *b)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *x = (const word *)a, *y = (const word *)b;
	uint64_t diff = 0;
	unsigned int i;

	for (i = 0; i < sizeof(*a) / sizeof(word); i++)
		diff |= x[i] ^ y[i];
	return diff == 0;
}

/* ---- classifier, reader side (cls_lookup.c) ---- */

/*
 * The digest of state & mask that a subtable matching on the pipeline state
 * puts into its masked keys' pad bytes: rules whose state matches differ
 * then hash apart. Equal digests of different states only share a list;
 * vsw_state_matches() still tells them apart.
 */
static inline uint32_t
vsw_state_digest(const struct vsw_pipe_state *state, const struct vsw_pipe_state *mask)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *s = (const word *)state, *m = (const word *)mask;
	uint64_t crc = 0;
	unsigned int i;

	for (i = 0; i < sizeof(*state) / sizeof(word); i++)
		crc = vsw_crc_step(crc, s[i] & m[i]);
	return (uint32_t)crc;
}

/* Put the digest of state & mask into masked key mk's pad bytes. */
static inline void
vsw_state_digest_put(struct vsw_flow_key *mk, const struct vsw_pipe_state *state,
		     const struct vsw_pipe_state *mask)
{
	uint32_t d = vsw_state_digest(state, mask);

	memcpy(mk->pad, &d, sizeof(d));
}

/* Whether state matches rule r's match on the pipeline state (state_mask, state). */
static inline bool
vsw_state_matches(const struct vsw_rule *r, const struct vsw_pipe_state *state)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *s = (const word *)state, *m = (const word *)&r->state_mask,
		   *k = (const word *)&r->state;
	uint64_t diff = 0;
	unsigned int i;

	for (i = 0; i < sizeof(*state) / sizeof(word); i++)
		diff |= (s[i] & m[i]) ^ k[i];
	return diff == 0;
}

/* Whether rule r is present at version v. */
static inline bool
vsw_rule_visible(const struct vsw_rule *r, uint64_t v)
{
	return r->add_version <= v && v < __atomic_load_n(&r->remove_version, __ATOMIC_ACQUIRE);
}

/* The version readers use now: load once per burst. */
static inline uint64_t
vsw_cls_version(const struct vsw_cls *cls)
{
	return __atomic_load_n(&cls->version, __ATOMIC_ACQUIRE);
}

/*
 * The rule of table `table` that key matches at version v: the highest
 * priority; among equal priorities the oldest. NULL when none matches.
 * Any thread (PMDs, the control thread, secondaries).
 */
const struct vsw_rule *vsw_cls_lookup(const struct vsw_cls *cls, unsigned int table,
				      const struct vsw_flow_key *key, uint64_t v);

/*
 * Whether every rule table `table` can hold at the caller's version matches
 * on in_port at most (each subtable's mask is in_port or nothing), so the
 * port a packet came in on decides its rule. Load the version first: a rule
 * visible at it has its subtable published already. Any thread.
 */
bool vsw_cls_port_only(const struct vsw_cls *cls, unsigned int table);

/* The same for n <= VSW_CLS_BURST_MAX keys at once (bulk hash lookups). */
void vsw_cls_lookup_burst(const struct vsw_cls *cls, unsigned int table,
			  const struct vsw_flow_key *const *keys, unsigned int n, uint64_t v,
			  const struct vsw_rule **rules);

/*
 * vsw_cls_lookup with pipeline state `state` (vsw_cls_lookup and the burst
 * form look up with the state all zero, as a packet enters table 0) that
 * also ORs into *wc (when not NULL) the mask of every subtable it probed:
 * the bits of key its answer depends on. Any thread.
 */
const struct vsw_rule *vsw_cls_lookup_wc(const struct vsw_cls *cls, unsigned int table,
					 const struct vsw_flow_key *key,
					 const struct vsw_pipe_state *state, uint64_t v,
					 struct vsw_flow_key *wc);

/*
 * Walk a table's prefix set for field f (0 nw_src, 1 nw_dst) with key's
 * address, for a lookup at version v (cls_prefix.c): bit L of *matching is
 * set when a prefix of length L matches it; *bits is how many leading
 * address bits that took. false (and nothing found) when set is NULL, not
 * tracked, or newer than v. Any thread.
 */
bool vsw_prefix_walk(const struct vsw_prefix_set *set, uint64_t v, const struct vsw_flow_key *key,
		     unsigned int f, uint64_t *matching, unsigned int *bits);

/* Whether rule's actions look up other tables (resubmit, goto_table). Any thread. */
bool vsw_rule_looks_up(const struct vsw_rule *rule);

/* ---- the switch as PMDs see it ---- */

/* One bridge. */
struct vsw_dp_bridge {
	struct vsw_cls *cls; /* its tables */
	struct vsw_fdb *fdb; /* its MAC table, for NORMAL */
	uint32_t fail_mode;  /* enum vsw_fail_mode: what a table-0 miss does */
	uint32_t fail_open;  /* set (relaxed) by the control thread while a standalone bridge's
			      * controllers have been away too long: every packet NORMAL */
	uint16_t index;	     /* in vsw_dp.bridges */
	uint16_t n_ports;
	uint16_t ports[VSW_MAX_PORTS]; /* port indexes, for NORMAL and FLOOD */
	uint8_t decap;		       /* an underlay: VXLAN to a local endpoint is decapsulated
					* as it arrives (tunnel.c) */
	/* The PMDs' admission of packet-ins (controller.c), set before they start: */
	uint64_t packet_in_gap;	  /* TSC cycles a packet-in takes of its port's allowance: one
				   * controller-rate-limit'th of a second */
	uint64_t packet_in_burst; /* TSC cycles of allowance saved up at most:
				   * controller-burst-limit gaps */
};

/* How a port's frames map to VLANs for NORMAL (Open vSwitch's vlan_mode). */
enum vsw_vlan_mode {
	VSW_VLAN_TRUNK,		  /* the VLAN of the tag; untagged = VLAN 0 */
	VSW_VLAN_ACCESS,	  /* untagged only, in VLAN tag */
	VSW_VLAN_NATIVE_TAGGED,	  /* trunk; untagged in = VLAN tag; out always tagged */
	VSW_VLAN_NATIVE_UNTAGGED, /* trunk; untagged in and out for VLAN tag */
};

#define VSW_VLAN_WORDS 64 /* uint64_t words of a set of VLANs 0..4095 */

/* Whether VLAN vid is in a set of VLANs (a bitmap of VSW_VLAN_WORDS words). */
static inline bool
vsw_vlan_in(const uint64_t *set, unsigned int vid)
{
	return (set[(vid >> 6) & (VSW_VLAN_WORDS - 1)] >> (vid & 63)) & 1;
}

/* A port's VLAN settings, as NORMAL applies them. */
struct vsw_dp_vlan {
	uint16_t mode;			 /* enum vsw_vlan_mode */
	uint16_t tag;			 /* access or native VLAN */
	uint64_t trunks[VSW_VLAN_WORDS]; /* VLANs a trunk or native port carries */
};

/* ---- VXLAN tunnel ports (tunnel.c) ---- */

struct vsw_pmd;

#define VSW_MAX_TUNNELS	   32	  /* vxlan ports */
#define VSW_VXLAN_HLEN	   50	  /* outer Ethernet, IPv4, UDP and VXLAN headers */
#define VSW_NEXTHOPS	   256	  /* remote endpoints the switch knows the next hop of */
#define VSW_NEXTHOP_VALID  (1ULL << 63) /* vsw_nexthop.mac: resolved */
#define VSW_NEXTHOP_ASKED  64	  /* remotes a PMD may ask about at once (the ring) */
/* vsw_nexthop.remote of a forgotten entry: lookups go on past it (255.255.255.255
 * is no tunnel's remote). */
#define VSW_NEXTHOP_GONE   UINT32_MAX

/*
 * A remote endpoint's next hop, as the kernel's routing and neighbour
 * tables give it (the control thread, vswitchd/tunnels.c). An open-addressing
 * table (linear probing from a CRC of the remote). Written by the control
 * thread only: mac zeroed, then remote (release); mac whole (one atomic
 * store, release), whenever the kernel's answer changes. A flow-based
 * remote idle while the table is full is forgotten: mac zeroed, then remote
 * set to VSW_NEXTHOP_GONE; the slot may later hold another remote. PMDs
 * load mac whole (acquire: a MAC is never torn); for a flow-based remote
 * they then check that remote is still theirs (a MAC never goes out with
 * another remote's packet). Fixed remotes' entries never change remote.
 */
struct vsw_nexthop {
	uint32_t remote;   /* the endpoint, network order; 0: a free slot; VSW_NEXTHOP_GONE */
	uint32_t reserved;
	uint64_t mac;	   /* VSW_NEXTHOP_VALID | the next hop's MAC in bytes 0..5 (memory
			    * order); 0: unresolved (packets to it are dropped and counted) */
};

/*
 * A vxlan port, as the PMDs encapsulate and decapsulate for it. Set by the
 * control thread before the PMDs start; read-only after.
 */
struct vsw_dp_tunnel {
	uint16_t port;		 /* the vxlan port's index */
	uint16_t underlay_port;	 /* index of the internal port with local: encapsulated
				  * packets enter its bridge as if it had sent them */
	uint16_t dst_port;	 /* UDP, network order */
	uint16_t src_base;	 /* outer UDP source ports: src_base + hash * src_span / 2^32 */
	uint32_t src_span;
	uint32_t local;		 /* the local endpoint, network order */
	uint32_t remote;	 /* network order; 0: each packet's tun_dst */
	int32_t vni;		 /* the VNI; -1: each packet's tun_id */
	uint32_t max_frame;	 /* longest inner frame: the underlay MTU - 50 + 14 */
	uint32_t nexthop;	 /* fixed remote: its entry in vsw_dp.nexthops */
	uint32_t ip_sum;	 /* one's-complement sum of header's IPv4 header as built */
	uint8_t header[VSW_VXLAN_HLEN]; /* the outer headers, but for the next hop's MAC,
					 * the lengths, the checksum and the source port */
};

/* The tunnel metadata a flow-based tunnel port encapsulates with, in the mbuf. */
struct vsw_tunnel_md {
	uint64_t tun_id; /* network order */
	uint32_t tun_dst;
	uint32_t reserved;
};

struct vsw_dp {
	struct vsw_port *ports[VSW_MAX_PORTS];	/* by port index; NULL past n_ports */
	struct vsw_dp_vlan vlan[VSW_MAX_PORTS]; /* by port index */
	unsigned int n_ports;
	struct vsw_dp_bridge bridges[VSW_MAX_BRIDGES];
	unsigned int n_bridges;
	struct vsw_shm *shm;	     /* counters */
	struct rte_rcu_qsbr *qsbr;   /* PMD i reports as thread i */
	struct rte_ring *learn_ring; /* MAC learn requests to the control thread */
	/* Packet-ins by input port index (controller.c); NULL: that port's are lost. */
	struct rte_ring *packet_ins[VSW_MAX_PORTS];
	uint32_t stop;		     /* set by vsw_dp_stop(); PMDs poll it */
	uint32_t dpflow_flows;	     /* datapath flows per PMD (a power of two);
				      * 0: VSW_DPFLOW_DEFAULT_FLOWS */
	/* Tunnels (tunnel.c), set before the PMDs start but for nexthops[].mac. */
	struct vsw_dp_tunnel tunnels[VSW_MAX_TUNNELS];
	unsigned int n_tunnels;
	uint8_t tunnel_of[VSW_MAX_PORTS]; /* by port index: tunnel index + 1; 0: no tunnel */
	uint8_t flow_tunnel[VSW_MAX_PORTS]; /* by port index: a tunnel that takes its remote or
					     * VNI from the packet's metadata */
	int tun_md_off;			  /* mbuf dynamic field of struct vsw_tunnel_md */
	struct vsw_nexthop nexthops[VSW_NEXTHOPS];
	struct rte_ring *nexthop_asks; /* remotes (uint32_t) PMDs found no entry for */
	uint32_t nexthop_epoch; /* seconds of the control thread's clock, which it advances:
				 * PMDs stamp the flow-based next hops they use with it */
};

/*
 * Encapsulate the n packets a bridge sent to tunnel port index `out` and
 * run them through the tunnel's underlay bridge as from its internal port.
 * Takes every packet (sent on, or dropped and counted). PMD thread.
 */
void vsw_tunnel_output(struct vsw_pmd *pmd, uint16_t out, struct rte_mbuf **pkts, uint16_t n);

/*
 * Take the VXLAN packets for a local endpoint out of a burst (pkts: n) port
 * in of an underlay bridge received, unparsed: decapsulate each into its
 * tunnel port's bridge (drops counted on port in); compact the rest at the
 * front with their keys parsed into keys[]. Returns how many remain. A
 * VXLAN packet's outer headers are checked, never parsed into a key. PMD
 * thread.
 */
uint16_t vsw_tunnel_decap(struct vsw_pmd *pmd, const struct vsw_port *in, struct rte_mbuf **pkts,
			  struct vsw_flow_key *keys, uint16_t n);

/*
 * Check m's outer headers as VXLAN for one of dp's tunnels, find the tunnel
 * (*t), strip them and parse the inner frame into *inner with the tunnel
 * metadata. -1, or the drop reason (m unchanged). Reads only m's bytes; any
 * frame may be given (the fuzzer does).
 */
int vsw_tunnel_strip(const struct vsw_dp *dp, struct rte_mbuf *m, const struct vsw_dp_tunnel **t,
		     struct vsw_flow_key *inner);

/* Build t's outer header template from its fields (control thread, before the PMDs start). */
void vsw_tunnel_prepare(struct vsw_dp_tunnel *t, const uint8_t src_mac[6]);

/* ---- MAC learning: readers (fdb.c), NORMAL (normal.c); the writer is in vsw_dp_writer.h ---- */

/* vsw's own hash of an FDB key: CRC32C of its 8 bytes. */
static inline uint32_t
vsw_fdb_hash(const struct vsw_fdb_key *k)
{
	uint64_t w;

	memcpy(&w, k, sizeof(w));
	return rte_hash_crc_8byte(w, 0);
}

/*
 * The port index mac was learned on in VLAN vlan, or -1 when it is
 * unknown. Any process; no locks. *pos (unless NULL) gets the entry's index.
 */
int vsw_fdb_lookup(const struct vsw_fdb *fdb, const uint8_t mac[6], uint16_t vlan, int32_t *pos);

/* ---- exact-match cache (emc.c) ---- */

#define VSW_EMC_ENTRIES 8192 /* per PMD; a power of two */

/*
 * One cached result: valid only for its classifier at exactly its version.
 * Either table 0's answer (flow NULL: a rule that looks up no other table,
 * or a miss), or the datapath flow that holds the whole pipeline's outcome.
 */
#define VSW_EMC_FLOW 1 /* vsw_emc_entry.answer: a datapath flow (pointers are aligned) */

/* One cached answer: two cache lines, which the lookup prefetches. */
struct vsw_emc_entry {
	struct vsw_flow_key key;
	const struct vsw_cls *cls; /* the bridge it was resolved in */
	uintptr_t answer;	   /* table 0's struct vsw_rule * (0: a miss), or the
				    * pipeline's outcome, a struct vsw_dpflow * | VSW_EMC_FLOW */
	uint64_t version;	   /* cls version it was resolved at; 0 = empty */
	uint32_t hash;
	uint32_t flow_gen; /* the flow's gen when cached: its slot was not reused */
} __rte_cache_aligned;
_Static_assert(sizeof(struct vsw_emc_entry) == 2 * RTE_CACHE_LINE_SIZE,
	       "an EMC entry is the two cache lines the PMD prefetches");

struct vsw_emc {
	struct vsw_emc_entry e[VSW_EMC_ENTRIES];
};

/*
 * Find key's cached result at version v in cls. Returns true and sets
 * either *flow (a datapath flow, still in its slot) or, with *flow NULL,
 * *rule (possibly NULL, a cached miss) on a hit.
 */
bool vsw_emc_lookup(const struct vsw_emc *emc, const struct vsw_cls *cls,
		    const struct vsw_flow_key *key, uint32_t hash, uint64_t v,
		    const struct vsw_rule **rule, const struct vsw_dpflow **flow);

/* Remember key's result, a rule or a flow (replaces whatever shares its slot). */
void vsw_emc_insert(struct vsw_emc *emc, const struct vsw_cls *cls, const struct vsw_flow_key *key,
		    uint32_t hash, uint64_t v, const struct vsw_rule *rule,
		    const struct vsw_dpflow *flow);

/* ---- datapath flow cache (dpflow.c, pipeline.c; layout in shm/vsw_shm_dpflow.h) ---- */

#define VSW_DPFLOW_DEFAULT_FLOWS 4096 /* per PMD when vsw_dp.dpflow_flows is 0 */

/* ---- the OpenFlow controllers' packets (controller.c) ---- */

#define VSW_PACKET_IN_DATA  1536 /* bytes of a packet a packet-in carries at most */
#define VSW_PACKET_IN_QUEUE 256	 /* packet-ins waiting per input port */
#define VSW_PACKET_OUT_QUEUE 64	 /* packet-outs waiting per PMD */

/*
 * A packet-in: a copy of (the start of) a packet the CONTROLLER action
 * sends, from a PMD to the control thread, through its input port's ring
 * (vsw_dp.packet_ins): one ring per port, so that a flood from one port
 * cannot crowd out the others' (the control thread takes them in turn).
 */
struct vsw_packet_in {
	uint64_t cookie;    /* the rule's */
	uint16_t in_port;   /* OpenFlow number, as the pipeline saw it */
	uint16_t total_len; /* the packet's length */
	uint16_t len;	    /* of data: the packet, at most max_len and VSW_PACKET_IN_DATA */
	uint8_t table;	    /* the rule's */
	uint8_t reason;	    /* VSW_PACKET_IN_NO_MATCH or VSW_PACKET_IN_ACTION */
	uint8_t data[VSW_PACKET_IN_DATA];
};

/* A packet-out: a packet and its actions, from the control thread to a PMD. */
struct vsw_packet_out {
	struct rte_mbuf *m;
	uint16_t bridge;    /* index */
	uint16_t in;	    /* port index counters charge (the input port, or the bridge's first) */
	uint16_t out_in;    /* the port outputs treat as the input one; VSW_PORT_ABSENT: none */
	uint16_t in_ofport; /* the packet's in_port (OpenFlow's CONTROLLER: 0xfffd) */
	uint32_t n_actions;
	struct vsw_action actions[VSW_MAX_ACTIONS];
};

/*
 * A ring of n elements of size elem, many producers taking turns (head-tail
 * sync, so that one may write its element in place), one consumer. 0 or
 * -ENOMEM. Enqueue with rte_ring_enqueue_elem or the zero-copy calls, never
 * the _mp_ ones (another sync mode).
 */
int vsw_controller_ring_create(const char *name, unsigned int n, unsigned int elem,
			       struct rte_ring **out);

struct vsw_pmd;

/*
 * Look up, run and count n packets of port `port` whose keys are parsed,
 * in its bridge at classifier version v: the exact-match cache, the
 * datapath flow cache, table 0. PMD thread.
 */
void vsw_pmd_receive(struct vsw_pmd *pmd, const struct vsw_port *port, uint64_t v,
		     struct rte_mbuf **pkts, struct vsw_flow_key *keys, uint16_t n);

/*
 * When table 0 of port's bridge matches on in_port at most, the input port
 * alone decides its rule: *rule (NULL: a miss) for every packet from port,
 * at classifier version v; true unless that rule looks up further tables.
 * false: the burst needs its keys. PMD thread.
 */
bool vsw_pmd_port_rule(const struct vsw_pmd *pmd, const struct vsw_port *port, uint64_t v,
		       const struct vsw_rule **rule);

/* Run up to a burst of queued packet-outs. PMD thread, once a loop. */
void vsw_pmd_packet_outs(struct vsw_pmd *pmd);

/* ---- PMD threads (pmd.c, actions.c) ---- */

/* One rx queue a PMD polls. */
struct vsw_pmd_rxq {
	struct vsw_port *port;
	uint16_t queue;
};

/* Packets waiting for one output port. */
struct vsw_pmd_txbuf {
	uint16_t n;
	struct rte_mbuf *pkts[VSW_BURST];
};

/*
 * Learn requests a PMD sent lately: it sends one per (bridge, MAC, VLAN,
 * port) per second at most, so a burst from an unknown MAC does not fill the
 * ring while the control thread catches up.
 */
#define VSW_PMD_LEARN_SENT 256 /* a power of two */
struct vsw_pmd_learn_sent {
	uint64_t mac_vlan; /* MAC in the low 48 bits, VLAN above; 0 = empty */
	uint32_t second;   /* fdb->now_s when sent */
	uint32_t epoch;	   /* fdb->epoch when sent */
	uint16_t port;	   /* port index */
	uint16_t bridge;   /* bridge index */
};

/* One PMD thread: private to it once launched. */
struct vsw_pmd {
	struct vsw_dp *dp;
	struct rte_ring *packet_outs; /* from the control thread (controller.c) */
	struct vsw_packet_out packet_out; /* the one being run */
	unsigned int index; /* 0..n_pmds-1: tx queue, counter slot, RCU thread id */
	unsigned int lcore;
	unsigned int n_rxq;
	struct vsw_shm_pmd *stats;     /* &dp->shm->pmds[index] */
	unsigned int n_dirty;	       /* entries of dirty[] in use */
	uint16_t dirty[VSW_MAX_PORTS]; /* output ports with buffered packets */
	struct vsw_pmd_txbuf tx[VSW_MAX_PORTS];
	struct vsw_pmd_rxq rxq[VSW_PMD_MAX_RXQ];
	struct vsw_pmd_learn_sent learn_sent[VSW_PMD_LEARN_SENT];
	struct vsw_emc emc;
	struct vsw_dpflow_cache dpflows;
	struct vsw_dpflow xlate; /* the flow vsw_pmd_translate is building */
	uint64_t loop_tsc;	 /* TSC at the end of the last poll loop: flows' last use */
	/* By dp->nexthops index: the dp->nexthop_epoch this PMD last sent a flow-based
	 * tunnel's packet there in (the control thread reads it to forget idle remotes). */
	uint32_t nexthop_used[VSW_NEXTHOPS];
	/* Per input port index: when its allowance of packet-ins is spent up to now (TSC,
	 * a virtual schedule: controller.c). */
	uint64_t packet_in_due[VSW_MAX_PORTS];
	/* Flows whose rules owe counts for packets of this burst (vsw_pmd_count_flows). */
	unsigned int n_pending;
	struct {
		const struct vsw_dpflow *flow;
		uint64_t packets;
		uint64_t bytes; /* as received */
	} pending[VSW_BURST];
};

/* NORMAL's verdict on one packet (normal.c), which actions.c carries out. */
struct vsw_normal_out {
	int drop;      /* a drop reason (enum vsw_drop_reason), or -1 */
	uint16_t vlan; /* the packet's VLAN */
	uint16_t n;    /* output ports */
	uint16_t port[VSW_MAX_PORTS];
	uint8_t tagged[VSW_MAX_PORTS]; /* port[i] wants the frame tagged with vlan */
};

/*
 * NORMAL for a packet with flow key `key` that came in on port index `in`
 * of bridge br: its VLAN from the input port's mode, learning its source
 * (a request to the control thread when new or moved), and the ports it
 * goes to: the learned one, or every port of the VLAN but `in`. PMD thread.
 */
void vsw_normal_decide(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		       const struct vsw_flow_key *key, struct vsw_normal_out *out);

/*
 * Create the PMD structs in hugepage memory and spread every rx queue of
 * every port over them, round-robin in port order. Returns 0 and fills
 * pmds[0..n_pmds-1], or -ENOMEM (nothing left allocated).
 */
int vsw_pmd_create_all(struct vsw_dp *dp, const unsigned int *lcores, unsigned int n_pmds,
		       struct vsw_pmd **pmds);

/*
 * Spread every rx queue of dp's ports over the PMDs again, round-robin in
 * port order, after the port table changed; empty their exact-match caches.
 * The PMDs must have returned (vsw_dp_stop) and flushed.
 */
void vsw_pmd_assign_rxqs(struct vsw_dp *dp, struct vsw_pmd **pmds, unsigned int n_pmds);

/* Free what vsw_pmd_create_all made; the PMDs must have returned. */
void vsw_pmd_free_all(struct vsw_pmd **pmds, unsigned int n_pmds);

/*
 * Receive one burst from the PMD's rx queue q and send each packet on its
 * way (buffered for output; vsw_pmd_flush sends); returns how many. The
 * PMD thread, or a test in its place.
 */
uint16_t vsw_pmd_poll(struct vsw_pmd *pmd, unsigned int q);

/* lcore entry point: poll until vsw_dp_stop(), flush, return 0. arg: struct vsw_pmd *. */
int vsw_pmd_run(void *arg);

/* Ask every PMD to finish its loop. Any thread. */
void vsw_dp_stop(struct vsw_dp *dp);

/*
 * Run rule's actions (or the bridge's table-miss behaviour when rule is NULL)
 * on m, which came in on port `in` with flow key `key`, at classifier version
 * `version`: rewrite it, look up further tables, buffer it (or copies) for
 * output ports, or free it and count the drop. PMD thread.
 */
void vsw_pmd_execute(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		     const struct vsw_flow_key *key, uint64_t version, const struct vsw_rule *rule,
		     struct rte_mbuf *m);

/*
 * Run rule (or the table-miss behaviour) on n packets of one burst that
 * came in on port index `in` (OpenFlow number in_ofport) and share it, as
 * vsw_pmd_execute does for each: a single output buffers them all at once;
 * other actions parse each packet's key first. PMD thread.
 */
void vsw_pmd_execute_burst(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
			   uint16_t in_ofport, uint64_t version, const struct vsw_rule *rule,
			   struct rte_mbuf **pkts, uint16_t n);

/* Hand every buffered packet to its port. PMD thread. */
void vsw_pmd_flush(struct vsw_pmd *pmd);

/*
 * Run the pipeline on m as vsw_pmd_execute does, starting from table 0 at
 * version `version`, while recording its outcome as a datapath flow; cache
 * the flow (and key -> flow in the exact-match cache, under hash) unless
 * the run left more rules or operations than a flow holds. PMD thread.
 */
void vsw_pmd_translate(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		       const struct vsw_flow_key *key, uint32_t hash, uint64_t version,
		       struct rte_mbuf *m);

/*
 * Do to m (flow key key) what the pipeline did to the packet flow was made
 * from: its operations in order. Each rule it went through counts the
 * packet: with the burst's other packets of the flow (vsw_pmd_count_flows),
 * or at once when DEC_TTL drops it part way. PMD thread.
 */
void vsw_pmd_execute_dpflow(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
			    const struct vsw_flow_key *key, struct vsw_dpflow *flow,
			    struct rte_mbuf *m);

/*
 * Add what the burst's datapath flow hits owe to their rules' counters.
 * PMD thread: before any flow slot may be reused (a translation) and
 * before the burst ends, so the counts stay exact.
 */
void vsw_pmd_count_flows(struct vsw_pmd *pmd);

/*
 * Allocate cache c's buckets and n_flows flow slots (a power of two, at
 * least VSW_DPFLOW_WAYS) on NUMA socket `socket`, empty, for PMD index
 * pmd. 0 or -ENOMEM.
 */
int vsw_dpflow_cache_init(struct vsw_dpflow_cache *c, uint32_t n_flows, unsigned int pmd,
			  int socket);

/* Free what vsw_dpflow_cache_init allocated. */
void vsw_dpflow_cache_free(struct vsw_dpflow_cache *c);

/* Forget every flow. Its PMD must not be running. */
void vsw_dpflow_cache_flush(struct vsw_dpflow_cache *c);

/*
 * The flow of cls at version v that key falls in, or NULL. *probes grows
 * by the masks probed. Its PMD only.
 */
struct vsw_dpflow *vsw_dpflow_lookup(struct vsw_dpflow_cache *c, const struct vsw_cls *cls,
				     const struct vsw_flow_key *key, uint64_t v,
				     unsigned int *probes);

/*
 * Store flow f (key: the packet's whole key) under mask: f->key is masked
 * on the way in. Returns the cached copy, or NULL when the cache has no
 * room for another mask; *evicted says whether a live flow made room. Its
 * PMD only.
 */
struct vsw_dpflow *vsw_dpflow_insert(struct vsw_dpflow_cache *c, const struct vsw_dpflow *f,
				     const struct vsw_flow_key *mask, bool *evicted);

#endif /* VSW_DATAPATH_H */
