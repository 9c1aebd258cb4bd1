/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * eal_locks.c: the locks in DPDK's shared configuration that a helper takes
 * while it starts, and their release when the helper died holding them.
 *
 * Every process of a file-prefix maps the runtime directory's "config" file:
 * DPDK's struct rte_mem_config, whose definition is not installed. Inside the
 * helper gate (helper_gate.c), a vsw helper takes four of its locks:
 *  - the memory-hotplug rwlock, read-held by rte_eal_init()'s memory setup
 *    for most of a secondary's start;
 *  - the memzone rwlock, write-held while rte_eal_init() attaches the
 *    memzone list, read-held by vsw_shm_attach()'s memzone lookup;
 *  - the tailq rwlock, read-held while rte_eal_init() finds the tailqs;
 *  - the malloc heaps' spinlocks, held by rte_service_init()'s two
 *    allocations and rte_service_finalize()'s two frees (the free zeroes
 *    150 KB under the lock).
 * A SIGKILL there leaves the lock held for good, and every later taker spins
 * forever: the primary's next heap growth or memzone, its telemetry's
 * /eal/heap_info, every later helper's start. A helper takes none of them
 * after it leaves the gate, so while the primary holds the gate, a hold that
 * lasts a whole second (the primary's own threads hold these locks for
 * microseconds) was left by a helper that died inside: the smallest number
 * of read holds seen in that second is how many to release, and a write
 * hold, or a writer's waiting flag, seen all second is released too.
 *
 * The layout below is DPDK 22.11's (the same in every 22.11.x: it is what
 * its primary and secondaries share), spelled with installed types; the
 * build refuses another DPDK, and the mapping is checked (magic, version,
 * each socket heap's name) before any lock in it is touched.
 */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_fbarray.h>
#include <rte_lcore.h>
#include <rte_memory.h>
#include <rte_rwlock.h>
#include <rte_spinlock.h>
#include <rte_tailq.h>
#include <rte_version.h>

#include "eal_locks.h"

_Static_assert((RTE_VERSION >> 16) == ((22 << 8) | 11),
	       "shm/eal_locks.c describes DPDK 22.11's shared config: check it for this DPDK");

#define HOLD_MS		1000 /* a live holder holds for microseconds */
#define HEAP_FREE_LISTS 13   /* RTE_HEAP_NUM_FREELISTS, not installed */
#define HEAP_NAME_LEN	32   /* RTE_HEAP_NAME_MAX_LEN, not installed */

/* The head of one malloc heap (struct malloc_heap). */
struct eal_heap {
	rte_spinlock_t lock;		   /* held by rte_malloc() and rte_free() */
	void *free_lists[HEAP_FREE_LISTS]; /* free elements by size class */
	void *first;			   /* first element */
	void *last;			   /* last element */
	unsigned int alloc_count;	   /* live allocations */
	unsigned int socket_id;		   /* NUMA socket */
	size_t total_size;		   /* bytes */
	char name[HEAP_NAME_LEN];	   /* "socket_<id>" */
} __rte_cache_aligned;

/* struct rte_mem_config up to its heaps. */
struct eal_config {
	uint32_t magic;		     /* RTE_MAGIC once the primary is up */
	uint32_t version;	     /* the primary's RTE_VERSION */
	uint32_t nchannel;	     /* memory channels */
	uint32_t nrank;		     /* memory ranks */
	rte_rwlock_t memzone_lock;   /* lookups read-hold it, a secondary's start writes */
	rte_rwlock_t tailq_lock;     /* tailq lookups read-hold it */
	rte_rwlock_t mempool_lock;   /* mempool list */
	rte_spinlock_t timer_lock;   /* timer library */
	rte_rwlock_t hotplug_lock;   /* read-held by a secondary's memory setup */
	uint8_t mp_status;	     /* multi-process state */
	struct rte_fbarray memzones; /* memzone descriptors */
	struct rte_memseg_list memsegs[RTE_MAX_MEMSEG_LISTS]; /* hugepage lists */
	struct rte_tailq_head tailqs[RTE_MAX_TAILQ];	      /* named object lists */
	struct eal_heap heaps[RTE_MAX_HEAPS];		      /* socket heaps first */
};

/* tests/test_soak.py reads the hotplug lock at this offset of the file. */
_Static_assert(offsetof(struct eal_config, hotplug_lock) == 32, "hotplug lock offset");

/* One lock to watch: a rwlock or a spinlock, and what was held all through the sampling. */
struct eal_lock {
	const char *name;     /* for the log */
	rte_rwlock_t *rw;     /* or NULL */
	rte_spinlock_t *spin; /* when rw is NULL */
	unsigned int readers; /* the fewest read holds seen (a spinlock: 1 when held) */
	bool writer;	      /* a rwlock's write hold, seen at every sample */
	bool waiter;	      /* a rwlock's writer-waiting flag, seen at every sample */
};

/*
 * The primary's mapping of its runtime directory's config file, or NULL; found
 * by inode, as /proc/self/maps names it by its resolved path (/run/dpdk/...).
 */
static struct eal_config *
config_mapping(char *err, size_t err_len)
{
	char path[PATH_MAX], line[PATH_MAX + 128];
	uintptr_t start = 0, end = 0;
	unsigned long long ino;
	unsigned int major, minor;
	struct stat st;
	FILE *maps;

	snprintf(path, sizeof(path), "%s/config", rte_eal_get_runtime_dir());
	if (stat(path, &st) < 0) {
		snprintf(err, err_len, "cannot stat %s: %s", path, strerror(errno));
		return NULL;
	}
	maps = fopen("/proc/self/maps", "re");
	if (maps == NULL) {
		snprintf(err, err_len, "cannot read /proc/self/maps: %s", strerror(errno));
		return NULL;
	}
	while (fgets(line, sizeof(line), maps) != NULL) {
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %*s %*x %x:%x %llu", &start, &end,
			   &major, &minor, &ino) == 5 &&
		    ino == st.st_ino && makedev(major, minor) == st.st_dev)
			break;
		start = end = 0;
	}
	fclose(maps);
	if (end - start < sizeof(struct eal_config)) {
		snprintf(err, err_len, "%s is not mapped whole", path);
		return NULL;
	}
	return (struct eal_config *)start;
}

