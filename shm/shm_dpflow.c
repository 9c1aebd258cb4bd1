/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * shm_dpflow.c: whether a cached datapath flow outlives the commits made
 * since it was translated, decided from the flow and the tables' change
 * logs alone (vsw_shm_dpflow.h, vsw_shm_flow.h), so that the PMD that owns
 * the flow (datapath/dpflow.c) and a helper that prints it
 * (vsw-ofctl dump-dp-flows) decide the same way.
 *
 * A flow stays unless a commit removed a rule it went through, or added
 * one to a table it looked up that may match there and beats what it
 * found: a removed rule that did not win cannot change a lookup, and an
 * added one changes it only by winning. A summary of many changes stands
 * for rules anywhere in its priority range that agree where its bits say.
 * Reads shared memory only; never dereferences a rule a log names (it may
 * be freed).
 */

#include <stdbool.h>
#include <stddef.h>

#include <rte_atomic.h>

#include "vsw_shm_dpflow.h"

/* Whether flow f went through the rule at address r (never read: it may be gone). */
static bool
went_through(const struct vsw_dpflow_cache *c, const struct vsw_dpflow *f,
	     const struct vsw_rule *r)
{
	const struct vsw_rule_counters *mine =
		(const struct vsw_rule_counters *)((uintptr_t)r + offsetof(struct vsw_rule,
								     counters)) +
		c->pmd;
	unsigned int i;

	for (i = 0; i < f->n_rules; i++)
		if (f->counters[i] == mine)
			return true;
	return false;
}

/* Whether change ch's match and flow f's (under mask) agree on every bit both look at. */
static bool
agrees(const struct vsw_table_change *ch, const struct vsw_dpflow *f,
       const struct vsw_flow_key *mask)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *rk = (const word *)&ch->key, *rm = (const word *)&ch->mask;
	const word *fk = (const word *)&f->key, *fm = (const word *)mask;
	unsigned int i;

	for (i = 0; i < sizeof(ch->key) / sizeof(word); i++)
		if ((rk[i] ^ fk[i]) & rm[i] & fm[i])
			return false;
	return true;
}

/* Whether rules ch added may change what lookup lk of flow f found: by matching and winning. */
static bool
may_win(const struct vsw_table_change *ch, const struct vsw_dpflow_lookup *lk,
	const struct vsw_dpflow *f, const struct vsw_flow_key *mask)
{
	if ((lk->flags & VSW_LOOKUP_FOUND) && ch->priority <= lk->priority)
		return false; /* they lose: lower priority, or a tie to an older rule */
	if (ch->has_state || !(lk->flags & VSW_LOOKUP_CLEAN))
		return true; /* the key they would see is not f's: assume they match */
	return agrees(ch, f, mask); /* else none matches any packet of f */
}

/* Whether rules ch removed may include the one lookup lk of flow f found. */
static bool
may_have_found(const struct vsw_table_change *ch, const struct vsw_dpflow_lookup *lk,
	       const struct vsw_dpflow *f, const struct vsw_flow_key *mask)
{
	if (!(lk->flags & VSW_LOOKUP_FOUND) || lk->priority < ch->priority_min ||
	    lk->priority > ch->priority)
		return false;
	/* The rule found matched f's packets: it agrees with f where the removed ones agree. */
	return !(lk->flags & VSW_LOOKUP_CLEAN) || agrees(ch, f, mask);
}

/* Whether change ch (to the table of lookup lk) may have changed flow f. */
static bool
changes(const struct vsw_dpflow_cache *c, const struct vsw_table_change *ch,
	const struct vsw_dpflow_lookup *lk, const struct vsw_dpflow *f,
	const struct vsw_flow_key *mask)
{
	if (ch->kind == VSW_CHANGE_ADD)
		return may_win(ch, lk, f, mask);
	if (ch->rule != NULL)
		return went_through(c, f, ch->rule);
	return may_have_found(ch, lk, f, mask);
}

bool
vsw_dpflow_unchanged(const struct vsw_dpflow_cache *c, const struct vsw_dpflow *f, uint64_t v)
{
	const struct vsw_flow_key *mask = &c->masks[f->mask].mask;
	uint64_t from = f->version, cv;
	unsigned int l, e;

	for (l = 0; l < f->n_lookups; l++) {
		const struct vsw_dpflow_lookup *lk = &f->lookups[l];
		const struct vsw_table *t = &f->cls->tables[lk->table];

		if (__atomic_load_n(&t->changed_version, __ATOMIC_ACQUIRE) <= from)
			continue;
		for (e = 0; e < VSW_TABLE_LOG; e++) {
			const struct vsw_table_change *ch = &t->log[e];

			cv = __atomic_load_n(&ch->version, __ATOMIC_ACQUIRE);
			if (cv <= from || cv > v)
				continue; /* older, newer, or being rewritten (then log_lost says) */
			if (changes(c, ch, lk, f, mask))
				return false;
		}
		rte_smp_rmb(); /* the entries read before log_lost */
		if (__atomic_load_n(&t->log_lost, __ATOMIC_ACQUIRE) > from)
			return false;
	}
	return true;
}
