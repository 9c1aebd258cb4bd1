/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * route.c: what the kernel knows about reaching a tunnel's remote
 * endpoint, over rtnetlink with libmnl, as OVS-DPDK's native tunnels use
 * the kernel's routing and neighbour tables. A route lookup (RTM_GETROUTE
 * for the address) gives the output interface and the gateway, if any; the
 * neighbour table (RTM_GETNEIGH) the next hop's MAC, in a usable state. An
 * unknown or failed neighbour is asked for (RTM_NEWNEIGH with NTF_USE: the
 * kernel sends its ARP request through the interface, as if a packet were
 * waiting). A second socket listens to the kernel's route, neighbour and
 * address notifications, so that the control thread looks again as soon as
 * anything changes.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "vsw_kernel.h"

/* A request's socket and sequence, and what the answer callback fills. */
struct lookup {
	uint32_t gateway; /* route: RTA_GATEWAY, 0 when on-link */
	uint32_t oif;	  /* route: RTA_OIF */
	uint32_t addr;	  /* neighbour: the address looked for */
	uint8_t mac[6];	  /* neighbour: its lladdr */
	bool found;
};

/* Send nlh on a new socket and pass each answer to cb. 0 or a negative errno. */
static int
ask(struct nlmsghdr *nlh, mnl_cb_t cb, struct lookup *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	unsigned int portid;
	ssize_t n;
	int rc;

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		mnl_socket_close(nl);
		return rc;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	rc = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -errno : MNL_CB_OK;
	while (rc > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			rc = -errno;
			break;
		}
		rc = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, cb, l);
	}
	mnl_socket_close(nl);
	return rc < 0 ? (errno != 0 ? -errno : -EIO) : 0;
}

static int
route_attr(const struct nlattr *attr, void *data)
{
	struct lookup *l = data;

	if (mnl_attr_get_type(attr) == RTA_GATEWAY && mnl_attr_get_payload_len(attr) == 4)
		memcpy(&l->gateway, mnl_attr_get_payload(attr), 4);
	else if (mnl_attr_get_type(attr) == RTA_OIF && mnl_attr_get_payload_len(attr) == 4)
		l->oif = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int
route_answer(const struct nlmsghdr *nlh, void *data)
{
	struct lookup *l = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWROUTE || rtm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), route_attr, l);
	l->found = l->oif != 0;
	return MNL_CB_OK;
}

static int
neigh_answer(const struct nlmsghdr *nlh, void *data)
{
	const uint16_t usable = NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE |
				NUD_PERMANENT | NUD_NOARP;
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct lookup *l = data;
	const struct nlattr *attr;
	bool dst_ok = false;
	const void *mac = NULL;

	if (nlh->nlmsg_type != RTM_NEWNEIGH || ndm->ndm_family != AF_INET ||
	    (uint32_t)ndm->ndm_ifindex != l->oif || !(ndm->ndm_state & usable))
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ndm)) {
		if (mnl_attr_get_type(attr) == NDA_DST && mnl_attr_get_payload_len(attr) == 4)
			dst_ok = memcmp(mnl_attr_get_payload(attr), &l->addr, 4) == 0;
		else if (mnl_attr_get_type(attr) == NDA_LLADDR && mnl_attr_get_payload_len(attr) == 6)
			mac = mnl_attr_get_payload(attr);
	}
	if (dst_ok && mac != NULL) {
		memcpy(l->mac, mac, 6);
		l->found = true;
	}
	return MNL_CB_OK;
}

/* Ask the kernel to resolve addr on interface oif (its ARP request goes out there). */
static void
neigh_use(uint32_t oif, uint32_t addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;
	struct lookup l = {0};

	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = (int)oif;
	ndm->ndm_state = NUD_NONE;
	ndm->ndm_flags = NTF_USE;
	mnl_attr_put(nlh, NDA_DST, 4, &addr);
	ask(nlh, NULL, &l); /* best effort: the next look tells */
}

int
vsw_route_lookup(uint32_t remote, struct vsw_route *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct lookup l = {0};
	struct rtmsg *rtm;
	int rc;

	memset(r, 0, sizeof(*r));
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK; /* the answer, then the ACK ends it */
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	mnl_attr_put(nlh, RTA_DST, 4, &remote);
	rc = ask(nlh, route_answer, &l);
	if (rc < 0 || !l.found)
		return rc == -ENETUNREACH || rc == -EHOSTUNREACH || rc == 0 ? -ENETUNREACH : rc;
	r->oif = l.oif;
	r->next_hop = l.gateway != 0 ? l.gateway : remote;
	/* The neighbour table, dumped (a GET of one entry needs a newer kernel). */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	((struct ndmsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ndmsg)))->ndm_family =
		AF_INET;
	memset(&l, 0, sizeof(l));
	l.oif = r->oif;
	l.addr = r->next_hop;
	rc = ask(nlh, neigh_answer, &l);
	if (rc < 0)
		return rc;
	r->resolved = l.found;
	memcpy(r->mac, l.mac, 6);
	if (!r->resolved)
		neigh_use(r->oif, r->next_hop);
	return 0;
}

struct mnl_socket *
vsw_route_watch_open(char *err, size_t err_len)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	unsigned int groups = RTMGRP_NEIGH | RTMGRP_IPV4_ROUTE | RTMGRP_IPV4_IFADDR | RTMGRP_LINK;

	if (nl == NULL || mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, err_len, "cannot listen to the kernel's routes and neighbours: %s",
			 strerror(errno));
		if (nl != NULL)
			mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

bool
vsw_route_watch_changed(struct mnl_socket *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool changed = false;

	/* Notifications say only that something changed: the lookups tell what. An
	 * overrun (ENOBUFS) lost some: a change too. */
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n > 0 || (n < 0 && errno == ENOBUFS)) {
			changed = true;
			continue;
		}
		return changed;
	}
}
