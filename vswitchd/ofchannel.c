/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofchannel.c: the OpenFlow channel's sockets, run by the control thread
 * (main.c's loop waits here, on every socket and on ipc.c's eventfd).
 *
 * Per bridge: listeners (punix:, ptcp:) whose accepted connections are
 * tools and controllers; controllers vswitchd connects to itself (tcp:,
 * unix:), again after each loss with a back-off that doubles up to the
 * bridge's max-backoff. Every connection is non-blocking with a receive
 * buffer that frames messages (ofhandle.c runs them) and a send buffer
 * that drains as the peer reads; a connection whose send buffer is over
 * CONN_TX_HIGH is not read from until it drains, so a peer that does not
 * read cannot make vswitchd grow without bound. Flow-mods a connection
 * staged are committed before its poll returns (ofhandle.c), so mp IPC
 * batches and other connections always start from committed tables.
 *
 * Security: the channel is unauthenticated (no TLS yet). Unix listeners
 * are created mode 0700 in a 0700 directory; TCP listeners bind 127.0.0.1
 * unless an address is given; every connection's peer is logged.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "vsw_openflow.h"
#include "vswitchd.h"

#define MAX_LISTENERS	(VSW_MAX_BRIDGES * 4)
#define CONN_RX_CHUNK	(256 * 1024)
#define CONN_TX_HIGH	(8u << 20) /* stop reading a peer that leaves this much unread */
#define DEFAULT_RUN_DIR "/var/run/vsw"

struct listener {
	int fd;
	unsigned int bridge;
	char path[108];	    /* unix: unlinked at stop */
	char made_dir[108]; /* a directory made for it, removed at stop ("": none) */
	char name[128];	    /* as configured */
};

/* A controller vswitchd connects to. */
struct controller {
	struct vsw_cfg_target target;
	char name[128];
	unsigned int bridge;
	struct vswd_ofconn *conn; /* NULL while not connected */
	uint64_t next_try_ns;	  /* when to connect again, while conn is NULL */
	uint32_t backoff_ms;	  /* the wait after the next failure or loss: 1 s, doubling to
				   * max-backoff; back to 1 s once a session is agreed */
};

static struct {
	uint64_t controller_seen_ns[VSW_MAX_BRIDGES]; /* a controller's session last alive */
	struct listener listeners[MAX_LISTENERS];
	unsigned int n_listeners;
	struct controller controllers[VSW_MAX_BRIDGES * 4];
	unsigned int n_controllers;
	struct vswd_ofconn *conns[VSWD_OF_MAX_CONNS];
	unsigned int n_conns;
} ch;

