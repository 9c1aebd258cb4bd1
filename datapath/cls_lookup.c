/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_lookup.c: the classifier's reader side, tuple-space search as in the
 * Linux kernel's openvswitch flow_table.c, with OpenFlow priorities.
 *
 * A table is a list of subtables, one per distinct mask, each an rte_hash
 * from masked key to the list of rules with that exact match (priority
 * high to low, then oldest first). Subtables are ranked by the highest
 * priority they hold, so the search of a packet stops at the first subtable
 * whose best possible rule cannot beat the one already found.
 *
 * Hashes are vsw_key_hash() of the masked key, computed here and passed to
 * rte_hash_*_with_hash: the hash function pointer inside an rte_hash is not
 * valid in another process, so it is never used.
 *
 * While a pipeline run is recorded (vsw_cls_lookup_wc), prefix tracking
 * skips subtables whose address prefixes cannot match (cls_prefix.c).
 *
 * Safe without locks against the single writer (cls_write.c): the subtable
 * array, a subtable's hash and each list link are published with release
 * stores and read with acquire loads; what a reader can still reach is freed
 * only after an RCU grace period; visibility is decided by versions.
 */

#include <string.h>

#include <rte_hash.h>

#include "vsw_datapath.h"

/* Whether a beats b (b may be NULL): higher priority, then older. */
static inline bool
better(const struct vsw_rule *a, const struct vsw_rule *b)
{
	return b == NULL || a->priority > b->priority ||
	       (a->priority == b->priority && a->id < b->id);
}

/* Whether best already beats anything subtable st can hold. */
static inline bool
settled(const struct vsw_rule *best, const struct vsw_subtable *st)
{
	return best != NULL && best->priority > st->max_priority;
}

/* The pipeline state of a packet entering table 0. */
static const struct vsw_pipe_state zero_state;

/*
 * The first rule of a list present at version v whose match on the
 * pipeline state agrees with state: in a subtable that matches state, a
 * list may hold rules of other states whose digests are equal.
 */
static inline const struct vsw_rule *
first_visible(const struct vsw_rule *r, const struct vsw_subtable *st,
	      const struct vsw_pipe_state *state, uint64_t v)
{
	for (; r != NULL; r = __atomic_load_n(&r->next, __ATOMIC_ACQUIRE))
		if (vsw_rule_visible(r, v) && (!st->has_state || vsw_state_matches(r, state)))
			return r;
	return NULL;
}

/* The key st hashes: key & st->mask (only the mask's non-zero words), state's digest. */
static inline void
mask_key(struct vsw_flow_key *out, const struct vsw_flow_key *key,
	 const struct vsw_pipe_state *state, const struct vsw_subtable *st)
{
	vsw_key_mask_words(out, key, &st->mask, st->words, st->n_words);
	if (st->has_state)
		vsw_state_digest_put(out, state, &st->state_mask);
}

static inline const struct vsw_subtable_array *
subtables_of(const struct vsw_cls *cls, unsigned int table)
{
	return __atomic_load_n(&cls->tables[table].subtables, __ATOMIC_ACQUIRE);
}

/* Whether st's mask is in_port's bits or nothing (and nothing of the pipeline state). */
static inline bool
port_only_mask(const struct vsw_subtable *st)
{
	static const struct vsw_flow_key in_port_mask = {.in_port = UINT16_MAX};

	/* n_words counts the mask's non-zero words; in_port lies in word 0. */
	return !st->has_state &&
	       (st->n_words == 0 || (st->n_words == 1 && st->words[0] == 0 &&
				     memcmp(&st->mask, &in_port_mask, sizeof(uint64_t)) == 0));
}

bool
vsw_cls_port_only(const struct vsw_cls *cls, unsigned int table)
{
	const struct vsw_subtable_array *arr = subtables_of(cls, table);
	uint32_t i;

	for (i = 0; arr != NULL && i < arr->n; i++)
		if (!port_only_mask(arr->st[i]))
			return false;
	return true;
}

/* *wc |= st's mask, on the mask's non-zero words. */
static inline void
add_mask(struct vsw_flow_key *wc, const struct vsw_subtable *st)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *m = (const word *)&st->mask;
	word *w = (word *)wc;
	unsigned int i;

	for (i = 0; i < st->n_words; i++)
		w[st->words[i]] |= m[st->words[i]];
}

/* One address field's prefix walk for a lookup, made when a subtable first needs it. */
struct prefix_walk {
	bool done;
	bool tracked;
	uint64_t matching; /* bit L: a prefix of length L matches */
	unsigned int bits; /* leading address bits the walk read */
};

/*
 * While recording: whether subtable st cannot match key because no prefix
 * of its length on an address field matches in the table; then only the
 * address bits the walk read join *wc (prefix tracking, cls_prefix.c).
 */
static bool
skip_by_prefix(const struct vsw_cls *cls, unsigned int table, const struct vsw_flow_key *key,
	       uint64_t v, const struct vsw_subtable *st, struct prefix_walk *pw,
	       struct vsw_flow_key *wc)
{
	unsigned int f, i;

