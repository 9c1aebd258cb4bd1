/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * config_check.c: the checks that no single key can make on its own, run
 * after config_yaml.c has read every key: unique names and ofports, cores
 * that exist and do not collide, keys that belong to another port type,
 * EAL arguments that would fight the ones vswitchd sets. It also fills the
 * defaults that depend on other keys (ofport numbers, the PMD core).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_private.h"

/* Names become interface names, memzone and socket names: keep them plain. */
static int
check_name(struct cfg_ctx *ctx, const char *what, const char *name, struct vsw_cfg_mark at)
{
	const char *c;

	if (name[0] == '\0')
		return cfg_error(ctx, at, "%s is empty", what);
	for (c = name; *c != '\0'; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
			return cfg_error(ctx, at,
					 "%s '%s' has '%c': use letters, digits, "
					 "'-', '_' and '.'",
					 what, name, *c);
	}
	return 0;
}

/* "0-1,4" for the CPUs this process may run on. */
static void
format_cpus(const cpu_set_t *set, char *buf, size_t len)
{
	int cpu, first = -1;
	size_t used = 0;

	buf[0] = '\0';
	for (cpu = 0; cpu <= CPU_SETSIZE; cpu++) {
		int in = cpu < CPU_SETSIZE && CPU_ISSET(cpu, set);

		if (in && first < 0)
			first = cpu;
		if (!in && first >= 0 && used < len) {
			used += (size_t)snprintf(buf + used, len - used, "%s%d", used ? "," : "",
						 first);
			if (cpu - 1 > first && used < len)
				used += (size_t)snprintf(buf + used, len - used, "-%d", cpu - 1);
			first = -1;
		}
	}
}

static int
check_cpu(struct cfg_ctx *ctx, const cpu_set_t *cpus, int64_t cpu, const char *what,
	  struct vsw_cfg_mark at)
{
	char list[128];

	if (cpu < CPU_SETSIZE && CPU_ISSET((int)cpu, cpus))
		return 0;
	format_cpus(cpus, list, sizeof(list));
	return cfg_error(ctx, at, "%s %lld does not exist on this machine (usable CPUs: %s)", what,
			 (long long)cpu, list);
}

/* EAL options vswitchd derives from the topology; extra must not repeat them. */
static const char *const owned_eal_args[] = {
	"--file-prefix", "-l",		 "--lcores", "-c", "--main-lcore",
	"--proc-type",	 "--socket-mem", "-m",	     NULL,
};

static int
check_dpdk(struct cfg_ctx *ctx, struct vsw_cfg *cfg, const cpu_set_t *cpus)
{
	const struct vsw_cfg_dpdk *d = &cfg->dpdk;
	unsigned int i, j;
	int rc;

	if (cfg->version != 1)
		return cfg_error(ctx, cfg->version_at,
				 "topology version %lld: this vswitchd reads "
				 "version 1",
				 (long long)cfg->version);
	rc = check_name(ctx, "file-prefix", d->file_prefix, d->file_prefix_at);
	if (rc < 0)
		return rc;
	rc = check_cpu(ctx, cpus, d->main_lcore, "main-lcore", d->main_lcore_at);
	if (rc < 0)
		return rc;
	for (i = 0; i < d->extra.n; i++) {
		for (j = 0; owned_eal_args[j] != NULL; j++) {
			size_t n = strlen(owned_eal_args[j]);

			if (strncmp(d->extra.v[i], owned_eal_args[j], n) == 0 &&
			    (d->extra.v[i][n] == '\0' || d->extra.v[i][n] == '='))
				return cfg_error(
					ctx, d->extra.at[i],
					"'%s' in dpdk.extra: vswitchd "
					"sets it from the topology (dpdk and pmd-cores keys)",
					d->extra.v[i]);
		}
	}
	return 0;
}

