/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_cls: the classifier (datapath/cls_*.c) against a brute-force
 * reference, on random rules and packets. Rules draw their masks from a
 * small set and their values from small domains, so they overlap, and
 * their priorities from a few values, so they tie. For every packet the
 * classifier's answer (single and bulk lookup) must be the reference's: the
 * highest priority, and among equal priorities the oldest rule.
 * Also checked: OpenFlow add replaces a rule with the same match and
 * priority; staged changes are invisible until commit; an aborted batch
 * (adds, removals, modifies) leaves the tables as they were; a modified
 * rule keeps its counters, also those counted into the old rule after the
 * commit; deleting every rule returns hugepage memory to where it started.
 * Some rules also match the pipeline state (a register, metadata, masked):
 * lookups with a random state must agree with the reference too.
 */

#include <stdlib.h>
#include <string.h>

#include <rte_malloc.h>

#include "testlib.h"
#include "vsw_dp_writer.h"

#define MAX_RULES 600
#define N_MASKS	  8
#define N_PACKETS 1500

struct ref_rule {
	struct vsw_flow_key key; /* masked */
	struct vsw_flow_key mask;
	struct vsw_pipe_state state; /* masked */
	struct vsw_pipe_state state_mask;
	uint16_t priority;
	uint64_t id;
	int live;
};

static struct ref_rule ref[MAX_RULES * 4];
static unsigned int n_ref;
static uint64_t next_id = 1; /* mirrors the classifier's rule ids */

/* Mask i of the set: overlapping field combinations, prefixes included. */
static void
make_mask(unsigned int i, struct vsw_flow_key *m)
{
	memset(m, 0, sizeof(*m));
	switch (i) {
	case 0: /* match everything */
		break;
	case 1:
		m->in_port = 0xffff;
		break;
	case 2:
		m->dl_type = 0xffff;
		memset(m->nw_src, 0xff, 3); /* /24 */
		break;
	case 3:
		m->dl_type = 0xffff;
		memset(m->nw_src, 0xff, 4);
		m->nw_proto = 0xff;
		break;
	case 4:
		m->in_port = 0xffff;
		m->tp_dst = 0xffff;
		break;
	case 5:
		memset(m->dl_dst, 0xff, 6);
		break;
	case 6:
		m->dl_type = 0xffff;
		m->nw_dst[0] = 0xff; /* /8 */
		m->tp_dst = 0xffff;
		m->nw_proto = 0xff;
		break;
	default:
		memset(m, 0xff, sizeof(*m)); /* exact match on everything */
		memset(m->pad, 0, sizeof(m->pad));
		break;
	}
}

/* State mask i: none (most rules), a register's low bits, metadata and a register. */
static void
make_state_mask(unsigned int i, struct vsw_pipe_state *m)
{
	memset(m, 0, sizeof(*m));
	if (i == 1) {
		m->reg[3] = 0xf;
	} else if (i == 2) {
		m->metadata = 0xff00000000000001ULL;
		m->reg[0] = UINT32_MAX;
	}
}

/* A pipeline state from small domains. */
static void
random_state(uint64_t *seed, struct vsw_pipe_state *s)
{
	memset(s, 0, sizeof(*s));
	s->reg[3] = (uint32_t)(test_rand(seed) % 3) * 0x11;
	s->reg[0] = (uint32_t)(test_rand(seed) % 2);
	s->metadata = (test_rand(seed) % 2) << 56 | test_rand(seed) % 2;
}

/* A key from small value domains, so that rules and packets collide often. */
static void
random_key(uint64_t *seed, struct vsw_flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->in_port = (uint16_t)(1 + test_rand(seed) % 3);
	k->dl_type = test_rand(seed) % 4 ? RTE_BE16(0x0800) : RTE_BE16(0x86dd);
	k->dl_dst[5] = (uint8_t)(test_rand(seed) % 4);
	k->nw_proto = test_rand(seed) % 2 ? 6 : 17;
	k->nw_src[0] = 10;
	k->nw_src[2] = (uint8_t)(test_rand(seed) % 3);
	k->nw_src[3] = (uint8_t)(test_rand(seed) % 4);
	k->nw_dst[0] = (uint8_t)(10 + test_rand(seed) % 2);
	k->tp_dst = rte_cpu_to_be_16((uint16_t)(80 + test_rand(seed) % 3));
}

