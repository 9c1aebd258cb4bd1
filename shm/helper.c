/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * helper.c: how a helper process (vsw-ofctl, vsw-top) joins a running
 * vswitchd and leaves it, taking nothing from the switch's memory. Before
 * starting the EAL it checks that a primary holds the prefix's lock, so "no
 * vswitchd" is one line within milliseconds instead of DPDK's messages;
 * then it starts the EAL as a secondary that says nothing, on an lcore id no
 * PMD uses, inside the helper gate (helper_gate.c), and checks the shared
 * layout (shm.c) before it leaves the gate.
 *
 * What a DPDK 22.11 secondary's EAL start takes from the primary's heap,
 * and how each is given back:
 *  - rte_service_init()'s two tables (about 150 KB): a helper runs no
 *    service, so rte_service_finalize() frees them as soon as
 *    rte_eal_init() returns. A helper killed between the two leaks them:
 *    that window is about a millisecond of the ~40 ms start.
 *  - the vdev bus probes, in every secondary, each virtual device of the
 *    primary, and drivers allocate per-process data for it (net_pcap and
 *    net_tap do), which only their remove frees, and net_pcap's remove
 *    stops the primary's port. A helper reads ports from vsw's own shared
 *    state, never through ethdev, so it probes no device: it claims the
 *    vdev bus's IPC name before the EAL does, and the primary's device list
 *    reaches a handler that ignores it.
 * Nothing else is left to free, so a helper leaves without rte_eal_cleanup(),
 * whose memory detach would take the hotplug lock for writing (the gate's
 * comment says why that can spin); the kernel unmaps the rest at exit. The
 * one thing left to do by hand is to remove this process's IPC socket.
 */

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_service_component.h>

#include "vsw_shm.h"

/* drivers/bus/vdev's IPC action (VDEV_MP_KEY in DPDK 22.11, not exported). */
#define VDEV_BUS_MP_NAME "bus_vdev_mp"
#define GATE_TIMEOUT_S	 10

/* The primary's list of virtual devices, one message each: not for helpers. */
static int
ignore_vdev(const struct rte_mp_msg *msg, const void *peer)
{
	RTE_SET_USED(msg);
	RTE_SET_USED(peer);
	return 0;
}

/*
 * rte_eal_init() and vsw_shm_attach() inside the gate (both take DPDK's
 * shared locks: eal_locks.c), services freed at once. 0 or a negative errno
 * with one line in err.
 */
static int
start_eal(const char *prefix, const char *tool, const struct vsw_shm **shm, char *err,
	  size_t err_len)
{
	char arg_prefix[128];
	char *argv[] = {(char *)(uintptr_t)tool, arg_prefix, "--proc-type=secondary",
			"--lcores=127@0",	 "--no-pci", "--no-telemetry",
			"--log-level=1",	 NULL};
	int gate, rc;

	gate = vsw_shm_gate_enter(prefix, GATE_TIMEOUT_S, err, err_len);
	if (gate < 0)
		return gate;
	snprintf(arg_prefix, sizeof(arg_prefix), "--file-prefix=%s", prefix);
	if (rte_mp_action_register(VDEV_BUS_MP_NAME, ignore_vdev) < 0) {
		snprintf(err, err_len, "cannot claim IPC name %s: %s", VDEV_BUS_MP_NAME,
			 rte_strerror(rte_errno));
		vsw_shm_gate_leave(gate);
		return -rte_errno;
	}
	rc = rte_eal_init((int)RTE_DIM(argv) - 1, argv);
	rte_service_finalize();
	if (rc < 0) {
		snprintf(err, err_len,
			 "cannot attach to vswitchd '%s': %s (run as the same user as "
			 "vswitchd, with its hugepages mounted)",
			 prefix, rte_strerror(rte_errno));
		rc = -EACCES;
	} else {
		rc = vsw_shm_attach(shm, err, err_len);
	}
	vsw_shm_gate_leave(gate);
	return rc;
}

int
vsw_shm_helper_attach(const char *prefix, const char *tool, struct vsw_shm **shm, char *err,
		      size_t err_len)
{
	char path[PATH_MAX];
	int rc;

	if (vsw_shm_primary_pid(prefix, path, sizeof(path)) <= 0) {
		snprintf(err, err_len, "no vswitchd with file-prefix '%s' (no primary holds %s)",
			 prefix, path);
		return -ENOENT;
	}
	rc = start_eal(prefix, tool, (const struct vsw_shm **)shm, err, err_len);
	if (rc == 0 && __atomic_load_n(&(*shm)->state, __ATOMIC_ACQUIRE) != VSW_STATE_RUNNING) {
		snprintf(err, err_len, "vswitchd '%s' is starting or stopping", prefix);
		rc = -EAGAIN;
	}
	if (rc < 0)
		vsw_shm_helper_detach();
	return rc;
}

void
vsw_shm_helper_detach(void)
{
	char pattern[PATH_MAX];
	glob_t g;
	size_t i;

	/* DPDK names a secondary's socket mp_socket_<pid>_<tsc>. */
	snprintf(pattern, sizeof(pattern), "%s/mp_socket_%d_*", rte_eal_get_runtime_dir(),
		 (int)getpid());
	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++)
		unlink(g.gl_pathv[i]);
	globfree(&g);
}
