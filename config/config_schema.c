/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * config_schema.c: every key of the YAML topology, as data. Adding a key is
 * adding a row here and a member in vsw_config.h; the walker in
 * config_yaml.c and docs/config.md need nothing else from the code.
 */

#include <limits.h>
#include <string.h>

#include "config_private.h"

static const char *const port_type_names[] = {
	[VSW_CFG_PORT_DPDK] = "dpdk",
	[VSW_CFG_PORT_VHOST_USER] = "vhost-user",
	[VSW_CFG_PORT_VHOST_USER_CLIENT] = "vhost-user-client",
	[VSW_CFG_PORT_INTERNAL] = "internal",
	[VSW_CFG_PORT_VXLAN] = "vxlan",
	NULL,
};

static const char *const fail_mode_names[] = {
	[VSW_CFG_FAIL_STANDALONE] = "standalone",
	[VSW_CFG_FAIL_SECURE] = "secure",
	NULL,
};

static const char *const vlan_mode_names[] = {
	[VSW_CFG_VLAN_TRUNK] = "trunk",
	[VSW_CFG_VLAN_ACCESS] = "access",
	[VSW_CFG_VLAN_NATIVE_TAGGED] = "native-tagged",
	[VSW_CFG_VLAN_NATIVE_UNTAGGED] = "native-untagged",
	NULL,
};

const char *
vsw_cfg_vlan_mode_name(int64_t mode)
{
	return mode >= 0 && mode <= VSW_CFG_VLAN_NATIVE_UNTAGGED ? vlan_mode_names[mode] : "?";
}

const char *
vsw_cfg_port_type_name(int64_t type)
{
	return type >= 0 && type <= VSW_CFG_PORT_VXLAN ? port_type_names[type] : "?";
}

const char *
vsw_cfg_fail_mode_name(int64_t mode)
{
	return mode >= 0 && mode <= VSW_CFG_FAIL_SECURE ? fail_mode_names[mode] : "?";
}

/* Field helpers: the offsets of member M and of its mark M##_at in S. */
#define AT(S, M) offsetof(struct S, M##_at)
#define STR(S, M, req)                                                                             \
	.kind = CFG_STR, .required = (req), .off = offsetof(struct S, M), .mark_off = AT(S, M),    \
	.cap = sizeof(((struct S *)0)->M)
#define INT(S, M, lo, hi)                                                                          \
	.kind = CFG_INT, .off = offsetof(struct S, M), .mark_off = AT(S, M), .min = (lo),          \
	.max = (hi)

static void
port_init(void *obj)
{
	struct vsw_cfg_port *p = obj;

	p->rxq = 1;
	p->mtu = 1500;
	p->socket_mode = -1;
	p->tag = -1;
	memset(p->trunks, 0xff, sizeof(p->trunks));
	strcpy(p->key, "0");
	p->dst_port = VSW_CFG_VXLAN_PORT;
	p->src_port_min = 49152;
	p->src_port_max = 65535;
}