	for (f = 0; f < VSW_PREFIX_FIELDS; f++) {
		uint8_t len = st->plen[f], *w = f == 0 ? wc->nw_src : wc->nw_dst;

		if (len == 0 || len == VSW_PREFIX_UNTRACKED)
			continue;
		if (!pw[f].done) {
			pw[f].tracked = vsw_prefix_walk(
				__atomic_load_n(&cls->tables[table].prefixes[f], __ATOMIC_ACQUIRE),
				v, key, f, &pw[f].matching, &pw[f].bits);
			pw[f].done = true;
		}
		if (!pw[f].tracked || (pw[f].matching >> len) & 1)
			continue;
		for (i = 0; i < 4; i++) /* the walk's bits: a prefix mask, byte by byte */
			w[i] |= (uint8_t)(pw[f].bits >= (i + 1) * 8 ? 0xff
					  : pw[f].bits > i * 8 ? 0xff << ((i + 1) * 8 - pw[f].bits)
							       : 0);
		return true;
	}
	return false;
}

const struct vsw_rule *
vsw_cls_lookup_wc(const struct vsw_cls *cls, unsigned int table, const struct vsw_flow_key *key,
		  const struct vsw_pipe_state *state, uint64_t v, struct vsw_flow_key *wc)
{
	struct prefix_walk pw[VSW_PREFIX_FIELDS] = {0};
	const struct vsw_subtable_array *arr;
	const struct vsw_rule *best = NULL;
	struct vsw_flow_key mk;
	unsigned int i;

	if (table >= VSW_N_TABLES)
		return NULL;
	if (state == NULL)
		state = &zero_state;
	arr = subtables_of(cls, table);
	for (i = 0; arr != NULL && i < arr->n; i++) {
		const struct vsw_subtable *st = arr->st[i];
		const struct rte_hash *h = __atomic_load_n(&st->hash, __ATOMIC_ACQUIRE);
		const struct vsw_rule *r;
		void *data;

		if (settled(best, st))
			break;
		if (wc != NULL && skip_by_prefix(cls, table, key, v, st, pw, wc))
			continue;
		if (wc != NULL)
			add_mask(wc, st);
		mask_key(&mk, key, state, st);
		if (rte_hash_lookup_with_hash_data(h, &mk, vsw_key_hash(&mk), &data) < 0)
			continue;
		r = first_visible(data, st, state, v);
		if (r != NULL && better(r, best))
			best = r;
	}
	return best;
}

const struct vsw_rule *
vsw_cls_lookup(const struct vsw_cls *cls, unsigned int table, const struct vsw_flow_key *key,
	       uint64_t v)
{
	return vsw_cls_lookup_wc(cls, table, key, NULL, v, NULL);
}

bool
vsw_rule_looks_up(const struct vsw_rule *rule)
{
	uint32_t i;

	for (i = 0; rule != NULL && i < rule->actions->n; i++)
		if (rule->actions->a[i].type == VSW_ACTION_RESUBMIT ||
		    rule->actions->a[i].type == VSW_ACTION_GOTO_TABLE)
			return true;
	return false;
}

void
vsw_cls_lookup_burst(const struct vsw_cls *cls, unsigned int table,
		     const struct vsw_flow_key *const *keys, unsigned int n, uint64_t v,
		     const struct vsw_rule **rules)
{
	struct vsw_flow_key mk[VSW_CLS_BURST_MAX];
	const void *mkp[VSW_CLS_BURST_MAX];
	hash_sig_t sig[VSW_CLS_BURST_MAX];
	void *data[VSW_CLS_BURST_MAX];
	uint8_t todo[VSW_CLS_BURST_MAX], idx[VSW_CLS_BURST_MAX];
	const struct vsw_subtable_array *arr;
	unsigned int i, s, n_todo = 0, n_idx;
	uint64_t hits;

	for (i = 0; i < n; i++) {
		rules[i] = NULL;
		todo[n_todo++] = (uint8_t)i;
	}
	if (table >= VSW_N_TABLES)
		return;
	arr = subtables_of(cls, table);
	for (s = 0; arr != NULL && s < arr->n && n_todo > 0; s++) {
		const struct vsw_subtable *st = arr->st[s];
		const struct rte_hash *h = __atomic_load_n(&st->hash, __ATOMIC_ACQUIRE);
		unsigned int kept = 0;

		/* Packets whose best beats this subtable beat every later one too. */
		n_idx = 0;
		for (i = 0; i < n_todo; i++) {
			unsigned int p = todo[i];

			if (settled(rules[p], st))
				continue;
			todo[kept++] = (uint8_t)p;
			mask_key(&mk[n_idx], keys[p], &zero_state, st);
			mkp[n_idx] = &mk[n_idx];
			sig[n_idx] = vsw_key_hash(&mk[n_idx]);
			idx[n_idx++] = (uint8_t)p;
		}
		n_todo = kept;
		if (n_idx == 0)
			break;
		hits = 0;
		rte_hash_lookup_with_hash_bulk_data(h, mkp, sig, n_idx, &hits, data);
		for (i = 0; i < n_idx; i++) {
			const struct vsw_rule *r;

			if (!(hits & (1ULL << i)))
				continue;
			r = first_visible(data[i], st, &zero_state, v);
			if (r != NULL && better(r, rules[idx[i]]))
				rules[idx[i]] = r;
		}
	}
}