uint64_t
vswd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Wait backoff_ms before the next try, and double it (up to the bridge's max-backoff). */
static void
controller_backoff(const struct vswd_switch *sw, struct controller *k, uint64_t now)
{
	uint32_t cap = (uint32_t)sw->cfg->bridges[k->bridge].max_backoff * 1000;

	k->next_try_ns = now + (uint64_t)k->backoff_ms * 1000000u;
	k->backoff_ms = RTE_MIN(RTE_MAX(k->backoff_ms * 2, 1000u), cap);
}

/* ---- connections ---- */

static struct vswd_ofconn *
conn_new(const struct vswd_switch *sw, int fd, unsigned int bridge, const char *peer,
	 int controller)
{
	struct vswd_ofconn *c;

	if (ch.n_conns == VSWD_OF_MAX_CONNS) {
		VSWD_LOG(WARNING, "OpenFlow: %s refused: %u connections already", peer,
			 VSWD_OF_MAX_CONNS);
		close(fd);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return NULL;
	}
	c->fd = fd;
	c->bridge = bridge;
	c->controller = controller;
	c->last_rx_ns = vswd_now_ns();
	c->miss_send_len = controller >= 0 ? 128 : 0; /* tools get no packet-ins, as OVS */
	vswd_of_async_defaults(c);
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	ch.conns[ch.n_conns++] = c;
	vswd_of_hello(sw, c);
	return c;
}

static void
conn_free(struct vswd_switch *sw, unsigned int i)
{
	struct vswd_ofconn *c = ch.conns[i];
	unsigned int k;

	vswd_of_commit(sw, c);
	VSWD_LOG(INFO, "OpenFlow: bridge %s: %s disconnected", sw->cfg->bridges[c->bridge].name,
		 c->peer);
	for (k = 0; k < ch.n_controllers; k++)
		if (ch.controllers[k].conn == c) {
			ch.controllers[k].conn = NULL;
			controller_backoff(sw, &ch.controllers[k], vswd_now_ns());
		}
	close(c->fd);
	free(c->rx);
	free(c->tx);
	free(c->staged);
	vswd_of_bundle_free(c);
	free(c);
	ch.conns[i] = ch.conns[--ch.n_conns];
}

int
vswd_ofconn_send(struct vswd_ofconn *c, const void *msg, size_t len)
{
	static uint8_t down[2 * VSW_OFP_MULTIPART_MAX]; /* 1.0's forms are at most twice as long */
	size_t cap;
	uint8_t *tx;

	if (c->wire == VSW_OFP10) {
		len = vsw_ofp10_downgrade(msg, len, &c->of10, down, sizeof(down));
		msg = down; /* 0: no 1.0 form, nothing to send */
	}
	if (c->tx_len + len > c->tx_cap) {
		cap = c->tx_cap ? c->tx_cap : 65536;
		while (cap < c->tx_len + len)
			cap *= 2;
		tx = realloc(c->tx, cap);
		if (tx == NULL) {
			c->closing = true; /* out of memory: the peer loses the connection */
			return -ENOMEM;
		}
		c->tx = tx;
		c->tx_cap = cap;
	}
	memcpy(c->tx + c->tx_len, msg, len);
	c->tx_len += len;
	return 0;
}

/* Write what the peer will take. false when the connection is broken. */
static bool
conn_flush(struct vswd_ofconn *c)
{
	ssize_t n;

	while (c->tx_off < c->tx_len) {
		n = send(c->fd, c->tx + c->tx_off, c->tx_len - c->tx_off, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->tx_off += (size_t)n;
	}
	c->tx_off = c->tx_len = 0;
	if (c->tx_cap > (1u << 20)) { /* give back what a big dump took */
		free(c->tx);
		c->tx = NULL;
		c->tx_cap = 0;
	}
	return true;
}

/* Read and run what arrived. false when the connection is over. */
static bool
conn_read(struct vswd_switch *sw, struct vswd_ofconn *c)
{
	struct vsw_ofp_header h;
	size_t used = 0;
	ssize_t n;
	int len;

	if (c->rx_cap - c->rx_len < CONN_RX_CHUNK) {
		uint8_t *rx = realloc(c->rx, c->rx_len + CONN_RX_CHUNK);

		if (rx == NULL)
			return false;
		c->rx = rx;
		c->rx_cap = c->rx_len + CONN_RX_CHUNK;
	}
	n = recv(c->fd, c->rx + c->rx_len, c->rx_cap - c->rx_len, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	if (n < 0)
		return true;
	c->rx_len += (size_t)n;
	c->last_rx_ns = vswd_now_ns();
	c->echo_sent_ns = 0;
	while (!c->closing && (len = vsw_ofp_frame(c->rx + used, c->rx_len - used, &h)) != 0) {
		if (len < 0) {
			VSWD_LOG(WARNING, "OpenFlow: %s sent a message of length %u: closing",
				 c->peer, h.length);
			vswd_of_reply_error(c, VSW_OFPE_BAD_LEN, c->rx + used, c->rx_len - used);
			c->closing = true;
			break;
		}
		vswd_of_handle(sw, c, c->rx + used, (size_t)len);
		used += (size_t)len;
	}
	/* What is left is part of one message (under 64 KiB): the buffer never
	 * grows past that and a chunk. */
	memmove(c->rx, c->rx + used, c->rx_len - used);
	c->rx_len -= used;
	return true;
}

/* ---- listeners ---- */

/* Whether a live process listens on unix socket path. */
static bool
unix_in_use(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool used;

	if (fd < 0)
		return false;
	used = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
	close(fd);
	return used;
}

static int
listen_unix(struct listener *l, const char *path, char *err, size_t err_len)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char dir[sizeof(sa.sun_path)];
	char *slash;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (strncmp(dir, DEFAULT_RUN_DIR "/", strlen(DEFAULT_RUN_DIR) + 1) == 0)
			mkdir(DEFAULT_RUN_DIR, 0700); /* the default's parent; may exist */
		if (mkdir(dir, 0700) == 0)
			snprintf(l->made_dir, sizeof(l->made_dir), "%s", dir);
		else if (errno != EEXIST) {
			snprintf(err, err_len, "%s: cannot create %s: %s", l->name, dir,
				 strerror(errno));
			return -errno;
		}
	}
	if (unix_in_use(&sa)) {
		snprintf(err, err_len, "%s: another process listens there", l->name);
		return -EADDRINUSE;
	}
	unlink(path); /* a stale socket of a switch that did not stop cleanly */
	l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0 || bind(l->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(path, 0700) < 0 || listen(l->fd, 16) < 0) {
		snprintf(err, err_len, "%s: %s", l->name, strerror(errno));
		return -errno;
	}
	snprintf(l->path, sizeof(l->path), "%s", path);
	return 0;
}

/* The address of target t (tcp:, ptcp:, unix:) in *ss; returns its length. */
static socklen_t
target_sockaddr(const struct vsw_cfg_target *t, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (t->kind == VSW_CFG_TARGET_UNIX || t->kind == VSW_CFG_TARGET_PUNIX) {
		struct sockaddr_un *su = (struct sockaddr_un *)ss;

		su->sun_family = AF_UNIX;
		snprintf(su->sun_path, sizeof(su->sun_path), "%s", t->path);
		return sizeof(*su);
	}
	if (t->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(t->port);
		memcpy(&s6->sin6_addr, t->ip, 16);
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(t->port);
		memcpy(&s4->sin_addr, t->ip, 4);
		return sizeof(*s4);
	}
}

static int
listen_tcp(struct listener *l, const struct vsw_cfg_target *t, char *err, size_t err_len)
{
	struct sockaddr_storage ss;
	socklen_t len = target_sockaddr(t, &ss);
	int one = 1;

	l->fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0 || setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(l->fd, (struct sockaddr *)&ss, len) < 0 || listen(l->fd, 16) < 0) {
		snprintf(err, err_len, "%s: %s", l->name, strerror(errno));
		return -errno;
	}
	return 0;
}

