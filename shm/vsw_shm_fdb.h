/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_shm_fdb.h: the layout of each bridge's MAC learning table (FDB) in
 * hugepage memory, and of the learn requests PMDs send its writer. Part of
 * the shared contract (included by vsw_shm.h, versioned by VSW_SHM_VERSION).
 * The datapath (datapath/fdb.c, fdb_write.c) reads and writes it; helpers
 * (vsw-ofctl fdb-show) read it.
 *
 * One bridge's FDB is one memzone (VSW_SHM_FDB_MZ_FMT): a struct vsw_fdb
 * followed by `capacity` entries, plus an rte_hash (RW_CONCURRENCY_LF) from
 * (MAC, VLAN) to an entry: the hash's key position is the entry's index, and
 * its data is the learned port, so one lookup answers "where is this MAC".
 *
 * Concurrency (one writer, lock-free readers):
 *  - the writer is the primary's control thread. PMDs never add or move a
 *    MAC themselves: they enqueue a struct vsw_fdb_learn on the ring
 *    VSW_SHM_FDB_RING (multi-producer, single consumer) and go on;
 *  - an entry's mac and vlan are written only while in_use is 0 (the key is
 *    not in the hash); in_use is set last and cleared first, with release
 *    stores; port changes (a MAC move) with one atomic store, both in the
 *    entry and as the hash's data;
 *  - seen_s is the one field PMDs write: any PMD that sees the MAC as a
 *    source stores the current second (relaxed; every writer stores "now",
 *    so a lost update loses nothing);
 *  - a removed entry's hash position, and so the entry, is reused only after
 *    every PMD has reported an RCU quiescent state.
 */

#ifndef VSW_SHM_FDB_H
#define VSW_SHM_FDB_H

#include <stdint.h>

#include <rte_common.h>

/* Memzone of bridge B's FDB (struct vsw_fdb), printf format. */
#define VSW_SHM_FDB_MZ_FMT "vsw.b%u.fdb"
/* Its rte_hash, printf format. */
#define VSW_SHM_FDB_HASH_FMT "vsw.b%u.fdbh"
/* The ring of learn requests, PMDs -> control thread, every bridge. */
#define VSW_SHM_FDB_RING      "vsw.fdb.learn"
#define VSW_SHM_FDB_RING_SIZE 4096 /* requests; a power of two */

/* An FDB hash key: 8 bytes, hashed with vsw_fdb_hash(). */
struct vsw_fdb_key {
	uint8_t mac[6];
	uint16_t vlan; /* VLAN ID, 0..4095, host order */
};
_Static_assert(sizeof(struct vsw_fdb_key) == 8, "an FDB key is one 8-byte word");

/* One learned MAC. 16 bytes. */
struct vsw_fdb_entry {
	uint8_t mac[6];	 /* writer, while in_use is 0 */
	uint16_t vlan;	 /* writer, while in_use is 0 */
	uint16_t port;	 /* index into vsw_shm.ports; writer, atomic store */
	uint16_t in_use; /* 1 while the key is in the hash; writer, release store */
	uint32_t seen_s; /* CLOCK_MONOTONIC second it was last seen as a source:
			  * PMDs and writer, relaxed stores */
};
_Static_assert(sizeof(struct vsw_fdb_entry) == 16, "FDB entry layout");

/* A learn request: "mac in vlan came in on port", PMD -> writer. 16 bytes. */
struct vsw_fdb_learn {
	uint8_t mac[6];
	uint16_t vlan;	   /* VLAN ID, host order */
	uint16_t bridge;   /* index into vsw_shm.bridges */
	uint16_t port;	   /* index into vsw_shm.ports */
	uint32_t reserved; /* zero */
};
_Static_assert(sizeof(struct vsw_fdb_learn) == 16, "learn request layout (ring element size)");

/* One bridge's FDB: the head of memzone VSW_SHM_FDB_MZ_FMT. */
struct vsw_fdb {
	uint32_t version;     /* VSW_SHM_VERSION */
	uint32_t capacity;    /* entries[] and hash positions */
	uint32_t max_entries; /* mac-table-size: learning past it evicts the oldest */
	uint32_t aging_s;     /* mac-aging: an entry unseen this long is removed */
	uint32_t n_entries;   /* entries in use; writer */
	uint32_t now_s;	      /* CLOCK_MONOTONIC seconds, refreshed by the writer
			       * every poll: what PMDs store into seen_s */
	uint32_t epoch;	      /* bumped by the writer whenever it removes entries:
			       * PMDs then send learn requests they held back */
	uint32_t reserved;    /* zero */
	/* Writer's event counters, since start. */
	uint64_t learned;		/* new MACs */
	uint64_t moved;			/* MACs seen on another port than the one learned */
	uint64_t aged;			/* removed by aging */
	uint64_t evicted;		/* removed to make room (mac-table-size) */
	uint64_t flushed;		/* removed by fdb-flush or a port change */
	uint64_t refused;		/* requests dropped: no hash position free, bad request */
	struct rte_hash *hash;		/* (MAC, VLAN) -> position; data = port */
	char hash_name[32];		/* the hash's name, for rte_hash_find_existing */
	struct vsw_fdb_entry entries[]; /* capacity of them, by hash position */
} __rte_cache_aligned;

#endif /* VSW_SHM_FDB_H */
