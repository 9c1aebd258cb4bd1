/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * emc.c: the exact-match cache, one per PMD (the idea is OVS's EMC): the
 * full flow key of a recent packet -> table 0's answer for it (when that
 * rule looks up no other table), or the datapath flow that holds the whole
 * pipeline's outcome (dpflow.c), so most packets of an established flow
 * skip every tuple-space search.
 *
 * Invalidation is by version, and lazy. Every committed change to a
 * bridge's tables bumps its classifier version (cls_write.c), and an entry
 * is valid only at the exact version it was resolved at, for the bridge it
 * was resolved in. So no change can leave a stale answer behind, whatever
 * rule it touched, and the writer never touches a PMD's cache. The cost is
 * that any change sends every flow of that bridge through the classifier
 * once more; a cached rule pointer is only dereferenced while its version
 * is current, when the rule cannot have been freed.
 *
 * Direct-mapped on the low bits of vsw_key_hash(key).
 */

#include "vsw_datapath.h"

static inline struct vsw_emc_entry *
slot(const struct vsw_emc *emc, uint32_t hash)
{
	return (struct vsw_emc_entry *)&emc->e[hash & (VSW_EMC_ENTRIES - 1)];
}

bool
vsw_emc_lookup(const struct vsw_emc *emc, const struct vsw_cls *cls, const struct vsw_flow_key *key,
	       uint32_t hash, uint64_t v, const struct vsw_rule **rule,
	       const struct vsw_dpflow **flow)
{
	const struct vsw_emc_entry *e = slot(emc, hash);

	const struct vsw_dpflow *f;

	if (e->version != v || e->hash != hash || e->cls != cls || !vsw_key_equal(&e->key, key))
		return false;
	if (!(e->answer & VSW_EMC_FLOW)) {
		*rule = (const struct vsw_rule *)e->answer;
		*flow = NULL;
		return true;
	}
	/* A flow's slot may have taken another flow since: its generation says. */
	f = (const struct vsw_dpflow *)(e->answer & ~(uintptr_t)VSW_EMC_FLOW);
	if (f->gen != e->flow_gen)
		return false;
	*rule = NULL;
	*flow = f;
	return true;
}

void
vsw_emc_insert(struct vsw_emc *emc, const struct vsw_cls *cls, const struct vsw_flow_key *key,
	       uint32_t hash, uint64_t v, const struct vsw_rule *rule,
	       const struct vsw_dpflow *flow)
{
	struct vsw_emc_entry *e = slot(emc, hash);

	RTE_BUILD_BUG_ON(__alignof__(struct vsw_dpflow) < 2 || __alignof__(struct vsw_rule) < 2);
	e->key = *key;
	e->cls = cls;
	e->answer = flow != NULL ? (uintptr_t)flow | VSW_EMC_FLOW : (uintptr_t)rule;
	e->flow_gen = flow != NULL ? flow->gen : 0;
	e->version = v;
	e->hash = hash;
}