/* The default listener of bridge br: /var/run/vsw/BR.mgmt (another prefix: under it). */
static void
default_listen(const struct vsw_cfg *cfg, const char *br, char *buf, size_t len)
{
	if (strcmp(cfg->dpdk.file_prefix, "vsw") == 0)
		snprintf(buf, len, "punix:%s/%s.mgmt", DEFAULT_RUN_DIR, br);
	else
		snprintf(buf, len, "punix:%s/%s/%s.mgmt", DEFAULT_RUN_DIR, cfg->dpdk.file_prefix,
			 br);
}

static int
add_listener(unsigned int b, const char *spec, char *err, size_t err_len)
{
	struct listener *l = &ch.listeners[ch.n_listeners];
	struct vsw_cfg_target t;
	int rc;

	if (ch.n_listeners == MAX_LISTENERS || vsw_cfg_parse_target(spec, &t) < 0) {
		snprintf(err, err_len, "listen %s: too many listeners, or not a target", spec);
		return -EINVAL;
	}
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->bridge = b;
	snprintf(l->name, sizeof(l->name), "%s", spec);
	rc = t.kind == VSW_CFG_TARGET_PUNIX ? listen_unix(l, t.path, err, err_len)
					    : listen_tcp(l, &t, err, err_len);
	if (rc < 0) {
		if (l->fd >= 0)
			close(l->fd);
		return rc;
	}
	ch.n_listeners++;
	return 0;
}

/* A name for an accepted peer: "unix:pid 123 uid 0" or "tcp:10.0.0.1:40000". */
static void
peer_name(int fd, const struct listener *l, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	char ip[INET6_ADDRSTRLEN] = "?";

	if (l->path[0] != '\0') {
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0)
			snprintf(buf, len, "unix:%s (pid %d, uid %u)", l->path, cred.pid, cred.uid);
		else
			snprintf(buf, len, "unix:%s", l->path);
		return;
	}
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0 && ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof(ip));
	else if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof(ip));
	snprintf(buf, len, "tcp:%s:%u", ip,
		 ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						: ((struct sockaddr_in *)&ss)->sin_port));
}

