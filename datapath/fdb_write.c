/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fdb_write.c: the MAC learning table's one writer, the control thread.
 * It applies the learn requests PMDs queue (fdb.c drains the ring into
 * vsw_fdb_learn), ages entries out once a second, makes room by evicting
 * the entry seen least recently, and flushes on request or when ports
 * change. Readers (normal.c, vsw-ofctl) never lock: the ordering rules are
 * in shm/vsw_shm_fdb.h, and a removed entry's hash position is freed only
 * after an RCU grace period (reclaim.c), so a PMD that found it a moment
 * before still reads a whole entry.
 *
 * The hash holds twice mac-table-size positions: removed entries keep
 * theirs until the grace period ends, and a flush followed by a burst of
 * new MACs must still find room.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_memzone.h>

#include "vsw_dp_writer.h"

struct vsw_fdb_writer {
	struct vsw_fdb *fdb;
	const struct rte_memzone *mz;
	struct vsw_reclaim *reclaim;
	uint32_t aged_s; /* the second vsw_fdb_tick last aged entries in */
};

static uint32_t
monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_sec;
}

int
vsw_fdb_create(unsigned int bridge, uint32_t max_entries, uint32_t aging_s, struct vsw_reclaim *r,
	       struct vsw_fdb_writer **out, char *err, size_t err_len)
{
	struct rte_hash_parameters hp = {0};
	uint32_t capacity = 2 * max_entries;
	struct vsw_fdb_writer *w;
	struct vsw_fdb *f;
	char name[32];

	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		snprintf(err, err_len, "out of memory for the MAC table");
		return -ENOMEM;
	}
	snprintf(name, sizeof(name), VSW_SHM_FDB_MZ_FMT, bridge);
	w->mz = rte_memzone_reserve_aligned(
		name, sizeof(*f) + (size_t)capacity * sizeof(f->entries[0]), SOCKET_ID_ANY,
		RTE_MEMZONE_SIZE_HINT_ONLY, RTE_CACHE_LINE_SIZE);
	if (w->mz == NULL) {
		snprintf(err, err_len, "no hugepage memory for a MAC table of %u entries: %s",
			 max_entries, rte_strerror(rte_errno));
		free(w);
		return -ENOMEM;
	}
	f = w->mz->addr;
	memset(f, 0, sizeof(*f) + (size_t)capacity * sizeof(f->entries[0]));
	snprintf(f->hash_name, sizeof(f->hash_name), VSW_SHM_FDB_HASH_FMT, bridge);
	hp.name = f->hash_name;
	hp.entries = capacity;
	hp.key_len = sizeof(struct vsw_fdb_key);
	hp.socket_id = SOCKET_ID_ANY;
	/* Lock-free readers; removed positions wait for vsw_reclaim. */
	hp.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF | RTE_HASH_EXTRA_FLAGS_EXT_TABLE;
	f->hash = rte_hash_create(&hp);
	if (f->hash == NULL) {
		snprintf(err, err_len, "no hugepage memory for a MAC hash of %u entries: %s",
			 capacity, rte_strerror(rte_errno));
		rte_memzone_free(w->mz);
		free(w);
		return -ENOMEM;
	}
	f->version = VSW_SHM_VERSION;
	f->capacity = capacity;
	f->max_entries = max_entries;
	f->aging_s = aging_s;
	f->now_s = monotonic_s();
	w->fdb = f;
	w->reclaim = r;
	w->aged_s = f->now_s;
	*out = w;
	return 0;
}

struct vsw_fdb *
vsw_fdb_table(const struct vsw_fdb_writer *w)
{
	return w->fdb;
}

void
vsw_fdb_set_aging(struct vsw_fdb_writer *w, uint32_t aging_s)
{
	__atomic_store_n(&w->fdb->aging_s, aging_s, __ATOMIC_RELAXED);
}

/* Deferred: give a removed entry's hash position back. */
static void
free_position(void *hash, void *pos)
{
	rte_hash_free_key_with_position(hash, (int32_t)(uintptr_t)pos);
}

/* Remove the entry at pos; count it in *why. */
static void
remove_entry(struct vsw_fdb_writer *w, uint32_t pos, uint64_t *why)
{
	struct vsw_fdb *f = w->fdb;
	struct vsw_fdb_entry *e = &f->entries[pos];
	struct vsw_fdb_key k;
	int32_t p;

	memcpy(k.mac, e->mac, sizeof(k.mac));
	k.vlan = e->vlan;
	__atomic_store_n(&e->in_use, 0, __ATOMIC_RELEASE);
	p = rte_hash_del_key_with_hash(f->hash, &k, vsw_fdb_hash(&k));
	/* Without memory for the deferred free the position is lost, not reused early. */
	if (p >= 0 &&
	    vsw_reclaim_defer(w->reclaim, free_position, f->hash, (void *)(uintptr_t)p) < 0)
		f->refused++;
	f->n_entries--;
	__atomic_store_n(&f->epoch, f->epoch + 1, __ATOMIC_RELAXED);
	(*why)++;
}

