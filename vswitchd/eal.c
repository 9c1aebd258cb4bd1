/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * eal.c: turns the topology's dpdk section into EAL arguments, and answers
 * the question users hit first with DPDK: how much hugepage memory does this
 * need, how much is there, and which knob do I turn? A bare "Cannot allocate
 * memory" is never the whole message.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_mbuf.h>

#include "vswitchd.h"

#define MIB	      (1024u * 1024u)
#define POOL_CACHE    256
#define QUEUE_DESC    1024	       /* = port_ethdev.c's ring size, the worst case */
#define DPDK_OWN_MIB  24	       /* EAL, ethdev rings and the like, measured with 2 ports */
#define DPFLOW_MIN    1024	       /* datapath flows per PMD, at least ... */
#define DPFLOW_MAX    65536	       /* ... and at most */
#define BASE_VIRTADDR "0x500000000000" /* where hugepage memory is mapped */

/* "FILE:LINE:COL" for a key of the topology, or "FILE" when it was defaulted. */
static const char *
place(const struct vsw_cfg *cfg, struct vsw_cfg_mark at, char *buf, size_t len)
{
	if (at.line != 0)
		snprintf(buf, len, "%s:%u:%u", cfg->file, at.line, at.col);
	else
		snprintf(buf, len, "%s", cfg->file);
	return buf;
}

static int
push(struct vswd_eal_args *a, const char *fmt, const char *s)
{
	char buf[1024];

	if (a->argc >= (int)RTE_DIM(a->argv) - 1)
		return -E2BIG;
	snprintf(buf, sizeof(buf), fmt, s);
	a->argv[a->argc] = strdup(buf);
	if (a->argv[a->argc] == NULL)
		return -ENOMEM;
	a->argc++;
	a->argv[a->argc] = NULL;
	return 0;
}

/* Whether an argument is name, or starts with "name=". */
static bool
has_arg(const struct vswd_eal_args *a, const char *name)
{
	size_t n = strlen(name);
	int i;

	for (i = 0; i < a->argc; i++)
		if (strncmp(a->argv[i], name, n) == 0 &&
		    (a->argv[i][n] == '\0' || a->argv[i][n] == '='))
			return true;
	return false;
}

int
vswd_eal_args_build(struct vswd_eal_args *a, const struct vsw_cfg *cfg, uint32_t log_level,
		    char *const *user_args, int n_user_args, char *err, size_t err_len)
{
	char lcores[512], num[32];
	size_t used;
	unsigned int i;
	int rc = 0;

	memset(a, 0, sizeof(*a));
	used = (size_t)snprintf(lcores, sizeof(lcores), "%lld", (long long)cfg->dpdk.main_lcore);
	for (i = 0; i < cfg->pmd_cores.n && used < sizeof(lcores); i++)
		used += (size_t)snprintf(lcores + used, sizeof(lcores) - used, ",%lld",
					 (long long)cfg->pmd_cores.v[i]);
	rc |= push(a, "%s", "vswitchd");
	rc |= push(a, "--file-prefix=%s", cfg->dpdk.file_prefix);
	rc |= push(a, "%s", "--proc-type=primary");
	rc |= push(a, "-l%s", lcores);
	snprintf(num, sizeof(num), "%lld", (long long)cfg->dpdk.main_lcore);
	rc |= push(a, "--main-lcore=%s", num);
	/* A per-type level: a numeric one would also cap vswitchd's own log type. */
	snprintf(num, sizeof(num), "%u", log_level);
	rc |= push(a, "--log-level=.*:%s", num);
	for (i = 0; i < cfg->dpdk.extra.n; i++)
		rc |= push(a, "%s", cfg->dpdk.extra.v[i]);
	for (i = 0; i < (unsigned int)n_user_args; i++)
		rc |= push(a, "%s", user_args[i]);
	/*
	 * Secondaries must map the primary's memory at the same addresses. Left
	 * to itself, memory can land among randomly placed shared libraries
	 * (always so under ASan), where a secondary's own libraries may already
	 * sit. This address is clear of the libraries, the heap and ASan's
	 * allocator (0x600000000000).
	 */
	if (!has_arg(a, "--base-virtaddr"))
		rc |= push(a, "--base-virtaddr=%s", BASE_VIRTADDR);
	/* socket-mem is both what is reserved up front and the ceiling. */
	snprintf(num, sizeof(num), "%lld", (long long)cfg->dpdk.socket_mem);
	if (has_arg(a, "--no-huge")) {
		rc |= push(a, "-m%s", num);
	} else {
		rc |= push(a, "--socket-mem=%s", num);
		rc |= push(a, "--socket-limit=%s", num);
	}
	if (rc != 0) {
		snprintf(err, err_len, "too many EAL arguments (at most %zu)",
			 RTE_DIM(a->argv) - 1);
		vswd_eal_args_free(a);
		return -E2BIG;
	}
	return 0;
}

