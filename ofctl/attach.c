/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * attach.c: how vsw-ofctl reaches a running vswitchd. Before starting the
 * EAL it checks that a primary holds the prefix's lock, so "no vswitchd"
 * is one line within milliseconds instead of DPDK's messages; then it starts
 * the EAL as a secondary that says nothing, on an lcore id no PMD uses, and
 * checks the shared layout's version.
 *
 * It leaves without rte_eal_cleanup(). In a secondary that detaches DPDK's
 * memory under the memory-hotplug lock taken for writing, and a helper
 * killed during its own EAL start (which holds that lock for reading while
 * it maps the hugepages) leaves it read-held for good: every later cleanup
 * would spin forever. The kernel unmaps everything at exit anyway; the one
 * thing left to do by hand is to remove this process's IPC socket.
 */

#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "ofctl.h"

/* 0 when a live primary holds prefix, else OFCTL_NO_SWITCH after saying so. */
static int
check_primary(const char *prefix)
{
	char path[512];

	if (vsw_shm_primary_pid(prefix, path, sizeof(path)) > 0)
		return 0;
	fprintf(stderr, "vsw-ofctl: no vswitchd with file-prefix '%s' (no primary holds %s)\n",
		prefix, path);
	return OFCTL_NO_SWITCH;
}

int
ofctl_attach(struct ofctl *o)
{
	char prefix[128], err[256];
	char *argv[] = {"vsw-ofctl", prefix,	       "--proc-type=secondary", "--lcores=127@0",
			"--no-pci",  "--no-telemetry", "--log-level=1",		NULL};
	int rc;

	rc = check_primary(o->prefix);
	if (rc != 0)
		return rc;
	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", o->prefix);
	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0) {
		fprintf(stderr,
			"vsw-ofctl: cannot attach to vswitchd '%s': %s (run as the same "
			"user as vswitchd, with its hugepages mounted)\n",
			o->prefix, rte_strerror(rte_errno));
		return OFCTL_NO_SWITCH;
	}
	rc = vsw_shm_attach((const struct vsw_shm **)&o->shm, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "vsw-ofctl: %s\n", err);
		ofctl_detach(o);
		return OFCTL_NO_SWITCH;
	}
	if (__atomic_load_n(&o->shm->state, __ATOMIC_ACQUIRE) != VSW_STATE_RUNNING) {
		fprintf(stderr, "vsw-ofctl: vswitchd '%s' is starting or stopping\n", o->prefix);
		ofctl_detach(o);
		return OFCTL_NO_SWITCH;
	}
	return 0;
}

void
ofctl_detach(struct ofctl *o)
{
	char pattern[PATH_MAX];
	glob_t g;
	size_t i;

	(void)o;
	/* DPDK names a secondary's socket mp_socket_<pid>_<tsc>. */
	snprintf(pattern, sizeof(pattern), "%s/mp_socket_%d_*", rte_eal_get_runtime_dir(),
		 (int)getpid());
	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++)
		unlink(g.gl_pathv[i]);
	globfree(&g);
}

int
ofctl_bridge(const struct ofctl *o, const char *name)
{
	unsigned int b;

	for (b = 0; b < o->shm->n_bridges && b < VSW_MAX_BRIDGES; b++)
		if (strcmp(o->shm->bridges[b].name, name) == 0)
			return (int)b;
	fprintf(stderr, "vsw-ofctl: no bridge named '%s'\n", name);
	return -1;
}

void
ofctl_bridge_ports(const struct ofctl *o, unsigned int b, struct vsw_flow_port *p,
		   struct vsw_flow_ports *ports)
{
	unsigned int i, n = 0;

	for (i = 0; i < o->shm->n_ports && i < VSW_MAX_PORTS; i++) {
		if (o->shm->ports[i].bridge != b)
			continue;
		p[n].name = o->shm->ports[i].name;
		p[n].ofport = o->shm->ports[i].ofport;
		p[n].index = (uint16_t)i;
		n++;
	}
	ports->p = p;
	ports->n = n;
}
