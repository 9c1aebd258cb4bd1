/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * shm.c: creates vsw's shared state in the primary, finds it from secondaries,
 * and sums per-PMD counters on read. The layout itself is vsw_shm.h; this file
 * is the only one that knows the memzone's name.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_memzone.h>

#include "vsw_shm.h"

static const char *const drop_names[] = {
#define VSW_DROP_NAME(e, name, help) #name,
	VSW_DROP_REASONS(VSW_DROP_NAME)
#undef VSW_DROP_NAME
};

static const char *const drop_help[] = {
#define VSW_DROP_HELP(e, name, help) help,
	VSW_DROP_REASONS(VSW_DROP_HELP)
#undef VSW_DROP_HELP
};

const char *
vsw_shm_drop_name(unsigned int reason)
{
	return reason < VSW_DROP__COUNT ? drop_names[reason] : NULL;
}

const char *
vsw_shm_drop_help(unsigned int reason)
{
	return reason < VSW_DROP__COUNT ? drop_help[reason] : NULL;
}

/* The counters as words: struct vsw_pmd_stats holds uint64_t members only. */
#define PMD_STAT_WORDS (sizeof(struct vsw_pmd_stats) / sizeof(uint64_t))

void
vsw_shm_pmd_stats(const struct vsw_shm *shm, unsigned int i, struct vsw_pmd_stats *out)
{
	const uint64_t *c = (const uint64_t *)&shm->pmds[i].c;
	const uint64_t *at_clear = (const uint64_t *)&shm->pmds[i].at_clear;
	uint64_t *o = (uint64_t *)out;
	size_t k;

	RTE_BUILD_BUG_ON(sizeof(struct vsw_pmd_stats) % sizeof(uint64_t) != 0);
	for (k = 0; k < PMD_STAT_WORDS; k++)
		o[k] = __atomic_load_n(&c[k], __ATOMIC_RELAXED) -
		       __atomic_load_n(&at_clear[k], __ATOMIC_RELAXED);
}

void
vsw_shm_pmd_stats_clear(struct vsw_shm *shm)
{
	unsigned int i;
	size_t k;

	for (i = 0; i < shm->n_pmds; i++) {
		const uint64_t *c = (const uint64_t *)&shm->pmds[i].c;
		uint64_t *at_clear = (uint64_t *)&shm->pmds[i].at_clear;

		for (k = 0; k < PMD_STAT_WORDS; k++)
			__atomic_store_n(&at_clear[k], __atomic_load_n(&c[k], __ATOMIC_RELAXED),
					 __ATOMIC_RELAXED);
	}
}

const char *
vsw_shm_link_name(unsigned int state)
{
	return state == VSW_LINK_UP ? "up" : state == VSW_LINK_DOWN ? "down" : "unknown";
}

struct vsw_shm *
vsw_shm_create(void)
{
	const struct rte_memzone *mz;
	struct vsw_shm *shm;

	mz = rte_memzone_reserve(VSW_SHM_MZ_NAME, sizeof(*shm), SOCKET_ID_ANY, 0);
	if (mz == NULL)
		return NULL;
	shm = mz->addr;
	memset(shm, 0, sizeof(*shm));
	shm->magic = VSW_SHM_MAGIC;
	shm->version = VSW_SHM_VERSION;
	shm->size = sizeof(*shm);
	shm->pid = (uint32_t)getpid();
	__atomic_store_n(&shm->state, VSW_STATE_STARTING, __ATOMIC_RELEASE);
	return shm;
}

int
vsw_shm_attach(const struct vsw_shm **out, char *err, size_t err_len)
{
	const struct rte_memzone *mz;
	const struct vsw_shm *shm;

	mz = rte_memzone_lookup(VSW_SHM_MZ_NAME);
	if (mz == NULL) {
		snprintf(err, err_len, "no vsw state in this file-prefix (is vswitchd running?)");
		return -ENOENT;
	}
	shm = mz->addr;
	if (mz->len < sizeof(uint32_t) * 3 || shm->magic != VSW_SHM_MAGIC) {
		snprintf(err, err_len, "memzone %s is not vsw state", VSW_SHM_MZ_NAME);
		return -EPROTO;
	}
	if (shm->version != VSW_SHM_VERSION || shm->size != sizeof(*shm) ||
	    mz->len < sizeof(*shm)) {
		snprintf(err, err_len,
			 "vswitchd uses shared layout version %u (%u bytes), this tool "
			 "version %u (%zu bytes): use binaries from the same build",
			 shm->version, shm->size, VSW_SHM_VERSION, sizeof(*shm));
		return -EPROTO;
	}
	*out = shm;
	return 0;
}

