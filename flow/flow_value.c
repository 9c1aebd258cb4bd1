/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_value.c: the tokens of flow strings and the values inside them:
 * numbers, MAC, IPv4 and IPv6 addresses, "value/mask" pairs, and ports by
 * number or name. Strict: every
 * character must be consumed and every value must fit, so "10.1.2.256" or
 * "4096" for a 12-bit field is an error, never a truncation.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "flow_private.h"

int
flow_error(struct flow_ctx *ctx, int rc, unsigned int col, const char *fmt, ...)
{
	va_list ap;

	char *c;

	va_start(ap, fmt);
	vsnprintf(ctx->err, ctx->err_len, fmt, ap);
	va_end(ap);
	/* Messages quote the input: keep them on one line whatever it holds. */
	for (c = ctx->err; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	*ctx->col = col;
	return rc;
}

const struct flow_frag_name flow_frag_names[FLOW_N_FRAG_NAMES] = {
	{"no", 0, VSW_FRAG_ANY},
	{"yes", VSW_FRAG_ANY, VSW_FRAG_ANY},
	{"first", VSW_FRAG_ANY, VSW_FRAG_ANY | VSW_FRAG_LATER},
	{"later", VSW_FRAG_ANY | VSW_FRAG_LATER, VSW_FRAG_ANY | VSW_FRAG_LATER},
	{"not_later", 0, VSW_FRAG_LATER},
};

bool
flow_key_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncmp(s, word, n) == 0;
}

bool
flow_word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

int
flow_parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int base = 10, d;
	size_t i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return -EINVAL;
	for (; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
flow_parse_mac(const char *s, size_t n, uint8_t mac[6])
{
	unsigned int i, digits;
	size_t at = 0;
	int d;

	/* Six parts of one or two hex digits ("0:1:2:3:4:5" as ovs-ofctl reads it). */
	for (i = 0; i < 6; i++) {
		mac[i] = 0;
		for (digits = 0; at < n && (d = hex_digit(s[at])) >= 0 && digits < 2; digits++, at++)
			mac[i] = (uint8_t)(mac[i] << 4 | d);
		if (digits == 0 || (i < 5 && (at >= n || s[at++] != ':')))
			return -EINVAL;
	}
	return at == n ? 0 : -EINVAL;
}

int
flow_parse_ipv4(const char *s, size_t n, uint8_t ip[4])
{
	unsigned int part = 0, digits = 0, v = 0;
	size_t i;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (digits == 0 || part > 3)
				return -EINVAL;
			ip[part++] = (uint8_t)v;
			v = 0;
			digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9' && digits < 3) {
			v = v * 10 + (unsigned int)(s[i] - '0');
			digits++;
			if (v > 255)
				return -ERANGE;
		} else {
			return -EINVAL;
		}
	}
	return part == 4 ? 0 : -EINVAL;
}

int
flow_parse_ipv6(const char *s, size_t n, uint8_t ip[16])
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, ip) == 1 ? 0 : -EINVAL;
}

int
flow_parse_port(const struct vsw_flow_ports *ports, const char *s, size_t n, uint16_t max,
		uint16_t *ofport, uint16_t *index)
{
	uint64_t v;
	unsigned int i;
	/* Decimal only: ovs-ofctl reads "0x1" as a port name. */
	bool number = strspn(s, "0123456789") >= n && flow_parse_uint(s, n, max, &v) == 0;

	if (!number && max >= VSW_OFPORT_LOCAL && flow_word_is(s, n, "LOCAL")) {
		number = true;
		v = VSW_OFPORT_LOCAL;
	}
	for (i = 0; ports != NULL && i < ports->n; i++) {
		const struct vsw_flow_port *p = &ports->p[i];

		if ((number && p->ofport == v) ||
		    (!number && strlen(p->name) == n && strncmp(p->name, s, n) == 0)) {
			*ofport = p->ofport;
			*index = p->index;
			return 0;
		}
	}
	if (!number)
		return -ENOENT;
	*ofport = (uint16_t)v;
	*index = VSW_PORT_ABSENT;
	return 0;
}

/* The port of ports numbered ofport, or NULL. */
static const struct vsw_flow_port *
port_of(const struct vsw_flow_ports *ports, uint16_t ofport)
{
	unsigned int i;

	for (i = 0; ports != NULL && i < ports->n; i++)
		if (ports->p[i].ofport == ofport)
			return &ports->p[i];
	return NULL;
}

const char *
flow_port_name(const struct vsw_flow_ports *ports, uint16_t ofport)
{
	const struct vsw_flow_port *p = port_of(ports, ofport);

	return p != NULL ? p->name : NULL;
}

uint16_t
vsw_flow_port_index(const struct vsw_flow_ports *ports, uint16_t ofport)
{
	const struct vsw_flow_port *p = port_of(ports, ofport);

	return p != NULL ? p->index : VSW_PORT_ABSENT;
}

void
flow_split_mask(const char *s, size_t n, size_t *vlen, const char **mask, size_t *mlen)
{
	const char *slash = memchr(s, '/', n);

	if (slash == NULL) {
		*vlen = n;
		*mask = NULL;
		*mlen = 0;
		return;
	}
	*vlen = (size_t)(slash - s);
	*mask = slash + 1;
	*mlen = n - *vlen - 1;
}

/* Byte-wise mask from a prefix length. */
static void
prefix_mask(uint8_t *m, size_t bytes, unsigned int plen)
{
	size_t i;

	for (i = 0; i<bytes; i++, plen = plen> 8 ? plen - 8 : 0)
		m[i] = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));
}

