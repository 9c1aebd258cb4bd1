/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * tunnel_private.h: VXLAN's outer headers as tunnel.c (the PMD's
 * encapsulation and decapsulation) and tunnel_header.c (building the
 * template, checking and stripping received headers) share them.
 */

#ifndef VSW_TUNNEL_PRIVATE_H
#define VSW_TUNNEL_PRIVATE_H

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "vsw_datapath.h"

/* The outer headers, as they lie in front of the inner frame. */
struct vxlan_outer {
	struct rte_ether_hdr eth;
	struct rte_ipv4_hdr ip;
	struct rte_udp_hdr udp;
	struct rte_vxlan_hdr vxlan;
} __rte_packed __rte_aligned(2);
_Static_assert(sizeof(struct vxlan_outer) == VSW_VXLAN_HLEN, "VXLAN outer headers");

#define VXLAN_FLAG_I 0x08 /* the first byte: the VNI is valid */

/* Fold a 32-bit one's-complement sum to 16 bits. */
static inline uint16_t
fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

#endif /* VSW_TUNNEL_PRIVATE_H */
