/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ipc.c: requests from helper processes (vsw-ofctl), over DPDK mp IPC, as
 * vsw_shm.h defines them (VSW_IPC_ACTION).
 *
 * Two threads meet here. DPDK's IPC thread runs on_request(): it checks the
 * message's shape (size, version, op, reserved bits), answers a malformed
 * one at once, and queues a well-formed one, waking the control thread
 * through an eventfd; it never allocates DPDK memory nor touches flow
 * tables. The control thread (main.c) polls that eventfd with the OpenFlow
 * channel's sockets and calls vswd_ipc_poll(), which runs the queue: it
 * allocates and frees the bulk buffers, hands flow batches to flowmod.c,
 * and replies. Every request gets exactly one reply.
 *
 * The queue is the only state both threads touch, under `lock`. The buffer
 * table is the control thread's alone.
 */

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "vswitchd.h"

#define IPC_QUEUE_LEN 32 /* requests waiting for the control thread */
#define IPC_MAX_BUFS  8	 /* bulk buffers allocated at once */

/* A request waiting for the control thread. */
struct ipc_pending {
	struct vsw_ipc_request req;
	char peer[sizeof(((struct sockaddr_un *)0)->sun_path)]; /* where to reply */
};

/* A bulk buffer a helper asked for; control thread only. */
struct ipc_buf {
	uint64_t id; /* 0 = slot free */
	uint32_t pid;
	size_t size;
	void *mem; /* rte_malloc'ed */
};

static struct {
	pthread_mutex_t lock;
	int wake; /* eventfd: written when a request is queued */
	struct ipc_pending queue[IPC_QUEUE_LEN];
	unsigned int n_queued; /* under lock */
	bool registered;
	struct ipc_buf bufs[IPC_MAX_BUFS];
	uint64_t next_buf_id;
} ipc = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = -1,
	.next_buf_id = 1,
};

static void
reply(const char *peer, const struct vsw_ipc_reply *rep)
{
	struct rte_mp_msg msg;

	memset(&msg, 0, sizeof(msg));
	snprintf(msg.name, sizeof(msg.name), "%s", VSW_IPC_ACTION);
	msg.len_param = sizeof(*rep);
	memcpy(msg.param, rep, sizeof(*rep));
	if (rte_mp_reply(&msg, peer) < 0)
		VSWD_LOG(WARNING, "could not reply to %s (it may have exited)", peer);
}

/* Fill rep as a refusal: status rc and a message. Returns rc. */
static int refuse(struct vsw_ipc_reply *rep, int rc, const char *fmt, ...)
	__rte_format_printf(3, 4);

static int
refuse(struct vsw_ipc_reply *rep, int rc, const char *fmt, ...)
{
	va_list ap;

	rep->status = rc;
	va_start(ap, fmt);
	vsnprintf(rep->msg, sizeof(rep->msg), fmt, ap);
	va_end(ap);
	return rc;
}

/* The shape checks the IPC thread can make alone. 0 or a refusal in rep. */
static int
check_shape(const struct rte_mp_msg *msg, const struct vsw_ipc_request *req,
	    struct vsw_ipc_reply *rep)
{
	if (msg->len_param != (int)sizeof(*req) || msg->num_fds != 0)
		return refuse(rep, -EBADMSG,
			      "malformed request: %d bytes and %d fds, want %zu and 0",
			      msg->len_param, msg->num_fds, sizeof(*req));
	if (req->version != VSW_SHM_VERSION)
		return refuse(rep, -EPROTO,
			      "request of layout version %u; this vswitchd speaks %u (use the "
			      "vsw-ofctl built with it)",
			      req->version, VSW_SHM_VERSION);
	if (req->op == VSW_IPC__NONE || req->op >= VSW_IPC__COUNT || req->reserved != 0)
		return refuse(rep, -EBADMSG, "malformed request: unknown op %u", req->op);
	return 0;
}

/* DPDK's IPC thread: check, then queue for the control thread (or refuse). */
static int
on_request(const struct rte_mp_msg *msg, const void *peer)
{
	struct vsw_ipc_reply rep = {.version = VSW_SHM_VERSION};
	struct vsw_ipc_request req;

	memset(&req, 0, sizeof(req));
	memcpy(&req, msg->param, RTE_MIN(sizeof(req), (size_t)RTE_MAX(msg->len_param, 0)));
	if (check_shape(msg, &req, &rep) < 0) {
		reply(peer, &rep);
		return 0;
	}
	pthread_mutex_lock(&ipc.lock);
	if (ipc.n_queued == IPC_QUEUE_LEN) {
		pthread_mutex_unlock(&ipc.lock);
		refuse(&rep, -EBUSY, "vswitchd is busy (%u requests queued); try again",
		       IPC_QUEUE_LEN);
		reply(peer, &rep);
		return 0;
	}
	ipc.queue[ipc.n_queued].req = req;
	snprintf(ipc.queue[ipc.n_queued].peer, sizeof(ipc.queue[0].peer), "%s", (const char *)peer);
	ipc.n_queued++;
	pthread_mutex_unlock(&ipc.lock);
	if (eventfd_write(ipc.wake, 1) < 0)
		VSWD_LOG(WARNING, "cannot wake the control thread: %s", strerror(errno));
	return 0;
}

