/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_datapath.h: the packet path and the flow tables it reads.
 *
 *   rx burst -> vsw_key_parse (once per packet) -> exact-match cache
 *            -> classifier (tuple-space search, tables in hugepages)
 *            -> actions -> buffered tx, flushed once per poll loop
 *
 * The parts, one file each: flow_key.c (parser), cls_lookup.c (classifier,
 * reader side), cls_write.c and cls_subtable.c (classifier, the single
 * writer: rules and batches; subtables), reclaim.c
 * (deferred frees after an RCU grace period), emc.c (the per-PMD cache),
 * actions.c (executing a rule's actions), packet_edit.c (header rewrites for
 * them), pmd.c (the poll loop). The layouts
 * they share with helper processes are in shm/vsw_shm_flow.h.
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

#include "vsw_config.h"
#include "vsw_port.h"
#include "vsw_shm.h"

#define VSW_BURST	  32
#define VSW_PMD_MAX_RXQ	  (VSW_MAX_PORTS * VSW_CFG_MAX_RXQ)
#define VSW_MAX_ACTIONS	  64 /* per rule */
#define VSW_CLS_BURST_MAX 64 /* keys per vsw_cls_lookup_burst call */

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
 * vsw's own hash of a (masked) key: CRC32C of its first five and last five
 * 8-byte words as two independent chains, folded together. Two chains
 * halve the latency of ten dependent CRC steps (the per-packet cost a
 * profile showed), and calling the instruction directly skips
 * rte_hash_crc()'s check of the CPU on every step.
 */
static inline uint32_t
vsw_key_hash(const struct vsw_flow_key *key)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *w = (const word *)key;
	uint64_t a = 0, b = 0x9e3779b9;

	RTE_BUILD_BUG_ON(sizeof(*key) != 10 * sizeof(uint64_t));
	a = vsw_crc_step(a, w[0]);
	b = vsw_crc_step(b, w[5]);
	a = vsw_crc_step(a, w[1]);
	b = vsw_crc_step(b, w[6]);
	a = vsw_crc_step(a, w[2]);
	b = vsw_crc_step(b, w[7]);
	a = vsw_crc_step(a, w[3]);
	b = vsw_crc_step(b, w[8]);
	a = vsw_crc_step(a, w[4]);
	b = vsw_crc_step(b, w[9]);
	return (uint32_t)a ^ (((uint32_t)b << 15) | ((uint32_t)b >> 17));
}

/* *out = *key & *mask. */
void vsw_key_mask(struct vsw_flow_key *out, const struct vsw_flow_key *key,
		  const struct vsw_flow_key *mask);

/* ---- classifier, reader side (cls_lookup.c) ---- */

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

/* ---- deferred reclamation (reclaim.c) ---- */

struct vsw_reclaim;

/* A process-local queue of frees that wait for every PMD to pass a quiescent state. */
int vsw_reclaim_create(struct rte_rcu_qsbr *qsbr, struct vsw_reclaim **out);

/*
 * Run fn(a, b) once every reader registered with the QSBR has reported a
 * quiescent state after this call. Never waits. 0 or -ENOMEM (then nothing
 * was queued and the caller still owns what it meant to free).
 */
int vsw_reclaim_defer(struct vsw_reclaim *r, void (*fn)(void *a, void *b), void *a, void *b);

/* Run the frees whose grace period has passed; returns how many. Never waits. */
unsigned int vsw_reclaim_poll(struct vsw_reclaim *r);

/* Frees still waiting. */
unsigned int vsw_reclaim_pending(const struct vsw_reclaim *r);

/* Run every free now: only when no reader can hold anything (PMDs stopped). */
void vsw_reclaim_destroy(struct vsw_reclaim *r);

/* ---- classifier, writer side (cls_write.c); control thread only ---- */

struct vsw_cls_writer;

/* What a new rule is. key need not be masked; actions are copied. */
struct vsw_rule_spec {
	uint8_t table;
	uint16_t priority;
	uint64_t cookie;
	uint16_t idle_timeout;
	uint16_t hard_timeout;
	struct vsw_flow_key key;
	struct vsw_flow_key mask;
	const struct vsw_action *actions;
	uint32_t n_actions;
};

/*
 * Create bridge `bridge`'s classifier in memzone VSW_SHM_CLS_MZ_FMT, with
 * counters for n_pmds PMDs, freeing through r. 0 or a negative errno + err.
 */
