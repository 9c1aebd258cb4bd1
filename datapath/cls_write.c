/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * cls_write.c: the classifier's single writer (the primary's control
 * thread): rules, versions and batches. It stages changes at version
 * cls->version + 1, where readers (cls_lookup.c) cannot see them;
 * vsw_cls_commit() publishes them all with one release store of the
 * version, vsw_cls_abort() takes them all back. Only after a commit are
 * removed rules unlinked, and every unlinked thing is freed through
 * reclaim.c after a grace period, so a reader never meets freed memory and
 * never sees half a batch.
 *
 * A rule is never changed in place once readers can see it: OpenFlow's
 * modify and an add over an existing rule stage a new rule and the old one's
 * removal, and the new rule takes over the old one's counters, exactly,
 * even the packets PMDs count into the old rule until its grace period ends
 * (forward_counts()). The subtables rules live in are cls_subtable.c's.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "cls_private.h"

RTE_LOG_REGISTER(cls_logtype, vsw.datapath, NOTICE);

static uint64_t
staged_version(const struct vsw_cls_writer *w)
{
	return w->cls->version + 1;
}

/* Make room for one more element of size elt in *arr (capacity *cap, n used). */
static int
reserve_one(void **arr, size_t *cap, size_t n, size_t elt)
{
	size_t c = *cap ? *cap * 2 : 256;
	void *a;

	if (n < *cap)
		return 0;
	a = realloc(*arr, c * elt);
	if (a == NULL)
		return -ENOMEM;
	*arr = a;
	*cap = c;
	return 0;
}

/* ---- deferred frees (run by reclaim.c after a grace period) ---- */

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

/* Add to r's inherited counts (readers load them relaxed, in any process). */
static void
add_base(struct vsw_rule *r, uint64_t packets, uint64_t bytes)
{
	__atomic_store_n(&r->base_packets, r->base_packets + packets, __ATOMIC_RELAXED);
	__atomic_store_n(&r->base_bytes, r->base_bytes + bytes, __ATOMIC_RELAXED);
}

/* Counts a replaced rule had when its successor was published. */
struct forward {
	struct vsw_rule *successor;
	uint64_t packets, bytes;
};

/*
 * Deferred free of a replaced rule: once no PMD can count into it any
 * more, hand the successor what it counted since the commit, then free it.
 * The queue is FIFO, so the successor is still there.
 */
static void
forward_counts(void *rule, void *fwd_)
{
	struct forward *fwd = fwd_;
	uint64_t packets, bytes;

	vsw_rule_totals(rule, &packets, &bytes);
	add_base(fwd->successor, packets - fwd->packets, bytes - fwd->bytes);
	free(fwd);
	free_rule(rule, NULL);
}

/* ---- rules ---- */

/* Whether a[0..n) may go into the action set (no lookups, controllers or nested sets). */
static bool
settable(const struct vsw_action *a, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (a[i].type == VSW_ACTION_RESUBMIT || a[i].type == VSW_ACTION_GOTO_TABLE ||
		    a[i].type == VSW_ACTION_CONTROLLER || a[i].type == VSW_ACTION_WRITE_ACTIONS ||
		    a[i].type == VSW_ACTION_CLEAR_ACTIONS)
			return false;
	return true;
}

/* Whether a MOVE's fields exist, its destination is writable and its bits fit both. */
static bool
move_ok(const struct vsw_action *a)
{
	unsigned int src = vsw_field_bits(a->src_field), dst = vsw_field_bits(a->field);

	return src != 0 && dst != 0 && a->field != VSW_FIELD_ETH_TYPE && a->n_bits >= 1 &&
	       a->n_bits <= 64 && a->src_ofs + a->n_bits <= src && a->dst_ofs + a->n_bits <= dst;
}

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
		bool bad = a->type == VSW_ACTION__NONE || a->type >= VSW_ACTION__COUNT;

		bad |= a->type == VSW_ACTION_OUTPUT && a->port >= VSW_MAX_PORTS &&
		       a->port != VSW_PORT_ABSENT;
		bad |= a->type == VSW_ACTION_SET_FIELD &&
		       (vsw_field_bits(a->field) == 0 || a->field == VSW_FIELD_ETH_TYPE);
		bad |= a->type == VSW_ACTION_MOVE && !move_ok(a);
		bad |= (a->type == VSW_ACTION_RESUBMIT || a->type == VSW_ACTION_GOTO_TABLE) &&
		       a->table >= VSW_N_TABLES && a->table != VSW_TABLE_CURRENT;
		bad |= a->type == VSW_ACTION_GOTO_TABLE &&
		       (a->table <= spec->table || i + 1 != spec->n_actions);
		bad |= a->type == VSW_ACTION_WRITE_ACTIONS &&
		       (a->value > spec->n_actions - i - 1 || !settable(a + 1, (uint32_t)a->value));
		if (bad) {
			snprintf(err, err_len, "action %u: invalid (type %u, port %u, table %u)", i,
				 a->type, a->port, a->table);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * What a packet-in of this rule says, in each CONTROLLER action: the
 * rule's table and cookie, and the reason (a table-miss rule, priority 0
 * matching everything, sends "no match").
 */