/* ---- bulk buffers (control thread) ---- */

static void
buf_free(struct ipc_buf *b)
{
	rte_free(b->mem);
	memset(b, 0, sizeof(*b));
}

static int
buf_alloc(const struct vsw_ipc_request *req, struct vsw_ipc_reply *rep)
{
	struct ipc_buf *b = NULL;
	unsigned int i;

	if (req->len == 0 || req->len > VSW_IPC_BUF_MAX)
		return refuse(rep, -EINVAL, "buffer of %llu bytes: 1..%llu",
			      (unsigned long long)req->len, VSW_IPC_BUF_MAX);
	for (i = 0; i < IPC_MAX_BUFS; i++) {
		if (ipc.bufs[i].id != 0 && ipc.bufs[i].pid == req->pid)
			return refuse(rep, -EBUSY, "pid %u holds a buffer already", req->pid);
		if (ipc.bufs[i].id == 0 && b == NULL)
			b = &ipc.bufs[i];
	}
	if (b == NULL)
		return refuse(rep, -EBUSY, "%u batches are being sent already; try again",
			      IPC_MAX_BUFS);
	b->mem = rte_malloc("vsw_ipc_buf", req->len, 0);
	if (b->mem == NULL)
		return refuse(rep, -ENOMEM,
			      "no %llu bytes of hugepage memory for the batch: raise "
			      "dpdk.socket-mem or send fewer flows at once",
			      (unsigned long long)req->len);
	b->id = ipc.next_buf_id++;
	b->pid = req->pid;
	b->size = req->len;
	rep->buf_id = b->id;
	rep->buf_addr = (uint64_t)(uintptr_t)b->mem;
	return 0;
}

/*
 * The text of a FLOW_MOD: copied out of its buffer (which the requester
 * could still write) into *text, NUL-terminated; the buffer is freed.
 */
static int
take_text(const struct vsw_ipc_request *req, char **text, struct vsw_ipc_reply *rep)
{
	struct ipc_buf *b = NULL;
	const char *nul;
	unsigned int i;

	for (i = 0; req->buf_id != 0 && i < IPC_MAX_BUFS; i++)
		if (ipc.bufs[i].id == req->buf_id)
			b = &ipc.bufs[i];
	if (req->buf_id != 0 && (b == NULL || b->pid != req->pid))
		return refuse(rep, -EINVAL, "no buffer %llu of pid %u",
			      (unsigned long long)req->buf_id, req->pid);
	if (req->len > (b != NULL ? b->size : 0)) {
		refuse(rep, -EINVAL, "%llu bytes of text in a buffer of %zu",
		       (unsigned long long)req->len, b != NULL ? b->size : 0);
		goto out;
	}
	*text = malloc(req->len + 1);
	if (*text == NULL) {
		refuse(rep, -ENOMEM, "out of memory for %llu bytes", (unsigned long long)req->len);
		goto out;
	}
	if (req->len > 0)
		memcpy(*text, b->mem, req->len);
	(*text)[req->len] = '\0';
	nul = memchr(*text, '\0', req->len);
	if (nul != NULL) {
		refuse(rep, -EINVAL, "a NUL byte at offset %zu of the text", (size_t)(nul - *text));
		free(*text);
		*text = NULL;
	}
out:
	if (b != NULL)
		buf_free(b);
	return rep->status;
}

void
vswd_ipc_reap(void)
{
	unsigned int i;

	for (i = 0; i < IPC_MAX_BUFS; i++) {
		if (ipc.bufs[i].id == 0 || kill((pid_t)ipc.bufs[i].pid, 0) == 0 || errno != ESRCH)
			continue;
		VSWD_LOG(WARNING,
			 "freed the batch buffer of pid %u, which exited without sending it",
			 ipc.bufs[i].pid);
		buf_free(&ipc.bufs[i]);
	}
}

/* ---- requests (control thread) ---- */