int vsw_cls_create(unsigned int bridge, unsigned int n_pmds, struct vsw_reclaim *r,
		   struct vsw_cls_writer **out, char *err, size_t err_len);

/* The shared classifier readers use. */
struct vsw_cls *vsw_cls_tables(const struct vsw_cls_writer *w);

/*
 * Stage a rule for the next version. A present rule with the same table,
 * match and priority is replaced (OpenFlow add); the new rule takes over its
 * counters. Invisible to readers until vsw_cls_commit. 0, or a negative
 * errno + err: -EINVAL (bad spec), -ENOMEM (hugepage memory for rules or
 * tables is exhausted; vsw_cls_abort() then takes the batch back).
 */
int vsw_cls_add(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec, char *err,
		size_t err_len);

/*
 * Stage OpenFlow's modify of rule r (from vsw_cls_select): the same rule
 * with these actions and cookie, keeping its counters, age and timeouts.
 * 0 (also when r is already staged for removal) or an error as vsw_cls_add.
 */
int vsw_cls_modify(struct vsw_cls_writer *w, const struct vsw_rule *r,
		   const struct vsw_action *actions, uint32_t n_actions, uint64_t cookie, char *err,
		   size_t err_len);

/*
 * The rule present in the staged state with exactly this table, match
 * (key need not be masked) and priority, or NULL.
 */
const struct vsw_rule *vsw_cls_find_strict(const struct vsw_cls_writer *w, unsigned int table,
					   const struct vsw_flow_key *key,
					   const struct vsw_flow_key *mask, uint16_t priority);

/* Stage the removal of the rule with exactly this match and priority. 0 or -ENOENT. */
int vsw_cls_delete_strict(struct vsw_cls_writer *w, unsigned int table,
			  const struct vsw_flow_key *key, const struct vsw_flow_key *mask,
			  uint16_t priority);

/* Stage the removal of rule r (from vsw_cls_select). 0 or -ENOMEM. */
int vsw_cls_remove(struct vsw_cls_writer *w, const struct vsw_rule *r);

/*
 * The rules of table `table` (VSW_N_TABLES: of every table) present in the
 * staged state (published and not staged for removal, or staged) for which
 * keep(r, arg) is true, in a malloc'ed array (*out, *n_out) the caller
 * frees. Collect first, then change: changes made while walking would be
 * walked again. 0 or -ENOMEM.
 */
int vsw_cls_select(const struct vsw_cls_writer *w, unsigned int table,
		   bool (*keep)(const struct vsw_rule *r, void *arg), void *arg,
		   const struct vsw_rule ***out, size_t *n_out);

/*
 * Publish everything staged as one new version: from the moment this returns,
 * no packet received afterwards sees the old state. Then unlinks removed
 * rules and defers their frees. Never waits for PMDs.
 */
void vsw_cls_commit(struct vsw_cls_writer *w);

/*
 * Take back everything staged since the last commit: readers never saw it,
 * and the tables are as the last commit left them (a subtable's ranking
 * may keep a raised max_priority, which costs a little search time only).
 */
void vsw_cls_abort(struct vsw_cls_writer *w);

/*
 * Once a second: note in each rule when it was last hit (vsw_rule.used_ns,
 * for idle_age), and remove the rules whose hard timeout has passed, or that
 * no PMD counted a packet for during their idle timeout, as of now_ns
 * (CLOCK_MONOTONIC), in one committed version. Returns how many were removed.
 */
unsigned int vsw_cls_expire(struct vsw_cls_writer *w, uint64_t now_ns);

/* Rules present in the published version. */
uint32_t vsw_cls_n_rules(const struct vsw_cls_writer *w);

/* Free every table, rule and the memzone now: PMDs must be stopped. */
void vsw_cls_destroy(struct vsw_cls_writer *w);

/* ---- the switch as PMDs see it ---- */

/* One bridge. */
struct vsw_dp_bridge {
	struct vsw_cls *cls; /* its tables */
	struct vsw_fdb *fdb; /* its MAC table, for NORMAL */
	uint32_t fail_mode;  /* VSW_CFG_FAIL_*: what a table-0 miss does */
	uint16_t index;	     /* in vsw_dp.bridges */
	uint16_t n_ports;
	uint16_t ports[VSW_MAX_PORTS]; /* port indexes, for NORMAL and FLOOD */
};

