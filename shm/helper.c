/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * helper.c: how a helper process (vsw-ofctl, vsw-top) joins a running
 * vswitchd and leaves it. Before starting the EAL it checks that a primary
 * holds the prefix's lock, so "no vswitchd" is one line within milliseconds
 * instead of DPDK's messages; then it starts the EAL as a secondary that
 * says nothing, on an lcore id no PMD uses, and checks the shared layout
 * (shm.c).
 *
 * It leaves without rte_eal_cleanup(). In a secondary that detaches DPDK's
 * memory under the memory-hotplug lock taken for writing, and a helper
 * killed during its own EAL start (which holds that lock for reading while
 * it maps the hugepages) leaves it read-held for good: every later cleanup
 * would spin forever. The kernel unmaps everything at exit anyway; the one
 * thing left to do by hand is to remove this process's IPC socket.
 */

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "vsw_shm.h"

int
vsw_shm_helper_attach(const char *prefix, const char *tool, struct vsw_shm **shm, char *err,
		      size_t err_len)
{
	char arg_prefix[128], path[512];
	char *argv[] = {(char *)(uintptr_t)tool, arg_prefix, "--proc-type=secondary",
			"--lcores=127@0",	 "--no-pci", "--no-telemetry",
			"--log-level=1",	 NULL};
	int rc;

	if (vsw_shm_primary_pid(prefix, path, sizeof(path)) <= 0) {
		snprintf(err, err_len, "no vswitchd with file-prefix '%s' (no primary holds %s)",
			 prefix, path);
		return -ENOENT;
	}
	snprintf(arg_prefix, sizeof(arg_prefix), "--file-prefix=%s", prefix);
	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0) {
		snprintf(err, err_len,
			 "cannot attach to vswitchd '%s': %s (run as the same user as "
			 "vswitchd, with its hugepages mounted)",
			 prefix, rte_strerror(rte_errno));
		return -EACCES;
	}
	rc = vsw_shm_attach((const struct vsw_shm **)shm, err, err_len);
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
