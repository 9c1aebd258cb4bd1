/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_datapath.h: the packet path. A PMD thread polls its rx queues in
 * bursts, decides where each packet goes, buffers packets per output port
 * and flushes every buffer once per loop. Ports are struct vsw_port
 * (port/); counters go to the shared state (shm/).
 *
 * The forwarding decision is, for now, a temporary rule per bridge: a bridge
 * with exactly two ports cross-connects them; any other bridge drops what it
 * receives (counted as table_miss). Flow tables replace it.
 *
 * Threads: vsw_dp and its PMDs are built by the control thread before any
 * PMD is launched and are read-only to PMDs afterwards, except each PMD's
 * own struct vsw_pmd. vsw_dp_stop() is the only call made while PMDs run.
 */

#ifndef VSW_DATAPATH_H
#define VSW_DATAPATH_H

#include <stdint.h>

#include "vsw_config.h"
#include "vsw_port.h"
#include "vsw_shm.h"

#define VSW_BURST	32
#define VSW_DP_NO_PORT	UINT16_MAX
#define VSW_PMD_MAX_RXQ (VSW_MAX_PORTS * VSW_CFG_MAX_RXQ)

/* The switch as the PMDs see it. */
struct vsw_dp {
	struct vsw_port *ports[VSW_MAX_PORTS]; /* by port index; NULL past n_ports */
	unsigned int n_ports;
	uint16_t out_port[VSW_MAX_PORTS]; /* cross-connect peer by input port, or NO_PORT */
	struct vsw_shm *shm;		  /* counters */
	uint32_t stop;			  /* set by vsw_dp_stop(); PMDs poll it */
};

/* One rx queue a PMD polls. */
struct vsw_pmd_rxq {
	struct vsw_port *port;
	uint16_t queue;
};

/* Packets waiting for one output port. */
struct vsw_pmd_txbuf {
	uint16_t n;
	struct rte_mbuf *pkts[VSW_BURST];
};

/* One PMD thread: private to it once launched. */
struct vsw_pmd {
	struct vsw_dp *dp;
	unsigned int index; /* 0..n_pmds-1: tx queue choice, shm slot */
	unsigned int lcore;
	unsigned int n_rxq;
	struct vsw_shm_pmd *stats;     /* &dp->shm->pmds[index] */
	unsigned int n_dirty;	       /* entries of dirty[] in use */
	uint16_t dirty[VSW_MAX_PORTS]; /* output ports with buffered packets */
	struct vsw_pmd_txbuf tx[VSW_MAX_PORTS];
	struct vsw_pmd_rxq rxq[VSW_PMD_MAX_RXQ];
};

/* Set dp->out_port from the topology: two-port bridges cross-connect. */
void vsw_dp_xconnect(struct vsw_dp *dp, const struct vsw_cfg *cfg);

/* Whether bridge b of cfg forwards anything under the temporary rule. */
int vsw_dp_bridge_forwards(const struct vsw_cfg *cfg, unsigned int b);

/*
 * Create the PMD structs in hugepage memory and spread every rx queue of
 * every port over them, round-robin in port order. Returns 0 and fills
 * pmds[0..n_pmds-1], or -ENOMEM (nothing left allocated).
 */
int vsw_pmd_create_all(struct vsw_dp *dp, const unsigned int *lcores, unsigned int n_pmds,
		       struct vsw_pmd **pmds);

/* Free what vsw_pmd_create_all made; the PMDs must have returned. */
void vsw_pmd_free_all(struct vsw_pmd **pmds, unsigned int n_pmds);

/* lcore entry point: poll until vsw_dp_stop(), flush, return 0. arg: struct vsw_pmd *. */
int vsw_pmd_run(void *arg);

/* Ask every PMD to finish its loop. Any thread. */
void vsw_dp_stop(struct vsw_dp *dp);

#endif /* VSW_DATAPATH_H */