/* An address with an optional "/N" or "/address" mask. */
int
flow_parse_addr(const struct flow_token *t, bool v6, uint8_t *key, uint8_t *mask)
{
	size_t vlen, mlen, bytes = v6 ? 16 : 4;
	const char *m;
	uint64_t plen;

	int rc;

	flow_split_mask(t->val, t->val_len, &vlen, &m, &mlen);
	rc = v6 ? flow_parse_ipv6(t->val, vlen, key) : flow_parse_ipv4(t->val, vlen, key);
	if (rc < 0)
		return rc;
	if (m == NULL) {
		memset(mask, 0xff, bytes);
		return 0;
	}
	if (flow_parse_uint(m, mlen, bytes * 8, &plen) == 0) {
		prefix_mask(mask, bytes, (unsigned int)plen);
		return 0;
	}
	return v6 ? flow_parse_ipv6(m, mlen, mask) : flow_parse_ipv4(m, mlen, mask);
}

/* "+syn-ack" or "0x012[/0xfff]" into TCP flags value and mask (host order). */
int
flow_parse_tcp_flags(const char *s, size_t n, uint16_t *value, uint16_t *mask)
{
	/* As flow_format.c prints them; the last three bits are reserved. */
	static const char *const names[] = {"fin", "syn", "rst", "psh",	  "ack",   "urg",
					    "ece", "cwr", "ns",	 "[200]", "[400]", "[800]"};
	size_t vlen, mlen, i = 0;
	const char *m;
	uint64_t v, mk = 0xfff;

	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		*value = *mask = 0;
		while (i < n) {
			bool set = s[i] == '+';
			size_t start = ++i;
			unsigned int b;

			if (!set && s[start - 1] != '-')
				return -EINVAL;
			while (i < n && s[i] != '+' && s[i] != '-')
				i++;
			for (b = 0; b < RTE_DIM(names); b++)
				if (flow_word_is(s + start, i - start, names[b]))
					break;
			if (b == RTE_DIM(names) || (*mask & (1u << b)))
				return -EINVAL;
			*mask |= (uint16_t)(1u << b);
			if (set)
				*value |= (uint16_t)(1u << b);
		}
		return 0;
	}
	if (n > 0 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '[')) {
		/* "syn|ack": exactly these flags set, all others clear. */
		*value = 0;
		*mask = 0xfff;
		while (i < n) {
			size_t start = i;
			unsigned int b;

			while (i < n && s[i] != '|')
				i++;
			for (b = 0; b < RTE_DIM(names); b++)
				if (flow_word_is(s + start, i - start, names[b]))
					break;
			if (b == RTE_DIM(names))
				return -EINVAL;
			*value |= (uint16_t)(1u << b);
			if (i < n)
				i++;
		}
		return 0;
	}
	flow_split_mask(s, n, &vlen, &m, &mlen);
	if (flow_parse_uint(s, vlen, 0xfff, &v) < 0 ||
	    (m != NULL && flow_parse_uint(m, mlen, 0xfff, &mk) < 0))
		return -EINVAL;
	*value = (uint16_t)(v & mk);
	*mask = (uint16_t)mk;
	return 0;
}

int
flow_parse_u64_masked(const char *s, size_t n, uint64_t max, uint64_t *v, uint64_t *m)
{
	const char *mk;
	size_t vlen, mlen;

	*m = max;
	flow_split_mask(s, n, &vlen, &mk, &mlen);
	if (flow_parse_uint(s, vlen, max, v) < 0 ||
	    (mk != NULL && flow_parse_uint(mk, mlen, max, m) < 0))
		return -EINVAL;
	return 0;
}

/* Value and optional mask of a 16-bit field; mask only where the row allows. */
int
flow_parse_u16_masked(const struct flow_token *t, bool maskable, uint64_t max, uint16_t *v,
		      uint16_t *mk)
{
	size_t vlen, mlen;
	const char *m;
	uint64_t a, b = 0xffff;

	int rc;

	flow_split_mask(t->val, t->val_len, &vlen, &m, &mlen);
	if (m != NULL && !maskable)
		return -EINVAL;
	rc = flow_parse_uint(t->val, vlen, max, &a);
	if (rc == 0 && m != NULL)
		rc = flow_parse_uint(m, mlen, 0xffff, &b);
	if (rc < 0)
		return rc;
	*v = (uint16_t)a;
	*mk = (uint16_t)b;
	return 0;
}

/* Commas and any white space separate tokens, as in ovs-ofctl. */
static bool
is_delim(char c)
{
	return c == ',' || c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * The next token at or after *pos; false at the end. "actions=" swallows
 * the rest of the string.
 */
bool
flow_next_token(const char *s, size_t *pos, struct flow_token *t)
{
	size_t i = *pos, n = strlen(s);

	while (i < n && is_delim(s[i]))
		i++;
	if (i == n)
		return false;
	t->key = s + i;
	t->col = (unsigned int)i + 1;
	while (i < n && s[i] != '=' && !is_delim(s[i]))
		i++;
	t->key_len = (size_t)(s + i - t->key);
	t->val = NULL;
	t->val_len = 0;
	if (i < n && s[i] == '=') {
		t->val = s + ++i;
		if (flow_key_is(t->key, t->key_len, "actions")) {
			i = n;
			while (i > (size_t)(t->val - s) && is_delim(s[i - 1]) && s[i - 1] != ',')
				i--;
		} else {
			while (i < n && !is_delim(s[i]))
				i++;
		}
		t->val_len = (size_t)(s + i - t->val);
	}
	*pos = i;
	return true;
}
