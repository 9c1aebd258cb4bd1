/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fuzz_flow_key: libFuzzer target for the packet parsers: the flow key's
 * (datapath/flow_key.c) and VXLAN decapsulation's (datapath/tunnel.c, which
 * checks the outer headers, strips them and parses the inner frame). Each
 * input is one frame, copied into a heap buffer of exactly its size and
 * wrapped in a one-segment mbuf, so AddressSanitizer reports any read past
 * the frame. No EAL is needed: the parsers only read the mbuf. The tunnels:
 * 10.99.0.1:4789 with a fixed VNI 42 from 10.99.0.2, and one that takes any
 * VNI and source. Built and run by scripts/fuzz.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>

#include "vsw_datapath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vsw_dp dp;
static struct vsw_port ports[2];

/* Two tunnels on one local endpoint: fixed (port 0) and flow-based (port 1). */
static void
tunnels_init(void)
{
	static const uint8_t mac[6] = {2, 0, 0, 0, 0, 1};
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct vsw_dp_tunnel *t = &dp.tunnels[i];

		ports[i].ofport = (uint16_t)(10 + i);
		dp.ports[i] = &ports[i];
		t->port = (uint16_t)i;
		t->local = RTE_BE32(0x0a630001);
		t->remote = i == 0 ? RTE_BE32(0x0a630002) : 0;
		t->vni = i == 0 ? 42 : -1;
		t->dst_port = RTE_BE16(4789);
		vsw_tunnel_prepare(t, mac);
	}
	dp.n_tunnels = 2;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct vsw_dp_tunnel *t;
	struct vsw_flow_key k;
	struct rte_mbuf m;
	uint8_t *frame;

	if (size > UINT16_MAX)
		return 0;
	frame = malloc(size ? size : 1);
	if (frame == NULL)
		return 0;
	memcpy(frame, data, size);
	memset(&m, 0, sizeof(m));
	m.buf_addr = frame;
	m.data_len = (uint16_t)size;
	m.pkt_len = (uint32_t)size;
	m.nb_segs = 1;
	vsw_key_parse(&m, 1, &k);
	if (k.in_port != 1 || k.pad[0] | k.pad[1] | k.pad[2] | k.pad[3] || k.tun_id | k.tun_src |
									       k.tun_dst)
		abort();
	if (dp.n_tunnels == 0)
		tunnels_init();
	if (vsw_tunnel_strip(&dp, &m, &t, &k) < 0 &&
	    (k.in_port != ports[t->port].ofport || m.data_off + m.data_len > size ||
	     m.pkt_len != m.data_len || m.data_len < 14))
		abort();
	free(frame);
	return 0;
}
