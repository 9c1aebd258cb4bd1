/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_subtable.c: the classifier's subtables, writer side. A subtable holds
 * the rules of one mask of one table: an rte_hash created with
 * RW_CONCURRENCY_LF (lock-free readers; deleted key slots are not reused
 * until freed, which reclaim.c does after the grace period) and EXT_TABLE,
 * from masked key to the first rule of that match's list. A full hash is
 * rebuilt four times larger and swapped in; the old one is freed after the
 * grace period. A table's subtables are published as one array, ranked by
 * the highest priority each holds, which cls_lookup.c searches in order.
 * Names follow "vsw<B>.<T>.<M>.<G>" (bridge, table, subtable id, rebuild
 * generation), short enough for the rings rte_hash names after them.
 *
 * cls_write.c calls these for rules it adds and unlinks (cls_private.h).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "cls_private.h"

#define SUBTABLE_FIRST_CAPACITY 256
#define SUBTABLE_GROWTH		4

static void
free_mem(void *p, void *unused)
{
	RTE_SET_USED(unused);
	rte_free(p);
}

static void
free_hash(void *hash, void *unused)
{
	RTE_SET_USED(unused);
	rte_hash_free(hash);
}

void
cls_subtable_free(void *a, void *unused)
{
	struct vsw_subtable *st = a;

	RTE_SET_USED(unused);
	rte_hash_free(st->hash);
	rte_free(st);
}

void
cls_defer(struct vsw_cls_writer *w, void (*fn)(void *, void *), void *a, void *b)
{
	if (vsw_reclaim_defer(w->reclaim, fn, a, b) < 0)
		CLS_LOG(ERR, "out of memory queueing a deferred free: leaked");
}

/* ---- subtables ---- */

