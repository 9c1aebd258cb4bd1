/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * config_openflow.c: a bridge's OpenFlow channel keys (datapath-id,
 * protocols, listen, controllers, inactivity-probe, max-backoff): their
 * syntax, checked where the file says them, and the values vswitchd takes
 * from them (the datapath ID, the version bitmap, parsed connection targets).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_private.h"

/* OpenFlow versions by the names ovs-ofctl's -O takes, and their wire numbers. */
static const struct {
	const char *name;
	unsigned int version;
} of_versions[] = {
	{"OpenFlow10", 0x01},
	{"OpenFlow13", 0x04},
};

static const struct {
	const char *prefix;
	enum vsw_cfg_target_kind kind;
} target_kinds[] = {
	{"punix:", VSW_CFG_TARGET_PUNIX},
	{"ptcp:", VSW_CFG_TARGET_PTCP},
	{"unix:", VSW_CFG_TARGET_UNIX},
	{"tcp:", VSW_CFG_TARGET_TCP},
};

/* "PORT" into port (1..65535). */
static int
parse_port(const char *s, size_t n, uint16_t *port)
{
	char buf[8], *end;
	long v;

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtol(buf, &end, 10);
	if (*end != '\0' || v < 1 || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* A numeric IPv4 or IPv6 address into t->addr. */
static int
parse_host(const char *s, size_t n, struct vsw_cfg_target *t)
{
	if (n == 0 || n >= sizeof(t->addr))
		return -EINVAL;
	memcpy(t->addr, s, n);
	t->addr[n] = '\0';
	t->family = strchr(t->addr, ':') != NULL ? AF_INET6 : AF_INET;
	return inet_pton(t->family, t->addr, t->ip) == 1 ? 0 : -EINVAL;
}

int
vsw_cfg_parse_target(const char *s, struct vsw_cfg_target *t)
{
	const char *rest, *colon;
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < sizeof(target_kinds) / sizeof(target_kinds[0]); i++)
		if (strncmp(s, target_kinds[i].prefix, strlen(target_kinds[i].prefix)) == 0)
			break;
	if (i == sizeof(target_kinds) / sizeof(target_kinds[0]))
		return -EINVAL;
	t->kind = target_kinds[i].kind;
	rest = s + strlen(target_kinds[i].prefix);
	switch (t->kind) {
	case VSW_CFG_TARGET_PUNIX:
	case VSW_CFG_TARGET_UNIX:
		if (rest[0] != '/' || strlen(rest) >= sizeof(t->path))
			return -EINVAL;
		strcpy(t->path, rest);
		return 0;
	case VSW_CFG_TARGET_PTCP: /* PORT[:IP], IPv6 in brackets */
		colon = strchr(rest, ':');
		if (parse_port(rest, colon ? (size_t)(colon - rest) : strlen(rest), &t->port) < 0)
			return -EINVAL;
		if (colon == NULL)
			return parse_host("127.0.0.1", 9, t);
		rest = colon + 1;
		if (rest[0] == '[' && rest[strlen(rest) - 1] == ']')
			return parse_host(rest + 1, strlen(rest) - 2, t);
		return parse_host(rest, strlen(rest), t);
	case VSW_CFG_TARGET_TCP: /* IP[:PORT], IPv6 in brackets */
		t->port = 6653;
		if (rest[0] == '[') {
			colon = strchr(rest, ']');
			if (colon == NULL ||
			    parse_host(rest + 1, (size_t)(colon - rest - 1), t) < 0)
				return -EINVAL;
			if (colon[1] == '\0')
				return 0;
			return colon[1] == ':' ? parse_port(colon + 2, strlen(colon + 2), &t->port)
					       : -EINVAL;
		}
		colon = strchr(rest, ':');
		if (parse_host(rest, colon ? (size_t)(colon - rest) : strlen(rest), t) < 0)
			return -EINVAL;
		return colon ? parse_port(colon + 1, strlen(colon + 1), &t->port) : 0;
	}
	return -EINVAL;
}

/* The default datapath ID: 48 bits of an FNV-1a hash of the bridge's name. */
static uint64_t
default_dpid(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*name != '\0')
		h = (h ^ (unsigned char)*name++) * 0x100000001b3ull;
	return h & 0xffffffffffffull;
}

static int
check_dpid(struct cfg_ctx *ctx, struct vsw_cfg_bridge *br)
{
	const char *s = br->datapath_id_text;
	char *end;

	if (s[0] == '\0') {
		br->datapath_id = default_dpid(br->name);
		return 0;
	}
	if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0)
		s += 2;
	errno = 0;
	br->datapath_id = strtoull(s, &end, 16);
	if (*s == '\0' || *end != '\0' || errno != 0 || strlen(s) > 16 || strchr(s, '-') != NULL)
		return cfg_error(
			ctx, br->datapath_id_text_at,
			"datapath-id '%s' is not a 64-bit hex number (e.g. 0x0000000000000001)",
			br->datapath_id_text);
	return 0;
}

static int
check_protocols(struct cfg_ctx *ctx, struct vsw_cfg_bridge *br)
{
	unsigned int i, k;

	br->of_versions = 0;
	for (i = 0; i < br->protocols.n; i++) {
		for (k = 0; k < sizeof(of_versions) / sizeof(of_versions[0]); k++)
			if (strcmp(br->protocols.v[i], of_versions[k].name) == 0)
				break;
		if (k == sizeof(of_versions) / sizeof(of_versions[0]))
			return cfg_error(ctx, br->protocols.at[i],
					 "protocol '%s': vsw speaks OpenFlow10 and OpenFlow13",
					 br->protocols.v[i]);
		br->of_versions |= 1u << of_versions[k].version;
	}
	if (br->protocols_at.line != 0 && br->of_versions == 0)
		return cfg_error(ctx, br->protocols_at,
				 "protocols is empty: give OpenFlow10, OpenFlow13 or both");
	if (br->of_versions == 0) /* as OVS: every version it speaks */
		br->of_versions = 1u << 0x01 | 1u << 0x04;
	return 0;
}

/* Every entry of list is a target of the two kinds allowed there. */
static int
check_targets(struct cfg_ctx *ctx, const struct vsw_cfg_strlist *list, const char *key,
	      enum vsw_cfg_target_kind a, enum vsw_cfg_target_kind b, const char *forms)
{
	struct vsw_cfg_target t;
	unsigned int i;

	for (i = 0; i < list->n; i++)
		if (vsw_cfg_parse_target(list->v[i], &t) < 0 || (t.kind != a && t.kind != b))
			return cfg_error(ctx, list->at[i], "%s: '%s' is not %s", key, list->v[i],
					 forms);
	return 0;
}

int
cfg_check_openflow(struct cfg_ctx *ctx, struct vsw_cfg_bridge *br)
{
	int rc = check_dpid(ctx, br);

	if (rc == 0)
		rc = check_protocols(ctx, br);
	if (rc == 0)
		rc = check_targets(ctx, &br->listen, "listen", VSW_CFG_TARGET_PUNIX,
				   VSW_CFG_TARGET_PTCP, "punix:/PATH or ptcp:PORT[:IP]");
	if (rc == 0)
		rc = check_targets(ctx, &br->controllers, "controllers", VSW_CFG_TARGET_TCP,
				   VSW_CFG_TARGET_UNIX, "tcp:IP[:PORT] or unix:/PATH");
	return rc;
}
