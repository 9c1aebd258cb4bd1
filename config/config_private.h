/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * config_private.h: what the three files of the config module share, and
 * nothing outside config/ includes.
 *  - config_yaml.c walks a libyaml document with the tables below;
 *  - config_schema.c holds the tables (every key, its type, range, place);
 *  - config_check.c checks what spans keys (duplicates, cores, port types);
 *  - config_openflow.c checks a bridge's OpenFlow channel keys.
 */

#ifndef VSW_CONFIG_PRIVATE_H
#define VSW_CONFIG_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "vsw_config.h"

/*
 * How a value is read; where it goes is the field's offsets. One row per
 * kind: the enum name and the reader (config_yaml.c, read_<reader>) that takes it.
 */
#define CFG_KINDS(X)                                                                               \
	X(STR, str)	/* scalar into char[cap] at off */                                         \
	X(INT, int)	/* plain integer in [min, max] into int64_t at off */                      \
	X(OCTAL, octal) /* octal digits, quoted or not ("0660"), in [min, max], into int64_t */    \
	X(ENUM, enum)	/* one of names[] into int64_t at off (the index) */                       \
	X(STR_LIST, str_list) /* sequence of scalars into struct vsw_cfg_strlist at off */         \
	X(INT_LIST, int_list) /* sequence of integers in [min, max] into vsw_cfg_intlist */        \
	X(VLAN_SET, vlan_set) /* sequence of VLAN IDs and "A-B" ranges into a uint64_t bitmap */   \
	X(MAP, map)	      /* mapping read with sub into the struct at off */                   \
	X(MAP_LIST, map_list) /* sequence of mappings: array pointer at off, count at count_off */

enum cfg_kind {
#define CFG_KIND_ENUM(name, reader) CFG_##name,
	CFG_KINDS(CFG_KIND_ENUM)
#undef CFG_KIND_ENUM
		CFG__COUNT
};

struct cfg_schema;

/* One key of a mapping. */
struct cfg_field {
	const char *key;
	enum cfg_kind kind;
	int required;		      /* the mapping is an error without it */
	size_t off;		      /* of the value in the target struct */
	size_t mark_off;	      /* of a struct vsw_cfg_mark set to the value's place */
	size_t cap;		      /* CFG_STR: buffer size, NUL included */
	int64_t min, max;	      /* CFG_INT, CFG_INT_LIST */
	const char *const *names;     /* CFG_ENUM: NULL-terminated */
	const struct cfg_schema *sub; /* CFG_MAP, CFG_MAP_LIST */
	size_t count_off;	      /* CFG_MAP_LIST: of an unsigned int count */
	unsigned int max_items;	      /* CFG_MAP_LIST: at most this many */
};

/* One kind of mapping: "port", "bridge", ... */
struct cfg_schema {
	const char *what;		/* names the mapping in messages */
	size_t size;			/* of the target struct */
	size_t mark_off;		/* of the target's own struct vsw_cfg_mark */
	void (*init)(void *obj);	/* sets defaults before keys are read */
	const struct cfg_field *fields; /* terminated by a NULL key */
};

/* The error sink of one load. */
struct cfg_ctx {
	const char *file;
	char *err;
	size_t err_len;
	unsigned long nodes; /* visited; bounds alias expansion */
};

/* The whole file: a mapping read with this schema into struct vsw_cfg. */
extern const struct cfg_schema cfg_top_schema;

/*
 * Write "FILE:LINE:COL: message" (or "FILE: message" when at.line is 0)
 * into ctx->err. Returns -EINVAL so callers can `return cfg_error(...)`.
 */
int cfg_error(struct cfg_ctx *ctx, struct vsw_cfg_mark at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The candidate nearest to word by edit distance, or NULL when none is
 * close enough to be a likely typo. candidates is NULL-terminated.
 */
const char *cfg_nearest(const char *word, const char *const *candidates);

/*
 * Checks that span keys, and defaults that depend on other keys (ofports,
 * pmd-cores). Returns 0 or cfg_error's value.
 */
int cfg_check(struct cfg_ctx *ctx, struct vsw_cfg *cfg);

/* A bridge's OpenFlow keys (config_openflow.c): fills datapath_id and of_versions. */
int cfg_check_openflow(struct cfg_ctx *ctx, struct vsw_cfg_bridge *br);

/* A port's vxlan keys: refused on other types, checked and parsed on vxlan ports (config_tunnel.c). */
int cfg_check_tunnel_keys(struct cfg_ctx *ctx, struct vsw_cfg_port *p);

/* Every vxlan port's underlay (its local-ip's internal port); no two alike. After check_ports. */
int cfg_check_tunnels(struct cfg_ctx *ctx, struct vsw_cfg *cfg);

#endif /* VSW_CONFIG_PRIVATE_H */