static void
accept_all(struct vswd_switch *sw, const struct listener *l)
{
	char peer[160];
	int fd, one = 1;

	while ((fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if (l->path[0] == '\0')
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		peer_name(fd, l, peer, sizeof(peer));
		VSWD_LOG(INFO, "OpenFlow: bridge %s: %s connected (listener %s)",
			 sw->cfg->bridges[l->bridge].name, peer, l->name);
		conn_new(sw, fd, l->bridge, peer, -1);
	}
}

/* ---- controllers vswitchd connects to ---- */

static void
controller_try(struct vswd_switch *sw, struct controller *k, unsigned int index, uint64_t now)
{
	struct sockaddr_storage ss;
	const struct vsw_cfg_target *t = &k->target;
	socklen_t len;
	int fd, one = 1;

	controller_backoff(sw, k, now);
	len = target_sockaddr(t, &ss);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return;
	/*
	 * Non-blocking: the HELLO waits in the send buffer until the connection
	 * is made; a refused one fails the first send, and the connection is
	 * freed and tried again after the back-off.
	 */
	if (connect(fd, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS) {
		VSWD_LOG(DEBUG, "OpenFlow: bridge %s: controller %s: %s",
			 sw->cfg->bridges[k->bridge].name, k->name, strerror(errno));
		close(fd);
		return;
	}
	if (t->kind == VSW_CFG_TARGET_TCP)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	k->conn = conn_new(sw, fd, k->bridge, k->name, (int)index);
}

int
vswd_channel_start(struct vswd_switch *sw, char *err, size_t err_len)
{
	const struct vsw_cfg *cfg = sw->cfg;
	char spec[160];
	unsigned int b, i;
	int rc;

	for (b = 0; b < cfg->n_bridges; b++) {
		const struct vsw_cfg_bridge *br = &cfg->bridges[b];

		rc = 0;
		if (br->listen_at.line == 0) { /* no listen key: the default listener */
			default_listen(cfg, br->name, spec, sizeof(spec));
			rc = add_listener(b, spec, err, err_len);
		}
		for (i = 0; rc == 0 && i < br->listen.n; i++)
			rc = add_listener(b, br->listen.v[i], err, err_len);
		for (i = 0; rc == 0 && i < br->controllers.n; i++) {
			struct controller *k = &ch.controllers[ch.n_controllers];

			if (ch.n_controllers == RTE_DIM(ch.controllers) ||
			    vsw_cfg_parse_target(br->controllers.v[i], &k->target) < 0) {
				snprintf(err, err_len, "controller %s: too many",
					 br->controllers.v[i]);
				rc = -EINVAL;
				break;
			}
			k->bridge = b;
			snprintf(k->name, sizeof(k->name), "%s", br->controllers.v[i]);
			ch.n_controllers++;
		}
		if (rc < 0) {
			vswd_channel_stop(sw);
			return rc;
		}
	}
	for (b = 0; b < VSW_MAX_BRIDGES; b++)
		ch.controller_seen_ns[b] = vswd_now_ns(); /* the grace period starts now */
	for (i = 0; i < ch.n_listeners; i++)
		VSWD_LOG(INFO, "OpenFlow: bridge %s listens on %s",
			 cfg->bridges[ch.listeners[i].bridge].name, ch.listeners[i].name);
	return 0;
}

/* The inactivity probe: an echo after inactivity-probe seconds of silence, a close after twice. */
static bool
conn_alive(struct vswd_switch *sw, struct vswd_ofconn *c, uint64_t now)
{
	uint64_t probe = (uint64_t)sw->cfg->bridges[c->bridge].inactivity_probe * 1000000000u;

	if (probe == 0 || c->version == 0 || now - c->last_rx_ns < probe)
		return true;
	if (c->echo_sent_ns == 0) {
		vswd_of_echo_request(c);
		c->echo_sent_ns = now;
		return true;
	}
	if (now - c->echo_sent_ns < probe)
		return true;
	VSWD_LOG(WARNING, "OpenFlow: bridge %s: %s silent for %" PRIu64 " s: closing",
		 sw->cfg->bridges[c->bridge].name, c->peer, (now - c->last_rx_ns) / 1000000000u);
	return false;
}

/* Whether a controller of bridge `bridge` has an agreed session. */
static bool
controller_connected(unsigned int bridge)
{
	unsigned int i;

	for (i = 0; i < ch.n_controllers; i++)
		if (ch.controllers[i].bridge == bridge && ch.controllers[i].conn != NULL &&
		    ch.controllers[i].conn->version != 0)
			return true;
	return false;
}

/*
 * Fail modes with controllers, as OVS has them: a standalone bridge whose
 * controllers have all been away for three inactivity probes (15 s when
 * probes are off) becomes a plain learning switch, its rules set aside,
 * until one is back; a secure one keeps running its rules and dropping
 * table misses whatever happens.
 */
static void
update_fail_open(struct vswd_switch *sw, uint64_t now)
{
	unsigned int b;

	for (b = 0; b < sw->cfg->n_bridges; b++) {
		const struct vsw_cfg_bridge *cb = &sw->cfg->bridges[b];
		uint64_t probe = (uint64_t)(cb->inactivity_probe ? cb->inactivity_probe : 5);
		bool away, was = __atomic_load_n(&sw->dp.bridges[b].fail_open, __ATOMIC_RELAXED);

		if (cb->controllers.n == 0 || cb->fail_mode != VSW_CFG_FAIL_STANDALONE)
			continue;
		if (controller_connected(b))
			ch.controller_seen_ns[b] = now;
		away = now - ch.controller_seen_ns[b] > 3 * probe * 1000000000u;
		if (away == was)
			continue;
		__atomic_store_n(&sw->dp.bridges[b].fail_open, away, __ATOMIC_RELAXED);
		VSWD_LOG(WARNING, "bridge %s: %s", cb->name,
			 away ? "no controller for three inactivity probes: fail-mode standalone, "
				"every packet NORMAL until one is back"
			      : "a controller is back: the rules run again");
	}
}

bool
vswd_channel_poll(struct vswd_switch *sw, unsigned int timeout_ms)
{
	struct pollfd pfd[2 + MAX_LISTENERS + VSWD_OF_MAX_CONNS];
	unsigned int n = 0, i, nl = ch.n_listeners, nc = ch.n_conns;
	uint64_t now;

	pfd[n++] = (struct pollfd){.fd = vswd_ipc_fd(), .events = POLLIN};
	/* The kernel's route changes wake the loop (tunnels.c reads them); last, so
	 * that the indexes below stay as they are. */
	pfd[1 + nl + nc] = (struct pollfd){.fd = vswd_tunnels_fd(), .events = POLLIN};
	for (i = 0; i < nl; i++)
		pfd[n++] = (struct pollfd){.fd = ch.listeners[i].fd, .events = POLLIN};
	for (i = 0; i < nc; i++) {
		struct vswd_ofconn *c = ch.conns[i];

		pfd[n].fd = c->fd;
		pfd[n].events =
			(short)((c->tx_len - c->tx_off < CONN_TX_HIGH && !c->closing ? POLLIN : 0) |
				(c->tx_len > c->tx_off ? POLLOUT : 0));
		pfd[n++].revents = 0;
	}
	if (poll(pfd, n + 1, (int)timeout_ms) < 0)
		n = 0; /* EINTR (a signal): nothing to serve this time */
	for (i = 0; i < nl; i++)
		if (pfd[1 + i].revents & POLLIN)
			accept_all(sw, &ch.listeners[i]);
	for (i = nc; i-- > 0;) { /* backwards: conn_free moves the last one into i */
		struct vswd_ofconn *c = ch.conns[i];
		short ev = pfd[1 + nl + i].revents;
		bool ok = true;

		if (ev & (POLLIN | POLLHUP | POLLERR))
			ok = conn_read(sw, c);
		if (c->controller >= 0 && c->version != 0 && !c->announced) {
			c->announced = true; /* a session: the next loss waits 1 s again */
			ch.controllers[c->controller].backoff_ms = 1000;
		}
		vswd_of_commit(sw, c);
		now = vswd_now_ns(); /* after the read: never before its last_rx_ns */
		ok = ok && conn_flush(c) && conn_alive(sw, c, now);
		if (!ok || (c->closing && c->tx_len == c->tx_off))
			conn_free(sw, i);
	}
	now = vswd_now_ns();
	for (i = 0; i < ch.n_controllers; i++)
		if (ch.controllers[i].conn == NULL && now >= ch.controllers[i].next_try_ns)
			controller_try(sw, &ch.controllers[i], i, now);
	update_fail_open(sw, now);
	return n > 0 && (pfd[0].revents & POLLIN);
}

unsigned int
vswd_channel_conns(struct vswd_ofconn ***conns)
{
	*conns = ch.conns;
	return ch.n_conns;
}

void
vswd_channel_stop(struct vswd_switch *sw)
{
	unsigned int i;

	while (ch.n_conns > 0)
		conn_free(sw, ch.n_conns - 1);
	for (i = 0; i < ch.n_listeners; i++) {
		close(ch.listeners[i].fd);
		if (ch.listeners[i].path[0] != '\0')
			unlink(ch.listeners[i].path);
		if (ch.listeners[i].made_dir[0] != '\0')
			rmdir(ch.listeners[i].made_dir); /* fails, rightly, while not empty */
	}
	ch.n_listeners = 0;
	ch.n_controllers = 0;
}