/* Age of entry e in whole seconds, capped at AGE_BUCKETS - 1. */
#define AGE_BUCKETS 1024
static uint32_t
age_of(const struct vsw_fdb *f, const struct vsw_fdb_entry *e)
{
	uint32_t age = f->now_s - __atomic_load_n(&e->seen_s, __ATOMIC_RELAXED);

	return age < AGE_BUCKETS ? age : AGE_BUCKETS - 1;
}

/*
 * Make room: remove the entries seen least recently, a 64th of the table at
 * a time (at least one), so that a flood of new MACs into a full table costs
 * two scans per batch rather than one per MAC. The first scan counts entries
 * by age, the second removes the oldest ones.
 */
static void
evict_oldest(struct vsw_fdb_writer *w)
{
	static uint32_t by_age[AGE_BUCKETS]; /* control thread only */
	struct vsw_fdb *f = w->fdb;
	uint32_t want = RTE_MAX(f->max_entries / 64, 1u), n = 0, i, oldest;

	memset(by_age, 0, sizeof(by_age));
	for (i = 0; i < f->capacity; i++)
		if (f->entries[i].in_use)
			by_age[age_of(f, &f->entries[i])]++;
	/* The youngest age still to go: together with older ones, at least want. */
	for (oldest = AGE_BUCKETS - 1; oldest > 0 && n + by_age[oldest] < want; oldest--)
		n += by_age[oldest];
	for (i = 0, n = 0; i < f->capacity && n < want; i++) {
		if (f->entries[i].in_use && age_of(f, &f->entries[i]) >= oldest) {
			remove_entry(w, i, &f->evicted);
			n++;
		}
	}
}

int
vsw_fdb_learn(struct vsw_fdb_writer *w, const uint8_t mac[6], uint16_t vlan, uint16_t port)
{
	struct vsw_fdb *f = w->fdb;
	struct vsw_fdb_entry *e;
	struct vsw_fdb_key k;
	uint32_t sig;
	void *data;
	int32_t pos;

	memcpy(k.mac, mac, sizeof(k.mac));
	k.vlan = vlan;
	sig = vsw_fdb_hash(&k);
	pos = rte_hash_lookup_with_hash_data(f->hash, &k, sig, &data);
	if (pos >= 0) {
		e = &f->entries[pos];
		if ((uintptr_t)data != port) {
			/* A move: the hash's data is what PMDs read; the entry is for display. */
			rte_hash_add_key_with_hash_data(f->hash, &k, sig, (void *)(uintptr_t)port);
			__atomic_store_n(&e->port, port, __ATOMIC_RELAXED);
			f->moved++;
		}
		__atomic_store_n(&e->seen_s, f->now_s, __ATOMIC_RELAXED);
		return 0;
	}
	if (f->n_entries >= f->max_entries)
		evict_oldest(w);
	/* The port goes in with the key, so no reader ever finds the key without it. */
	if (rte_hash_add_key_with_hash_data(f->hash, &k, sig, (void *)(uintptr_t)port) < 0) {
		f->refused++;
		return -ENOSPC;
	}
	pos = rte_hash_lookup_with_hash(f->hash, &k, sig);
	e = &f->entries[pos];
	memcpy(e->mac, mac, sizeof(e->mac));
	e->vlan = vlan;
	e->port = port;
	e->seen_s = f->now_s;
	__atomic_store_n(&e->in_use, 1, __ATOMIC_RELEASE);
	f->n_entries++;
	f->learned++;
	return 0;
}

unsigned int
vsw_fdb_tick(struct vsw_fdb_writer *w, uint32_t now_s)
{
	struct vsw_fdb *f = w->fdb;
	uint64_t before = f->aged;
	uint32_t i;

	__atomic_store_n(&f->now_s, now_s, __ATOMIC_RELAXED);
	if (now_s == w->aged_s)
		return 0;
	w->aged_s = now_s;
	for (i = 0; i < f->capacity; i++) {
		const struct vsw_fdb_entry *e = &f->entries[i];

		if (e->in_use &&
		    now_s - __atomic_load_n(&e->seen_s, __ATOMIC_RELAXED) >= f->aging_s)
			remove_entry(w, i, &f->aged);
	}
	return (unsigned int)(f->aged - before);
}

unsigned int
vsw_fdb_flush(struct vsw_fdb_writer *w, int port)
{
	struct vsw_fdb *f = w->fdb;
	uint64_t before = f->flushed;
	uint32_t i;

	for (i = 0; i < f->capacity; i++) {
		const struct vsw_fdb_entry *e = &f->entries[i];

		if (e->in_use && (port < 0 || e->port == port))
			remove_entry(w, i, &f->flushed);
	}
	return (unsigned int)(f->flushed - before);
}

void
vsw_fdb_destroy(struct vsw_fdb_writer *w)
{
	if (w == NULL)
		return;
	rte_hash_free(w->fdb->hash);
	rte_memzone_free(w->mz);
	free(w);
}