static const struct vsw_action drop_nothing[1] = {{.type = VSW_ACTION_FLOOD}};

/* *out = *s & *m. */
static void
mask_state(struct vsw_pipe_state *out, const struct vsw_pipe_state *s,
	   const struct vsw_pipe_state *m)
{
	unsigned int i;

	out->metadata = s->metadata & m->metadata;
	for (i = 0; i < VSW_N_REGS; i++)
		out->reg[i] = s->reg[i] & m->reg[i];
}

/* spec for ref[i]'s strict match. */
static void
ref_spec(unsigned int i, struct vsw_rule_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->key = ref[i].key;
	spec->mask = ref[i].mask;
	spec->state = ref[i].state;
	spec->state_mask = ref[i].state_mask;
	spec->priority = ref[i].priority;
}

static int
add_rule(struct vsw_cls_writer *w, uint64_t *seed)
{
	static const uint16_t prios[] = {0, 1, 5, 5, 100, 32768};
	struct vsw_rule_spec spec;
	char err[256];
	unsigned int i;

	memset(&spec, 0, sizeof(spec));
	random_key(seed, &spec.key);
	make_mask((unsigned int)(test_rand(seed) % N_MASKS), &spec.mask);
	random_state(seed, &spec.state);
	make_state_mask(test_rand(seed) % 4 == 0 ? 1 + (unsigned int)(test_rand(seed) % 2) : 0,
			&spec.state_mask);
	spec.priority = prios[test_rand(seed) % RTE_DIM(prios)];
	spec.actions = drop_nothing;
	spec.n_actions = 1;
	if (vsw_cls_add(w, &spec, err, sizeof(err)) != 0) {
		fprintf(stderr, "add: %s\n", err);
		return -1;
	}
	/* OpenFlow add: the same match and priority replaces. */
	vsw_key_mask(&ref[n_ref].key, &spec.key, &spec.mask);
	mask_state(&ref[n_ref].state, &spec.state, &spec.state_mask);
	for (i = 0; i < n_ref; i++)
		if (ref[i].live && ref[i].priority == spec.priority &&
		    memcmp(&ref[i].mask, &spec.mask, sizeof(spec.mask)) == 0 &&
		    memcmp(&ref[i].key, &ref[n_ref].key, sizeof(spec.key)) == 0 &&
		    memcmp(&ref[i].state_mask, &spec.state_mask, sizeof(spec.state_mask)) == 0 &&
		    memcmp(&ref[i].state, &ref[n_ref].state, sizeof(spec.state)) == 0)
			ref[i].live = 0;
	ref[n_ref].mask = spec.mask;
	ref[n_ref].state_mask = spec.state_mask;
	ref[n_ref].priority = spec.priority;
	ref[n_ref].id = next_id++;
	ref[n_ref].live = 1;
	n_ref++;
	return 0;
}

static const struct ref_rule *
ref_lookup(const struct vsw_flow_key *k, const struct vsw_pipe_state *s)
{
	const struct ref_rule *best = NULL;
	struct vsw_pipe_state ms;
	struct vsw_flow_key mk;
	unsigned int i;

	for (i = 0; i < n_ref; i++) {
		const struct ref_rule *r = &ref[i];

		if (!r->live)
			continue;
		vsw_key_mask(&mk, k, &r->mask);
		mask_state(&ms, s, &r->state_mask);
		if (memcmp(&mk, &r->key, sizeof(mk)) != 0 || memcmp(&ms, &r->state, sizeof(ms)) != 0)
			continue;
		if (best == NULL || r->priority > best->priority ||
		    (r->priority == best->priority && r->id < best->id))
			best = r;
	}
	return best;
}

