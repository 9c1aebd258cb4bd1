/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * dpflow.c: a PMD's datapath flow cache (OVS's megaflow cache, its dpcls):
 * the outcomes pipeline.c recorded, found by the bits they depend on.
 *
 * Tuple-space search again, over the flows' masks instead of the rules':
 * one probe per distinct mask, masks ranked by their recent hits so the
 * common one is probed first. Flows live in one bucketed hash table of
 * VSW_DPFLOW_WAYS ways per bucket, keyed by (mask, masked key); a
 * bucket's signatures sit in one cache line apart from the flows.
 *
 * Private to its PMD: no locks, no atomics. A flow is used only at the
 * classifier version it was translated or last checked at. When a commit
 * has moved the version on, the first probe that meets the flow (or the
 * sweep of part of the cache at every ranking) checks it against the
 * change logs of the tables it looked up (vsw_shm_flow.h): it stays, at the
 * new version, unless a rule it went through was removed, or a rule was
 * added that may match where it looked and beats what it found there. A
 * log that no longer reaches back to the flow's version frees it. So a
 * flow-mod, a reload or a timeout changes forwarding from the next packet
 * (test_churn's guarantee), and only for the flows it can change. Full
 * buckets evict a way chosen by the hash.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_atomic.h>
#include <rte_malloc.h>

#include "vsw_datapath.h"

#define RANK_EVERY  (1u << 16) /* lookups between two rankings of the masks */
#define SWEEP_FLOWS 1024       /* flow slots checked for staleness at each ranking */

/* key & m->mask, touching only the mask's non-zero words. */
static inline void
mask_key(struct vsw_flow_key *out, const struct vsw_flow_key *key, const struct vsw_dpflow_mask *m)
{
	vsw_key_mask_words(out, key, &m->mask, m->words, m->n_words);
}

/* The hash of a masked key under mask index i: the same key under two masks differs. */
static inline uint32_t
flow_hash(const struct vsw_flow_key *mk, unsigned int i)
{
	return vsw_key_hash(mk) ^ (i * 0x9e3779b1u);
}

/* Free the flow in slot `slot` (bucket slot / WAYS, way slot % WAYS). */
static void
free_flow(struct vsw_dpflow_cache *c, uint32_t slot)
{
	struct vsw_dpflow *f = &c->flows[slot];

	c->buckets[slot / VSW_DPFLOW_WAYS].sig[slot % VSW_DPFLOW_WAYS] = 0;
	c->masks[f->mask].n_flows--;
	f->version = 0;
	f->gen += 2; /* what points at it (the EMC, a burst, a reader) sees it gone */
}

/*
 * Whether flow f may be used at version v: moved on to it if no commit
 * since changed it, else freed.
 */
static bool
current(struct vsw_dpflow_cache *c, uint32_t slot, uint64_t v)
{
	struct vsw_dpflow *f = &c->flows[slot];

	if (f->version == v)
		return true;
	if (f->version < v && vsw_dpflow_unchanged(c, f, v)) {
		f->version = v;
		c->kept++;
		return true;
	}
	free_flow(c, slot);
	c->invalidated++;
	return false;
}

int
vsw_dpflow_cache_init(struct vsw_dpflow_cache *c, uint32_t n_flows, unsigned int pmd, int socket)
{
	memset(c, 0, sizeof(*c));
	c->pmd = pmd;
	if (n_flows < VSW_DPFLOW_WAYS || (n_flows & (n_flows - 1)) != 0)
		return -EINVAL;
	c->n_buckets = n_flows / VSW_DPFLOW_WAYS;
	c->buckets = rte_zmalloc_socket("vsw_dpflow_buckets", c->n_buckets * sizeof(*c->buckets),
					RTE_CACHE_LINE_SIZE, socket);
	c->flows = rte_zmalloc_socket("vsw_dpflows", (size_t)n_flows * sizeof(*c->flows),
				      RTE_CACHE_LINE_SIZE, socket);
	if (c->buckets == NULL || c->flows == NULL) {
		vsw_dpflow_cache_free(c);
		return -ENOMEM;
	}
	return 0;
}

void
vsw_dpflow_cache_free(struct vsw_dpflow_cache *c)
{
	rte_free(c->buckets);
	rte_free(c->flows);
	c->buckets = NULL;
	c->flows = NULL;
	c->n_buckets = 0;
}

void
vsw_dpflow_cache_flush(struct vsw_dpflow_cache *c)
{
	uint32_t i, n = c->n_buckets * VSW_DPFLOW_WAYS;

	memset(c->buckets, 0, c->n_buckets * sizeof(*c->buckets));
	for (i = 0; i < n; i++)
		c->flows[i].version = 0;
	memset(c->masks, 0, sizeof(c->masks));
	c->n_masks = 0;
	c->lookups = 0;
	c->sweep = 0;
}

/* Rank the masks by hits since the last ranking, most first; free a part's stale flows. */
static void
rank_masks(struct vsw_dpflow_cache *c)
{
	uint32_t i, j, n = c->n_buckets * VSW_DPFLOW_WAYS;

	for (i = 1; i < c->n_masks; i++) {
		uint8_t m = c->rank[i];

		for (j = i; j > 0 && c->masks[c->rank[j - 1]].hits < c->masks[m].hits; j--)
			c->rank[j] = c->rank[j - 1];
		c->rank[j] = m;
	}
	for (i = 0; i < c->n_masks; i++)
		c->masks[i].hits /= 2;
	for (i = 0; i < SWEEP_FLOWS && i < n; i++, c->sweep = (c->sweep + 1) & (n - 1))
		if (c->flows[c->sweep].version != 0)
			current(c, c->sweep, vsw_cls_version(c->flows[c->sweep].cls));
	c->lookups = 0;
}

struct vsw_dpflow *
vsw_dpflow_lookup(struct vsw_dpflow_cache *c, const struct vsw_cls *cls,
		  const struct vsw_flow_key *key, uint64_t v, unsigned int *probes)
{
	struct vsw_flow_key mk;
	uint32_t r, w;

	if (++c->lookups == RANK_EVERY)
		rank_masks(c);
	for (r = 0; r < c->n_masks; r++) {
		unsigned int i = c->rank[r];
		struct vsw_dpflow_mask *m = &c->masks[i];
		uint32_t h, b;

		if (m->n_flows == 0)
			continue;
		mask_key(&mk, key, m);
		h = flow_hash(&mk, i);
		b = h & (c->n_buckets - 1);
		(*probes)++;
		for (w = 0; w < VSW_DPFLOW_WAYS; w++) {
			struct vsw_dpflow *f = &c->flows[b * VSW_DPFLOW_WAYS + w];

			if (c->buckets[b].sig[w] != (h | 1) || f->mask != i || f->cls != cls ||
			    !vsw_key_equal(&f->key, &mk))
				continue;
			if (!current(c, b * VSW_DPFLOW_WAYS + w, v))
				continue;
			m->hits++;
			return f;
		}
	}
	return NULL;
}

/* The index of mask among the cache's masks, added if new; -1 when none is free. */
static int
find_mask(struct vsw_dpflow_cache *c, const struct vsw_flow_key *mask)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const word *mw = (const word *)mask;
	struct vsw_dpflow_mask *m;
	unsigned int i, free_slot = VSW_DPFLOW_MASKS;

	for (i = 0; i < c->n_masks; i++) {
		if (c->masks[i].n_flows == 0 && free_slot == VSW_DPFLOW_MASKS)
			free_slot = i;
		else if (c->masks[i].n_flows > 0 && vsw_key_equal(&c->masks[i].mask, mask))
			return (int)i;
	}
	if (free_slot == VSW_DPFLOW_MASKS) {
		if (c->n_masks == VSW_DPFLOW_MASKS)
			return -1;
		free_slot = c->n_masks;
		c->rank[c->n_masks++] = (uint8_t)free_slot;
	}
	m = &c->masks[free_slot];
	m->mask = *mask;
	m->hits = 0;
	m->n_words = 0;
	for (i = 0; i < sizeof(*mask) / sizeof(word); i++)
		if (mw[i] != 0)
			m->words[m->n_words++] = (uint8_t)i;
	return (int)free_slot;
}

