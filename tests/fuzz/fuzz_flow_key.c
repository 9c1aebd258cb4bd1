/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fuzz_flow_key: libFuzzer target for the packet parser (datapath/
 * flow_key.c). Each input is one frame, copied into a heap buffer of exactly
 * its size and wrapped in a one-segment mbuf, so AddressSanitizer reports
 * any read past the frame. No EAL is needed: the parser only reads the mbuf.
 * Built and run by scripts/fuzz.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>

#include "vsw_datapath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	if (k.in_port != 1 || k.pad[0] | k.pad[1] | k.pad[2] | k.pad[3])
		abort();
	free(frame);
	return 0;
}