static void
fill_packet_ins(struct vsw_actions *acts, const struct vsw_rule_spec *spec)
{
	static const struct vsw_flow_key zero_key;
	static const struct vsw_pipe_state zero_state;
	bool miss = spec->priority == 0 && memcmp(&spec->mask, &zero_key, sizeof(zero_key)) == 0 &&
		    memcmp(&spec->state_mask, &zero_state, sizeof(zero_state)) == 0;
	uint32_t i;

	for (i = 0; i < acts->n; i++) {
		if (acts->a[i].type != VSW_ACTION_CONTROLLER)
			continue;
		acts->a[i].table = spec->table;
		acts->a[i].mask = spec->cookie;
		acts->a[i].src_field = miss ? VSW_PACKET_IN_NO_MATCH : VSW_PACKET_IN_ACTION;
	}
}

static struct vsw_rule *
rule_alloc(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec,
	   const struct vsw_flow_key *mk, const struct vsw_pipe_state *ms)
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
	fill_packet_ins(acts, spec);
	clock_gettime(CLOCK_MONOTONIC, &now);
	r->actions = acts;
	r->add_version = staged_version(w);
	r->remove_version = VSW_VERSION_MAX;
	r->id = w->cls->next_rule_id++;
	r->cookie = spec->cookie;
	r->created_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	r->priority = spec->priority;
	r->table = spec->table;
	r->flags = spec->flags;
	r->idle_timeout = spec->idle_timeout;
	r->hard_timeout = spec->hard_timeout;
	r->key = *mk;
	r->mask = spec->mask;
	r->state = *ms;
	r->state_mask = spec->state_mask;
	r->used_ns = r->created_ns;
	r->n_counters = w->n_pmds;
	return r;
}

/*
 * Mark r absent from the staged version on; it is unlinked at commit, and
 * successor (if not NULL) then takes over its counters.
 */
static int
stage_removal(struct vsw_cls_writer *w, struct vsw_rule *r, struct vsw_rule *successor, int why)
{
	if (reserve_one((void **)&w->unlink, &w->cap_unlink, w->n_unlink, sizeof(*w->unlink)) < 0)
		return -ENOMEM;
	w->unlink[w->n_unlink].rule = r;
	w->unlink[w->n_unlink].successor = successor;
	w->unlink[w->n_unlink].why = why;
	w->n_unlink++;
	__atomic_store_n(&r->remove_version, staged_version(w), __ATOMIC_RELEASE);
	w->staged_delta--;
	w->dirty = true;
	return 0;
}

/*
 * The rule of mk's list with this priority and masked state that is still
 * present when staged (a list may hold other states of an equal digest).
 */
static struct vsw_rule *
find_live(struct vsw_rule *head, uint16_t priority, const struct vsw_pipe_state *ms)
{
	struct vsw_rule *r;

	for (r = head; r != NULL; r = r->next)
		if (r->priority == priority && r->remove_version == VSW_VERSION_MAX &&
		    memcmp(&r->state, ms, sizeof(*ms)) == 0)
			return r;
	return NULL;
}