/* Compare both lookup paths with the reference on n random packets. */
static void
check_packets(const struct vsw_cls *cls, uint64_t *seed, unsigned int n)
{
	struct vsw_flow_key keys[VSW_CLS_BURST_MAX];
	const struct vsw_flow_key *kp[VSW_CLS_BURST_MAX];
	const struct vsw_rule *got[VSW_CLS_BURST_MAX];
	uint64_t v = vsw_cls_version(cls);
	unsigned int done, i, b;

	for (done = 0; done < n; done += b) {
		b = RTE_MIN(n - done, (unsigned int)VSW_CLS_BURST_MAX);
		for (i = 0; i < b; i++) {
			random_key(seed, &keys[i]);
			kp[i] = &keys[i];
		}
		vsw_cls_lookup_burst(cls, 0, kp, b, v, got);
		for (i = 0; i < b; i++) {
			static const struct vsw_pipe_state zero;
			const struct ref_rule *want = ref_lookup(&keys[i], &zero);
			const struct vsw_rule *one = vsw_cls_lookup(cls, 0, &keys[i], v);
			struct vsw_pipe_state state;

			EXPECT(one == got[i]);
			EXPECT((want == NULL && got[i] == NULL) ||
			       (want != NULL && got[i] != NULL && got[i]->id == want->id));
			random_state(seed, &state);
			want = ref_lookup(&keys[i], &state);
			one = vsw_cls_lookup_wc(cls, 0, &keys[i], &state, v, NULL);
			EXPECT((want == NULL && one == NULL) ||
			       (want != NULL && one != NULL && one->id == want->id));
			if (test_failures > 20)
				return;
		}
	}
}

static void
delete_some(struct vsw_cls_writer *w, uint64_t *seed)
{
	struct vsw_rule_spec spec;
	unsigned int i;

	for (i = 0; i < n_ref; i++) {
		if (!ref[i].live || test_rand(seed) % 2)
			continue;
		ref_spec(i, &spec);
		EXPECT(vsw_cls_delete_strict(w, &spec) == 0);
		ref[i].live = 0;
	}
}

/* Always true: every rule, for vsw_cls_select. */
static bool
any_rule(const struct vsw_rule *r, void *arg)
{
	RTE_SET_USED(r);
	RTE_SET_USED(arg);
	return true;
}

/* Stage adds, removals and modifies, then abort: readers must see no change. */
static void
abort_batch(struct vsw_cls_writer *w, uint64_t *seed)
{
	static const struct vsw_action out1 = {.type = VSW_ACTION_OUTPUT, .port = 1};
	unsigned int n_ref0 = n_ref, i, n_live = vsw_cls_n_rules(w);
	const struct vsw_rule **rules;
	char err[256];
	int live[MAX_RULES * 4];
	size_t n, k;

	for (i = 0; i < n_ref; i++)
		live[i] = ref[i].live;
	for (i = 0; i < 50; i++)
		EXPECT(add_rule(w, seed) == 0);
	EXPECT(vsw_cls_select(w, VSW_N_TABLES, any_rule, NULL, &rules, &n) == 0);
	for (k = 0; k < n; k++) {
		if (k % 3 == 0)
			EXPECT(vsw_cls_remove(w, rules[k]) == 0);
		else if (k % 3 == 1)
			EXPECT(vsw_cls_modify(w, rules[k], &out1, 1, 7, err, sizeof(err)) == 0);
	}
	free(rules);
	vsw_cls_abort(w);
	n_ref = n_ref0;
	for (i = 0; i < n_ref; i++)
		ref[i].live = live[i];
	next_id = vsw_cls_tables(w)->next_rule_id; /* aborted adds used ids */
	EXPECT(vsw_cls_n_rules(w) == n_live);
	EXPECT(vsw_cls_select(w, VSW_N_TABLES, any_rule, NULL, &rules, &n) == 0 && n == n_live);
	for (k = 0; k < n; k++) {
		EXPECT(rules[k]->actions->a[0].type == VSW_ACTION_FLOOD && rules[k]->cookie == 0);
	}
	free(rules);
}

