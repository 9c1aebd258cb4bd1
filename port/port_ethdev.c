/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * port_ethdev.c: ports of type dpdk, i.e. any DPDK ethdev: a PCI NIC or a
 * vdev (net_pcap, net_tap, net_memif, net_af_packet, net_null, net_ring ...).
 * It probes the device from the port's devargs, sizes queues to the PMDs,
 * and implements struct vsw_port_ops on rte_eth_rx_burst/rte_eth_tx_burst.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_pci.h>

#include "vsw_config.h"
#include "vsw_port.h"

#define ETHDEV_RX_DESC 1024
#define ETHDEV_TX_DESC 1024

struct ethdev_port {
	struct vsw_port port; /* first: a struct vsw_port * is a struct ethdev_port * */
	bool probed;	      /* probed by us: removed again at close */
};

static uint16_t
ethdev_rx_burst(struct vsw_port *port, uint16_t q, struct rte_mbuf **pkts, uint16_t n)
{
	return rte_eth_rx_burst(port->ethdev_id, q, pkts, n);
}

static uint16_t
ethdev_tx_burst(struct vsw_port *port, uint16_t q, struct rte_mbuf **pkts, uint16_t n)
{
	return rte_eth_tx_burst(port->ethdev_id, q, pkts, n);
}

static int
ethdev_link_get(struct vsw_port *port, struct vsw_port_link *link)
{
	struct rte_eth_link l;
	int rc = rte_eth_link_get_nowait(port->ethdev_id, &l);

	if (rc < 0)
		return rc;
	link->up = l.link_status == RTE_ETH_LINK_UP;
	link->speed_mbps = l.link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : l.link_speed;
	link->full_duplex = l.link_duplex == RTE_ETH_LINK_FULL_DUPLEX;
	return 0;
}

static int
ethdev_hw_stats_get(struct vsw_port *port, struct vsw_port_hw_stats *st)
{
	struct rte_eth_stats s;
	int rc = rte_eth_stats_get(port->ethdev_id, &s);

	if (rc < 0)
		return rc;
	st->rx_missed = s.imissed;
	st->rx_nombuf = s.rx_nombuf;
	return 0;
}

/* Stop the device and undo the probe; the struct is freed. */
static void
ethdev_close(struct vsw_port *port)
{
	struct ethdev_port *ep = (struct ethdev_port *)port;
	struct rte_eth_dev_info info;

	rte_eth_dev_stop(port->ethdev_id);
	if (ep->probed && rte_eth_dev_info_get(port->ethdev_id, &info) == 0 && info.device != NULL)
		rte_dev_remove(info.device);
	else
		rte_eth_dev_close(port->ethdev_id);
	free(ep);
}

static const struct vsw_port_ops ethdev_ops = {
	.rx_burst = ethdev_rx_burst,
	.tx_burst = ethdev_tx_burst,
	.link_get = ethdev_link_get,
	.hw_stats_get = ethdev_hw_stats_get,
	.close = ethdev_close,
};

/*
 * The device devargs names, as the bus spells it ("net_pcap0", or a PCI
 * address in full "0000:01:00.0" form), and that bus.
 */
static void
device_name(const char *devargs, char *name, size_t len, const char **bus)
{
	struct rte_pci_addr addr;

	snprintf(name, len, "%.*s", (int)strcspn(devargs, ","), devargs);
	*bus = "vdev";
	if (rte_pci_addr_parse(name, &addr) == 0) {
		rte_pci_device_name(&addr, name, len);
		*bus = "pci";
	}
}

/* The first ethdev of device name, or -ENODEV. */
static int
find_ethdev(const char *name, uint16_t *id)
{
	uint16_t pid;

	RTE_ETH_FOREACH_DEV(pid)
	{
		struct rte_eth_dev_info info;

		if (rte_eth_dev_info_get(pid, &info) == 0 && info.device != NULL &&
		    strcmp(rte_dev_name(info.device), name) == 0) {
			*id = pid;
			return 0;
		}
	}
	return -ENODEV;
}