/* spec's match masked: the key its subtable hashes (*mk), the state it matches (*ms). */
static void
mask_match(const struct vsw_rule_spec *spec, struct vsw_flow_key *mk, struct vsw_pipe_state *ms)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *s = (const word *)&spec->state, *m = (const word *)&spec->state_mask;
	word *o = (word *)ms;
	unsigned int i;

	vsw_key_mask(mk, &spec->key, &spec->mask);
	for (i = 0; i < sizeof(*ms) / sizeof(word); i++)
		o[i] = s[i] & m[i];
	/* As a subtable with a state mask (has_state) hashes its lookups. */
	if (memcmp(&spec->state_mask, &(struct vsw_pipe_state){0}, sizeof(*ms)) != 0)
		vsw_state_digest_put(mk, ms, &spec->state_mask);
}

/* Link r into its list: after every rule of a higher or equal priority (those are older). */
static int
link_rule(struct vsw_cls_writer *w, struct vsw_subtable *st, struct vsw_rule *head, hash_sig_t sig,
	  struct vsw_rule *r)
{
	struct vsw_rule *prev = NULL, *old;

	for (old = head; old != NULL && old->priority >= r->priority; old = old->next)
		prev = old;
	r->next = prev != NULL ? prev->next : head;
	if (prev != NULL) {
		__atomic_store_n(&prev->next, r, __ATOMIC_RELEASE);
		return 0;
	}
	return cls_subtable_set_head(w, r->table, st, &r->key, sig, r);
}

/*
 * Stage spec as a new rule; a present rule with the same table, match and
 * priority is staged for removal and hands its counters over. The new rule
 * goes to *out, the one it replaces (or NULL) to *replaced.
 */
static int
stage_add(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec, struct vsw_rule **out,
	  struct vsw_rule **replaced, char *err, size_t err_len)
{
	struct vsw_pipe_state ms;
	struct vsw_flow_key mk;
	struct vsw_subtable *st;
	struct vsw_rule *head, *r;
	hash_sig_t sig;
	int rc;

	rc = check_spec(spec, err, err_len);
	if (rc < 0)
		return rc;
	if (reserve_one((void **)&w->added, &w->cap_added, w->n_added, sizeof(*w->added)) < 0)
		goto nomem;
	mask_match(spec, &mk, &ms);
	sig = vsw_key_hash(&mk);
	st = cls_subtable_find(w, spec->table, &spec->mask, &spec->state_mask);
	if (st == NULL) {
		st = cls_subtable_create(w, spec->table, &spec->mask, &spec->state_mask,
					 spec->priority);
		if (st == NULL)
			goto nomem;
	}
	head = cls_subtable_head(st, &mk, sig);
	*replaced = find_live(head, spec->priority, &ms);
	r = rule_alloc(w, spec, &mk, &ms);
	if (r == NULL)
		goto nomem;
	if (link_rule(w, st, head, sig, r) < 0) {
		free_rule(r, NULL);
		goto nomem;
	}
	st->n_rules++;
	w->cls->tables[spec->table].n_rules++;
	cls_prefix_add(w, r);
	w->added[w->n_added++] = r;
	w->staged_delta++;
	w->dirty = true;
	if (r->priority > st->max_priority) {
		__atomic_store_n(&st->max_priority, r->priority, __ATOMIC_RELEASE);
		if (cls_subtable_rank(w, spec->table, NULL, NULL) < 0)
			CLS_LOG(WARNING, "subtables not re-ranked (out of memory)");
	}
	/* The new rule takes the old one's counters, unless asked to start from 0. */
	if (*replaced != NULL &&
	    stage_removal(w, *replaced, spec->flags & VSW_RULE_RESET_COUNTS ? NULL : r, -1) < 0) {
		snprintf(err, err_len, "out of memory replacing a rule");
		return -ENOMEM; /* r is staged: vsw_cls_abort() takes it back */
	}
	*out = r;
	return 0;
nomem:
	snprintf(err, err_len,
		 "out of hugepage memory for flow tables (%u rules present): raise "
		 "dpdk.socket-mem",
		 w->cls->n_rules);
	return -ENOMEM;
}

int
vsw_cls_add(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec, char *err, size_t err_len)
{
	struct vsw_rule *r, *replaced;

	return stage_add(w, spec, &r, &replaced, err, err_len);
}

