/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * config_tunnel.c: the keys of vxlan ports, and their underlay. A vxlan
 * port's local-ip must be an address of an internal port of another bridge
 * (the underlay bridge, as OVS-DPDK's br-phy): encapsulated packets enter
 * that bridge as if the internal port had sent them, and VXLAN packets that
 * reach that bridge for local-ip are decapsulated into the vxlan port's
 * bridge. An underlay bridge holds no vxlan port itself, so a packet is
 * encapsulated at most once on its way out.
 */

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config_private.h"

/* Keys only vxlan ports take, with their marks. */
static const struct {
	const char *key;
	size_t mark_off;
} vxlan_keys[] = {
	{"remote-ip", offsetof(struct vsw_cfg_port, remote_ip_at)},
	{"local-ip", offsetof(struct vsw_cfg_port, local_ip_at)},
	{"key", offsetof(struct vsw_cfg_port, key_at)},
	{"dst-port", offsetof(struct vsw_cfg_port, dst_port_at)},
	{"src-port-min", offsetof(struct vsw_cfg_port, src_port_min_at)},
	{"src-port-max", offsetof(struct vsw_cfg_port, src_port_max_at)},
};

/* The mark of p at off. */
static struct vsw_cfg_mark
mark_at(const struct vsw_cfg_port *p, size_t off)
{
	return *(const struct vsw_cfg_mark *)((const char *)p + off);
}

/* An IPv4 address (dotted quad) into *be (network order): 0 or -1. */
static int
parse_ipv4(const char *s, uint32_t *be)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*be = a.s_addr;
	return 0;
}

/* remote-ip and key: an address or VNI, or "flow". */
static int
check_remote_and_key(struct cfg_ctx *ctx, struct vsw_cfg_port *p)
{
	char *end;
	long v;

	if (p->remote_ip_at.line == 0)
		return cfg_error(ctx, p->at, "vxlan port '%s' has no remote-ip (an IPv4 address, "
				 "or flow)", p->name);
	if (strcmp(p->remote_ip, "flow") == 0)
		p->tun_remote = 0;
	else if (parse_ipv4(p->remote_ip, &p->tun_remote) < 0 || p->tun_remote == 0)
		return cfg_error(ctx, p->remote_ip_at,
				 "remote-ip '%s' of port '%s': write an IPv4 address, or flow",
				 p->remote_ip, p->name);
	if (strcmp(p->key, "flow") == 0) {
		p->tun_vni = VSW_CFG_VNI_FLOW;
		return 0;
	}
	v = strtol(p->key, &end, 0);
	if (p->key[0] < '0' || p->key[0] > '9' || *end != '\0' || v < 0 || v > VSW_CFG_VNI_MAX)
		return cfg_error(ctx, p->key_at,
				 "key '%s' of port '%s': write a VNI 0..%u, or flow", p->key,
				 p->name, VSW_CFG_VNI_MAX);
	p->tun_vni = v;
	return 0;
}

int
cfg_check_tunnel_keys(struct cfg_ctx *ctx, struct vsw_cfg_port *p)
{
	unsigned int i;
	int rc;

	if (p->type != VSW_CFG_PORT_VXLAN) {
		for (i = 0; i < sizeof(vxlan_keys) / sizeof(vxlan_keys[0]); i++)
			if (mark_at(p, vxlan_keys[i].mark_off).line != 0)
				return cfg_error(ctx, mark_at(p, vxlan_keys[i].mark_off),
						 "'%s' is for vxlan ports, not %s port '%s'",
						 vxlan_keys[i].key, vsw_cfg_port_type_name(p->type),
						 p->name);
		return 0;
	}
	if (p->devargs_at.line != 0 || p->path_at.line != 0 || p->rxq_at.line != 0 ||
	    p->mtu_at.line != 0)
		return cfg_error(ctx,
				 p->devargs_at.line ? p->devargs_at
				 : p->path_at.line  ? p->path_at
				 : p->rxq_at.line   ? p->rxq_at
						    : p->mtu_at,
				 "vxlan port '%s' takes no devargs, path, rxq or mtu (its packets "
				 "travel through its underlay bridge)",
				 p->name);
	rc = check_remote_and_key(ctx, p);
	if (rc < 0)
		return rc;
	if (p->local_ip_at.line == 0 || parse_ipv4(p->local_ip, &p->tun_local) < 0)
		return cfg_error(ctx, p->local_ip_at.line ? p->local_ip_at : p->at,
				 "vxlan port '%s' needs local-ip: the IPv4 address of an internal "
				 "port of its underlay bridge",
				 p->name);
	if (p->src_port_min > p->src_port_max)
		return cfg_error(ctx, p->src_port_min_at.line ? p->src_port_min_at
							      : p->src_port_max_at,
				 "port '%s': src-port-min %lld is above src-port-max %lld", p->name,
				 (long long)p->src_port_min, (long long)p->src_port_max);
	return 0;
}

