/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * telemetry.c: vsw's own commands for DPDK's telemetry socket, so DPDK's
 * standard client (dpdk-telemetry.py) reads the switch next to DPDK's
 * own /ethdev/... commands:
 *   /vsw/ports              the port names
 *   /vsw/port,NAME          a port's counters and drops by reason
 *   /vsw/pmds               the PMDs' lcores
 *   /vsw/pmd,LCORE          a PMD's counters since pmd-stats-clear
 *   /vsw/flows/count        rules per bridge
 * Callbacks run in DPDK's telemetry thread and only read the shared state,
 * as any helper does (counters read once each, atomically). DPDK cannot
 * unregister a command, so a callback that comes after vswd_telemetry_stop
 * finds no state and answers null; `lock` makes that check and the reads
 * after it one step against the stop.
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "vswitchd.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static const struct vsw_shm *shm; /* under lock; NULL once stopped */

/* A telemetry dict key: letters, digits, '_' and '/' only. */
static void
key(const char *name, char *out, size_t len)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < len; i++)
		out[i] = (char)((name[i] >= 'a' && name[i] <= 'z') ||
						(name[i] >= 'A' && name[i] <= 'Z') ||
						(name[i] >= '0' && name[i] <= '9') || name[i] == '/'
					? name[i]
					: '_');
	out[i] = '\0';
}

static int
list_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int p;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	for (p = 0; p < shm->n_ports && p < VSW_MAX_PORTS; p++)
		rte_tel_data_add_array_string(d, shm->ports[p].name);
	return 0;
}

static int
show_port(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_port_totals t;
	unsigned int p, r;

	RTE_SET_USED(cmd);
	for (p = 0; params != NULL && p < shm->n_ports && p < VSW_MAX_PORTS; p++)
		if (strcmp(shm->ports[p].name, params) == 0)
			break;
	if (params == NULL || p == shm->n_ports || p == VSW_MAX_PORTS)
		return -EINVAL; /* the client prints null: no such port */
	vsw_shm_port_totals(shm, p, &t);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_int(d, "ofport", shm->ports[p].ofport);
	rte_tel_data_add_dict_string(d, "bridge", shm->bridges[shm->ports[p].bridge].name);
	rte_tel_data_add_dict_u64(d, "rx_packets", t.rx_packets);
	rte_tel_data_add_dict_u64(d, "rx_bytes", t.rx_bytes);
	rte_tel_data_add_dict_u64(d, "tx_packets", t.tx_packets);
	rte_tel_data_add_dict_u64(d, "tx_bytes", t.tx_bytes);
	for (r = 0; r < VSW_DROP__COUNT; r++)
		rte_tel_data_add_dict_u64(d, vsw_shm_drop_name(r), t.drops[r]);
	return 0;
}

static int
list_pmds(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int i;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++)
		rte_tel_data_add_array_int(d, (int)shm->pmds[i].lcore);
	return 0;
}

static int
show_pmd(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_pmd_stats st;
	unsigned int i;
	char *end;
	long lcore;

	RTE_SET_USED(cmd);
	if (params == NULL)
		return -EINVAL;
	lcore = strtol(params, &end, 10);
	for (i = 0; *end == '\0' && i < shm->n_pmds && i < VSW_MAX_PMDS; i++)
		if (shm->pmds[i].lcore == lcore)
			break;
	if (*end != '\0' || i == shm->n_pmds || i == VSW_MAX_PMDS)
		return -EINVAL;
	vsw_shm_pmd_stats(shm, i, &st);
	rte_tel_data_start_dict(d);
#define PMD_COUNTER_ADD(name, label, help) rte_tel_data_add_dict_u64(d, #name, st.name);
	VSW_PMD_COUNTERS(PMD_COUNTER_ADD)
#undef PMD_COUNTER_ADD
	return 0;
}

static int
count_flows(const char *cmd, const char *params, struct rte_tel_data *d)
{
	char name[VSW_NAME_LEN];
	unsigned int b;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_dict(d);
	for (b = 0; b < shm->n_bridges && b < VSW_MAX_BRIDGES; b++) {
		key(shm->bridges[b].name, name, sizeof(name));
		rte_tel_data_add_dict_u64(
			d, name, __atomic_load_n(&shm->bridges[b].cls->n_rules, __ATOMIC_RELAXED));
	}
	return 0;
}

/* Every drop reason's name and what it means; needs no switch state. */
static int
list_drop_reasons(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int r;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_dict(d);
	for (r = 0; r < VSW_DROP__COUNT; r++)
		rte_tel_data_add_dict_string(d, vsw_shm_drop_name(r), vsw_shm_drop_help(r));
	return 0;
}

/* Run the command named cmd under the lock, or answer null after the stop. */
static int
run_locked(int (*fn)(const char *, const char *, struct rte_tel_data *), const char *cmd,
	   const char *params, struct rte_tel_data *d)
{
	int rc = -EAGAIN;

	pthread_rwlock_rdlock(&lock);
	if (shm != NULL)
		rc = fn(cmd, params, d);
	pthread_rwlock_unlock(&lock);
	return rc;
}

#define LOCKED(fn)                                                                                 \
	static int fn##_cmd(const char *cmd, const char *params, struct rte_tel_data *d)           \
	{                                                                                          \
		return run_locked(fn, cmd, params, d);                                             \
	}
LOCKED(list_ports)
LOCKED(show_port)
LOCKED(list_pmds)
LOCKED(show_pmd)
LOCKED(count_flows)

int
vswd_telemetry_start(const struct vsw_shm *state, char *err, size_t err_len)
{
	static const struct {
		const char *cmd;
		telemetry_cb fn;
		const char *help;
	} cmds[] = {
		{"/vsw/ports", list_ports_cmd, "vsw's port names. No parameters"},
		{"/vsw/port", show_port_cmd,
		 "A vsw port's counters and drops. Parameter: port name"},
		{"/vsw/pmds", list_pmds_cmd, "The lcores of vsw's PMD threads. No parameters"},
		{"/vsw/pmd", show_pmd_cmd, "A vsw PMD's counters. Parameter: its lcore"},
		{"/vsw/flows/count", count_flows_cmd, "Rules per vsw bridge. No parameters"},
		{"/vsw/drop_reasons", list_drop_reasons,
		 "What each drop reason of /vsw/port means. No parameters"},
	};
	unsigned int i;

	pthread_rwlock_wrlock(&lock);
	shm = state;
	pthread_rwlock_unlock(&lock);
	for (i = 0; i < RTE_DIM(cmds); i++) {
		if (rte_telemetry_register_cmd(cmds[i].cmd, cmds[i].fn, cmds[i].help) < 0) {
			snprintf(err, err_len, "cannot register telemetry command %s", cmds[i].cmd);
			return -EINVAL;
		}
	}
	return 0;
}

void
vswd_telemetry_stop(void)
{
	pthread_rwlock_wrlock(&lock);
	shm = NULL;
	pthread_rwlock_unlock(&lock);
}