int
vsw_shm_reader_enter(struct vsw_shm *shm, unsigned int *slot)
{
	uint32_t free_pid = 0, me = (uint32_t)getpid();
	unsigned int h;

	for (h = 0; h < VSW_MAX_HELPERS; h++) {
		free_pid = 0;
		if (__atomic_compare_exchange_n(&shm->helper_pid[h], &free_pid, me, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			rte_rcu_qsbr_thread_register(shm->qsbr, VSW_MAX_PMDS + h);
			rte_rcu_qsbr_thread_online(shm->qsbr, VSW_MAX_PMDS + h);
			*slot = h;
			return 0;
		}
	}
	return -EBUSY;
}

void
vsw_shm_reader_leave(struct vsw_shm *shm, unsigned int slot)
{
	rte_rcu_qsbr_thread_offline(shm->qsbr, VSW_MAX_PMDS + slot);
	rte_rcu_qsbr_thread_unregister(shm->qsbr, VSW_MAX_PMDS + slot);
	__atomic_store_n(&shm->helper_pid[slot], 0, __ATOMIC_RELEASE);
}

unsigned int
vsw_shm_reap_readers(struct vsw_shm *shm)
{
	unsigned int h, reaped = 0;

	for (h = 0; h < VSW_MAX_HELPERS; h++) {
		uint32_t pid = __atomic_load_n(&shm->helper_pid[h], __ATOMIC_ACQUIRE);

		if (pid == 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		/* Killed while reading: it will never report a quiescent state. */
		rte_rcu_qsbr_thread_offline(shm->qsbr, VSW_MAX_PMDS + h);
		rte_rcu_qsbr_thread_unregister(shm->qsbr, VSW_MAX_PMDS + h);
		__atomic_store_n(&shm->helper_pid[h], 0, __ATOMIC_RELEASE);
		reaped++;
	}
	return reaped;
}

void
vsw_shm_runtime_dir(const char *prefix, char *dir, size_t len)
{
	const char *base = getuid() == 0 ? "/var/run" : getenv("XDG_RUNTIME_DIR");

	/* As the EAL chooses it before it starts. */
	snprintf(dir, len, "%s/dpdk/%s", base != NULL ? base : "/tmp", prefix);
}

int
vsw_shm_primary_pid(const char *prefix, char *path, size_t len)
{
	struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	char dir[PATH_MAX - sizeof("/config")];
	int fd, rc;

	vsw_shm_runtime_dir(prefix, dir, sizeof(dir));
	snprintf(path, len, "%s/config", dir);
	/* Never in the primary itself: closing fd would drop its own lock. */
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	rc = fcntl(fd, F_GETLK, &lock);
	close(fd);
	return rc == 0 && lock.l_type != F_UNLCK ? (int)lock.l_pid : 0;
}

void
vsw_shm_free(struct vsw_shm *shm)
{
	const struct rte_memzone *mz = rte_memzone_lookup(VSW_SHM_MZ_NAME);

	if (mz != NULL && mz->addr == shm)
		rte_memzone_free(mz);
}

static uint64_t
load_counter(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

void
vsw_shm_port_totals(const struct vsw_shm *shm, unsigned int p, struct vsw_port_totals *t)
{
	unsigned int i, r;

	memset(t, 0, sizeof(*t));
	if (p >= shm->n_ports)
		return;
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		const struct vsw_shm_port_counters *c = &shm->pmds[i].port[p];

		unsigned int txq = shm->ports[p].n_txq ? i % shm->ports[p].n_txq : 0, q;
		uint64_t tx = load_counter(&c->tx_packets), txb = load_counter(&c->tx_bytes);

		t->rx_packets += load_counter(&c->rx_packets);
		t->rx_bytes += load_counter(&c->rx_bytes);
		t->tx_packets += tx;
		t->tx_bytes += txb;
		for (r = 0; r < VSW_DROP__COUNT; r++)
			t->drops[r] += load_counter(&c->drops[r]);
		for (q = 0; q < VSW_MAX_QUEUES; q++) {
			t->rxq_packets[q] += load_counter(&c->rxq_packets[q]);
			t->rxq_bytes[q] += load_counter(&c->rxq_bytes[q]);
		}
		if (txq < VSW_MAX_QUEUES) {
			t->txq_packets[txq] += tx;
			t->txq_bytes[txq] += txb;
			t->txq_dropped[txq] += load_counter(&c->drops[VSW_DROP_TX_RING_FULL]);
		}
	}
	for (r = 0; r < VSW_DROP__COUNT; r++)
		t->drops[r] += load_counter(&shm->ports[p].port_drops[r]);
}
