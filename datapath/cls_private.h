/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_private.h: what the classifier's writer files share, and nothing
 * else includes: cls_write.c (rules, versions, batches) and cls_subtable.c
 * (one mask's hash table: creation, growth, ranking). Control thread only.
 */

#ifndef VSW_CLS_PRIVATE_H
#define VSW_CLS_PRIVATE_H

#include <rte_hash.h>
#include <rte_log.h>

#include "vsw_dp_writer.h"

/*
 * The classifier writer's log type, "vsw.datapath" (vswitchd sets every
 * "vsw*" type's level). Control thread only: the PMDs never log.
 */
extern int cls_logtype;
#define CLS_LOG(level, fmt, ...)                                                                   \
	rte_log(RTE_LOG_##level, cls_logtype, "vsw.datapath: " fmt "\n", ##__VA_ARGS__)

/* A rule staged for removal, and the rule that takes over its counters (or NULL). */
struct cls_unlink {
	struct vsw_rule *rule;
	struct vsw_rule *successor;
	int why; /* enum vsw_removed_reason, or -1: replaced by an add or a modify */
};

struct vsw_cls_writer {
	struct vsw_cls *cls; /* shared, in memzone mz */
	const struct rte_memzone *mz;
	struct vsw_reclaim *reclaim;
	unsigned int bridge;
	unsigned int n_pmds;
	bool dirty;		   /* something is staged */
	int64_t staged_delta;	   /* rules added minus removed, staged */
	struct cls_unlink *unlink; /* removed at the staged version; unlinked at commit */
	size_t n_unlink, cap_unlink;
	struct vsw_rule **added; /* added at the staged version; unlinked by abort */
	size_t n_added, cap_added;
	vsw_cls_removed_fn *on_removed; /* told of removed send_flow_rem rules at commit */
	void *on_removed_arg;
	/* Prefix tracking per table and address field (cls_prefix.c); NULL until used. */
	struct cls_prefix_track *prefixes[VSW_N_TABLES][VSW_PREFIX_FIELDS];
};

/* ---- prefix tracking (cls_prefix.c) ---- */

/* mask's prefix length on field f (0 nw_src, 1 nw_dst): 0 unmasked, VSW_PREFIX_UNTRACKED. */
uint8_t cls_prefix_len(const struct vsw_flow_key *mask, unsigned int f);

/* Count a rule's prefixes from when it is linked (staged) ... */
void cls_prefix_add(struct vsw_cls_writer *w, const struct vsw_rule *r);

/* ... until it is unlinked. */
void cls_prefix_remove(struct vsw_cls_writer *w, const struct vsw_rule *r);

/* Publish the changed tables' prefix sets, valid for lookups at version `from` on. */
void cls_prefix_publish(struct vsw_cls_writer *w, uint64_t from);

/* Free every prefix set (the classifier is going away). */
void cls_prefix_destroy(struct vsw_cls_writer *w);

/* ---- change logs (cls_log.c) ---- */

/* Changes of one kind to one table in one commit logged one by one; more are summarised. */
#define CLS_LOG_ONE_BY_ONE 4

/* Log the staged batch's adds and removals in their tables' change logs, as version v. */
void cls_log_commit(struct vsw_cls_writer *w, uint64_t v);

/*
 * Queue fn(a, b) for after the grace period; if even that fails (the
 * process heap is exhausted), leak rather than free memory a reader may hold.
 */
void cls_defer(struct vsw_cls_writer *w, void (*fn)(void *, void *), void *a, void *b);

/* The subtable of `table` with these masks (of the key, of the pipeline state), or NULL. */
struct vsw_subtable *cls_subtable_find(const struct vsw_cls_writer *w, unsigned int table,
				       const struct vsw_flow_key *mask,
				       const struct vsw_pipe_state *state_mask);

/* A new, empty subtable for these masks, published in table's ranking. NULL when out of memory. */
struct vsw_subtable *cls_subtable_create(struct vsw_cls_writer *w, unsigned int table,
					 const struct vsw_flow_key *mask,
					 const struct vsw_pipe_state *state_mask,
					 uint16_t priority);

/*
 * Republish table's subtable array as the current one plus `add` minus
 * `drop` (either may be NULL), ranked by max_priority. 0 or -ENOMEM.
 */
int cls_subtable_rank(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *add,
		      const struct vsw_subtable *drop);

/* Point masked key mk's hash entry at rule (adding the entry, growing the hash if full). */
int cls_subtable_set_head(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *st,
			  const struct vsw_flow_key *mk, hash_sig_t sig, struct vsw_rule *rule);

/* The first rule of mk's list in st, or NULL. */
struct vsw_rule *cls_subtable_head(const struct vsw_subtable *st, const struct vsw_flow_key *mk,
				   hash_sig_t sig);

/* A deferred-free callback: frees subtable a and its hash. */
void cls_subtable_free(void *a, void *unused);

#endif /* VSW_CLS_PRIVATE_H */