static int
check_pmd_cores(struct cfg_ctx *ctx, struct vsw_cfg *cfg, const cpu_set_t *cpus)
{
	struct vsw_cfg_intlist *l = &cfg->pmd_cores;
	unsigned int i, j;
	int rc, cpu;

	if (cfg->pmd_cores_at.line == 0) {
		/* Default: the lowest usable CPU that is not the main lcore. */
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, cpus) && cpu != cfg->dpdk.main_lcore)
				break;
		if (cpu == CPU_SETSIZE || cpu > 127)
			return cfg_error(ctx, (struct vsw_cfg_mark){0},
					 "no CPU is left for a PMD "
					 "thread besides main-lcore %lld: vsw needs two CPUs",
					 (long long)cfg->dpdk.main_lcore);
		l->v = calloc(1, sizeof(*l->v));
		l->at = calloc(1, sizeof(*l->at));
		if (l->v == NULL || l->at == NULL)
			return cfg_error(ctx, (struct vsw_cfg_mark){0}, "out of memory");
		l->v[0] = cpu;
		l->n = 1;
		return 0;
	}
	if (l->n == 0)
		return cfg_error(ctx, cfg->pmd_cores_at,
				 "pmd-cores is empty: list at least one core");
	if (l->n > VSW_CFG_MAX_PMDS)
		return cfg_error(ctx, l->at[VSW_CFG_MAX_PMDS], "more than %u pmd-cores",
				 VSW_CFG_MAX_PMDS);
	for (i = 0; i < l->n; i++) {
		if (l->v[i] == cfg->dpdk.main_lcore)
			return cfg_error(ctx, l->at[i],
					 "pmd core %lld is also the main-lcore: the "
					 "control thread and a PMD cannot share a core",
					 (long long)l->v[i]);
		rc = check_cpu(ctx, cpus, l->v[i], "pmd core", l->at[i]);
		if (rc < 0)
			return rc;
		for (j = 0; j < i; j++)
			if (l->v[j] == l->v[i])
				return cfg_error(ctx, l->at[i],
						 "pmd core %lld is listed twice (first "
						 "at %u:%u)",
						 (long long)l->v[i], l->at[j].line, l->at[j].col);
	}
	return 0;
}

/* The device a devargs string names: up to its first comma. */
static size_t
device_name_len(const char *devargs)
{
	return strcspn(devargs, ",");
}

/* The socket's owner and group must exist here; numbers are taken as they are. */
static int
check_socket_access(struct cfg_ctx *ctx, const struct vsw_cfg_port *p)
{
	char *end;

	if (p->socket_owner[0] != '\0' && getpwnam(p->socket_owner) == NULL &&
	    (strtol(p->socket_owner, &end, 10) < 0 || *end != '\0'))
		return cfg_error(ctx, p->socket_owner_at,
				 "socket-owner: no user '%s' on this "
				 "machine",
				 p->socket_owner);
	if (p->socket_group[0] != '\0' && getgrnam(p->socket_group) == NULL &&
	    (strtol(p->socket_group, &end, 10) < 0 || *end != '\0'))
		return cfg_error(ctx, p->socket_group_at,
				 "socket-group: no group '%s' on this "
				 "machine",
				 p->socket_group);
	return 0;
}

int
vsw_cfg_parse_cidr(const char *s, int *family, unsigned char addr[16], unsigned int *plen)
{
	char copy[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long len;

	if (strlen(s) >= sizeof(copy))
		return -EINVAL;
	strcpy(copy, s);
	slash = strchr(copy, '/');
	if (slash == NULL || slash[1] < '0' || slash[1] > '9')
		return -EINVAL;
	*slash = '\0';
	*family = strchr(copy, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(*family, copy, addr) != 1)
		return -EINVAL;
	len = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || len > (*family == AF_INET ? 32u : 128u))
		return -EINVAL;
	*plen = (unsigned int)len;
	return 0;
}