/*
 * Modify a rule that has counted packets; count more into the old rule
 * after the commit (a PMD still in an old burst); the new rule must end up
 * with all of them, its id and age, and the new actions.
 */
/*
 * Actions the flow language never makes but another writer could: a MOVE of
 * no bits, past its field, or into a field that cannot be written, and a
 * SET_FIELD of a read-only field. Each is refused and nothing is staged.
 */
static void
check_bad_actions(struct vsw_cls_writer *w)
{
	static const struct vsw_action bad[] = {
		{.type = VSW_ACTION_MOVE, .field = VSW_FIELD_REG0, .src_field = VSW_FIELD_REG0 + 1},
		{.type = VSW_ACTION_MOVE, .field = VSW_FIELD_REG0, .src_field = VSW_FIELD_TP_SRC,
		 .src_ofs = 8, .n_bits = 9},
		{.type = VSW_ACTION_MOVE, .field = VSW_FIELD_ETH_TYPE, .src_field = VSW_FIELD_REG0,
		 .n_bits = 16},
		{.type = VSW_ACTION_MOVE, .field = VSW_FIELD__COUNT, .src_field = VSW_FIELD_REG0,
		 .n_bits = 1},
		{.type = VSW_ACTION_SET_FIELD, .field = VSW_FIELD_ETH_TYPE, .mask = 1},
	};
	struct vsw_rule_spec spec;
	char err[256];
	unsigned int i, n0 = vsw_cls_n_rules(w);

	for (i = 0; i < RTE_DIM(bad); i++) {
		memset(&spec, 0, sizeof(spec));
		spec.actions = &bad[i];
		spec.n_actions = 1;
		err[0] = '\0';
		EXPECT_MSG(vsw_cls_add(w, &spec, err, sizeof(err)) == -EINVAL && err[0] != '\0',
			   "bad action %u accepted", i);
	}
	vsw_cls_commit(w);
	EXPECT(vsw_cls_n_rules(w) == n0);
}

static void
check_modify(struct vsw_cls_writer *w, struct vsw_reclaim *rc)
{
	static const struct vsw_action out1 = {.type = VSW_ACTION_OUTPUT, .port = 1};
	const struct vsw_cls *cls = vsw_cls_tables(w);
	struct vsw_rule_spec spec;
	const struct vsw_rule **rules;
	struct vsw_rule *old;
	const struct vsw_rule *now;
	uint64_t packets, bytes;
	char err[256];
	size_t n;

	memset(&spec, 0, sizeof(spec));
	spec.key.in_port = 9;
	spec.mask.in_port = 0xffff;
	spec.priority = 7;
	spec.actions = drop_nothing;
	spec.n_actions = 1;
	EXPECT(vsw_cls_port_only(cls, 0)); /* empty */
	EXPECT(vsw_cls_add(w, &spec, err, sizeof(err)) == 0);
	vsw_cls_commit(w);
	EXPECT(vsw_cls_port_only(cls, 0)); /* in_port only: the simple match holds */
	spec.mask.dl_type = 0xffff;
	spec.key.dl_type = rte_cpu_to_be_16(0x0800);
	EXPECT(vsw_cls_add(w, &spec, err, sizeof(err)) == 0);
	EXPECT(vsw_cls_port_only(cls, 0) == false); /* a staged wider mask: no simple match */
	vsw_cls_abort(w);
	EXPECT(vsw_cls_port_only(cls, 0)); /* the empty subtable went with the batch */
	spec.mask.dl_type = 0;
	spec.key.dl_type = 0;
	EXPECT(vsw_cls_select(w, 0, any_rule, NULL, &rules, &n) == 0 && n == 1);
	old = (struct vsw_rule *)(uintptr_t)rules[0];
	free(rules);
	old->counters[0].packets = 5;
	old->counters[0].bytes = 500;
	EXPECT(vsw_cls_modify(w, old, &out1, 1, 0x77, err, sizeof(err)) == 0);
	vsw_cls_commit(w);
	old->counters[0].packets += 2; /* after the commit, before the grace period */
	old->counters[0].bytes += 200;
	now = vsw_cls_lookup(cls, 0, &spec.key, vsw_cls_version(cls));
	EXPECT(now != NULL && now != old && now->id == old->id && now->cookie == 0x77);
	EXPECT(now != NULL && now->actions->a[0].type == VSW_ACTION_OUTPUT);
	vsw_rule_totals(now, &packets, &bytes);
	EXPECT(packets == 5 && bytes == 500);
	vsw_reclaim_poll(rc);
	vsw_rule_totals(now, &packets, &bytes);
	EXPECT(packets == 7 && bytes == 700);
	EXPECT(vsw_cls_remove(w, now) == 0);
	vsw_cls_commit(w);
	vsw_reclaim_poll(rc);
}

