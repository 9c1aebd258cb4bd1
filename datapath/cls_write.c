/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_write.c: the classifier's single writer (the primary's control
 * thread). It stages changes at version cls->version + 1, where readers
 * (cls_lookup.c) cannot see them, and vsw_cls_commit() publishes them all
 * with one release store of the version. Only then are removed rules
 * unlinked, and every unlinked thing is freed through reclaim.c after a
 * grace period, so a reader never meets freed memory and never sees half a
 * batch.
 *
 * Per subtable (one mask of one table): an rte_hash created with
 * RW_CONCURRENCY_LF (lock-free readers; deleted key slots are not reused
 * until freed, which reclaim.c does after the grace period) and EXT_TABLE.
 * A full hash is rebuilt four times larger and swapped in; the old one is
 * freed after the grace period. Names follow "vsw<B>.<T>.<M>.<G>" (bridge,
 * table, subtable id, rebuild generation), short enough for the rings
 * rte_hash names after them.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "vsw_datapath.h"

#define SUBTABLE_FIRST_CAPACITY 256
#define SUBTABLE_GROWTH		4

struct vsw_cls_writer {
	struct vsw_cls *cls; /* shared, in memzone mz */
	const struct rte_memzone *mz;
	struct vsw_reclaim *reclaim;
	unsigned int bridge;
	unsigned int n_pmds;
	bool dirty;		  /* something is staged */
	int64_t staged_delta;	  /* rules added minus removed, staged */
	struct vsw_rule **unlink; /* removed at the staged version; unlinked at commit */
	size_t n_unlink, cap_unlink;
};

static uint64_t
staged_version(const struct vsw_cls_writer *w)
{
	return w->cls->version + 1;
}

/* ---- deferred frees (run by reclaim.c after a grace period) ---- */

static void
free_mem(void *p, void *unused)
{
	RTE_SET_USED(unused);
	rte_free(p);
}

static void
free_rule(void *p, void *unused)
{
	struct vsw_rule *r = p;

	RTE_SET_USED(unused);
	rte_free((void *)(uintptr_t)r->actions);
	rte_free(r);
}

static void
free_key_slot(void *hash, void *pos)
{
	rte_hash_free_key_with_position(hash, (int32_t)(intptr_t)pos);
}

static void
free_hash(void *hash, void *unused)
{
	RTE_SET_USED(unused);
	rte_hash_free(hash);
}

static void
free_subtable(void *st_, void *unused)
{
	struct vsw_subtable *st = st_;

	RTE_SET_USED(unused);
	rte_hash_free(st->hash);
	rte_free(st);
}

/*
 * Queue a free; if even that fails (the process heap is exhausted), leak
 * rather than free memory a reader may hold.
 */
