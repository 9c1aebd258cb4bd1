/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * capture-reset BRIDGE PORT: end the capture of a port whose capturing
 * process died. DPDK's capture tools (dpdk-dumpcap, dpdk-pdump) ask the
 * switch, over DPDK's pdump protocol, to copy a port's packets to them, and
 * ask it to stop when they exit cleanly; one killed (SIGKILL) never asks,
 * its copies go on into a ring nobody reads, and the port cannot be
 * captured again. This command asks on its behalf, as those tools do.
 */

#include <stdio.h>

#include <rte_pdump.h>

#include "ofctl.h"

int
ofctl_capture_reset(struct ofctl *o, char **args, int n)
{
	char dev[VSW_DEV_NAME_LEN]; /* pdump takes a mutable name */
	unsigned int p;
	int b;

	b = ofctl_bridge_arg(o, args, n, 2, 2, "capture-reset takes BRIDGE PORT");
	if (b < 0)
		return -b;
	for (p = 0; p < o->shm->n_ports && p < VSW_MAX_PORTS; p++)
		if (o->shm->ports[p].bridge == (unsigned int)b &&
		    ofctl_is_port(&o->shm->ports[p], args[1]))
			break;
	if (p == o->shm->n_ports || p == VSW_MAX_PORTS || o->shm->ports[p].dev_name[0] == '\0') {
		fprintf(stderr, "vsw-ofctl: bridge %s has no port '%s'\n", args[0], args[1]);
		return OFCTL_REFUSED;
	}
	snprintf(dev, sizeof(dev), "%s", o->shm->ports[p].dev_name);
	/* Refused when nothing captures the port: then there is nothing to end. */
	if (rte_pdump_disable_by_deviceid(dev, RTE_PDUMP_ALL_QUEUES, RTE_PDUMP_FLAG_RXTX) < 0)
		printf("no capture on port %s\n", o->shm->ports[p].name);
	else
		printf("capture on port %s ended\n", o->shm->ports[p].name);
	return OFCTL_OK;
}