static void
run_seed(struct vsw_cls_writer *w, struct vsw_reclaim *rc, uint64_t seed)
{
	const struct vsw_cls *cls = vsw_cls_tables(w);
	unsigned int round, i, live;
	size_t heap0 = test_heap_in_use();
	struct vsw_rule_spec spec;

	n_ref = 0;
	check_modify(w, rc);
	check_bad_actions(w);
	next_id = cls->next_rule_id;
	for (round = 0; round < 3; round++) {
		for (i = 0; i < MAX_RULES / 2; i++)
			EXPECT(add_rule(w, &seed) == 0);
		/* Staged, not committed: readers still see the old version. */
		if (round == 0)
			EXPECT(vsw_cls_lookup(cls, 0, &ref[0].key, vsw_cls_version(cls)) == NULL);
		vsw_cls_commit(w);
		check_packets(cls, &seed, N_PACKETS);
		abort_batch(w, &seed);
		delete_some(w, &seed);
		vsw_cls_commit(w);
		check_packets(cls, &seed, N_PACKETS);
	}
	for (i = 0, live = 0; i < n_ref; i++)
		live += ref[i].live;
	EXPECT(vsw_cls_n_rules(w) == live);
	for (i = 0; i < n_ref; i++) {
		ref_spec(i, &spec);
		if (ref[i].live)
			EXPECT(vsw_cls_delete_strict(w, &spec) == 0);
		ref[i].live = 0;
	}
	ref_spec(0, &spec);
	EXPECT(vsw_cls_delete_strict(w, &spec) == -ENOENT);
	vsw_cls_commit(w);
	vsw_reclaim_poll(rc); /* no reader is registered: everything is free now */
	EXPECT(vsw_cls_n_rules(w) == 0);
	EXPECT(vsw_reclaim_pending(rc) == 0);
	EXPECT(test_heap_in_use() == heap0);
}

int
main(int argc, char **argv)
{
	struct vsw_cls_writer *w;
	struct vsw_reclaim *rc;
	struct rte_rcu_qsbr *q;
	char err[256];
	uint64_t seed;

	RTE_SET_USED(argc);
	if (test_eal_init("test_cls", "0") < 0)
		return 1;
	q = rte_zmalloc(NULL, rte_rcu_qsbr_get_memsize(1), RTE_CACHE_LINE_SIZE);
	if (q == NULL || rte_rcu_qsbr_init(q, 1) != 0 || vsw_reclaim_create(q, &rc) != 0 ||
	    vsw_cls_create(0, 1, rc, &w, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: setup failed: %s\n", argv[0], err);
		return 1;
	}
	for (seed = 1; seed <= 5 && test_failures == 0; seed++)
		run_seed(w, rc, seed * 0x9e3779b97f4a7c15ULL);
	vsw_reclaim_destroy(rc);
	vsw_cls_destroy(w);
	rte_free(q);
	return test_finish("test_cls");
}