void
vswd_eal_args_free(struct vswd_eal_args *a)
{
	int i;

	for (i = 0; i < a->argc; i++)
		free(a->argv[i]);
	memset(a, 0, sizeof(*a));
}

/*
 * The MAC tables' hugepage memory: per table slot (twice mac-table-size) a
 * 16-byte entry and about 64 bytes of rte_hash (key, signature, bucket share).
 */
static uint64_t
fdb_bytes(const struct vsw_cfg *cfg)
{
	uint64_t bytes = 0;
	unsigned int b;

	for (b = 0; b < cfg->n_bridges; b++)
		bytes += 2 * (uint64_t)cfg->bridges[b].mac_table_size * (16 + 64);
	return bytes;
}

/*
 * Datapath flows per PMD: the largest power of two in [DPFLOW_MIN, DPFLOW_MAX]
 * whose caches fit half of what socket-mem leaves after everything else;
 * their MiB join ps->need_mib.
 */
static void
dpflow_size(const struct vsw_cfg *cfg, struct vswd_pool_size *ps)
{
	uint64_t n_pmds = cfg->pmd_cores.n ? cfg->pmd_cores.n : 1;
	uint64_t per_flow = sizeof(struct vsw_dpflow) + sizeof(uint32_t);
	uint64_t spare = cfg->dpdk.socket_mem > ps->need_mib
				 ? ((uint64_t)cfg->dpdk.socket_mem - ps->need_mib) * MIB / 2
				 : 0;
	uint32_t flows = DPFLOW_MAX;

	while (flows > DPFLOW_MIN && n_pmds * flows * per_flow > spare)
		flows >>= 1;
	ps->dpflow_flows = flows;
	ps->need_mib += (uint32_t)((n_pmds * flows * per_flow + MIB - 1) / MIB);
}

void
vswd_pool_size(const struct vsw_cfg *cfg, struct vswd_pool_size *ps)
{
	unsigned int n_pmds = cfg->pmd_cores.n, n_ports = 0, b, p;
	uint64_t n = 0, frame, bytes;

	ps->max_mtu = 1500;
	for (b = 0; b < cfg->n_bridges; b++) {
		for (p = 0; p < cfg->bridges[b].n_ports; p++) {
			const struct vsw_cfg_port *port = &cfg->bridges[b].ports[p];

			n += (uint64_t)port->rxq * QUEUE_DESC + (uint64_t)n_pmds * QUEUE_DESC;
			if ((uint32_t)port->mtu > ps->max_mtu)
				ps->max_mtu = (uint32_t)port->mtu;
			n_ports++;
		}
	}
	/* Rx bursts and tx buffers in flight, and every lcore's mempool cache. */
	n += (uint64_t)n_pmds * (n_ports + 1) * VSW_BURST;
	n += (uint64_t)(n_pmds + 1) * POOL_CACHE * 3 / 2;
	n += 1024;
	ps->n_mbufs = (uint32_t)n;

	frame = RTE_ALIGN_CEIL(vsw_port_frame_len(ps->max_mtu), 64);
	if (frame < RTE_MBUF_DEFAULT_DATAROOM)
		frame = RTE_MBUF_DEFAULT_DATAROOM;
	ps->data_room = (uint16_t)(frame + RTE_PKTMBUF_HEADROOM);
	/* mbuf header + data + mempool object header/trailer and ring slot. */
	ps->elt_size = (uint32_t)(sizeof(struct rte_mbuf) + ps->data_room + 64 + 8);
	bytes = (uint64_t)ps->n_mbufs * ps->elt_size;
	ps->pool_mib = (uint32_t)((bytes + MIB - 1) / MIB);
	ps->need_mib = ps->pool_mib + (uint32_t)((sizeof(struct vsw_shm) + MIB - 1) / MIB) +
		       (uint32_t)((n_pmds * sizeof(struct vsw_pmd) + MIB - 1) / MIB) +
		       (uint32_t)((fdb_bytes(cfg) + MIB - 1) / MIB) + DPDK_OWN_MIB;
	dpflow_size(cfg, ps);
}

/* Hugepages of the default size: pages in the pool, free pages, page size. */
struct hugepages {
	unsigned long total, free, size_kb;
	bool mounted;
};

static void
hugepages_read(struct hugepages *hp)
{
	char line[256];
	FILE *f;

	memset(hp, 0, sizeof(*hp));
	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			sscanf(line, "HugePages_Total: %lu", &hp->total);
			sscanf(line, "HugePages_Free: %lu", &hp->free);
			sscanf(line, "Hugepagesize: %lu kB", &hp->size_kb);
		}
		fclose(f);
	}
	f = fopen("/proc/mounts", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (strstr(line, " hugetlbfs ") != NULL)
				hp->mounted = true;
		fclose(f);
	}
}