static struct rte_hash *
hash_create(const struct vsw_cls_writer *w, unsigned int table, const struct vsw_subtable *st,
	    uint16_t generation, uint32_t capacity, char name[VSW_HASH_NAME_LEN])
{
	struct rte_hash_parameters p = {
		.name = name,
		.entries = capacity,
		.key_len = sizeof(struct vsw_flow_key),
		.socket_id = (int)rte_socket_id(),
		.extra_flag =
			RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF | RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	snprintf(name, VSW_HASH_NAME_LEN, "vsw%u.%u.%u.%u", w->bridge, table, st->id, generation);
	return rte_hash_create(&p);
}

struct vsw_subtable *
cls_subtable_find(const struct vsw_cls_writer *w, unsigned int table,
		  const struct vsw_flow_key *mask, const struct vsw_pipe_state *state_mask)
{
	const struct vsw_subtable_array *arr = w->cls->tables[table].subtables;
	unsigned int i;

	for (i = 0; arr != NULL && i < arr->n; i++)
		if (memcmp(&arr->st[i]->mask, mask, sizeof(*mask)) == 0 &&
		    memcmp(&arr->st[i]->state_mask, state_mask, sizeof(*state_mask)) == 0)
			return arr->st[i];
	return NULL;
}

/*
 * Publish table's subtable array as the current one plus `add` minus `drop`
 * (either may be NULL), ranked by max_priority, highest first (ties: older
 * subtable first). The old array is freed after the grace period.
 */
int
cls_subtable_rank(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *add,
		  const struct vsw_subtable *drop)
{
	struct vsw_table *tab = &w->cls->tables[table];
	struct vsw_subtable_array *old = tab->subtables, *arr;
	unsigned int n_old = old ? old->n : 0, n = 0, i, j;

	arr = rte_malloc("vsw_subtables", sizeof(*arr) + (n_old + 1) * sizeof(arr->st[0]), 0);
	if (arr == NULL)
		return -ENOMEM;
	for (i = 0; i < n_old; i++)
		if (old->st[i] != drop)
			arr->st[n++] = old->st[i];
	if (add != NULL)
		arr->st[n++] = add;
	/* Insertion sort: arrays are short and nearly sorted. */
	for (i = 1; i < n; i++) {
		struct vsw_subtable *x = arr->st[i];

		for (j = i; j > 0 && arr->st[j - 1]->max_priority < x->max_priority; j--)
			arr->st[j] = arr->st[j - 1];
		arr->st[j] = x;
	}
	arr->n = n;
	if (n == 0) {
		rte_free(arr);
		arr = NULL;
	}
	__atomic_store_n(&tab->subtables, arr, __ATOMIC_RELEASE);
	if (old != NULL)
		cls_defer(w, free_mem, old, NULL);
	return 0;
}

struct vsw_subtable *
cls_subtable_create(struct vsw_cls_writer *w, unsigned int table, const struct vsw_flow_key *mask,
		    const struct vsw_pipe_state *state_mask, uint16_t priority)
{
	static const struct vsw_pipe_state no_state;
	typedef uint64_t __attribute__((may_alias)) word;
	const word *m = (const word *)mask;
	struct vsw_table *tab = &w->cls->tables[table];
	struct vsw_subtable *st;
	unsigned int i, tries;

	st = rte_zmalloc("vsw_subtable", sizeof(*st), RTE_CACHE_LINE_SIZE);
	if (st == NULL)
		return NULL;
	st->mask = *mask;
	st->state_mask = *state_mask;
	st->has_state = memcmp(state_mask, &no_state, sizeof(no_state)) != 0;
	for (i = 0; i < sizeof(*mask) / sizeof(word); i++)
		if (m[i] != 0)
			st->words[st->n_words++] = (uint8_t)i;
	for (i = 0; i < VSW_PREFIX_FIELDS; i++)
		st->plen[i] = cls_prefix_len(mask, i);
	st->max_priority = priority;
	st->capacity = SUBTABLE_FIRST_CAPACITY;
	/* Ids wrap after 65536 subtables; skip one whose name is still taken. */
	for (tries = 0; st->hash == NULL && tries < 16; tries++) {
		st->id = tab->next_subtable_id++;
		st->hash = hash_create(w, table, st, 0, st->capacity, st->hash_name);
		if (st->hash == NULL && rte_errno != EEXIST)
			break;
	}
	if (st->hash == NULL || cls_subtable_rank(w, table, st, NULL) < 0) {
		rte_hash_free(st->hash);
		rte_free(st);
		return NULL;
	}
	return st;
}

/* Rebuild st's hash SUBTABLE_GROWTH times larger and swap it in. */
static int
subtable_grow(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *st)
{
	struct rte_hash *old = st->hash, *h;
	char name[VSW_HASH_NAME_LEN];
	uint32_t iter = 0, capacity = st->capacity * SUBTABLE_GROWTH;
	const void *key;
	void *data;

	h = hash_create(w, table, st, (uint16_t)(st->generation + 1), capacity, name);
	if (h == NULL)
		return -ENOMEM;
	while (rte_hash_iterate(old, &key, &data, &iter) >= 0) {
		if (rte_hash_add_key_with_hash_data(h, key, vsw_key_hash(key), data) < 0) {
			rte_hash_free(h);
			return -ENOMEM;
		}
	}
	__atomic_store_n(&st->hash, h, __ATOMIC_RELEASE);
	memcpy(st->hash_name, name, sizeof(name));
	st->capacity = capacity;
	st->generation++;
	cls_defer(w, free_hash, old, NULL);
	return 0;
}

/* Point masked key mk's hash entry at rule (adding the entry if new). */
int
cls_subtable_set_head(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *st,
		      const struct vsw_flow_key *mk, hash_sig_t sig, struct vsw_rule *rule)
{
	int rc = rte_hash_add_key_with_hash_data(st->hash, mk, sig, rule);

	if (rc == -ENOSPC) {
		/* Key slots freed by readers' grace periods may be enough. */
		vsw_reclaim_poll(w->reclaim);
		rc = rte_hash_add_key_with_hash_data(st->hash, mk, sig, rule);
	}
	if (rc == -ENOSPC) {
		rc = subtable_grow(w, table, st);
		if (rc == 0)
			rc = rte_hash_add_key_with_hash_data(st->hash, mk, sig, rule);
	}
	return rc < 0 ? rc : 0;
}

/* The first rule of mk's list in st, or NULL. */
struct vsw_rule *
cls_subtable_head(const struct vsw_subtable *st, const struct vsw_flow_key *mk, hash_sig_t sig)
{
	void *data;

	return rte_hash_lookup_with_hash_data(st->hash, mk, sig, &data) >= 0 ? data : NULL;
}
