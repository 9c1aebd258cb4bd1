/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_port.h: what a port is to the rest of vsw. The PMD loop (datapath/)
 * moves bursts through vsw_port_rx() and vsw_port_tx() and never asks what
 * kind of port it holds; each kind (ethdev here, vhost-user in vhost/)
 * supplies a struct vsw_port_ops and fills a struct vsw_port.
 *
 * Threads: a port is opened and closed by the control thread while no PMD
 * runs. rx queue q is polled by exactly one PMD. tx queues are per PMD; when
 * a device has fewer tx queues than there are PMDs, PMDs share them and
 * vsw_port_tx takes that queue's spinlock (only then).
 */

#ifndef VSW_PORT_H
#define VSW_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_spinlock.h>

#include "vsw_shm.h"

struct vsw_cfg_port;

#define VSW_PORT_MAX_TXQ VSW_MAX_PMDS /* one tx queue per PMD at most */

struct vsw_port;

/* Link state as vsw-ofctl show prints it. */
struct vsw_port_link {
	bool up;
	uint32_t speed_mbps; /* 0 when unknown */
	bool full_duplex;
};

/* Counters the port keeps itself (hardware or driver), beyond vsw's own. */
struct vsw_port_hw_stats {
	uint64_t rx_missed; /* rx ring full */
	uint64_t rx_nombuf; /* no mbuf to receive into */
};

struct vsw_port_ops {
	/* Receive up to n packets from rx queue q into pkts; returns how many.
	 * PMD thread; never blocks. */
	uint16_t (*rx_burst)(struct vsw_port *port, uint16_t q, struct rte_mbuf **pkts, uint16_t n);
	/* Hand up to n packets to tx queue q; returns how many it took (the
	 * rest still belong to the caller). PMD thread; never blocks. */
	uint16_t (*tx_burst)(struct vsw_port *port, uint16_t q, struct rte_mbuf **pkts, uint16_t n);
	/* Current link state; 0 or a negative errno. Any thread. */
	int (*link_get)(struct vsw_port *port, struct vsw_port_link *link);
	/* Port-kept counters; 0 or a negative errno. Any thread. */
	int (*hw_stats_get)(struct vsw_port *port, struct vsw_port_hw_stats *st);
	/* Stop and release the port; frees the struct. Control thread, PMDs stopped. */
	void (*close)(struct vsw_port *port);
};

struct vsw_port {
	const struct vsw_port_ops *ops;
	char name[VSW_NAME_LEN];
	const char *type;   /* "dpdk", ... (static string) */
	uint16_t index;	    /* position in the switch's port table and in vsw_shm.ports */
	uint16_t bridge;    /* index of its bridge */
	uint16_t ofport;    /* OpenFlow port number */
	uint16_t ethdev_id; /* DPDK port id; UINT16_MAX when the port is no ethdev */
	uint16_t n_rxq;	    /* rx queues, each polled by one PMD */
	uint16_t n_txq;	    /* tx queues; PMD i uses queue i % n_txq */
	bool txq_shared;    /* fewer tx queues than PMDs: lock them */
	rte_spinlock_t txq_lock[VSW_PORT_MAX_TXQ];
};

/* Receive a burst from rx queue q. PMD thread. */
static inline uint16_t
vsw_port_rx(struct vsw_port *port, uint16_t q, struct rte_mbuf **pkts, uint16_t n)
{
	return port->ops->rx_burst(port, q, pkts, n);
}

/* Send a burst on the tx queue of PMD number pmd; returns how many were taken. */
static inline uint16_t
vsw_port_tx(struct vsw_port *port, unsigned int pmd, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t q = (uint16_t)(pmd % port->n_txq);
	uint16_t sent;

	if (likely(!port->txq_shared))
		return port->ops->tx_burst(port, q, pkts, n);
	rte_spinlock_lock(&port->txq_lock[q]);
	sent = port->ops->tx_burst(port, q, pkts, n);
	rte_spinlock_unlock(&port->txq_lock[q]);
	return sent;
}

/* How an ethdev port is set up. */
struct vsw_port_ethdev_params {
	const struct vsw_cfg_port *cfg; /* name, devargs, rxq, mtu, ofport */
	uint16_t index;			/* port table index */
	uint16_t bridge;		/* bridge index */
	unsigned int n_pmds;		/* tx queues wanted: one per PMD */
	struct rte_mempool *pool;	/* rx buffers */
};

/*
 * Probe the device named by p->cfg->devargs (PCI address or vdev string),
 * configure its queues and MTU, and start it. Control thread, before the
 * PMDs run. Returns 0 and sets *out, or a negative errno and one line in err
 * naming the port; on error nothing stays probed.
 */
int vsw_port_ethdev_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
			 size_t err_len);

/*
 * A vxlan port (port_tunnel.c): no device, no queue; the datapath moves its
 * packets through its underlay bridge. p->cfg, index, bridge. 0, or
 * -ENOMEM with err.
 */
int vsw_port_tunnel_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
			 size_t err_len);

/* Largest frame (MTU plus Ethernet header, two VLAN tags, CRC) for an MTU. */
static inline uint32_t
vsw_port_frame_len(uint32_t mtu)
{
	return mtu + 14 + 2 * 4 + 4;
}

#endif /* VSW_PORT_H */
