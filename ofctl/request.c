/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * request.c: how vsw-ofctl asks vswitchd to change something: one
 * rte_mp_request_sync per request (vsw_shm.h's VSW_IPC_*), and for flows a
 * bulk buffer in hugepage memory that vswitchd allocates and this process
 * fills, so a million flows cost two messages. The buffer is vswitchd's: it
 * frees it, also when this process dies before sending it.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "ofctl.h"

int
ofctl_request(const struct ofctl *o, struct vsw_ipc_request *req, struct vsw_ipc_reply *rep)
{
	struct timespec ts = {.tv_sec = (time_t)o->timeout,
			      .tv_nsec = (long)((o->timeout - (double)(time_t)o->timeout) * 1e9)};
	struct rte_mp_reply mp_rep;
	struct rte_mp_msg msg;
	int rc = 0;

	req->version = VSW_SHM_VERSION;
	req->pid = (uint32_t)getpid();
	memset(&msg, 0, sizeof(msg));
	snprintf(msg.name, sizeof(msg.name), "%s", VSW_IPC_ACTION);
	msg.len_param = sizeof(*req);
	memcpy(msg.param, req, sizeof(*req));
	memset(&mp_rep, 0, sizeof(mp_rep));
	if (rte_mp_request_sync(&msg, &mp_rep, &ts) < 0 || mp_rep.nb_received != 1) {
		fprintf(stderr, "vsw-ofctl: vswitchd '%s' did not answer within %g s\n", o->prefix,
			o->timeout);
		rc = OFCTL_NO_SWITCH;
	} else if (mp_rep.msgs[0].len_param != (int)sizeof(*rep)) {
		fprintf(stderr, "vsw-ofctl: vswitchd '%s' sent a reply of %d bytes, want %zu\n",
			o->prefix, mp_rep.msgs[0].len_param, sizeof(*rep));
		rc = OFCTL_NO_SWITCH;
	} else {
		memcpy(rep, mp_rep.msgs[0].param, sizeof(*rep));
		rep->msg[sizeof(rep->msg) - 1] = '\0';
		if (rep->status == -EPROTO) {
			fprintf(stderr, "vsw-ofctl: %s\n", rep->msg);
			rc = OFCTL_NO_SWITCH;
		}
	}
	free(mp_rep.msgs);
	return rc;
}

int
ofctl_send_flows(const struct ofctl *o, unsigned int bridge, enum vsw_ipc_flow_cmd cmd,
		 const char *text, size_t len, struct vsw_ipc_reply *rep)
{
	struct vsw_ipc_request req;
	int rc;

	memset(&req, 0, sizeof(req));
	if (len > 0) {
		req.op = VSW_IPC_BUF_ALLOC;
		req.len = len;
		rc = ofctl_request(o, &req, rep);
		if (rc != 0 || rep->status < 0)
			return rc;
		memcpy((void *)(uintptr_t)rep->buf_addr, text, len);
		req.buf_id = rep->buf_id;
	}
	req.op = VSW_IPC_FLOW_MOD;
	req.bridge = (uint16_t)bridge;
	req.command = (uint16_t)cmd;
	req.len = len;
	return ofctl_request(o, &req, rep);
}