int
vsw_cfg_parse_mac(const char *s, unsigned char mac[6])
{
	unsigned int b[6], i;
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6 ||
	    strlen(s) != 17 || (b[0] & 1) != 0)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = (unsigned char)b[i];
	return 0;
}

/* An internal port's name is its kernel interface's; its addresses and MAC must parse. */
static int
check_internal(struct cfg_ctx *ctx, const struct vsw_cfg_port *p)
{
	unsigned char addr[16];
	unsigned int i, plen;
	int family;

	if (strlen(p->name) >= IFNAMSIZ || strpbrk(p->name, "/: \t") != NULL)
		return cfg_error(ctx, p->name_at,
				 "internal port '%s' names its kernel interface: at most %d "
				 "characters, no '/', ':' or blanks",
				 p->name, IFNAMSIZ - 1);
	if (p->mac_at.line != 0 && vsw_cfg_parse_mac(p->mac, addr) < 0)
		return cfg_error(
			ctx, p->mac_at,
			"mac '%s' of port '%s': write six hex bytes, as 02:00:00:00:00:01, "
			"of a unicast address",
			p->mac, p->name);
	for (i = 0; i < p->addresses.n; i++)
		if (vsw_cfg_parse_cidr(p->addresses.v[i], &family, addr, &plen) < 0)
			return cfg_error(ctx, p->addresses.at[i],
					 "address '%s' of port '%s': write ADDRESS/PREFIX-LENGTH, "
					 "as 192.168.50.1/24 or fd00::1/64",
					 p->addresses.v[i], p->name);
	return 0;
}

/* Keys that one port type needs or refuses. */
static int
check_port_keys(struct cfg_ctx *ctx, const struct vsw_cfg_port *p)
{
	const char *type = vsw_cfg_port_type_name(p->type);
	bool vhost =
		p->type == VSW_CFG_PORT_VHOST_USER || p->type == VSW_CFG_PORT_VHOST_USER_CLIENT;
	int rc;

	switch (p->type) {
	case VSW_CFG_PORT_DPDK:
		if (p->devargs_at.line == 0)
			return cfg_error(ctx, p->at,
					 "port '%s' of type dpdk has no 'devargs' (a PCI "
					 "address or a vdev string such as net_tap0,iface=t0)",
					 p->name);
		if (p->devargs[0] == '\0' || device_name_len(p->devargs) == 0)
			return cfg_error(ctx, p->devargs_at, "devargs of port '%s' name no device",
					 p->name);
		if (p->path_at.line != 0)
			return cfg_error(ctx, p->path_at,
					 "'path' is for vhost-user ports, not %s "
					 "port '%s'",
					 type, p->name);
		break;
	case VSW_CFG_PORT_VHOST_USER:
	case VSW_CFG_PORT_VHOST_USER_CLIENT:
		if (p->path_at.line == 0)
			return cfg_error(ctx, p->at,
					 "port '%s' of type %s has no 'path' (its "
					 "vhost-user socket)",
					 p->name, type);
		if (p->path[0] != '/')
			return cfg_error(ctx, p->path_at, "path '%s' of port '%s' must be absolute",
					 p->path, p->name);
		if (p->devargs_at.line != 0)
			return cfg_error(ctx, p->devargs_at,
					 "'devargs' is for dpdk ports, not %s "
					 "port '%s'",
					 type, p->name);
		rc = check_socket_access(ctx, p);
		if (rc < 0)
			return rc;
		break;
	case VSW_CFG_PORT_INTERNAL:
		if (p->devargs_at.line != 0 || p->path_at.line != 0)
			return cfg_error(ctx, p->devargs_at.line ? p->devargs_at : p->path_at,
					 "'%s' is not for %s port '%s': it is a kernel interface "
					 "named after the port",
					 p->devargs_at.line ? "devargs" : "path", type, p->name);
		rc = check_internal(ctx, p);
		if (rc < 0)
			return rc;
		break;
	case VSW_CFG_PORT_VXLAN:
		break; /* cfg_check_tunnel_keys */
	}
	if (!vhost && (p->socket_owner_at.line != 0 || p->socket_group_at.line != 0 ||
		       p->socket_mode_at.line != 0))
		return cfg_error(ctx,
				 p->socket_owner_at.line   ? p->socket_owner_at
				 : p->socket_group_at.line ? p->socket_group_at
							   : p->socket_mode_at,
				 "socket-owner, socket-group and socket-mode are for vhost-user "
				 "ports, not %s port '%s'",
				 type, p->name);
	if (p->mac_at.line != 0 && p->type != VSW_CFG_PORT_INTERNAL)
		return cfg_error(ctx, p->mac_at, "'mac' is for internal ports, not %s port '%s'",
				 type, p->name);
	if (p->addresses_at.line != 0 && p->type != VSW_CFG_PORT_INTERNAL)
		return cfg_error(ctx, p->addresses_at,
				 "'addresses' is for internal ports, not %s "
				 "port '%s'",
				 type, p->name);
	return 0;
}