int
vsw_cls_modify(struct vsw_cls_writer *w, const struct vsw_rule *r, const struct vsw_action *actions,
	       uint32_t n_actions, uint64_t cookie, char *err, size_t err_len)
{
	struct vsw_rule_spec spec = {
		.table = r->table,
		.flags = r->flags & (uint8_t)~VSW_RULE_RESET_COUNTS, /* a modify keeps counters */
		.priority = r->priority,
		.cookie = cookie,
		.idle_timeout = r->idle_timeout,
		.hard_timeout = r->hard_timeout,
		.key = r->key,
		.mask = r->mask,
		.state = r->state,
		.state_mask = r->state_mask,
		.actions = actions,
		.n_actions = n_actions,
	};
	struct vsw_rule *nr, *replaced;
	int rc;

	if (r->remove_version != VSW_VERSION_MAX)
		return 0; /* removed in this batch already */
	rc = stage_add(w, &spec, &nr, &replaced, err, err_len);
	if (rc < 0)
		return rc;
	/* A modified rule keeps its age and its place among equal priorities. */
	nr->id = r->id;
	nr->created_ns = r->created_ns;
	nr->used_ns = r->used_ns;
	return 0;
}

const struct vsw_rule *
vsw_cls_find_strict(const struct vsw_cls_writer *w, const struct vsw_rule_spec *spec)
{
	struct vsw_pipe_state ms;
	struct vsw_flow_key mk;
	struct vsw_subtable *st;

	if (spec->table >= VSW_N_TABLES)
		return NULL;
	st = cls_subtable_find(w, spec->table, &spec->mask, &spec->state_mask);
	if (st == NULL)
		return NULL;
	mask_match(spec, &mk, &ms);
	return find_live(cls_subtable_head(st, &mk, vsw_key_hash(&mk)), spec->priority, &ms);
}

int
vsw_cls_delete_strict(struct vsw_cls_writer *w, const struct vsw_rule_spec *spec)
{
	const struct vsw_rule *r = vsw_cls_find_strict(w, spec);

	return r != NULL ? vsw_cls_remove(w, r) : -ENOENT;
}

int
vsw_cls_remove(struct vsw_cls_writer *w, const struct vsw_rule *r)
{
	if (r->remove_version != VSW_VERSION_MAX)
		return 0;
	return stage_removal(w, (struct vsw_rule *)(uintptr_t)r, NULL, VSW_REMOVED_DELETE);
}

int
vsw_cls_select(const struct vsw_cls_writer *w, unsigned int table,
	       bool (*keep)(const struct vsw_rule *r, void *arg), void *arg,
	       const struct vsw_rule ***out, size_t *n_out)
{
	const struct vsw_rule **rules = NULL;
	size_t n = 0, cap = 0;
	unsigned int t, s;

	for (t = table < VSW_N_TABLES ? table : 0; t < VSW_N_TABLES; t++) {
		const struct vsw_subtable_array *arr = w->cls->tables[t].subtables;

		for (s = 0; arr != NULL && s < arr->n; s++) {
			uint32_t iter = 0;
			const void *key;
			void *data;

			while (rte_hash_iterate(arr->st[s]->hash, &key, &data, &iter) >= 0) {
				const struct vsw_rule *r;

				for (r = data; r != NULL; r = r->next) {
					if (r->remove_version != VSW_VERSION_MAX || !keep(r, arg))
						continue;
					if (reserve_one((void **)&rules, &cap, n, sizeof(*rules)) <
					    0) {
						free(rules);
						return -ENOMEM;
					}
					rules[n++] = r;
				}
			}
		}
		if (table < VSW_N_TABLES)
			break;
	}
	*out = rules;
	*n_out = n;
	return 0;
}

/* Take a removed rule out of its list (readers may still hold it); free it later. */
static void
unlink_rule(struct vsw_cls_writer *w, struct vsw_rule *r, void (*free_fn)(void *, void *),
	    void *free_arg)
{
	struct vsw_subtable *st = cls_subtable_find(w, r->table, &r->mask, &r->state_mask);
	hash_sig_t sig = vsw_key_hash(&r->key);
	struct vsw_rule *head = cls_subtable_head(st, &r->key, sig), *prev;
	int32_t pos;

	if (head == r) {
		if (r->next != NULL) {
			/* The key exists: updating its data needs no new slot. */
			cls_subtable_set_head(w, r->table, st, &r->key, sig, r->next);
		} else {
			pos = rte_hash_del_key_with_hash(st->hash, &r->key, sig);
			if (pos >= 0)
				cls_defer(w, free_key_slot, st->hash, (void *)(intptr_t)pos);
		}
	} else {
		for (prev = head; prev != NULL && prev->next != r; prev = prev->next)
			;
		if (prev != NULL)
			__atomic_store_n(&prev->next, r->next, __ATOMIC_RELEASE);
	}
	cls_prefix_remove(w, r);
	cls_defer(w, free_fn, r, free_arg);
	w->cls->tables[r->table].n_rules--;
	if (--st->n_rules == 0 && cls_subtable_rank(w, r->table, NULL, st) == 0)
		cls_defer(w, cls_subtable_free, st, NULL);
}

