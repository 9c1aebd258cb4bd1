/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_openflow.c: openflow/'s session messages on hand-built bytes:
 * framing of whole, partial and lying messages; HELLO with and without a
 * version bitmap and the version both sides then use (OpenFlow 1.3.5,
 * 6.3.1); type numbers of 1.0 and 1.3; ERROR carrying the request's xid
 * and first 64 bytes under each version's numbers; ECHO_REPLY.
 */

#include <errno.h>
#include <string.h>

#include "check.h"
#include "vsw_openflow.h"

#define V10 VSW_OFP_VERSION_BIT(VSW_OFP10)
#define V13 VSW_OFP_VERSION_BIT(VSW_OFP13)

static void
test_frame(void)
{
	const uint8_t msg[] = {4, 2, 0, 12, 0, 0, 0, 7, 'p', 'i', 'n', 'g', 4, 0};
	const uint8_t liar[] = {4, 0, 0, 4, 0, 0, 0, 1};
	struct vsw_ofp_header h;

	EXPECT(vsw_ofp_frame(msg, 7, &h) == 0); /* not even a header */
	EXPECT(vsw_ofp_frame(msg, 11, &h) == 0); /* a header, not the whole */
	EXPECT(vsw_ofp_frame(msg, sizeof(msg), &h) == 12);
	EXPECT(h.version == 4 && h.type == 2 && h.length == 12 && h.xid == 7);
	EXPECT(vsw_ofp_frame(liar, sizeof(liar), &h) == -EBADMSG);
}

static void
test_types(void)
{
	EXPECT(vsw_ofp_wire_type(VSW_OFP13, VSW_OFPT_BARRIER_REQUEST) == 20);
	EXPECT(vsw_ofp_wire_type(VSW_OFP10, VSW_OFPT_BARRIER_REQUEST) == 18);
	EXPECT(vsw_ofp_wire_type(VSW_OFP10, VSW_OFPT_ROLE_REQUEST) == -1);
	EXPECT(vsw_ofp_wire_type(0x05, VSW_OFPT_HELLO) == -1);
	EXPECT(vsw_ofp_type_of(VSW_OFP10, 16) == VSW_OFPT_MULTIPART_REQUEST);
	EXPECT(vsw_ofp_type_of(VSW_OFP13, 16) == VSW_OFPT_PORT_MOD);
	EXPECT(vsw_ofp_type_of(VSW_OFP13, 30) == -1);
}

static void
test_hello(void)
{
	/* Recorded from ovs-ofctl 3.1 -O OpenFlow13: a 1.3 header, a bitmap of 1.3 only. */
	const uint8_t ofctl13[] = {4, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 8, 0, 0, 0, 0x10};
	const uint8_t bare10[] = {1, 0, 0, 8, 0, 0, 0, 1}; /* ovs-ofctl's default */
	const uint8_t cut[] = {4, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 40, 0, 0, 0, 0x10};
	/* An unknown element first, then the bitmap: the unknown one is skipped. */
	const uint8_t two[] = {4, 0, 0, 24, 0, 0, 0, 1, 0, 9, 0, 5, 1, 0, 0, 0,
			       0, 1, 0, 8, 0, 0, 0, 0x12};
	uint8_t out[64];
	uint32_t versions;
	size_t n;

	n = vsw_ofp_hello(out, sizeof(out), V10 | V13, 9);
	EXPECT(n == 16 && out[0] == VSW_OFP13 && out[1] == 0 && out[3] == 16 && out[7] == 9);
	EXPECT(vsw_ofp_hello_versions(out, n, &versions) == 0 && versions == (V10 | V13));
	EXPECT(vsw_ofp_hello(out, 15, V13, 1) == 0);
	EXPECT(vsw_ofp_hello_versions(ofctl13, sizeof(ofctl13), &versions) == 0 &&
	       versions == V13);
	EXPECT(vsw_ofp_negotiate(V10 | V13, 4, versions) == VSW_OFP13);
	EXPECT(vsw_ofp_hello_versions(two, sizeof(two), &versions) == 0 && versions == 0x12);
	EXPECT(vsw_ofp_hello_versions(cut, sizeof(cut), &versions) == -EBADMSG);
	/* No bitmap: the lower header version, if both speak it. */
	EXPECT(vsw_ofp_hello_versions(bare10, sizeof(bare10), &versions) == 0 && versions == 0);
	EXPECT(vsw_ofp_negotiate(V10 | V13, 1, 0) == VSW_OFP10);
	EXPECT(vsw_ofp_negotiate(V10 | V13, 6, 0) == VSW_OFP13);
	EXPECT(vsw_ofp_negotiate(V10 | V13, 3, 0) == -1); /* 1.2 only: not ours */
	EXPECT(vsw_ofp_negotiate(V13, 0x10, VSW_OFP_VERSION_BIT(5) | VSW_OFP_VERSION_BIT(6)) == -1);
	EXPECT(vsw_ofp_negotiate(V10 | V13, 6, VSW_OFP_VERSION_BIT(6) | V10) == VSW_OFP10);
}

static void
test_error_and_echo(void)
{
	uint8_t req[100], out[128];
	size_t n, i;

	for (i = 0; i < sizeof(req); i++)
		req[i] = (uint8_t)i;
	req[0] = VSW_OFP13;
	req[2] = 0;
	req[3] = sizeof(req);
	n = vsw_ofp_error(out, sizeof(out), VSW_OFP13, VSW_OFPE_BAD_TYPE, req, sizeof(req));
	EXPECT(n == 8 + 4 + 64 && out[0] == VSW_OFP13 && out[1] == 1 && out[3] == n);
	EXPECT(memcmp(out + 4, req + 4, 4) == 0);		  /* the request's xid */
	EXPECT(out[8] == 0 && out[9] == 1 && out[10] == 0 && out[11] == 1); /* BAD_REQUEST/BAD_TYPE */
	EXPECT(memcmp(out + 12, req, 64) == 0);
	n = vsw_ofp_error(out, sizeof(out), VSW_OFP13, VSW_OFPE_HELLO_INCOMPATIBLE, req, 8);
	EXPECT(n == 20 && out[9] == 0 && out[11] == 0);
	EXPECT(vsw_ofp_error(out, 20, VSW_OFP13, VSW_OFPE_BAD_LEN, req, sizeof(req)) == 0);
	EXPECT(vsw_ofp_error(out, sizeof(out), 0x05, VSW_OFPE_BAD_LEN, req, 8) == 0);
	req[1] = 2; /* ECHO_REQUEST */
	n = vsw_ofp_echo_reply(out, sizeof(out), req, 20);
	EXPECT(n == 20 && out[1] == 3 && out[3] == 20 && memcmp(out + 4, req + 4, 16) == 0);
	EXPECT(vsw_ofp_echo_reply(out, 10, req, 20) == 0);
}

int
main(void)
{
	test_frame();
	test_types();
	test_hello();
	test_error_and_echo();
	return test_report("test_openflow");
}
