/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_flow_key: the packet parser (datapath/flow_key.c) on hand-built
 * frames: every header kind it knows, each field it fills, and the broken
 * ones: truncated, malformed, padded, fragmented, runts, and headers that
 * spill into a second segment. Fields of a header that is cut short must stay
 * zero; nothing may be read past the frame (ASan watches in the sanitizer run).
 */

#include <string.h>

#include <rte_mbuf.h>

#include "testlib.h"
#include "vsw_datapath.h"

static struct rte_mempool *pool;
/* A frame under construction. */
struct frame {
	uint8_t b[256];
	uint16_t n;
};

static void
put(struct frame *f, const void *p, uint16_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void
put16(struct frame *f, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	put(f, b, 2);
}

static void
put_eth(struct frame *f, uint16_t type)
{
	static const uint8_t macs[12] = {0x02, 0, 0, 0, 0, 0xbb, 0x02, 0, 0, 0, 0, 0xaa};

	f->n = 0;
	put(f, macs, sizeof(macs));
	put16(f, type);
}

static void
put_ipv4(struct frame *f, uint8_t ihl_words, uint16_t total, uint16_t frag, uint8_t proto)
{
	uint8_t h[60] = {0};

	h[0] = (uint8_t)(0x40 | ihl_words);
	h[1] = 0x28; /* DSCP 10 */
	h[2] = (uint8_t)(total >> 8);
	h[3] = (uint8_t)total;
	h[6] = (uint8_t)(frag >> 8);
	h[7] = (uint8_t)frag;
	h[8] = 64;
	h[9] = proto;
	memcpy(h + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	put(f, h, (uint16_t)(ihl_words >= 5 ? ihl_words * 4 : 20));
}

static void
put_ports(struct frame *f, uint16_t src, uint16_t dst)
{
	put16(f, src);
	put16(f, dst);
}

static void
put_tcp(struct frame *f, uint16_t src, uint16_t dst, uint8_t flags)
{
	uint8_t rest[16] = {0};

	put_ports(f, src, dst);
	rest[8] = 0x50; /* data offset 5 */
	rest[9] = flags;
	put(f, rest, sizeof(rest));
}

static void
put_ipv6(struct frame *f, uint16_t payload, uint8_t next)
{
	uint8_t h[40] = {0x6a, 0x50}; /* traffic class 0xa5 */

	h[4] = (uint8_t)(payload >> 8);
	h[5] = (uint8_t)payload;
	h[6] = next;
	h[7] = 32;
	h[8] = 0x20;
	h[23] = 1;
	h[24] = 0x20;
	h[39] = 2;
	put(f, h, sizeof(h));
}

/* Parse f as received on port 7 (one segment, or split after `split` bytes). */
static void
parse(const struct frame *f, uint16_t split, struct vsw_flow_key *k)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool), *m2 = NULL;
	uint16_t first = split ? split : f->n;

	memcpy(rte_pktmbuf_append(m, first), f->b, first);
	if (split) {
		m2 = rte_pktmbuf_alloc(pool);
		memcpy(rte_pktmbuf_append(m2, (uint16_t)(f->n - split)), f->b + split,
		       f->n - split);
		rte_pktmbuf_chain(m, m2);
	}
	vsw_key_parse(m, 7, k);
	rte_pktmbuf_free(m);
}

static bool
zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static void
test_ipv4_tcp(void)
{
	struct vsw_flow_key k;
	struct frame f;

	put_eth(&f, 0x0800);
	put_ipv4(&f, 5, 40, 0, 6);
	put_tcp(&f, 1234, 80, 0x12);
	parse(&f, 0, &k);
	EXPECT(k.in_port == 7 && k.dl_type == RTE_BE16(0x0800));
	EXPECT(k.dl_dst[5] == 0xbb && k.dl_src[5] == 0xaa);
	EXPECT(memcmp(k.nw_src, "\x0a\x00\x00\x01", 4) == 0 && zero(k.nw_src + 4, 12));
	EXPECT(memcmp(k.nw_dst, "\x0a\x00\x00\x02", 4) == 0);
	EXPECT(k.nw_proto == 6 && k.nw_tos == 0x28 && k.nw_ttl == 64 && k.nw_frag == 0);
	EXPECT(k.tp_src == RTE_BE16(1234) && k.tp_dst == RTE_BE16(80));
	EXPECT(k.tcp_flags == RTE_BE16(0x012));
	EXPECT(k.vlan_tci == 0 && k.vlan_tpid == 0);
	/* The same frame with its IP header in the second segment: L3 stays zero. */
	parse(&f, 14, &k);
	EXPECT(k.dl_type == RTE_BE16(0x0800) && k.nw_proto == 0 && zero(k.nw_src, 16));
}

