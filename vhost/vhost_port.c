/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vhost_port.c: vhost-user ports on DPDK's net_vhost driver (see
 * vsw_vhost.h for why an ethdev). The driver does the protocol, the queues,
 * reconnection (client mode) and vring enable/disable; a guest that is not
 * ready makes tx return short, which the PMD counts (tx_ring_full) without
 * waiting. This file prepares the socket's place and applies its
 * permissions, then opens the port through port/.
 */

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vsw_config.h"
#include "vsw_vhost.h"

/* Number of the next net_vhost device; control thread only. */
static unsigned int next_vdev;

/* The effective user, by name when there is one, for permission messages. */
static const char *
whoami(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw != NULL)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "uid %u", (unsigned int)geteuid());
	return buf;
}

/* mkdir -p of path's parent directory. */
static int
make_parent(const char *path, char *err, size_t err_len, const char *port)
{
	char dir[VSW_CFG_PATH_LEN], me[64], *slash;
	size_t i;
	int rc;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	for (i = 1; dir[i] != '\0'; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			goto fail;
		dir[i] = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		goto fail;
	if (access(dir, W_OK | X_OK) < 0)
		goto fail;
	return 0;
fail:
	rc = errno; /* before whoami() can change it */
	snprintf(err, err_len,
		 "port %s: cannot create the socket in %s as %s: %s (the directory "
		 "needs write and search permission)",
		 port, dir, whoami(me, sizeof(me)), strerror(rc));
	return -rc;
}

/* A socket file nobody listens on is a crash's leftover: remove it. */
static int
clear_stale(const char *path, char *err, size_t err_len, const char *port)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, err_len, "port %s: %s exists and is not a socket", port, path);
		return -EEXIST;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (rc == 0) {
		snprintf(err, err_len, "port %s: %s is in use: another process listens on it", port,
			 path);
		return -EADDRINUSE;
	}
	unlink(path);
	return 0;
}

/* A user or group name, or a number. */
static int
lookup_id(const char *name, bool group, unsigned int *id)
{
	struct passwd *pw;
	struct group *gr;
	char *end;
	long v;

	if (group && (gr = getgrnam(name)) != NULL) {
		*id = gr->gr_gid;
		return 0;
	}
	if (!group && (pw = getpwnam(name)) != NULL) {
		*id = pw->pw_uid;
		return 0;
	}
	v = strtol(name, &end, 10);
	if (*end != '\0' || v < 0)
		return -ENOENT;
	*id = (unsigned int)v;
	return 0;
}

/* socket-owner, socket-group, socket-mode on the socket vswitchd created. */
static int
apply_access(const struct vsw_cfg_port *cfg, char *err, size_t err_len)
{
	unsigned int uid = (unsigned int)-1, gid = (unsigned int)-1;
	char me[64];
	int rc;

	if ((cfg->socket_owner[0] && lookup_id(cfg->socket_owner, false, &uid) < 0) ||
	    (cfg->socket_group[0] && lookup_id(cfg->socket_group, true, &gid) < 0)) {
		snprintf(err, err_len, "port %s: unknown socket-owner or socket-group", cfg->name);
		return -ENOENT;
	}
	if ((cfg->socket_owner[0] || cfg->socket_group[0]) &&
	    chown(cfg->path, (uid_t)uid, (gid_t)gid) < 0) {
		rc = errno; /* before whoami() can change it */
		snprintf(err, err_len,
			 "port %s: cannot give %s to %s:%s as %s: %s (changing owner "
			 "needs root or CAP_CHOWN)",
			 cfg->name, cfg->path, cfg->socket_owner[0] ? cfg->socket_owner : "-",
			 cfg->socket_group[0] ? cfg->socket_group : "-", whoami(me, sizeof(me)),
			 strerror(rc));
		return -rc;
	}
	if (cfg->socket_mode >= 0 && chmod(cfg->path, (mode_t)cfg->socket_mode) < 0) {
		rc = errno;
		snprintf(err, err_len, "port %s: cannot set mode %04llo on %s as %s: %s", cfg->name,
			 (long long)cfg->socket_mode, cfg->path, whoami(me, sizeof(me)),
			 strerror(rc));
		return -rc;
	}
	return 0;
}

int
vsw_vhost_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
	       size_t err_len)
{
	const struct vsw_cfg_port *cfg = p->cfg;
	bool client = cfg->type == VSW_CFG_PORT_VHOST_USER_CLIENT;
	struct vsw_port_ethdev_params ep = *p;
	struct vsw_cfg_port vcfg = *cfg;
	int rc;

	if (strchr(cfg->path, ',') != NULL) {
		snprintf(err, err_len,
			 "port %s: path %s has a comma, which DPDK device arguments "
			 "cannot carry",
			 cfg->name, cfg->path);
		return -EINVAL;
	}
	if (!client) {
		rc = make_parent(cfg->path, err, err_len, cfg->name);
		if (rc == 0)
			rc = clear_stale(cfg->path, err, err_len, cfg->name);
		if (rc < 0)
			return rc;
	}
	/* Never a name in use: a port opened by a reload may take a live port's index. */
	snprintf(vcfg.devargs, sizeof(vcfg.devargs), "net_vhost%u,iface=%s,queues=%lld,client=%d",
		 next_vdev++, cfg->path, (long long)cfg->rxq, client);
	ep.cfg = &vcfg;
	rc = vsw_port_ethdev_open(&ep, out, err, err_len);
	if (rc < 0)
		return rc;
	(*out)->type = vsw_cfg_port_type_name(cfg->type);
	if (!client) {
		rc = apply_access(cfg, err, err_len);
		if (rc < 0) {
			(*out)->ops->close(*out);
			*out = NULL;
		}
	}
	return rc;
}
