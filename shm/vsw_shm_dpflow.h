/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_shm_dpflow.h: the layout of a PMD's datapath flow cache (OVS's
 * megaflows; datapath/dpflow.c and pipeline.c make and use it). Part of the
 * shared contract (included by vsw_shm.h, versioned by VSW_SHM_VERSION):
 * the cache lives in hugepage memory and vsw_shm_pmd.dpflows points at it,
 * so `vsw-ofctl dump-dp-flows` reads it.
 *
 * Concurrency: the PMD is the only writer and takes no lock. A reader in
 * another process copies a flow between two reads of its gen: gen is even
 * while the flow stays as it is, odd while the PMD rewrites it, and moves on
 * whenever the slot is freed or refilled; a copy is whole only when both
 * reads saw the same even gen. Pointers point into hugepage memory only.
 */

#ifndef VSW_SHM_DPFLOW_H
#define VSW_SHM_DPFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "vsw_shm_flow.h"

/*
 * A datapath flow (OVS's megaflow): the outcome of running a packet through
 * the whole pipeline (every table its resubmits and goto_tables reached),
 * for every packet that agrees with it on the bits the pipeline looked at.
 *
 * key is the packet's flow key masked by the cache's masks[mask]: the union
 * of the masks of every subtable a lookup probed, plus in_port (outputs
 * depend on it), plus the VLAN fields when a VLAN edit came before a lookup
 * (an edit may move one tag's bits to another field). ops are what the
 * pipeline did to the packet, in order, with no lookup left: header edits,
 * outputs (OUTPUT to a port index, FLOOD, ALL), NORMAL (decided per
 * packet: it reads the MAC table) and DEC_TTL (its TTL is exact in the
 * flow, so it always decrements). The flow counts every rule the pipeline
 * went through (counters[i]) for each of its packets, so per-rule counters
 * stay exact.
 *
 * lookups[] are the table lookups the run made, in order: the table, the
 * priority of the rule found, and whether the key looked up was the
 * packet's own. A commit changes a flow only if it removed a rule the flow
 * went through or added one that may match in a table the flow looked up
 * and beats what it found there; dpflow.c checks that against the tables'
 * change logs and moves the flow's version on, or frees it.
 *
 * datapath/dpflow.c's copy_flow() copies a flow into its slot field by
 * field (arrays only as far as they are used): a new field needs a line
 * there.
 *
 * Owned and written by one PMD; used only at its bridge's classifier
 * version: when a commit moves that on, the PMD first moves version along
 * (vsw_dpflow_unchanged: no rule it went through was removed) or frees the
 * flow, so counters[] are dereferenced only while their rules are present.
 */
#define VSW_DPFLOW_RULES 24 /* rules one pipeline run may go through */
#define VSW_DPFLOW_LOOKUPS 24 /* table lookups it may make (hits and misses) */
#define VSW_DPFLOW_OPS	 12 /* packet operations it may leave */
#define VSW_DPFLOW_MASKS 32 /* distinct masks per PMD cache */
#define VSW_DPFLOW_WAYS	 8  /* flows per hash bucket */

struct vsw_dpflow {
	/* Read on every hit, first. */
	uint32_t gen;	     /* even: stable; odd: being rewritten; moves on at every free
			      * and refill, so whoever points at the slot can tell */
	uint8_t n_rules;     /* counters[0..n_rules-1] */
	uint8_t n_ops;	     /* ops[0..n_ops-1] */
	uint8_t last_change; /* ops before it may be followed by a change */
	uint8_t reserved;    /* zero */
	int8_t drop;	     /* a drop reason that ends the run after the ops, or -1 */
	uint8_t missed;	     /* a goto_table found no rule */
	uint16_t mask;	     /* index into vsw_dpflow_cache.masks */
	uint64_t packets;    /* packets it handled, the first one included */
	uint64_t bytes;	     /* their bytes as received */
	uint64_t used_tsc;   /* TSC of its last packet's poll loop */
	struct vsw_action ops[VSW_DPFLOW_OPS];
	/* This PMD's counters of the i-th rule the pipeline went through. */
	struct vsw_rule_counters *counters[VSW_DPFLOW_RULES];
	int8_t len_delta[VSW_DPFLOW_RULES]; /* the packet's length then, less as received */
	/* Read when a commit has moved the version on (dpflow.c keeps what it cannot change). */
	uint8_t n_lookups; /* lookups[0..n_lookups-1] */
	uint8_t reserved2[7];
	struct vsw_dpflow_lookup {
		uint8_t table;
		uint8_t flags;	   /* VSW_LOOKUP_* */
		uint16_t priority; /* of the rule found (VSW_LOOKUP_FOUND) */
	} lookups[VSW_DPFLOW_LOOKUPS];
	/* Read by lookups and by the stale sweep. */
	struct vsw_flow_key key;   /* masked by the cache's masks[mask] */
	const struct vsw_cls *cls; /* the bridge it was translated in */
	uint64_t version;	   /* cls version it was translated at; 0 = free */
};

#define VSW_LOOKUP_FOUND 0x1 /* a rule matched */
#define VSW_LOOKUP_CLEAN 0x2 /* with the packet's own key: no edit before it, in_port kept */

/* A distinct mask of the cache's flows: one probe per mask, most hit first. */
struct vsw_dpflow_mask {
	struct vsw_flow_key mask;
	uint32_t n_flows;  /* flows in the cache with this mask; 0 = slot free */
	uint32_t hits;	   /* since the last ranking (halved then) */
	uint8_t n_words;   /* the mask's non-zero 64-bit words ... */
	uint8_t words[VSW_KEY_WORDS]; /* ... and their indexes */
};

/* One hash bucket: each way's signature (the flow's hash | 1; 0 = empty). */
struct vsw_dpflow_bucket {
	uint32_t sig[VSW_DPFLOW_WAYS];
};

/*
 * A PMD's datapath flow cache: n_buckets buckets of VSW_DPFLOW_WAYS flows
 * (flows[b * WAYS + w]), found by (mask, masked key). Private to its PMD.
 */
struct vsw_dpflow_cache {
	uint32_t n_buckets;		/* a power of two */
	uint32_t n_masks;		/* masks[0..n_masks-1] may be in use */
	uint32_t lookups;		/* since the last ranking */
	uint32_t sweep;			/* the next flow slot the stale sweep checks */
	uint32_t pmd;			/* its PMD's index: whose rule counters flows point at */
	uint32_t reserved;
	uint64_t kept;			/* flows a commit left valid (their version moved on) */
	uint64_t invalidated;		/* flows a commit changed (freed) */
	uint8_t rank[VSW_DPFLOW_MASKS]; /* mask indexes, most hit first */
	struct vsw_dpflow_mask masks[VSW_DPFLOW_MASKS];
	struct vsw_dpflow_bucket *buckets;
	struct vsw_dpflow *flows;
};

/*
 * Whether the commits after flow f's version, up to v (its bridge's
 * published version, or older), leave f as it is, from the change logs of
 * the tables f looked up; false also when a log no longer holds every
 * change f needs. f is a flow of cache c (or a copy of one). Any thread,
 * any process (shm_dpflow.c).
 */
bool vsw_dpflow_unchanged(const struct vsw_dpflow_cache *c, const struct vsw_dpflow *f,
			  uint64_t v);

/* A VLAN push or pop per operation at most: len_delta stays in an int8_t. */
_Static_assert(VSW_DPFLOW_OPS * 4 <= INT8_MAX, "vsw_dpflow.len_delta range");

#endif /* VSW_SHM_DPFLOW_H */