/* Queues, MTU and start; the device is probed and found. */
static int
setup_ethdev(const struct vsw_port_ethdev_params *p, struct vsw_port *port, char *err,
	     size_t err_len)
{
	const struct vsw_cfg_port *cfg = p->cfg;
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t nb_rxd = ETHDEV_RX_DESC, nb_txd = ETHDEV_TX_DESC, q;
	int rc;

	rc = rte_eth_dev_info_get(port->ethdev_id, &info);
	if (rc < 0) {
		snprintf(err, err_len, "port %s: cannot read device info: %s", cfg->name,
			 strerror(-rc));
		return rc;
	}
	if (cfg->rxq > info.max_rx_queues) {
		snprintf(err, err_len,
			 "port %s: rxq is %lld but device %s has at most %u rx queues", cfg->name,
			 (long long)cfg->rxq, rte_dev_name(info.device), info.max_rx_queues);
		return -EINVAL;
	}
	if (cfg->mtu > info.max_mtu) {
		snprintf(err, err_len, "port %s: mtu %lld is more than device %s takes (%u)",
			 cfg->name, (long long)cfg->mtu, rte_dev_name(info.device), info.max_mtu);
		return -EINVAL;
	}
	port->n_rxq = (uint16_t)cfg->rxq;
	port->n_txq = (uint16_t)RTE_MIN(p->n_pmds, info.max_tx_queues);
	if (port->n_txq == 0) {
		snprintf(err, err_len, "port %s: device has no tx queue", cfg->name);
		return -EINVAL;
	}
	port->txq_shared = port->n_txq < p->n_pmds;
	for (q = 0; q < VSW_PORT_MAX_TXQ; q++)
		rte_spinlock_init(&port->txq_lock[q]);

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mtu = (uint32_t)cfg->mtu;
	/* Link changes as events where the driver has them (vswitchd tells helpers). */
	if (info.dev_flags != NULL && (*info.dev_flags & RTE_ETH_DEV_INTR_LSC))
		conf.intr_conf.lsc = 1;
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	if (port->n_rxq > 1 && (info.flow_type_rss_offloads & RTE_ETH_RSS_IP)) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf =
			info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP);
	}
	rc = rte_eth_dev_configure(port->ethdev_id, port->n_rxq, port->n_txq, &conf);
	if (rc == 0)
		rc = rte_eth_dev_adjust_nb_rx_tx_desc(port->ethdev_id, &nb_rxd, &nb_txd);
	for (q = 0; rc == 0 && q < port->n_rxq; q++)
		rc = rte_eth_rx_queue_setup(port->ethdev_id, q, nb_rxd,
					    (unsigned int)rte_eth_dev_socket_id(port->ethdev_id),
					    NULL, p->pool);
	for (q = 0; rc == 0 && q < port->n_txq; q++)
		rc = rte_eth_tx_queue_setup(port->ethdev_id, q, nb_txd,
					    (unsigned int)rte_eth_dev_socket_id(port->ethdev_id),
					    NULL);
	if (rc == 0)
		rc = rte_eth_dev_start(port->ethdev_id);
	if (rc < 0) {
		snprintf(err, err_len,
			 "port %s: cannot configure device %s (%u rxq, %u txq, mtu "
			 "%lld): %s",
			 cfg->name, rte_dev_name(info.device), port->n_rxq, port->n_txq,
			 (long long)cfg->mtu, strerror(-rc));
		return rc;
	}
	/* A switch port must see every frame; drivers without the knob already do. */
	rc = rte_eth_promiscuous_enable(port->ethdev_id);
	if (rc < 0 && rc != -ENOTSUP) {
		snprintf(err, err_len, "port %s: cannot enable promiscuous mode: %s", cfg->name,
			 strerror(-rc));
		rte_eth_dev_stop(port->ethdev_id);
		return rc;
	}
	return 0;
}

int
vsw_port_ethdev_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
		     size_t err_len)
{
	const struct vsw_cfg_port *cfg = p->cfg;
	char name[RTE_DEV_NAME_MAX_LEN];
	struct ethdev_port *ep;
	const char *bus;
	int rc;

	ep = calloc(1, sizeof(*ep));
	if (ep == NULL) {
		snprintf(err, err_len, "port %s: out of memory", cfg->name);
		return -ENOMEM;
	}
	rc = rte_dev_probe(cfg->devargs);
	if (rc == -EFAULT || rc == -ENOENT) {
		/* The EAL could not tell which bus or driver the string names. */
		snprintf(err, err_len,
			 "port %s: no driver or bus knows device '%.*s' (a vdev "
			 "starts with its driver's name, such as net_pcap0 or net_tap0; a PCI "
			 "device "
			 "is DDDD:BB:DD.F)",
			 cfg->name, (int)strcspn(cfg->devargs, ","), cfg->devargs);
		free(ep);
		return -ENODEV;
	}
	if (rc < 0 && rc != -EEXIST) {
		snprintf(err, err_len,
			 "port %s: cannot probe device '%s': %s (is the driver "
			 "available, and the PCI device bound to vfio-pci?)",
			 cfg->name, cfg->devargs, strerror(-rc));
		free(ep);
		return rc;
	}
	ep->probed = rc == 0;
	device_name(cfg->devargs, name, sizeof(name), &bus);
	rc = find_ethdev(name, &ep->port.ethdev_id);
	if (rc < 0) {
		snprintf(err, err_len, "port %s: device '%s' has no ethernet port", cfg->name,
			 cfg->devargs);
		ep->port.ethdev_id = UINT16_MAX;
		goto fail;
	}
	ep->port.ops = &ethdev_ops;
	snprintf(ep->port.name, sizeof(ep->port.name), "%s", cfg->name);
	ep->port.type = "dpdk";
	ep->port.index = p->index;
	ep->port.bridge = p->bridge;
	ep->port.ofport = (uint16_t)cfg->ofport;
	rc = setup_ethdev(p, &ep->port, err, err_len);
	if (rc < 0)
		goto fail;
	*out = &ep->port;
	return 0;
fail:
	if (ep->probed)
		rte_eal_hotplug_remove(bus, name);
	free(ep);
	return rc;
}