static void
run_flow_mod(struct vswd_switch *sw, const struct vsw_ipc_request *req, struct vsw_ipc_reply *rep)
{
	char *text = NULL;

	if (req->bridge >= sw->cfg->n_bridges) {
		refuse(rep, -ENOENT, "no bridge %u", req->bridge);
		return;
	}
	if (req->command == VSW_FLOW_CMD__NONE || req->command >= VSW_FLOW_CMD__COUNT) {
		refuse(rep, -EBADMSG, "malformed request: unknown flow command %u", req->command);
		return;
	}
	if (take_text(req, &text, rep) < 0)
		return;
	vswd_flowmod(sw, req->bridge, (enum vsw_ipc_flow_cmd)req->command, text, rep);
	free(text);
}

static void
run_fdb_flush(struct vswd_switch *sw, const struct vsw_ipc_request *req, struct vsw_ipc_reply *rep)
{
	if (req->bridge >= sw->n_fdb) {
		refuse(rep, -ENOENT, "no bridge %u", req->bridge);
		return;
	}
	rep->n_changed = vsw_fdb_flush(sw->fdb[req->bridge], -1);
	VSWD_LOG(INFO, "bridge %s: MAC table flushed (%u entries)",
		 sw->cfg->bridges[req->bridge].name, rep->n_changed);
}

static void
run_buf_alloc(struct vswd_switch *sw, const struct vsw_ipc_request *req, struct vsw_ipc_reply *rep)
{
	RTE_SET_USED(sw);
	buf_alloc(req, rep);
}

static void
run_pmd_stats_clear(struct vswd_switch *sw, const struct vsw_ipc_request *req,
		    struct vsw_ipc_reply *rep)
{
	RTE_SET_USED(req);
	RTE_SET_USED(rep);
	vsw_shm_pmd_stats_clear(sw->shm);
}

static void
run_reload(struct vswd_switch *sw, const struct vsw_ipc_request *req, struct vsw_ipc_reply *rep)
{
	RTE_SET_USED(req);
	vswd_reload(sw, rep);
}

/* Each op's handler, from the table in vsw_shm.h. */
static void (*const handlers[VSW_IPC__COUNT])(struct vswd_switch *sw,
					       const struct vsw_ipc_request *req,
					       struct vsw_ipc_reply *rep) = {
#define IPC_HANDLER(e, name, what) [VSW_IPC_##e] = run_##name,
	VSW_IPC_OPS(IPC_HANDLER)
#undef IPC_HANDLER
};

static void
run(struct vswd_switch *sw, const struct ipc_pending *p)
{
	struct vsw_ipc_reply rep;

	memset(&rep, 0, sizeof(rep));
	rep.version = VSW_SHM_VERSION;
	/* check_shape() let only ops of the table through. */
	handlers[p->req.op](sw, &p->req, &rep);
	reply(p->peer, &rep);
}

void
vswd_ipc_poll(struct vswd_switch *sw)
{
	struct ipc_pending batch[IPC_QUEUE_LEN];
	eventfd_t count;
	unsigned int n, i;

	eventfd_read(ipc.wake, &count); /* non-blocking: fine when nothing was written */
	pthread_mutex_lock(&ipc.lock);
	n = ipc.n_queued;
	memcpy(batch, ipc.queue, n * sizeof(batch[0]));
	ipc.n_queued = 0;
	pthread_mutex_unlock(&ipc.lock);
	for (i = 0; i < n; i++)
		run(sw, &batch[i]);
}

int
vswd_ipc_fd(void)
{
	return ipc.wake;
}

int
vswd_ipc_start(char *err, size_t err_len)
{
	ipc.wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ipc.wake < 0) {
		snprintf(err, err_len, "cannot create an eventfd: %s", strerror(errno));
		return -errno;
	}
	if (rte_mp_action_register(VSW_IPC_ACTION, on_request) < 0) {
		snprintf(err, err_len, "cannot register IPC action %s: %s", VSW_IPC_ACTION,
			 rte_strerror(rte_errno));
		close(ipc.wake);
		ipc.wake = -1;
		return -rte_errno;
	}
	ipc.registered = true;
	return 0;
}

void
vswd_ipc_stop(void)
{
	struct vsw_ipc_reply rep = {.version = VSW_SHM_VERSION};
	unsigned int i;

	if (!ipc.registered)
		return;
	rte_mp_action_unregister(VSW_IPC_ACTION);
	ipc.registered = false;
	refuse(&rep, -ESHUTDOWN, "vswitchd is stopping");
	pthread_mutex_lock(&ipc.lock);
	for (i = 0; i < ipc.n_queued; i++)
		reply(ipc.queue[i].peer, &rep);
	ipc.n_queued = 0;
	pthread_mutex_unlock(&ipc.lock);
	for (i = 0; i < IPC_MAX_BUFS; i++)
		if (ipc.bufs[i].id != 0)
			buf_free(&ipc.bufs[i]);
	close(ipc.wake);
	ipc.wake = -1;
}
