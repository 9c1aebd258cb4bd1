/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_prefix.c: prefix tracking, the idea of OVS's classifier tries, for the
 * datapath flow cache: which IPv4 prefixes a table's rules match on nw_src
 * and nw_dst, so that a pipeline run needs only as many address bits as
 * tell the packet apart from them.
 *
 * A subtable whose mask is a /N prefix of an address field holds only
 * rules whose prefixes on it are N long. If no prefix of length N in the
 * whole table matches the packet's address, no rule of that subtable can
 * match: the lookup may skip it, and the packets that behave the same are
 * those that agree on the address bits it took to find that out (for each
 * prefix, its bits up to and including the first that differs). Without
 * this, one rule on a /32 makes every datapath flow through the table
 * exact on that address; with it, 10.0.x.y against 10.211.0.1/32 needs the
 * first 9 bits.
 *
 * Writer (control thread): per table and field, the distinct prefixes of
 * its linked rules with reference counts, in process memory; a rule counts
 * from when it is staged until it is unlinked. A commit publishes the
 * changed sets twice: before the new version, for the old one on (they
 * count the batch's rules and the removed ones alike), and once the removed
 * rules are unlinked, for the new version on. More than VSW_PREFIX_MAX distinct prefixes, or a mask
 * that is not a prefix, stops tracking for that table and field until it
 * has no rule on it again. Readers: vsw_prefix_walk, on the published set.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_malloc.h>

#include "cls_private.h"

/* The writer's count of one table's prefixes on one field. */
struct cls_prefix_track {
	struct {
		struct vsw_prefix p;
		uint32_t refs;
	} e[VSW_PREFIX_MAX];
	uint32_t n;	/* e[0..n-1] */
	uint32_t rules; /* rules that mask this field, tracked or not */
	bool untracked; /* too many prefixes, or a mask that is no prefix */
	bool dirty;	/* changed since the last publish */
};

/* Field f's 4 address bytes of key, host order. */
static uint32_t
field_word(const struct vsw_flow_key *key, unsigned int f)
{
	const uint8_t *b = f == 0 ? key->nw_src : key->nw_dst;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint8_t
cls_prefix_len(const struct vsw_flow_key *mask, unsigned int f)
{
	const uint8_t *b = f == 0 ? mask->nw_src : mask->nw_dst;
	uint32_t m = field_word(mask, f);
	unsigned int i;

	for (i = 4; i < 16; i++)
		if (b[i] != 0)
			return VSW_PREFIX_UNTRACKED; /* IPv6 */
	if (m == 0)
		return 0;
	if ((~m & (~m + 1)) != 0) /* the zero bits are not all at the bottom */
		return VSW_PREFIX_UNTRACKED;
	return (uint8_t)__builtin_popcount(m);
}

/* Count rule r's prefix on field f in or out (delta +1 or -1). */
static void
track(struct vsw_cls_writer *w, const struct vsw_rule *r, unsigned int f, int delta)
{
	uint8_t len = cls_prefix_len(&r->mask, f);
	struct cls_prefix_track *t;
	uint32_t value, i;

	if (len == 0)
		return;
	t = w->prefixes[r->table][f];
	if (t == NULL) {
		t = calloc(1, sizeof(*t));
		if (t == NULL) /* without it, nothing is narrowed: never wrong */
			return;
		w->prefixes[r->table][f] = t;
	}
	t->rules += delta;
	t->dirty = true;
	if (t->rules == 0) { /* nothing masks the field: start afresh */
		t->n = 0;
		t->untracked = false;
		return;
	}
	if (t->untracked || len == VSW_PREFIX_UNTRACKED) {
		t->untracked = true;
		return;
	}
	value = field_word(&r->key, f);
	for (i = 0; i < t->n && (t->e[i].p.value != value || t->e[i].p.len != len); i++)
		;
	if (delta < 0) {
		if (i < t->n && --t->e[i].refs == 0)
			t->e[i] = t->e[--t->n];
		return;
	}
	if (i < t->n) {
		t->e[i].refs++;
	} else if (t->n == VSW_PREFIX_MAX) {
		t->untracked = true;
	} else {
		t->e[t->n].p = (struct vsw_prefix){.value = value, .len = len};
		t->e[t->n++].refs = 1;
	}
}

void
cls_prefix_add(struct vsw_cls_writer *w, const struct vsw_rule *r)
{
	unsigned int f;

	for (f = 0; f < VSW_PREFIX_FIELDS; f++)
		track(w, r, f, 1);
}

void
cls_prefix_remove(struct vsw_cls_writer *w, const struct vsw_rule *r)
{
	unsigned int f;

	for (f = 0; f < VSW_PREFIX_FIELDS; f++)
		track(w, r, f, -1);
}

static void
free_set(void *set, void *unused)
{
	RTE_SET_USED(unused);
	rte_free(set);
}

/* Publish table t's set for field f, for `from` on: the old one is freed after a grace period. */
static void
publish(struct vsw_cls_writer *w, unsigned int t, unsigned int f, uint64_t from)
{
	struct cls_prefix_track *tr = w->prefixes[t][f];
	const struct vsw_prefix_set *old = w->cls->tables[t].prefixes[f];
	struct vsw_prefix_set *set = NULL;
	uint32_t i;

	if (tr->rules > 0) {
		set = rte_zmalloc("vsw_prefixes", sizeof(*set) + tr->n * sizeof(set->p[0]), 0);
		if (set == NULL)
			return; /* the old set stays: the table is dirty until this works */
		set->from_version = from;
		set->tracked = !tr->untracked;
		set->n = tr->untracked ? 0 : tr->n;
		for (i = 0; i < set->n; i++)
			set->p[i] = tr->e[i].p;
	}
	__atomic_store_n(&w->cls->tables[t].prefixes[f], set, __ATOMIC_RELEASE);
	if (old != NULL)
		cls_defer(w, free_set, (void *)(uintptr_t)old, NULL);
	tr->dirty = false;
}

void
cls_prefix_publish(struct vsw_cls_writer *w, uint64_t from)
{
	unsigned int t, f;

	for (t = 0; t < VSW_N_TABLES; t++)
		for (f = 0; f < VSW_PREFIX_FIELDS; f++)
			if (w->prefixes[t][f] != NULL && w->prefixes[t][f]->dirty)
				publish(w, t, f, from);
}

void
cls_prefix_destroy(struct vsw_cls_writer *w)
{
	unsigned int t, f;

	for (t = 0; t < VSW_N_TABLES; t++) {
		for (f = 0; f < VSW_PREFIX_FIELDS; f++) {
			rte_free((void *)(uintptr_t)w->cls->tables[t].prefixes[f]);
			free(w->prefixes[t][f]);
		}
	}
}

bool
vsw_prefix_walk(const struct vsw_prefix_set *set, uint64_t v, const struct vsw_flow_key *key,
		unsigned int f, uint64_t *matching, unsigned int *bits)
{
	uint32_t addr = field_word(key, f), i;

	*matching = 0;
	*bits = 0;
	if (set == NULL || !set->tracked || set->from_version > v)
		return false;
	for (i = 0; i < set->n; i++) {
		uint32_t diff = addr ^ set->p[i].value;
		unsigned int same = diff ? (unsigned int)__builtin_clz(diff) : 32;
		unsigned int len = set->p[i].len;

		if (same >= len)
			*matching |= 1ULL << len;
		*bits = RTE_MAX(*bits, RTE_MIN(len, same + 1));
	}
	return true;
}