/*
 * The way of bucket b for a flow (mask i, masked key mk): its own, a free
 * one, one a commit invalidated, or a victim.
 */
static uint32_t
choose_way(struct vsw_dpflow_cache *c, uint32_t b, uint32_t h, unsigned int i,
	   const struct vsw_flow_key *mk, const struct vsw_cls *cls, bool *evicted)
{
	uint32_t w, free_way = VSW_DPFLOW_WAYS;

	for (w = 0; w < VSW_DPFLOW_WAYS; w++) {
		struct vsw_dpflow *f = &c->flows[b * VSW_DPFLOW_WAYS + w];

		if (c->buckets[b].sig[w] == 0) {
			free_way = free_way == VSW_DPFLOW_WAYS ? w : free_way;
			continue;
		}
		if (c->buckets[b].sig[w] == (h | 1) && f->mask == i && f->cls == cls &&
		    vsw_key_equal(&f->key, mk)) {
			free_flow(c, b * VSW_DPFLOW_WAYS + w);
			return w;
		}
		if (free_way == VSW_DPFLOW_WAYS &&
		    !current(c, b * VSW_DPFLOW_WAYS + w, vsw_cls_version(f->cls)))
			free_way = w;
	}
	if (free_way < VSW_DPFLOW_WAYS)
		return free_way;
	w = (h >> 24) % VSW_DPFLOW_WAYS;
	free_flow(c, b * VSW_DPFLOW_WAYS + w);
	*evicted = true;
	return w;
}