/* A port's VLAN settings, as NORMAL applies them (vsw_config.h says what they mean). */
struct vsw_dp_vlan {
	uint16_t mode;			     /* enum vsw_cfg_vlan_mode */
	uint16_t tag;			     /* access or native VLAN */
	uint64_t trunks[VSW_CFG_VLAN_WORDS]; /* VLANs a trunk or native port carries */
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
	uint32_t stop;		     /* set by vsw_dp_stop(); PMDs poll it */
};

/* ---- MAC learning: readers (fdb.c), the writer (fdb_write.c), NORMAL (normal.c) ---- */

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

struct vsw_fdb_writer;

/*
 * Create bridge `bridge`'s MAC table for max_entries MACs, aging after
 * aging_s seconds unseen, freeing hash positions through r. 0, or a
 * negative errno + err.
 */
int vsw_fdb_create(unsigned int bridge, uint32_t max_entries, uint32_t aging_s,
		   struct vsw_reclaim *r, struct vsw_fdb_writer **out, char *err, size_t err_len);

/* The shared table readers use. */
struct vsw_fdb *vsw_fdb_table(const struct vsw_fdb_writer *w);

/* Change the aging time (mac-aging) from now on. */
void vsw_fdb_set_aging(struct vsw_fdb_writer *w, uint32_t aging_s);

/*
 * Learn: mac in vlan is behind port (a new MAC, a move, or a refresh). When
 * the table is full the entry seen least recently makes room. 0, or
 * -ENOSPC when no hash position is free (counted in fdb->refused).
 */
int vsw_fdb_learn(struct vsw_fdb_writer *w, const uint8_t mac[6], uint16_t vlan, uint16_t port);

/*
 * Set the table's clock to now_s (CLOCK_MONOTONIC seconds) and remove the
 * entries unseen for the aging time. Returns how many were removed.
 */
unsigned int vsw_fdb_tick(struct vsw_fdb_writer *w, uint32_t now_s);

/* Forget every MAC (port < 0) or those behind one port. Returns how many. */
unsigned int vsw_fdb_flush(struct vsw_fdb_writer *w, int port);

/* Free the table: PMDs must be stopped and deferred frees run. */
void vsw_fdb_destroy(struct vsw_fdb_writer *w);

/* The ring PMDs send learn requests on (VSW_SHM_FDB_RING). 0 or a negative errno. */
int vsw_fdb_ring_create(struct rte_ring **out);

/*
 * Apply up to max queued learn requests to writers w[0..n_w-1] (by bridge
 * index), refusing those that name a bridge or port they do not match in
 * dp. Control thread. Returns how many were dequeued.
 */
unsigned int vsw_fdb_ring_drain(struct rte_ring *ring, struct vsw_fdb_writer *const *w,
				unsigned int n_w, const struct vsw_dp *dp, unsigned int max);

/* ---- exact-match cache (emc.c) ---- */

#define VSW_EMC_ENTRIES 8192 /* per PMD; a power of two */

/* One cached result: valid only for its classifier at exactly its version. */
struct vsw_emc_entry {
	struct vsw_flow_key key;
	const struct vsw_cls *cls;   /* the bridge it was resolved in */
	const struct vsw_rule *rule; /* table 0's answer; NULL = miss */
	uint64_t version;	     /* cls version it was resolved at; 0 = empty */
	uint32_t hash;
} __rte_cache_aligned;

struct vsw_emc {
	struct vsw_emc_entry e[VSW_EMC_ENTRIES];
};

/*
 * Find key's cached table-0 result at version v in cls. Returns true and
 * sets *rule (possibly NULL, a cached miss) on a hit.
 */
bool vsw_emc_lookup(const struct vsw_emc *emc, const struct vsw_cls *cls,
		    const struct vsw_flow_key *key, uint32_t hash, uint64_t v,
		    const struct vsw_rule **rule);

/* Remember key's result (replaces whatever shares its slot). */
void vsw_emc_insert(struct vsw_emc *emc, const struct vsw_cls *cls, const struct vsw_flow_key *key,
		    uint32_t hash, uint64_t v, const struct vsw_rule *rule);

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

#endif /* VSW_DATAPATH_H */
