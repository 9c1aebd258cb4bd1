/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * rtnl.c: the few rtnetlink requests vsw makes, over libmnl: link up/down,
 * MTU and MAC (RTM_NEWLINK), addresses (RTM_NEWADDR). Each request opens its
 * own socket, asks for an acknowledgement with extended ACK, and turns a
 * refusal into a negative errno and one line carrying the kernel's message
 * when it gives one. internal_port.c uses them on internal ports.
 */

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "vsw_config.h"
#include "vsw_kernel.h"

/* The kernel's extended-ACK text in an error message, or NULL. */
static const char *
ack_text(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&e->msg);
	mnl_attr_for_each(attr, nlh, off) if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
					      mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) ==
						      0) return mnl_attr_get_str(attr);
	return NULL;
}

/* Send request nlh and wait for its acknowledgement. what: for messages. */
static int
request(struct nlmsghdr *nlh, const char *what, char *err, size_t err_len)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const struct nlmsghdr *ack;
	struct mnl_socket *nl;
	const char *text;
	int one = 1, rc;
	ssize_t n;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		snprintf(err, err_len, "%s: cannot open an rtnetlink socket: %s", what,
			 strerror(errno));
		if (nl != NULL)
			mnl_socket_close(nl);
		return rc;
	}
	/* Ask for the kernel's reason with its refusals (ignored by old kernels). */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	n = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	if (n >= 0)
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0) {
		rc = -errno;
		snprintf(err, err_len, "%s: rtnetlink: %s", what, strerror(errno));
		mnl_socket_close(nl);
		return rc;
	}
	ack = (const struct nlmsghdr *)buf;
	rc = 0;
	if (!mnl_nlmsg_ok(ack, (int)n) || ack->nlmsg_type != NLMSG_ERROR) {
		snprintf(err, err_len, "%s: rtnetlink: unexpected answer", what);
		rc = -EPROTO;
	} else if (((const struct nlmsgerr *)mnl_nlmsg_get_payload(ack))->error != 0) {
		rc = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(ack))->error;
		text = ack_text(ack);
		snprintf(err, err_len, "%s: the kernel refused: %s%s%s", what, strerror(-rc),
			 text != NULL ? ": " : "", text != NULL ? text : "");
	}
	mnl_socket_close(nl);
	return rc;
}

/* ifname's index, or a negative errno with err. */
static int
if_index(const char *ifname, const char *what, char *err, size_t err_len)
{
	unsigned int index = if_nametoindex(ifname);

	if (index == 0) {
		snprintf(err, err_len, "%s: no interface %s: %s", what, ifname, strerror(errno));
		return -ENODEV;
	}
	return (int)index;
}

int
vsw_rtnl_link_set(const char *ifname, bool up, uint32_t mtu, const unsigned char *mac, char *err,
		  size_t err_len)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], what[64];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	int index;

	snprintf(what, sizeof(what), "%s: link %s", ifname, up ? "up" : "down");
	index = if_index(ifname, what, err, err_len);
	if (index < 0)
		return index;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	if (mtu != 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (mac != NULL)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	return request(nlh, what, err, err_len);
}

int
vsw_rtnl_addr_add(const char *ifname, const char *cidr, char *err, size_t err_len)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], what[128];
	unsigned char addr[16];
	struct ifaddrmsg *ifa;
	struct nlmsghdr *nlh;
	unsigned int plen;
	int family, index;

	snprintf(what, sizeof(what), "%s: address %s", ifname, cidr);
	if (vsw_cfg_parse_cidr(cidr, &family, addr, &plen) < 0) {
		snprintf(err, err_len, "%s: not ADDRESS/PREFIX-LENGTH", what);
		return -EINVAL;
	}
	index = if_index(ifname, what, err, err_len);
	if (index < 0)
		return index;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)plen;
	ifa->ifa_index = (unsigned int)index;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, addr);
	return request(nlh, what, err, err_len);
}
