/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * dump-flows: every rule of a bridge's flow tables, read straight from
 * hugepage memory, printed as ovs-ofctl dump-flows prints them, sorted by
 * table, then priority (high first), then age. vsw-ofctl reads as a
 * registered RCU reader (vsw_shm_reader_enter), so nothing it reaches is
 * freed under it; the rules it prints are those present in one published
 * version. MATCH selects rules non-strictly, as ovs-ofctl does: a rule is
 * shown when its match is at least as specific as MATCH.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_hash.h>

#include "ofctl.h"

static int
by_table_priority(const void *a, const void *b)
{
	const struct vsw_rule *x = *(const struct vsw_rule *const *)a;
	const struct vsw_rule *y = *(const struct vsw_rule *const *)b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int
ofctl_collect_rules(const struct vsw_cls *cls, const struct vsw_flow *filter,
		    const struct vsw_rule ***out, size_t *n_out)
{
	uint64_t v = __atomic_load_n(&cls->version, __ATOMIC_ACQUIRE);
	const struct vsw_rule **rules = NULL;
	size_t n = 0, cap = 0;
	unsigned int t, s;

	for (t = 0; t < VSW_N_TABLES; t++) {
		const struct vsw_subtable_array *arr =
			__atomic_load_n(&cls->tables[t].subtables, __ATOMIC_ACQUIRE);

		for (s = 0; arr != NULL && s < arr->n; s++) {
			const struct rte_hash *h =
				__atomic_load_n(&arr->st[s]->hash, __ATOMIC_ACQUIRE);
			uint32_t iter = 0;
			const void *key;
			void *data;

			while (rte_hash_iterate(h, &key, &data, &iter) >= 0) {
				const struct vsw_rule *r;

				for (r = data; r != NULL;
				     r = __atomic_load_n(&r->next, __ATOMIC_ACQUIRE)) {
					if (r->add_version > v || v >= r->remove_version ||
					    !vsw_flow_selects(filter, r, false))
						continue;
					if (n == cap) {
						const struct vsw_rule **m;

						cap = cap ? cap * 2 : 1024;
						m = realloc(rules, cap * sizeof(*rules));
						if (m == NULL) {
							free(rules);
							return -1;
						}
						rules = m;
					}
					rules[n++] = r;
				}
			}
		}
	}
	if (n > 0)
		qsort(rules, n, sizeof(*rules), by_table_priority);
	*out = rules;
	*n_out = n;
	return 0;
}

void
ofctl_rule_flow(const struct vsw_rule *r, struct vsw_flow *f)
{
	memset(f, 0, sizeof(*f));
	f->table = r->table;
	f->priority = r->priority;
	f->cookie = r->cookie;
	f->idle_timeout = r->idle_timeout;
	f->hard_timeout = r->hard_timeout;
	f->key = r->key;
	memset(f->key.pad, 0, sizeof(f->key.pad)); /* the classifier's state digest */
	f->mask = r->mask;
	f->state = r->state;
	f->state_mask = r->state_mask;
	f->n_actions = RTE_MIN(r->actions->n, (uint32_t)VSW_FLOW_MAX_ACTIONS);
	memcpy(f->actions, r->actions->a, f->n_actions * sizeof(f->actions[0]));
}

static void
print_rule(const struct ofctl *o, const struct vsw_rule *r, const struct vsw_flow_ports *ports,
	   uint64_t now_ns)
{
	static struct vsw_flow f;
	char match[2048], actions[4096];
	unsigned int flags = o->names ? VSW_FLOW_FMT_NAMES : 0;
	uint64_t packets, bytes;

	ofctl_rule_flow(r, &f);
	if (o->no_stats) {
		vsw_flow_format(&f, ports, flags, actions, sizeof(actions));
		printf("%s\n", actions);
		return;
	}
	vsw_rule_totals(r, &packets, &bytes);
	printf(" cookie=0x%" PRIx64 ", duration=%.3fs, table=%u, n_packets=%" PRIu64
	       ", n_bytes=%" PRIu64 ", ",
	       r->cookie, (double)(now_ns - r->created_ns) / 1e9, r->table, packets, bytes);
	if (r->idle_timeout)
		printf("idle_timeout=%u, ", r->idle_timeout);
	if (r->hard_timeout)
		printf("hard_timeout=%u, ", r->hard_timeout);
	printf("idle_age=%" PRIu64 ", ", (now_ns - r->used_ns) / 1000000000u);
	vsw_flow_format_match(&f, ports, flags, match, sizeof(match));
	vsw_flow_format_actions(f.actions, f.n_actions, ports, flags, actions, sizeof(actions));
	printf("%s%sactions=%s\n", match, match[0] ? " " : "", actions);
}

int
ofctl_dump_flows(struct ofctl *o, char **args, int n)
{
	struct vsw_flow_port pp[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;
	const struct vsw_rule **rules;
	struct vsw_flow filter;
	char err[VSW_FLOW_ERR_LEN];
	unsigned int col, slot;
	struct timespec now;
	size_t n_rules, i;
	int b, rc;

	b = ofctl_bridge_arg(o, args, n, 1, 2, "dump-flows takes BRIDGE [MATCH]");
	if (b < 0)
		return -b;
	ofctl_bridge_ports(o, (unsigned int)b, pp, &ports);
	rc = vsw_flow_parse(n == 2 ? args[1] : "", &ports, VSW_FLOW_MATCH, &filter, err,
			    sizeof(err), &col);
	if (rc < 0) {
		fprintf(stderr, "vsw-ofctl: column %u: %s\n", col, err);
		return OFCTL_REFUSED;
	}
	if (vsw_shm_reader_enter(o->shm, &slot) < 0) {
		fprintf(stderr,
			"vsw-ofctl: %u helpers are reading flow tables already; try again\n",
			VSW_MAX_HELPERS);
		return OFCTL_NO_SWITCH;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	rc = ofctl_collect_rules(o->shm->bridges[b].cls, &filter, &rules, &n_rules);
	for (i = 0; rc == 0 && i < n_rules; i++)
		print_rule(o, rules[i], &ports,
			   (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec);
	vsw_shm_reader_leave(o->shm, slot);
	if (rc < 0) {
		fprintf(stderr, "vsw-ofctl: out of memory\n");
		return OFCTL_NO_SWITCH;
	}
	free(rules);
	return OFCTL_OK;
}