static void
test_vlan_udp_padded(void)
{
	struct vsw_flow_key k;
	struct frame f;

	put_eth(&f, 0x8100);
	put16(&f, 0x2005); /* PCP 1, VID 5 */
	put16(&f, 0x0800);
	put_ipv4(&f, 5, 28, 0, 17);
	put_ports(&f, 53, 5353);
	put16(&f, 8);
	put16(&f, 0);
	while (f.n < 60)
		f.b[f.n++] = 0xee; /* Ethernet padding, not IP payload */
	parse(&f, 0, &k);
	EXPECT(k.vlan_tpid == RTE_BE16(0x8100));
	EXPECT(k.vlan_tci == RTE_BE16(0x2005 | VSW_VLAN_PRESENT));
	EXPECT(k.dl_type == RTE_BE16(0x0800) && k.nw_proto == 17);
	EXPECT(k.tp_src == RTE_BE16(53) && k.tp_dst == RTE_BE16(5353));
	/* IP says 20 bytes in all: the UDP header lies in the padding and is not read. */
	put_eth(&f, 0x0800);
	put_ipv4(&f, 5, 20, 0, 17);
	put_ports(&f, 1, 2);
	while (f.n < 60)
		f.b[f.n++] = 0;
	parse(&f, 0, &k);
	EXPECT(k.nw_proto == 17 && k.tp_src == 0 && k.tp_dst == 0);
}

/* Two tags and IPv6 behind them. */
static void
test_qinq_ipv6(void)
{
	struct vsw_flow_key k;
	struct frame f;

	put_eth(&f, 0x88a8);
	put16(&f, 100);
	put16(&f, 0x8100);
	put16(&f, 200);
	put16(&f, 0x86dd);
	put_ipv6(&f, 8, 17);
	put_ports(&f, 4000, 4001);
	put16(&f, 8);
	put16(&f, 0);
	parse(&f, 0, &k);
	EXPECT(k.vlan_tpid == RTE_BE16(0x88a8));
	EXPECT(k.vlan_tci == RTE_BE16(100 | VSW_VLAN_PRESENT));
	/* One tag is parsed, as OVS's default vlan-limit: the second's TPID is the type. */
	EXPECT(k.dl_type == RTE_BE16(0x8100) && k.nw_proto == 0 && k.nw_ttl == 0);
	EXPECT(k.tp_src == 0 && k.tp_dst == 0);
}

static void
test_fragments(void)
{
	struct vsw_flow_key k;
	struct frame f;

	put_eth(&f, 0x0800);
	put_ipv4(&f, 5, 40, 0x2000, 6); /* MF, offset 0: the first fragment */
	put_tcp(&f, 1, 2, 0);
	parse(&f, 0, &k);
	/* Ports read 0 in every fragment, the first too (OVS's "normal" fragment handling). */
	EXPECT(k.nw_frag == VSW_FRAG_ANY && k.nw_proto == 6 && k.tp_src == 0 && k.tp_dst == 0);
	put_eth(&f, 0x0800);
	put_ipv4(&f, 5, 40, 10, 6); /* offset 80 bytes: a later fragment */
	put_tcp(&f, 1, 2, 0);
	parse(&f, 0, &k);
	EXPECT(k.nw_frag == (VSW_FRAG_ANY | VSW_FRAG_LATER) && k.tp_src == 0 && k.nw_proto == 6);
}