/*
 * VLAN keys: access and the native modes need a tag, trunk takes none, an
 * access port carries no trunks. Without vlan-mode a port with a tag is an
 * access port and one without is a trunk, as in Open vSwitch.
 */
static int
check_vlan(struct cfg_ctx *ctx, struct vsw_cfg_port *p)
{
	if (p->vlan_mode_at.line == 0)
		p->vlan_mode = p->tag >= 0 ? VSW_CFG_VLAN_ACCESS : VSW_CFG_VLAN_TRUNK;
	switch (p->vlan_mode) {
	case VSW_CFG_VLAN_TRUNK:
		if (p->tag >= 0)
			return cfg_error(ctx, p->tag_at,
					 "'tag' is for access and native VLAN modes; port '%s' is "
					 "a trunk (set vlan-mode: access or native-untagged)",
					 p->name);
		break;
	case VSW_CFG_VLAN_ACCESS:
		if (p->trunks_at.line != 0)
			return cfg_error(ctx, p->trunks_at,
					 "'trunks' is not for access port '%s': it carries its "
					 "tag's VLAN only",
					 p->name);
		/* fall through */
	default:
		if (p->tag < 0)
			return cfg_error(ctx, p->vlan_mode_at,
					 "vlan-mode %s of port '%s' needs a 'tag' (its VLAN)",
					 vsw_cfg_vlan_mode_name(p->vlan_mode), p->name);
		break;
	}
	return 0;
}

/* Whether a port of br already has OpenFlow port number ofport. */
static int
ofport_taken(const struct vsw_cfg_bridge *br, int64_t ofport)
{
	unsigned int i;

	for (i = 0; i < br->n_ports; i++)
		if (br->ports[i].ofport == ofport)
			return 1;
	return 0;
}