/* Whether internal port q has address be (network order) among its addresses. */
static bool
has_address(const struct vsw_cfg_port *q, uint32_t be)
{
	unsigned char addr[16];
	unsigned int i, plen;
	uint32_t a;
	int family;

	for (i = 0; i < q->addresses.n; i++) {
		if (vsw_cfg_parse_cidr(q->addresses.v[i], &family, addr, &plen) < 0 ||
		    family != AF_INET)
			continue;
		memcpy(&a, addr, 4);
		if (a == be)
			return true;
	}
	return false;
}

/* Find vxlan port p's underlay (bridge b): the internal port with its local-ip. */
static int
find_underlay(struct cfg_ctx *ctx, struct vsw_cfg *cfg, unsigned int b, struct vsw_cfg_port *p)
{
	unsigned int ub, up;

	for (ub = 0; ub < cfg->n_bridges; ub++)
		for (up = 0; up < cfg->bridges[ub].n_ports; up++) {
			const struct vsw_cfg_port *q = &cfg->bridges[ub].ports[up];

			if (q->type != VSW_CFG_PORT_INTERNAL || !has_address(q, p->tun_local))
				continue;
			if (ub == b)
				return cfg_error(ctx, p->local_ip_at,
						 "local-ip %s of port '%s' is on internal port '%s' "
						 "of its own bridge: the underlay must be another "
						 "bridge",
						 p->local_ip, p->name, q->name);
			p->underlay_bridge = ub;
			p->underlay_port = up;
			return 0;
		}
	return cfg_error(ctx, p->local_ip_at,
			 "local-ip %s of port '%s' is no address of an internal port (give one "
			 "'addresses: [%s/PREFIX]' on a bridge with the physical port)",
			 p->local_ip, p->name, p->local_ip);
}

/* Whether a and b would take the same received packets (a VNI and a source each). */
static bool
same_endpoint(const struct vsw_cfg_port *a, const struct vsw_cfg_port *b)
{
	return a->tun_local == b->tun_local && a->dst_port == b->dst_port &&
	       a->tun_remote == b->tun_remote && a->tun_vni == b->tun_vni;
}

int
cfg_check_tunnels(struct cfg_ctx *ctx, struct vsw_cfg *cfg)
{
	const struct vsw_cfg_port *seen[VSW_CFG_MAX_PORTS];
	unsigned int b, p, i, n = 0;
	int rc;

	for (b = 0; b < cfg->n_bridges; b++)
		for (p = 0; p < cfg->bridges[b].n_ports; p++) {
			struct vsw_cfg_port *port = &cfg->bridges[b].ports[p];

			if (port->type != VSW_CFG_PORT_VXLAN)
				continue;
			rc = find_underlay(ctx, cfg, b, port);
			if (rc < 0)
				return rc;
			for (i = 0; i < n; i++)
				if (same_endpoint(seen[i], port))
					return cfg_error(ctx, port->at,
							 "vxlan port '%s' takes the same packets as "
							 "port '%s' (local-ip, dst-port, remote-ip "
							 "and key)",
							 port->name, seen[i]->name);
			seen[n++] = port;
		}
	for (i = 0; i < n; i++)
		for (b = 0; b < cfg->n_bridges; b++)
			for (p = 0; p < cfg->bridges[b].n_ports; p++)
				if (cfg->bridges[b].ports[p].type == VSW_CFG_PORT_VXLAN &&
				    b == seen[i]->underlay_bridge)
					return cfg_error(ctx, cfg->bridges[b].ports[p].at,
							 "vxlan port '%s' is in bridge '%s', the "
							 "underlay of port '%s': an underlay bridge "
							 "holds no tunnel port",
							 cfg->bridges[b].ports[p].name,
							 cfg->bridges[b].name, seen[i]->name);
	return 0;
}