static void
test_ipv4_broken(void)
{
	struct vsw_flow_key k;
	struct frame f;

	put_eth(&f, 0x0800);
	put_ipv4(&f, 4, 40, 0, 6); /* IHL 4: no valid IPv4 header */
	put_tcp(&f, 1, 2, 0);
	parse(&f, 0, &k);
	EXPECT(k.dl_type == RTE_BE16(0x0800) && k.nw_proto == 0 && zero(k.nw_src, 16) &&
	       k.nw_ttl == 0);
	put_eth(&f, 0x0800);
	put_ipv4(&f, 6, 32, 0, 17); /* 4 bytes of options */
	put_ports(&f, 7, 9);
	put16(&f, 8);
	put16(&f, 0);
	parse(&f, 0, &k);
	EXPECT(k.tp_src == RTE_BE16(7) && k.tp_dst == RTE_BE16(9));
	put_eth(&f, 0x0800);
	put_ipv4(&f, 5, 40, 0, 6);
	put_ports(&f, 1, 2); /* total length 40, but the frame ends 4 bytes into TCP */
	parse(&f, 0, &k);
	EXPECT(k.dl_type == RTE_BE16(0x0800) && k.nw_proto == 0 && k.tp_src == 0 &&
	       zero(k.nw_dst, 16)); /* as OVS: an IP packet longer than its frame has no IP fields */
	f.n = 14 + 10; /* IP header itself cut short */
	parse(&f, 0, &k);
	EXPECT(k.dl_type == RTE_BE16(0x0800) && k.nw_proto == 0 && zero(k.nw_dst, 16));
}

static void
test_icmp(void)
{
	struct vsw_flow_key k;
	struct frame f;
	static const uint8_t hbh_frag[16] = {44, 0, 0, 0, 0, 0, 0, 0,  /* HBH -> fragment */
					     58, 0, 0, 1, 0, 0, 0, 9}; /* frag -> ICMPv6 */

	put_eth(&f, 0x0800);
	put_ipv4(&f, 5, 28, 0, 1);
	put(&f, "\x03\x01\x00\x00\x00\x00\x00\x00", 8);
	parse(&f, 0, &k);
	EXPECT(k.nw_proto == 1 && k.tp_src == RTE_BE16(3) && k.tp_dst == RTE_BE16(1));
	put_eth(&f, 0x86dd);
	put_ipv6(&f, 24, 0);
	put(&f, hbh_frag, sizeof(hbh_frag));
	put(&f, "\x80\x00\x00\x00\x00\x00\x00\x00", 8);
	parse(&f, 0, &k);
	EXPECT(k.nw_proto == 58 && k.nw_frag == VSW_FRAG_ANY);
	EXPECT(k.tp_src == 0 && k.tp_dst == 0); /* a fragment: type and code read 0, as OVS */
}

static void
test_arp_and_l2(void)
{
	static const uint8_t arp[28] = {0,  1, 8, 0, 6, 4, 0, 1, 2, 0, 0,  0, 0, 0xaa,
					10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2};
	struct vsw_flow_key k;
	struct frame f;

	put_eth(&f, 0x0806);
	put(&f, arp, sizeof(arp));
	parse(&f, 0, &k);
	EXPECT(k.dl_type == RTE_BE16(0x0806) && k.nw_proto == 1);
	EXPECT(k.arp_sha[5] == 0xaa && zero(k.arp_tha, 6));
	EXPECT(memcmp(k.nw_src, "\x0a\x00\x00\x01", 4) == 0);
	EXPECT(memcmp(k.nw_dst, "\x0a\x00\x00\x02", 4) == 0);
	put_eth(&f, 100); /* 802.3: a length, not an ethertype */
	put(&f, arp, sizeof(arp));
	parse(&f, 0, &k);
	EXPECT(k.dl_type == RTE_BE16(VSW_DL_TYPE_NONE) && k.nw_proto == 0);
	f.n = 10; /* a runt: not even an Ethernet header */
	parse(&f, 0, &k);
	EXPECT(k.in_port == 7 && zero(k.dl_dst, 6) && k.dl_type == 0);
	put_eth(&f, 0x8100);
	put16(&f, 5); /* VLAN tag cut in half */
	parse(&f, 0, &k);
	EXPECT(k.dl_src[5] == 0xaa && k.vlan_tci == 0 && k.dl_type == 0);
}

int
main(void)
{
	if (test_eal_init("test_flow_key", "0") < 0)
		return 1;
	pool = rte_pktmbuf_pool_create("test_fk", 64, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (pool == NULL)
		return 1;
	test_ipv4_tcp();
	test_vlan_udp_padded();
	test_qinq_ipv6();
	test_fragments();
	test_ipv4_broken();
	test_icmp();
	test_arp_and_l2();
	rte_mempool_free(pool);
	return test_finish("test_flow_key");
}
