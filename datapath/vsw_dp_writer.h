/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_dp_writer.h: the datapath's writer side, for the control thread
 * alone: deferred frees (reclaim.c), the classifier's writer (cls_write.c,
 * cls_subtable.c) and the MAC table's (fdb_write.c). PMDs never call these;
 * what they read is declared in vsw_datapath.h. Every call here runs on the
 * one writer thread, so none of them locks; readers see a change only when
 * it is published (vsw_cls_commit, the FDB's release stores), and memory a
 * reader may hold is freed only after an RCU grace period (vsw_reclaim).
 */

#ifndef VSW_DP_WRITER_H
#define VSW_DP_WRITER_H

#include "vsw_datapath.h"

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

/* What a new rule is. key and state need not be masked; actions are copied. */
/* Why a rule left, as OpenFlow 1.3 numbers it (FLOW_REMOVED's reason). */
enum vsw_removed_reason {
	VSW_REMOVED_IDLE = 0,	/* its idle_timeout passed without a packet */
	VSW_REMOVED_HARD = 1,	/* its hard_timeout passed */
	VSW_REMOVED_DELETE = 2, /* a delete selected it */
};

/*
 * Told, as a commit publishes, of each rule the batch removed (not one an
 * add or a modify replaced) that carries VSW_RULE_SEND_FLOW_REM, and why;
 * the rule is still readable then (it is freed after the grace period).
 */
typedef void vsw_cls_removed_fn(void *arg, const struct vsw_rule *r, enum vsw_removed_reason why);

struct vsw_rule_spec {
	uint8_t table;
	uint8_t flags; /* VSW_RULE_* */
	uint16_t priority;
	uint64_t cookie;
	uint16_t idle_timeout;
	uint16_t hard_timeout;
	struct vsw_flow_key key;
	struct vsw_flow_key mask;
	struct vsw_pipe_state state; /* the match on the pipeline state */
	struct vsw_pipe_state state_mask;
	const struct vsw_action *actions;
	uint32_t n_actions;
};

/*
 * Create bridge `bridge`'s classifier in memzone VSW_SHM_CLS_MZ_FMT, with
 * counters for n_pmds PMDs, freeing through r. 0 or a negative errno + err.
 */
int vsw_cls_create(unsigned int bridge, unsigned int n_pmds, struct vsw_reclaim *r,
		   struct vsw_cls_writer **out, char *err, size_t err_len);

/* Have fn(arg, ...) told of removed send_flow_rem rules at each commit (NULL: nobody). */
void vsw_cls_on_removed(struct vsw_cls_writer *w, vsw_cls_removed_fn *fn, void *arg);

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
 * The rule present in the staged state with exactly spec's table, match
 * (key and state need not be masked) and priority, or NULL.
 */
const struct vsw_rule *vsw_cls_find_strict(const struct vsw_cls_writer *w,
					   const struct vsw_rule_spec *spec);

/* Stage the removal of the rule with exactly spec's table, match and priority. 0 or -ENOENT. */
int vsw_cls_delete_strict(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec);

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

/* ---- MAC table, writer side (fdb_write.c) ---- */

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

#endif /* VSW_DP_WRITER_H */