static void
defer(struct vsw_cls_writer *w, void (*fn)(void *, void *), void *a, void *b)
{
	if (vsw_reclaim_defer(w->reclaim, fn, a, b) < 0)
		RTE_LOG(ERR, USER1, "vsw: out of memory queueing a deferred free: leaked\n");
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

static struct vsw_subtable *
find_subtable(const struct vsw_cls_writer *w, unsigned int table, const struct vsw_flow_key *mask)
{
	const struct vsw_subtable_array *arr = w->cls->tables[table].subtables;
	unsigned int i;

	for (i = 0; arr != NULL && i < arr->n; i++)
		if (memcmp(&arr->st[i]->mask, mask, sizeof(*mask)) == 0)
			return arr->st[i];
	return NULL;
}

/*
 * Publish table's subtable array as the current one plus `add` minus `drop`
 * (either may be NULL), ranked by max_priority, highest first (ties: older
 * subtable first). The old array is freed after the grace period.
 */
static int
publish_subtables(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *add,
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
		defer(w, free_mem, old, NULL);
	return 0;
}

static struct vsw_subtable *
subtable_create(struct vsw_cls_writer *w, unsigned int table, const struct vsw_flow_key *mask,
		uint16_t priority)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *m = (const word *)mask;
	struct vsw_table *tab = &w->cls->tables[table];
	struct vsw_subtable *st;
	unsigned int i, tries;

	st = rte_zmalloc("vsw_subtable", sizeof(*st), RTE_CACHE_LINE_SIZE);
	if (st == NULL)
		return NULL;
	st->mask = *mask;
	for (i = 0; i < sizeof(*mask) / sizeof(word); i++)
		if (m[i] != 0)
			st->words[st->n_words++] = (uint8_t)i;
	st->max_priority = priority;
	st->capacity = SUBTABLE_FIRST_CAPACITY;
	/* Ids wrap after 65536 subtables; skip one whose name is still taken. */
	for (tries = 0; st->hash == NULL && tries < 16; tries++) {
		st->id = tab->next_subtable_id++;
		st->hash = hash_create(w, table, st, 0, st->capacity, st->hash_name);
		if (st->hash == NULL && rte_errno != EEXIST)
			break;
	}
	if (st->hash == NULL || publish_subtables(w, table, st, NULL) < 0) {
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
	defer(w, free_hash, old, NULL);
	return 0;
}

/* Point masked key mk's hash entry at rule (adding the entry if new). */
static int
set_head(struct vsw_cls_writer *w, unsigned int table, struct vsw_subtable *st,
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
static struct vsw_rule *
list_head(const struct vsw_subtable *st, const struct vsw_flow_key *mk, hash_sig_t sig)
{
	void *data;

	return rte_hash_lookup_with_hash_data(st->hash, mk, sig, &data) >= 0 ? data : NULL;
}

/* ---- rules ---- */

static int
check_spec(const struct vsw_rule_spec *spec, char *err, size_t err_len)
{
	uint32_t i;

	if (spec->table >= VSW_N_TABLES) {
		snprintf(err, err_len, "table %u: tables are 0..%u", spec->table, VSW_N_TABLES - 1);
		return -EINVAL;
	}
	if (spec->n_actions > VSW_MAX_ACTIONS) {
		snprintf(err, err_len, "%u actions: at most %u", spec->n_actions, VSW_MAX_ACTIONS);
		return -EINVAL;
	}
	for (i = 0; i < spec->n_actions; i++) {
		const struct vsw_action *a = &spec->actions[i];
		bool bad = a->type < VSW_ACTION_OUTPUT || a->type > VSW_ACTION_GOTO_TABLE;

		bad |= a->type == VSW_ACTION_OUTPUT && a->port >= VSW_MAX_PORTS;
		bad |= a->type == VSW_ACTION_SET_FIELD &&
		       (a->field < VSW_FIELD_ETH_SRC || a->field > VSW_FIELD_TP_DST);
		bad |= (a->type == VSW_ACTION_RESUBMIT || a->type == VSW_ACTION_GOTO_TABLE) &&
		       a->table >= VSW_N_TABLES && a->table != VSW_TABLE_CURRENT;
		bad |= a->type == VSW_ACTION_GOTO_TABLE &&
		       (a->table <= spec->table || i + 1 != spec->n_actions);
		if (bad) {
			snprintf(err, err_len, "action %u: invalid (type %u, port %u, table %u)", i,
				 a->type, a->port, a->table);
			return -EINVAL;
		}
	}
	return 0;
}

static struct vsw_rule *
rule_alloc(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec,
	   const struct vsw_flow_key *mk)
{
	struct vsw_actions *acts;
	struct vsw_rule *r;
	struct timespec now;

	r = rte_zmalloc("vsw_rule", sizeof(*r) + w->n_pmds * sizeof(r->counters[0]),
			RTE_CACHE_LINE_SIZE);
	acts = rte_malloc("vsw_actions", sizeof(*acts) + spec->n_actions * sizeof(acts->a[0]), 0);
	if (r == NULL || acts == NULL) {
		rte_free(r);
		rte_free(acts);
		return NULL;
	}
	acts->n = spec->n_actions;
	acts->reserved = 0;
	if (spec->n_actions > 0)
		memcpy(acts->a, spec->actions, spec->n_actions * sizeof(acts->a[0]));
	clock_gettime(CLOCK_MONOTONIC, &now);
	r->actions = acts;
	r->add_version = staged_version(w);
	r->remove_version = VSW_VERSION_MAX;
	r->id = w->cls->next_rule_id++;
	r->cookie = spec->cookie;
	r->created_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	r->priority = spec->priority;
	r->table = spec->table;
	r->idle_timeout = spec->idle_timeout;
	r->hard_timeout = spec->hard_timeout;
	r->key = *mk;
	r->mask = spec->mask;
	r->used_ns = r->created_ns;
	r->n_counters = w->n_pmds;
	return r;
}

/* Mark r absent from the staged version on; it is unlinked at commit. */
static int
stage_removal(struct vsw_cls_writer *w, struct vsw_rule *r)
{
	if (w->n_unlink == w->cap_unlink) {
		size_t cap = w->cap_unlink ? w->cap_unlink * 2 : 256;
		struct vsw_rule **u = realloc(w->unlink, cap * sizeof(*u));

		if (u == NULL)
			return -ENOMEM;
		w->unlink = u;
		w->cap_unlink = cap;
	}
	w->unlink[w->n_unlink++] = r;
	__atomic_store_n(&r->remove_version, staged_version(w), __ATOMIC_RELEASE);
	w->staged_delta--;
	w->dirty = true;
	return 0;
}

/* The rule of mk's list with this priority that is still present when staged. */
static struct vsw_rule *
find_live(struct vsw_rule *head, uint16_t priority)
{
	struct vsw_rule *r;

	for (r = head; r != NULL; r = r->next)
		if (r->priority == priority && r->remove_version == VSW_VERSION_MAX)
			return r;
	return NULL;
}

int
vsw_cls_add(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec, char *err, size_t err_len)
{
	struct vsw_flow_key mk;
	struct vsw_subtable *st;
	struct vsw_rule *head, *prev = NULL, *old, *replaced, *r;
	hash_sig_t sig;
	int rc;

	rc = check_spec(spec, err, err_len);
	if (rc < 0)
		return rc;
	vsw_key_mask(&mk, &spec->key, &spec->mask);
	sig = vsw_key_hash(&mk);
	st = find_subtable(w, spec->table, &spec->mask);
	if (st == NULL) {
		st = subtable_create(w, spec->table, &spec->mask, spec->priority);
		if (st == NULL)
			goto nomem;
	}
	head = list_head(st, &mk, sig);
	/* OpenFlow add: a present rule with this match and priority is replaced. */
	replaced = find_live(head, spec->priority);
	r = rule_alloc(w, spec, &mk);
	if (r == NULL)
		goto nomem;
	/* After every rule of a higher or equal priority: those are older. */
	for (old = head; old != NULL && old->priority >= r->priority; old = old->next)
		prev = old;
	r->next = prev != NULL ? prev->next : head;
	if (prev != NULL) {
		__atomic_store_n(&prev->next, r, __ATOMIC_RELEASE);
	} else if (set_head(w, spec->table, st, &mk, sig, r) < 0) {
		free_rule(r, NULL);
		goto nomem;
	}
	if (replaced != NULL && stage_removal(w, replaced) < 0) {
		snprintf(err, err_len, "out of memory replacing a rule");
		return -ENOMEM; /* r stays staged; committing replaces nothing */
	}
	st->n_rules++;
	w->cls->tables[spec->table].n_rules++;
	if (r->priority > st->max_priority) {
		__atomic_store_n(&st->max_priority, r->priority, __ATOMIC_RELEASE);
		if (publish_subtables(w, spec->table, NULL, NULL) < 0)
			RTE_LOG(WARNING, USER1, "vsw: subtables not re-ranked (out of memory)\n");
	}
	w->staged_delta++;
	w->dirty = true;
	return 0;
nomem:
	snprintf(err, err_len,
		 "out of hugepage memory for flow tables (%u rules present): raise "
		 "dpdk.socket-mem",
		 w->cls->n_rules);
	return -ENOMEM;
}

int
vsw_cls_delete_strict(struct vsw_cls_writer *w, unsigned int table, const struct vsw_flow_key *key,
		      const struct vsw_flow_key *mask, uint16_t priority)
{
	struct vsw_flow_key mk;
	struct vsw_subtable *st;
	struct vsw_rule *r;

	if (table >= VSW_N_TABLES)
		return -ENOENT;
	st = find_subtable(w, table, mask);
	if (st == NULL)
		return -ENOENT;
	vsw_key_mask(&mk, key, mask);
	r = find_live(list_head(st, &mk, vsw_key_hash(&mk)), priority);
	if (r == NULL)
		return -ENOENT;
	return stage_removal(w, r);
}

/* Take a removed rule out of its list (readers may still hold it). */
static void
unlink_rule(struct vsw_cls_writer *w, struct vsw_rule *r)
{
	struct vsw_subtable *st = find_subtable(w, r->table, &r->mask);
	hash_sig_t sig = vsw_key_hash(&r->key);
	struct vsw_rule *head = list_head(st, &r->key, sig), *prev;
	int32_t pos;

	if (head == r) {
		if (r->next != NULL) {
			/* The key exists: updating its data needs no new slot. */
			set_head(w, r->table, st, &r->key, sig, r->next);
		} else {
			pos = rte_hash_del_key_with_hash(st->hash, &r->key, sig);
			if (pos >= 0)
				defer(w, free_key_slot, st->hash, (void *)(intptr_t)pos);
		}
	} else {
		for (prev = head; prev != NULL && prev->next != r; prev = prev->next)
			;
		if (prev != NULL)
			__atomic_store_n(&prev->next, r->next, __ATOMIC_RELEASE);
	}
	defer(w, free_rule, r, NULL);
	w->cls->tables[r->table].n_rules--;
	if (--st->n_rules == 0 && publish_subtables(w, r->table, NULL, st) == 0)
		defer(w, free_subtable, st, NULL);
}

void
vsw_cls_commit(struct vsw_cls_writer *w)
{
	size_t i;

	if (!w->dirty)
		return;
	w->cls->n_rules = (uint32_t)((int64_t)w->cls->n_rules + w->staged_delta);
	__atomic_store_n(&w->cls->version, staged_version(w), __ATOMIC_RELEASE);
	/* Once this returns, a burst that starts later sees the new version. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < w->n_unlink; i++)
		unlink_rule(w, w->unlink[i]);
	w->n_unlink = 0;
	w->staged_delta = 0;
	w->dirty = false;
}

/* Note when r was last hit; stage its removal if a timeout has passed. 1 if removed. */
static unsigned int
age_rule(struct vsw_cls_writer *w, struct vsw_rule *r, uint64_t now_ns)
{
	uint64_t packets = 0;
	unsigned int c;

	if (r->remove_version != VSW_VERSION_MAX)
		return 0; /* already on its way out */
	for (c = 0; c < r->n_counters; c++)
		packets += __atomic_load_n(&r->counters[c].packets, __ATOMIC_RELAXED);
	if (packets != r->seen_packets) {
		r->seen_packets = packets;
		__atomic_store_n(&r->used_ns, now_ns, __ATOMIC_RELAXED);
	}
	if ((r->hard_timeout && now_ns - r->created_ns >= r->hard_timeout * 1000000000ULL) ||
	    (r->idle_timeout && now_ns - r->used_ns >= r->idle_timeout * 1000000000ULL))
		return stage_removal(w, r) == 0;
	return 0;
}

unsigned int
vsw_cls_expire(struct vsw_cls_writer *w, uint64_t now_ns)
{
	unsigned int expired = 0, t, i;

	for (t = 0; t < VSW_N_TABLES; t++) {
		const struct vsw_subtable_array *arr = w->cls->tables[t].subtables;

		for (i = 0; arr != NULL && i < arr->n; i++) {
			uint32_t iter = 0;
			const void *key;
			void *data;

			while (rte_hash_iterate(arr->st[i]->hash, &key, &data, &iter) >= 0) {
				struct vsw_rule *r;

				for (r = data; r != NULL; r = r->next)
					expired += age_rule(w, r, now_ns);
			}
		}
	}
	if (expired)
		vsw_cls_commit(w);
	return expired;
}

uint32_t
vsw_cls_n_rules(const struct vsw_cls_writer *w)
{
	return w->cls->n_rules;
}

struct vsw_cls *
vsw_cls_tables(const struct vsw_cls_writer *w)
{
	return w->cls;
}

int
vsw_cls_create(unsigned int bridge, unsigned int n_pmds, struct vsw_reclaim *r,
	       struct vsw_cls_writer **out, char *err, size_t err_len)
{
	char name[RTE_MEMZONE_NAMESIZE];
	struct vsw_cls_writer *w;

	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	snprintf(name, sizeof(name), VSW_SHM_CLS_MZ_FMT, bridge);
	w->mz = rte_memzone_reserve(name, sizeof(struct vsw_cls), SOCKET_ID_ANY, 0);
	if (w->mz == NULL) {
		snprintf(err, err_len, "cannot create memzone %s: %s", name,
			 rte_strerror(rte_errno));
		free(w);
		return -ENOMEM;
	}
	w->cls = w->mz->addr;
	memset(w->cls, 0, sizeof(*w->cls));
	w->cls->version = 1;
	w->cls->next_rule_id = 1;
	w->cls->bridge = (uint16_t)bridge;
	w->cls->n_pmds = (uint16_t)n_pmds;
	w->reclaim = r;
	w->bridge = bridge;
	w->n_pmds = n_pmds;
	*out = w;
	return 0;
}

void
vsw_cls_destroy(struct vsw_cls_writer *w)
{
	unsigned int t, i;

	if (w == NULL)
		return;
	for (t = 0; t < VSW_N_TABLES; t++) {
		struct vsw_subtable_array *arr = w->cls->tables[t].subtables;

		for (i = 0; arr != NULL && i < arr->n; i++) {
			struct vsw_subtable *st = arr->st[i];
			uint32_t iter = 0;
			const void *key;
			void *data;

			while (rte_hash_iterate(st->hash, &key, &data, &iter) >= 0) {
				struct vsw_rule *r = data, *next;

				for (; r != NULL; r = next) {
					next = r->next;
					free_rule(r, NULL);
				}
			}
			free_subtable(st, NULL);
		}
		rte_free(arr);
	}
	rte_memzone_free(w->mz);
	free(w->unlink);
	free(w);
}
