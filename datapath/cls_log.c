/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_log.c: the tables' change logs, writer side (layout and reader rules
 * in vsw_shm_flow.h; the datapath flow caches read them through
 * shm/shm_dpflow.c). At every commit, before the new version is published,
 * each table the batch changed gets its adds and its removals logged: one
 * entry per rule while a table has at most CLS_LOG_ONE_BY_ONE of a kind,
 * else one summary entry for all of them, so that a batch of thousands of
 * flow-mods takes one entry, not the whole ring. A summary still keeps most
 * flows: those whose bits disagree with where all the batch's matches
 * agree, or whose priorities lie outside the batch's.
 */

#include <string.h>

#include <rte_atomic.h>

#include "cls_private.h"

/* A log entry being built. */
struct change {
	const struct vsw_rule *rule; /* the one rule, or NULL */
	unsigned int n;
	uint16_t priority, priority_min;
	bool has_state;
	struct vsw_flow_key key, mask;
};

/* Fold rule r into change c: the bits all its rules agree on, their priority range. */
static void
fold(struct change *c, const struct vsw_rule *r)
{
	static const struct vsw_pipe_state no_state;
	typedef uint64_t __attribute__((may_alias)) word;
	const word *rk = (const word *)&r->key, *rm = (const word *)&r->mask;
	word *k = (word *)&c->key, *m = (word *)&c->mask;
	unsigned int i;

	if (c->n++ == 0) {
		c->rule = r;
		c->key = r->key;
		c->mask = r->mask;
		c->priority = c->priority_min = r->priority;
	} else {
		c->rule = NULL;
		for (i = 0; i < sizeof(c->key) / sizeof(word); i++) {
			m[i] &= rm[i] & ~(k[i] ^ rk[i]);
			k[i] &= m[i];
		}
		c->priority = RTE_MAX(c->priority, r->priority);
		c->priority_min = RTE_MIN(c->priority_min, r->priority);
	}
	memset(c->key.pad, 0, sizeof(c->key.pad)); /* a rule's state digest: not packet bits */
	c->has_state |= memcmp(&r->state_mask, &no_state, sizeof(no_state)) != 0;
}

/* Write change c of this kind into table t's log, as version v. */
static void
put(struct vsw_table *t, enum vsw_change_kind kind, const struct change *c, uint64_t v)
{
	struct vsw_table_change *e = &t->log[t->log_next % VSW_TABLE_LOG];

	if (e->version > t->log_lost)
		__atomic_store_n(&t->log_lost, e->version, __ATOMIC_RELEASE);
	__atomic_store_n(&e->version, 0, __ATOMIC_RELAXED);
	rte_smp_wmb();
	e->rule = kind == VSW_CHANGE_REMOVE ? c->rule : NULL;
	e->kind = (uint8_t)kind;
	e->priority = c->priority;
	e->priority_min = c->priority_min;
	e->has_state = c->has_state;
	e->key = c->key;
	e->mask = c->mask;
	__atomic_store_n(&e->version, v, __ATOMIC_RELEASE);
	t->log_next++;
	t->changed_version = v;
}

/* The i-th rule of a kind in the staged batch. */
static const struct vsw_rule *
nth(const struct vsw_cls_writer *w, enum vsw_change_kind kind, size_t i)
{
	return kind == VSW_CHANGE_ADD ? w->added[i] : w->unlink[i].rule;
}

/* Log the batch's changes of one kind. */
static void
log_kind(struct vsw_cls_writer *w, enum vsw_change_kind kind, uint64_t v)
{
	size_t n = kind == VSW_CHANGE_ADD ? w->n_added : w->n_unlink, i, j;
	uint32_t count[VSW_N_TABLES] = {0};
	struct change c;

	for (i = 0; i < n; i++)
		count[nth(w, kind, i)->table]++;
	for (i = 0; i < n; i++) {
		const struct vsw_rule *r = nth(w, kind, i);

		if (count[r->table] == 0)
			continue; /* summarised already */
		memset(&c, 0, sizeof(c));
		if (count[r->table] <= CLS_LOG_ONE_BY_ONE) {
			fold(&c, r);
		} else {
			for (j = i; j < n; j++)
				if (nth(w, kind, j)->table == r->table)
					fold(&c, nth(w, kind, j));
			count[r->table] = 0;
		}
		put(&w->cls->tables[r->table], kind, &c, v);
	}
}

void
cls_log_commit(struct vsw_cls_writer *w, uint64_t v)
{
	log_kind(w, VSW_CHANGE_ADD, v);
	log_kind(w, VSW_CHANGE_REMOVE, v);
}