/*
 * Unlink a committed removal. A replaced rule's counters move to its
 * successor now; what PMDs still count into it follows at its free.
 */
static void
retire(struct vsw_cls_writer *w, const struct cls_unlink *u)
{
	struct forward *fwd;

	if (u->successor == NULL || (fwd = malloc(sizeof(*fwd))) == NULL) {
		unlink_rule(w, u->rule, free_rule, NULL);
		return;
	}
	vsw_rule_totals(u->rule, &fwd->packets, &fwd->bytes);
	fwd->successor = u->successor;
	add_base(u->successor, fwd->packets, fwd->bytes);
	unlink_rule(w, u->rule, forward_counts, fwd);
}

static void
end_batch(struct vsw_cls_writer *w)
{
	w->n_unlink = 0;
	w->n_added = 0;
	w->staged_delta = 0;
	w->dirty = false;
}

void
vsw_cls_commit(struct vsw_cls_writer *w)
{
	uint64_t v = staged_version(w);
	size_t i;

	if (!w->dirty)
		return;
	/* What the flow caches need to keep the flows a change cannot affect. */
	cls_log_commit(w, v);
	w->cls->n_rules = (uint32_t)((int64_t)w->cls->n_rules + w->staged_delta);
	/* Prefix sets that cover the old version's rules and the batch's alike ... */
	cls_prefix_publish(w, w->cls->version);
	__atomic_store_n(&w->cls->version, v, __ATOMIC_RELEASE);
	/* Once this returns, a burst that starts later sees the new version. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < w->n_unlink; i++) {
		const struct cls_unlink *u = &w->unlink[i];

		if (u->why >= 0 && (u->rule->flags & VSW_RULE_SEND_FLOW_REM) &&
		    w->on_removed != NULL)
			w->on_removed(w->on_removed_arg, u->rule, (enum vsw_removed_reason)u->why);
		retire(w, &w->unlink[i]);
	}
	/* ... then, without the removed rules, for the new version only. */
	cls_prefix_publish(w, w->cls->version);
	end_batch(w);
}

void
vsw_cls_abort(struct vsw_cls_writer *w)
{
	size_t i;

	for (i = 0; i < w->n_unlink; i++)
		__atomic_store_n(&w->unlink[i].rule->remove_version, VSW_VERSION_MAX,
				 __ATOMIC_RELEASE);
	/* Never visible, at this version or any later one, then gone. */
	for (i = 0; i < w->n_added; i++) {
		struct vsw_rule *r = w->added[i];

		__atomic_store_n(&r->remove_version, r->add_version, __ATOMIC_RELEASE);
		unlink_rule(w, r, free_rule, NULL);
	}
	end_batch(w);
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
	if (r->hard_timeout && now_ns - r->created_ns >= r->hard_timeout * 1000000000ULL)
		return stage_removal(w, r, NULL, VSW_REMOVED_HARD) == 0;
	if (r->idle_timeout && now_ns - r->used_ns >= r->idle_timeout * 1000000000ULL)
		return stage_removal(w, r, NULL, VSW_REMOVED_IDLE) == 0;
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

void
vsw_cls_on_removed(struct vsw_cls_writer *w, vsw_cls_removed_fn *fn, void *arg)
{
	w->on_removed = fn;
	w->on_removed_arg = arg;
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
	cls_prefix_destroy(w);
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
			cls_subtable_free(st, NULL);
		}
		rte_free(arr);
	}
	rte_memzone_free(w->mz);
	free(w->unlink);
	free(w->added);
	free(w);
}