/* Copy n bytes of field `field` from src to dst. */
#define COPY_PART(dst, src, field, n) memcpy(&(dst)->field, &(src)->field, (n))

/*
 * Copy flow src into slot dst, all but gen, key and mask, and of its arrays
 * only the entries in use: a pipeline run fills a few of them, and a flood
 * of new flows writes one slot a packet.
 */
static void
copy_flow(struct vsw_dpflow *dst, const struct vsw_dpflow *src)
{
	RTE_BUILD_BUG_ON(offsetof(struct vsw_dpflow, gen) != 0);
	memcpy((char *)dst + sizeof(dst->gen), (const char *)src + sizeof(src->gen),
	       offsetof(struct vsw_dpflow, ops) - sizeof(src->gen));
	COPY_PART(dst, src, ops, src->n_ops * sizeof(src->ops[0]));
	COPY_PART(dst, src, counters, src->n_rules * sizeof(src->counters[0]));
	COPY_PART(dst, src, len_delta, src->n_rules * sizeof(src->len_delta[0]));
	dst->n_lookups = src->n_lookups;
	COPY_PART(dst, src, lookups, src->n_lookups * sizeof(src->lookups[0]));
	dst->cls = src->cls;
	dst->version = src->version;
}

struct vsw_dpflow *
vsw_dpflow_insert(struct vsw_dpflow_cache *c, const struct vsw_dpflow *f,
		  const struct vsw_flow_key *mask, bool *evicted)
{
	struct vsw_flow_key mk;
	struct vsw_dpflow *slot;
	uint32_t h, b, w, gen;
	int i = find_mask(c, mask);

	*evicted = false;
	if (i < 0)
		return NULL;
	mask_key(&mk, &f->key, &c->masks[i]);
	h = flow_hash(&mk, (unsigned int)i);
	b = h & (c->n_buckets - 1);
	w = choose_way(c, b, h, (unsigned int)i, &mk, f->cls, evicted);
	slot = &c->flows[b * VSW_DPFLOW_WAYS + w];
	gen = slot->gen; /* even: choose_way freed the slot */
	slot->gen = gen + 1;
	rte_smp_wmb(); /* readers see the odd gen before the rewrite ... */
	copy_flow(slot, f);
	slot->key = mk;
	slot->mask = (uint16_t)i;
	rte_smp_wmb(); /* ... and the whole flow before the even one */
	slot->gen = gen + 2;
	c->buckets[b].sig[w] = h | 1;
	c->masks[i].n_flows++;
	return slot;
}