static const struct cfg_field port_fields[] = {
	{STR(vsw_cfg_port, name, 1), .key = "name"},
	{.key = "type",
	 .kind = CFG_ENUM,
	 .required = 1,
	 .off = offsetof(struct vsw_cfg_port, type),
	 .mark_off = AT(vsw_cfg_port, type),
	 .names = port_type_names},
	{STR(vsw_cfg_port, devargs, 0), .key = "devargs"},
	{STR(vsw_cfg_port, path, 0), .key = "path"},
	{STR(vsw_cfg_port, socket_owner, 0), .key = "socket-owner"},
	{STR(vsw_cfg_port, socket_group, 0), .key = "socket-group"},
	{.key = "socket-mode",
	 .kind = CFG_OCTAL,
	 .off = offsetof(struct vsw_cfg_port, socket_mode),
	 .mark_off = AT(vsw_cfg_port, socket_mode),
	 .min = 0,
	 .max = 0777},
	{INT(vsw_cfg_port, ofport, 1, VSW_CFG_OFPORT_MAX), .key = "ofport"},
	{INT(vsw_cfg_port, rxq, 1, VSW_CFG_MAX_RXQ), .key = "rxq"},
	{INT(vsw_cfg_port, mtu, 68, 9600), .key = "mtu"},
	{.key = "addresses",
	 .kind = CFG_STR_LIST,
	 .off = offsetof(struct vsw_cfg_port, addresses),
	 .mark_off = AT(vsw_cfg_port, addresses)},
	{STR(vsw_cfg_port, mac, 0), .key = "mac"},
	{.key = "vlan-mode",
	 .kind = CFG_ENUM,
	 .off = offsetof(struct vsw_cfg_port, vlan_mode),
	 .mark_off = AT(vsw_cfg_port, vlan_mode),
	 .names = vlan_mode_names},
	{INT(vsw_cfg_port, tag, 0, VSW_CFG_VLAN_MAX), .key = "tag"},
	{.key = "trunks",
	 .kind = CFG_VLAN_SET,
	 .off = offsetof(struct vsw_cfg_port, trunks),
	 .mark_off = AT(vsw_cfg_port, trunks),
	 .min = 0,
	 .max = VSW_CFG_VLAN_MAX},
	{STR(vsw_cfg_port, remote_ip, 0), .key = "remote-ip"},
	{STR(vsw_cfg_port, local_ip, 0), .key = "local-ip"},
	{STR(vsw_cfg_port, key, 0), .key = "key"},
	{INT(vsw_cfg_port, dst_port, 1, 65535), .key = "dst-port"},
	{INT(vsw_cfg_port, src_port_min, 1, 65535), .key = "src-port-min"},
	{INT(vsw_cfg_port, src_port_max, 1, 65535), .key = "src-port-max"},
	{.key = NULL},
};

static const struct cfg_schema port_schema = {
	.what = "port",
	.size = sizeof(struct vsw_cfg_port),
	.mark_off = offsetof(struct vsw_cfg_port, at),
	.init = port_init,
	.fields = port_fields,
};

static void
bridge_init(void *obj)
{
	struct vsw_cfg_bridge *b = obj;

	b->mac_aging = VSW_CFG_MAC_AGING;
	b->mac_table_size = VSW_CFG_MAC_TABLE;
	b->inactivity_probe = 5;
	b->max_backoff = 8;
	b->controller_rate_limit = 100000;
	b->controller_burst_limit = 20000;
}

static const struct cfg_field bridge_fields[] = {
	{STR(vsw_cfg_bridge, name, 1), .key = "name"},
	{INT(vsw_cfg_bridge, mac_aging, 1, 1000000), .key = "mac-aging"},
	{INT(vsw_cfg_bridge, mac_table_size, 16, VSW_CFG_MAC_TABLE_MAX), .key = "mac-table-size"},
	{.key = "fail-mode",
	 .kind = CFG_ENUM,
	 .off = offsetof(struct vsw_cfg_bridge, fail_mode),
	 .mark_off = AT(vsw_cfg_bridge, fail_mode),
	 .names = fail_mode_names},
	{STR(vsw_cfg_bridge, datapath_id_text, 0), .key = "datapath-id"},
	{.key = "protocols",
	 .kind = CFG_STR_LIST,
	 .off = offsetof(struct vsw_cfg_bridge, protocols),
	 .mark_off = AT(vsw_cfg_bridge, protocols)},
	{.key = "listen",
	 .kind = CFG_STR_LIST,
	 .off = offsetof(struct vsw_cfg_bridge, listen),
	 .mark_off = AT(vsw_cfg_bridge, listen)},
	{.key = "controllers",
	 .kind = CFG_STR_LIST,
	 .off = offsetof(struct vsw_cfg_bridge, controllers),
	 .mark_off = AT(vsw_cfg_bridge, controllers)},
	{INT(vsw_cfg_bridge, inactivity_probe, 0, 3600), .key = "inactivity-probe"},
	{INT(vsw_cfg_bridge, max_backoff, 1, 3600), .key = "max-backoff"},
	{INT(vsw_cfg_bridge, controller_rate_limit, 100, 100000000), .key = "controller-rate-limit"},
	{INT(vsw_cfg_bridge, controller_burst_limit, 1, 10000000), .key = "controller-burst-limit"},
	{.key = "ports",
	 .kind = CFG_MAP_LIST,
	 .off = offsetof(struct vsw_cfg_bridge, ports),
	 .mark_off = AT(vsw_cfg_bridge, ports),
	 .sub = &port_schema,
	 .count_off = offsetof(struct vsw_cfg_bridge, n_ports),
	 .max_items = VSW_CFG_MAX_PORTS},
	{.key = "flows",
	 .kind = CFG_STR_LIST,
	 .off = offsetof(struct vsw_cfg_bridge, flows),
	 .mark_off = AT(vsw_cfg_bridge, flows)},
	{.key = NULL},
};