static int
check_ports(struct cfg_ctx *ctx, struct vsw_cfg *cfg)
{
	const struct vsw_cfg_port *seen[VSW_CFG_MAX_PORTS];
	unsigned int n_seen = 0, b, p, i;
	int rc;

	for (b = 0; b < cfg->n_bridges; b++) {
		struct vsw_cfg_bridge *br = &cfg->bridges[b];
		int64_t next_ofport = 1;

		for (p = 0; p < br->n_ports; p++) {
			struct vsw_cfg_port *port = &br->ports[p];

			if (n_seen == VSW_CFG_MAX_PORTS)
				return cfg_error(ctx, port->at,
						 "more than %u ports in the topology",
						 VSW_CFG_MAX_PORTS);
			rc = check_name(ctx, "port name", port->name, port->name_at);
			if (rc == 0)
				rc = check_port_keys(ctx, port);
			if (rc == 0)
				rc = cfg_check_tunnel_keys(ctx, port);
			if (rc == 0)
				rc = check_vlan(ctx, port);
			if (rc < 0)
				return rc;
			for (i = 0; i < n_seen; i++) {
				const struct vsw_cfg_port *o = seen[i];
				size_t n = device_name_len(port->devargs);

				if (strcmp(o->name, port->name) == 0)
					return cfg_error(ctx, port->name_at,
							 "duplicate port name '%s' "
							 "(first at %u:%u)",
							 port->name, o->name_at.line,
							 o->name_at.col);
				if (port->type == VSW_CFG_PORT_DPDK &&
				    o->type == VSW_CFG_PORT_DPDK &&
				    n == device_name_len(o->devargs) &&
				    strncmp(o->devargs, port->devargs, n) == 0)
					return cfg_error(ctx, port->devargs_at,
							 "device '%.*s' is "
							 "already port '%s' (at %u:%u)",
							 (int)n, port->devargs, o->name,
							 o->devargs_at.line, o->devargs_at.col);
			}
			seen[n_seen++] = port;
		}
		/* ofports: explicit ones must be unique; the others take the next free. */
		for (p = 0; p < br->n_ports; p++) {
			for (i = 0; i < p; i++)
				if (br->ports[p].ofport_at.line != 0 &&
				    br->ports[i].ofport == br->ports[p].ofport)
					return cfg_error(
						ctx, br->ports[p].ofport_at,
						"duplicate "
						"ofport %lld in bridge '%s' (port '%s' has "
						"it)",
						(long long)br->ports[p].ofport, br->name,
						br->ports[i].name);
		}
		for (p = 0; p < br->n_ports; p++) {
			if (br->ports[p].ofport_at.line != 0)
				continue;
			while (ofport_taken(br, next_ofport))
				next_ofport++;
			br->ports[p].ofport = next_ofport++;
		}
	}
	return 0;
}

static int
check_bridges(struct cfg_ctx *ctx, struct vsw_cfg *cfg)
{
	unsigned int b, i;
	int rc;

	if (cfg->n_bridges == 0)
		return cfg_error(ctx, cfg->bridges_at, "bridges is empty: define at least one");
	for (b = 0; b < cfg->n_bridges; b++) {
		struct vsw_cfg_bridge *br = &cfg->bridges[b];

		rc = check_name(ctx, "bridge name", br->name, br->name_at);
		if (rc == 0)
			rc = cfg_check_openflow(ctx, br);
		if (rc < 0)
			return rc;
		for (i = 0; i < b; i++)
			if (strcmp(cfg->bridges[i].name, br->name) == 0)
				return cfg_error(ctx, br->name_at,
						 "duplicate bridge name '%s' (first "
						 "at %u:%u)",
						 br->name, cfg->bridges[i].name_at.line,
						 cfg->bridges[i].name_at.col);
	}
	rc = check_ports(ctx, cfg);
	return rc < 0 ? rc : cfg_check_tunnels(ctx, cfg);
}

/*
 * The CPUs this process may use, as of the first topology it loaded: a
 * reload runs on a thread DPDK has pinned to one CPU, and must still judge
 * pmd-cores against the whole set. Loads run on one thread at a time.
 */
static int
usable_cpus(struct cfg_ctx *ctx, cpu_set_t *cpus)
{
	static cpu_set_t first;
	static bool known;

	if (!known && sched_getaffinity(0, sizeof(first), &first) < 0)
		return cfg_error(ctx, (struct vsw_cfg_mark){0}, "cannot read CPU affinity: %s",
				 strerror(errno));
	known = true;
	*cpus = first;
	return 0;
}

int
cfg_check(struct cfg_ctx *ctx, struct vsw_cfg *cfg)
{
	cpu_set_t cpus;
	int rc;

	rc = usable_cpus(ctx, &cpus);
	if (rc == 0)
		rc = check_dpdk(ctx, cfg, &cpus);
	if (rc == 0)
		rc = check_pmd_cores(ctx, cfg, &cpus);
	if (rc == 0)
		rc = check_bridges(ctx, cfg);
	return rc;
}