/* "N of M pages of K kB free (F MiB)", what every hint shows. */
static void
hugepages_describe(const struct hugepages *hp, char *buf, size_t len)
{
	snprintf(buf, len, "%lu of %lu hugepages of %lu kB free (%lu MiB)", hp->free, hp->total,
		 hp->size_kb, hp->free * hp->size_kb / 1024);
}

int
vswd_memory_precheck(const struct vsw_cfg *cfg, const struct vswd_eal_args *a, char *err,
		     size_t err_len)
{
	struct vswd_pool_size ps;
	struct hugepages hp;
	char have[128], where[512];
	unsigned long want_pages;

	if (has_arg(a, "--no-huge"))
		return 0;
	vswd_pool_size(cfg, &ps);
	hugepages_read(&hp);
	hugepages_describe(&hp, have, sizeof(have));
	if (!hp.mounted) {
		snprintf(err, err_len,
			 "no hugetlbfs is mounted: mount -t hugetlbfs nodev "
			 "/dev/hugepages");
		return -ENOMEM;
	}
	if ((uint64_t)cfg->dpdk.socket_mem < ps.need_mib) {
		snprintf(err, err_len,
			 "%s: socket-mem is %lld MiB but this topology needs "
			 "about %u MiB (mbuf pool %u MiB: %u mbufs of %u bytes for MTU %u; vsw and "
			 "DPDK state %u MiB): raise dpdk.socket-mem",
			 place(cfg, cfg->dpdk.socket_mem_at, where, sizeof(where)),
			 (long long)cfg->dpdk.socket_mem, ps.need_mib, ps.pool_mib, ps.n_mbufs,
			 ps.elt_size, ps.max_mtu, ps.need_mib - ps.pool_mib);
		return -ENOMEM;
	}
	want_pages = hp.size_kb ? ((unsigned long)cfg->dpdk.socket_mem * 1024 + hp.size_kb - 1) /
					  hp.size_kb
				: 0;
	if (hp.size_kb == 0 || hp.free < want_pages) {
		snprintf(err, err_len,
			 "dpdk.socket-mem is %lld MiB but only %s: reserve more "
			 "(echo %lu > /proc/sys/vm/nr_hugepages), stop what holds them, or lower "
			 "socket-mem (this topology needs about %u MiB)",
			 (long long)cfg->dpdk.socket_mem, have, hp.total + want_pages - hp.free,
			 ps.need_mib);
		return -ENOMEM;
	}
	return 0;
}

void
vswd_memory_hint(const struct vsw_cfg *cfg, const char *what, char *err, size_t err_len)
{
	struct vswd_pool_size ps;
	struct hugepages hp;
	char have[128];

	vswd_pool_size(cfg, &ps);
	hugepages_read(&hp);
	hugepages_describe(&hp, have, sizeof(have));
	snprintf(err, err_len,
		 "cannot allocate %s: this topology needs about %u MiB of hugepages "
		 "(mbuf pool %u MiB: %u mbufs of %u bytes for MTU %u), dpdk.socket-mem allows %lld "
		 "MiB, %s: raise dpdk.socket-mem or /proc/sys/vm/nr_hugepages, or lower the MTU",
		 what, ps.need_mib, ps.pool_mib, ps.n_mbufs, ps.elt_size, ps.max_mtu,
		 (long long)cfg->dpdk.socket_mem, have);
}

int
vswd_prefix_check(const struct vsw_cfg *cfg, char *err, size_t err_len)
{
	char path[512], where[512];
	int pid = vsw_shm_primary_pid(cfg->dpdk.file_prefix, path, sizeof(path));

	if (pid == 0)
		return 0;
	snprintf(err, err_len,
		 "%s: file-prefix '%s' is in use by another DPDK primary (pid %d): stop it or "
		 "choose another dpdk.file-prefix",
		 place(cfg, cfg->dpdk.file_prefix_at, where, sizeof(where)), cfg->dpdk.file_prefix,
		 pid);
	return -EADDRINUSE;
}

/* Whether name is "<prefix>map_<digits>", a hugepage file of this prefix. */
static bool
is_hugepage_file(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0 || strncmp(name + n, "map_", 4) != 0)
		return false;
	name += n + 4;
	if (*name == '\0')
		return false;
	for (; *name != '\0'; name++)
		if (*name < '0' || *name > '9')
			return false;
	return true;
}

void
vswd_hugepages_release(const char *file_prefix)
{
	char line[512], dir[256], path[512];
	struct dirent *de;
	FILE *mounts;
	DIR *d;

	mounts = fopen("/proc/mounts", "r");
	if (mounts == NULL)
		return;
	while (fgets(line, sizeof(line), mounts) != NULL) {
		if (sscanf(line, "%*s %255s hugetlbfs", dir) != 1 ||
		    strstr(line, " hugetlbfs ") == NULL)
			continue;
		d = opendir(dir);
		if (d == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (!is_hugepage_file(de->d_name, file_prefix))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	fclose(mounts);
}