static const struct cfg_schema bridge_schema = {
	.what = "bridge",
	.size = sizeof(struct vsw_cfg_bridge),
	.mark_off = offsetof(struct vsw_cfg_bridge, at),
	.init = bridge_init,
	.fields = bridge_fields,
};

static void
dpdk_init(void *obj)
{
	struct vsw_cfg_dpdk *d = obj;

	strcpy(d->file_prefix, "vsw");
	d->main_lcore = 0;
	d->socket_mem = 512;
}

static const struct cfg_field dpdk_fields[] = {
	{STR(vsw_cfg_dpdk, file_prefix, 0), .key = "file-prefix"},
	{INT(vsw_cfg_dpdk, main_lcore, 0, 127), .key = "main-lcore"},
	{INT(vsw_cfg_dpdk, socket_mem, 16, 1 << 20), .key = "socket-mem"},
	{.key = "extra",
	 .kind = CFG_STR_LIST,
	 .off = offsetof(struct vsw_cfg_dpdk, extra),
	 .mark_off = AT(vsw_cfg_dpdk, extra)},
	{.key = NULL},
};

static const struct cfg_schema dpdk_schema = {
	.what = "dpdk section",
	.size = sizeof(struct vsw_cfg_dpdk),
	.mark_off = offsetof(struct vsw_cfg_dpdk, at),
	.init = dpdk_init,
	.fields = dpdk_fields,
};

static void
top_init(void *obj)
{
	struct vsw_cfg *c = obj;

	c->version = 1;
	dpdk_init(&c->dpdk);
}

static const struct cfg_field top_fields[] = {
	{INT(vsw_cfg, version, 1, INT_MAX), .key = "version"},
	{.key = "dpdk",
	 .kind = CFG_MAP,
	 .off = offsetof(struct vsw_cfg, dpdk),
	 .mark_off = AT(vsw_cfg, dpdk),
	 .sub = &dpdk_schema},
	{.key = "pmd-cores",
	 .kind = CFG_INT_LIST,
	 .off = offsetof(struct vsw_cfg, pmd_cores),
	 .mark_off = AT(vsw_cfg, pmd_cores),
	 .min = 0,
	 .max = 127},
	{.key = "bridges",
	 .kind = CFG_MAP_LIST,
	 .required = 1,
	 .off = offsetof(struct vsw_cfg, bridges),
	 .mark_off = AT(vsw_cfg, bridges),
	 .sub = &bridge_schema,
	 .count_off = offsetof(struct vsw_cfg, n_bridges),
	 .max_items = VSW_CFG_MAX_BRIDGES},
	{.key = NULL},
};

const struct cfg_schema cfg_top_schema = {
	.what = "topology",
	.size = sizeof(struct vsw_cfg),
	.mark_off = offsetof(struct vsw_cfg, at),
	.init = top_init,
	.fields = top_fields,
};