/* The config, checked once: NULL (and err) when it is not DPDK 22.11's. */
static struct eal_config *
config_checked(char *err, size_t err_len)
{
	static struct eal_config *checked;
	struct eal_config *cfg;
	char name[HEAP_NAME_LEN];
	unsigned int i;

	if (checked != NULL)
		return checked;
	cfg = config_mapping(err, err_len);
	if (cfg == NULL)
		return NULL;
	if (cfg->magic != RTE_MAGIC || (cfg->version >> 16) != (RTE_VERSION >> 16)) {
		snprintf(err, err_len,
			 "DPDK's shared config has magic %u, version %#x: not 22.11's", cfg->magic,
			 cfg->version);
		return NULL;
	}
	for (i = 0; i < rte_socket_count(); i++) {
		snprintf(name, sizeof(name), "socket_%d", rte_socket_id_by_idx(i));
		if (strncmp(cfg->heaps[i].name, name, sizeof(name)) != 0 ||
		    cfg->heaps[i].socket_id != (unsigned int)rte_socket_id_by_idx(i)) {
			snprintf(err, err_len, "DPDK's heap %u is not where 22.11 keeps it", i);
			return NULL;
		}
	}
	checked = cfg;
	return cfg;
}

/* Fold one sample of l into what was held all along; true when something still is. */
static bool
sample_one(struct eal_lock *l)
{
	int32_t cnt;

	if (l->rw == NULL) {
		l->readers = rte_spinlock_is_locked(l->spin) ? l->readers : 0;
		return l->readers > 0;
	}
	cnt = __atomic_load_n(&l->rw->cnt, __ATOMIC_ACQUIRE);
	if (cnt < 0)
		cnt = 0; /* not a state DPDK makes: hands off */
	l->readers = RTE_MIN(l->readers, (unsigned int)cnt / RTE_RWLOCK_READ);
	l->writer = l->writer && (cnt & RTE_RWLOCK_WRITE);
	l->waiter = l->waiter && (cnt & RTE_RWLOCK_WAIT);
	return l->readers > 0 || l->writer || l->waiter;
}

/* Sample every lock for up to HOLD_MS; true when one held something all along. */
static bool
sample(struct eal_lock *locks, unsigned int n)
{
	struct timespec nap = {.tv_nsec = 1000000};
	unsigned int ms, i;
	bool held;

	for (i = 0; i < n; i++) {
		locks[i].readers = UINT_MAX;
		locks[i].writer = locks[i].waiter = locks[i].rw != NULL;
	}
	for (ms = 0; ms < HOLD_MS; ms++) {
		held = false;
		for (i = 0; i < n; i++)
			held |= sample_one(&locks[i]);
		if (!held)
			return false;
		nanosleep(&nap, NULL);
	}
	return true;
}

/*
 * Release what l's dead holders left (at most `died` read holds): read
 * holds, a write hold, and a dying writer's waiting flag (a live waiting
 * writer sets it again). Returns how many.
 */
static unsigned int
release(struct eal_lock *l, unsigned int died)
{
	unsigned int n = RTE_MIN(l->readers, died), k;

	for (k = 0; k < n; k++) {
		if (l->rw != NULL)
			rte_rwlock_read_unlock(l->rw);
		else
			rte_spinlock_unlock(l->spin);
	}
	if (l->writer) {
		rte_rwlock_write_unlock(l->rw);
		n++;
	}
	if (l->waiter) {
		__atomic_fetch_and(&l->rw->cnt, ~RTE_RWLOCK_WAIT, __ATOMIC_RELEASE);
		n++;
	}
	return n;
}

int
vsw_shm_eal_locks_release(unsigned int died, unsigned int *released, char *msg, size_t msg_len)
{
	struct eal_lock locks[3 + RTE_MAX_HEAPS];
	struct eal_config *cfg = config_checked(msg, msg_len);
	unsigned int n = 0, i, k;
	size_t used = 0;

	*released = 0;
	if (cfg == NULL)
		return -ENOTSUP;
	msg[0] = '\0';
	locks[n++] = (struct eal_lock){.name = "memory hotplug", .rw = &cfg->hotplug_lock};
	locks[n++] = (struct eal_lock){.name = "memzone", .rw = &cfg->memzone_lock};
	locks[n++] = (struct eal_lock){.name = "tailq", .rw = &cfg->tailq_lock};
	for (i = 0; i < rte_socket_count(); i++)
		locks[n++] = (struct eal_lock){.name = "heap", .spin = &cfg->heaps[i].lock};
	if (!sample(locks, n))
		return 0;
	for (i = 0; i < n; i++) {
		k = release(&locks[i], died);
		*released += k;
		if (k > 0 && used < msg_len)
			used += (size_t)snprintf(msg + used, msg_len - used, "%s%s x%u",
						 used > 0 ? ", " : "", locks[i].name, k);
	}
	return 0;
}
