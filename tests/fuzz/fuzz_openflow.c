/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fuzz_openflow.c: libFuzzer target for openflow/'s session messages. The
 * input is a byte stream as a connection would receive it: every whole
 * message framed off its front goes through the HELLO decoder, and is
 * answered with an ERROR and (as if an echo request) an ECHO_REPLY. Must
 * not crash, read past the input, or frame a length the input does not hold.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_openflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vsw_ofp_header h;
	uint8_t out[128], *copy;
	uint32_t versions;
	size_t n;
	int len;

	/* A copy of exactly size bytes: ASan catches any read past it. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	for (n = 0; (len = vsw_ofp_frame(copy + n, size - n, &h)) > 0; n += (size_t)len) {
		if ((size_t)len > size - n || len < VSW_OFP_HEADER_LEN)
			abort();
		if (vsw_ofp_hello_versions(copy + n, (size_t)len, &versions) == 0 &&
		    vsw_ofp_negotiate(versions | 0x12, h.version, versions) > 31)
			abort();
		if (vsw_ofp_error(out, sizeof(out), VSW_OFP13, VSW_OFPE_BAD_TYPE, copy + n,
				  (size_t)len) > 8 + 4 + VSW_OFP_ERROR_DATA)
			abort();
		if (vsw_ofp_echo_reply(out, sizeof(out), copy + n, (size_t)len) >
		    (size_t)len)
			abort();
		vsw_ofp_type_of(h.version, h.type);
	}
	free(copy);
	return 0;
}
