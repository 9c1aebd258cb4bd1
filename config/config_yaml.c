/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * config_yaml.c: reads a topology with libyaml and walks the document with
 * the tables of config_schema.c. It knows YAML and types, not what any key
 * means: meaning is config_schema.c's and config_check.c's.
 *
 * Strictness is deliberate: unknown keys, duplicate keys, a string where a
 * number belongs, an empty value, more than one document: all are errors at
 * the place they stand, so a typo never turns into a silent default.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "config_private.h"

#define CFG_MAX_FILE_SIZE (16u << 20) /* a topology larger than this is a mistake */
#define CFG_MAX_NODES	  200000      /* visits; bounds alias ("billion laughs") blowup */
#define CFG_MAX_LIST	  65536	      /* items in one string or integer list */
#define CFG_MAX_FIELDS	  32	      /* keys of one schema (checked by the unit test) */

static struct vsw_cfg_mark
node_mark(const yaml_node_t *node)
{
	struct vsw_cfg_mark m = {
		.line = (uint32_t)node->start_mark.line + 1,
		.col = (uint32_t)node->start_mark.column + 1,
	};
	return m;
}

/* Copy src to dst with control characters written as \n, \t or \xNN: one line. */
static void
escape_controls(char *dst, size_t len, const char *src)
{
	size_t used = 0;

	for (; *src != '\0' && used + 5 < len; src++) {
		unsigned char c = (unsigned char)*src;

		if (c == '\n')
			used += (size_t)snprintf(dst + used, len - used, "\\n");
		else if (c == '\t')
			used += (size_t)snprintf(dst + used, len - used, "\\t");
		else if (c < 0x20 || c == 0x7f)
			used += (size_t)snprintf(dst + used, len - used, "\\x%02x", c);
		else
			dst[used++] = (char)c;
	}
	dst[used] = '\0';
}

int
cfg_error(struct cfg_ctx *ctx, struct vsw_cfg_mark at, const char *fmt, ...)
{
	char raw[VSW_CFG_ERR_LEN], msg[VSW_CFG_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Messages quote values from the file, which may hold newlines. */
	escape_controls(msg, sizeof(msg), raw);
	if (at.line != 0)
		snprintf(ctx->err, ctx->err_len, "%s:%u:%u: %s", ctx->file, at.line, at.col, msg);
	else
		snprintf(ctx->err, ctx->err_len, "%s: %s", ctx->file, msg);
	return -EINVAL;
}

/* Levenshtein distance, capped: only short keys and values are compared. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *
cfg_nearest(const char *word, const char *const *candidates)
{
	size_t best = SIZE_MAX, limit = strlen(word) / 3 + 1;
	const char *found = NULL;

	if (limit > 3)
		limit = 3;
	for (; *candidates != NULL; candidates++) {
		size_t d = edit_distance(word, *candidates);

		if (d <= limit && d < best) {
			best = d;
			found = *candidates;
		}
	}
	return found;
}

/*
 * The scalar's text, or NULL after an error when node is no usable scalar.
 * item: node is one item of the list under key, not key's own value.
 */
static const char *
scalar_text(struct cfg_ctx *ctx, const yaml_node_t *node, const char *key, bool item, int *rc)
{
	const char *v;

	if (node->type != YAML_SCALAR_NODE) {
		*rc = cfg_error(ctx, node_mark(node), "%s'%s' %s a single value, not a %s",
				item ? "each item of " : "", key, item ? "must be" : "takes",
				node->type == YAML_MAPPING_NODE ? "mapping" : "list");
		return NULL;
	}
	v = (const char *)node->data.scalar.value;
	if (strlen(v) != node->data.scalar.length) {
		*rc = cfg_error(ctx, node_mark(node), "value of '%s' contains a NUL character",
				key);
		return NULL;
	}
	if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0)) {
		*rc = cfg_error(ctx, node_mark(node), "%s'%s' has no value",
				item ? "an item of " : "", key);
		return NULL;
	}
	return v;
}

static int
read_int_in(struct cfg_ctx *ctx, const yaml_node_t *node, const char *key, bool item, int64_t min,
	    int64_t max, int64_t *out)
{
	const char *v;
	char *end;
	long long x;
	int rc = 0;

	v = scalar_text(ctx, node, key, item, &rc);
	if (v == NULL)
		return rc;
	if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return cfg_error(ctx, node_mark(node), "'%s' takes an integer, not a quoted string",
				 key);
	errno = 0;
	x = strtoll(v, &end, 10);
	if (*end != '\0' || end == v || errno == ERANGE)
		return cfg_error(ctx, node_mark(node), "'%s' takes an integer, got '%s'", key, v);
	if (x < min || x > max)
		return cfg_error(ctx, node_mark(node),
				 "'%s' is %lld, out of range %" PRId64 "..%" PRId64, key, x, min,
				 max);
	*out = x;
	return 0;
}

/* One item of a set: an integer "N" or a range "A-B", within [min, max]. */
static int
read_range(struct cfg_ctx *ctx, const yaml_node_t *node, const char *key, int64_t min, int64_t max,
	   int64_t *lo, int64_t *hi)
{
	const char *v;
	char *end;
	long a, b;
	int rc = 0;

	v = scalar_text(ctx, node, key, true, &rc);
	if (v == NULL)
		return rc;
	if (strchr(v, '-') == NULL) {
		rc = read_int_in(ctx, node, key, true, min, max, lo);
		*hi = *lo;
		return rc;
	}
	errno = 0;
	a = strtol(v, &end, 10);
	if (end == v || *end != '-' || end[1] < '0' || end[1] > '9' || errno == ERANGE)
		return cfg_error(ctx, node_mark(node),
				 "each item of '%s' is a number or a range such as 10-20, got '%s'",
				 key, v);
	b = strtol(end + 1, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		return cfg_error(ctx, node_mark(node),
				 "each item of '%s' is a number or a range such as 10-20, got '%s'",
				 key, v);
	if (a < min || b > max || a > b)
		return cfg_error(ctx, node_mark(node),
				 "range '%s' of '%s' must run upwards within %" PRId64 "..%" PRId64,
				 v, key, min, max);
	*lo = a;
	*hi = b;
	return 0;
}

/* Grow a list's arrays to hold n+1 items. */
static int
list_reserve(void **v, size_t elt, struct vsw_cfg_mark **at, unsigned int n)
{
	void *nv = realloc(*v, (n + 1) * elt);
	struct vsw_cfg_mark *nat;

	if (nv == NULL)
		return -ENOMEM;
	*v = nv;
	nat = realloc(*at, (n + 1) * sizeof(**at));
	if (nat == NULL)
		return -ENOMEM;
	*at = nat;
	return 0;
}

static int walk_mapping(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node,
			const struct cfg_schema *schema, void *obj);

/* The items of a sequence value, or NULL after an error. */
static yaml_node_item_t *
sequence_items(struct cfg_ctx *ctx, const yaml_node_t *node, const char *key, size_t *n, int *rc)
{
	if (node->type != YAML_SEQUENCE_NODE) {
		*rc = cfg_error(ctx, node_mark(node), "'%s' takes a list ([a, b] or '- a' lines)",
				key);
		return NULL;
	}
	*n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	if (*n > CFG_MAX_LIST) {
		*rc = cfg_error(ctx, node_mark(node), "'%s' has more than %u items", key,
				CFG_MAX_LIST);
		return NULL;
	}
	return node->data.sequence.items.start;
}

/*
 * One reader per value kind (CFG_KINDS): each reads node as field f of the
 * struct at obj. Contract for all: 0, or cfg_error's value with the place.
 */
static int
read_str(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node, const struct cfg_field *f,
	 char *obj)
{
	const char *v;
	int rc = 0;

	(void)doc;
	v = scalar_text(ctx, node, f->key, false, &rc);
	if (v == NULL)
		return rc;
	if (strlen(v) >= f->cap)
		return cfg_error(ctx, node_mark(node), "'%s' is longer than %zu characters", f->key,
				 f->cap - 1);
	strcpy(obj + f->off, v);
	return 0;
}

static int
read_octal(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node, const struct cfg_field *f,
	   char *obj)
{
	const char *v;
	char *end;
	int rc = 0;
	long x;

	(void)doc;
	v = scalar_text(ctx, node, f->key, false, &rc);
	if (v == NULL)
		return rc;
	errno = 0;
	x = strtol(v, &end, 8);
	if (*end != '\0' || end == v || errno == ERANGE || x < f->min || x > f->max)
		return cfg_error(ctx, node_mark(node),
				 "'%s' takes octal permission bits such as \"0660\", got '%s'",
				 f->key, v);
	*(int64_t *)(obj + f->off) = x;
	return 0;
}

static int
read_int(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node, const struct cfg_field *f,
	 char *obj)
{
	(void)doc;
	return read_int_in(ctx, node, f->key, false, f->min, f->max, (int64_t *)(obj + f->off));
}

static int
read_enum(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node, const struct cfg_field *f,
	  char *obj)
{
	const char *v, *near;
	char choices[256];
	size_t used = 0, i;
	int rc = 0;

	(void)doc;
	v = scalar_text(ctx, node, f->key, false, &rc);
	if (v == NULL)
		return rc;
	for (i = 0; f->names[i] != NULL; i++) {
		if (strcmp(v, f->names[i]) == 0) {
			*(int64_t *)(obj + f->off) = (int64_t)i;
			return 0;
		}
	}
	near = cfg_nearest(v, f->names);
	if (near != NULL)
		return cfg_error(ctx, node_mark(node), "unknown %s '%s' (did you mean '%s'?)",
				 f->key, v, near);
	choices[0] = '\0';
	for (i = 0; f->names[i] != NULL && used < sizeof(choices); i++)
		used += (size_t)snprintf(choices + used, sizeof(choices) - used, "%s%s",
					 i ? ", " : "", f->names[i]);
	return cfg_error(ctx, node_mark(node), "unknown %s '%s' (one of: %s)", f->key, v, choices);
}

static int
read_str_list(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node,
	      const struct cfg_field *f, char *obj)
{
	struct vsw_cfg_strlist *l = (struct vsw_cfg_strlist *)(obj + f->off);
	yaml_node_item_t *items;
	size_t n = 0, i;
	int rc = 0;

	items = sequence_items(ctx, node, f->key, &n, &rc);
	if (items == NULL)
		return rc;
	for (i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(doc, items[i]);
		const char *v = scalar_text(ctx, it, f->key, true, &rc);

		if (v == NULL)
			return rc;
		if (list_reserve((void **)&l->v, sizeof(*l->v), &l->at, l->n) < 0)
			return cfg_error(ctx, node_mark(it), "out of memory");
		l->v[l->n] = strdup(v);
		if (l->v[l->n] == NULL)
			return cfg_error(ctx, node_mark(it), "out of memory");
		/* The place of the text itself: inside the quotes, if any. */
		l->at[l->n] = node_mark(it);
		if (it->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    it->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			l->at[l->n].col++;
		l->n++;
	}
	return 0;
}

static int
read_int_list(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node,
	      const struct cfg_field *f, char *obj)
{
	struct vsw_cfg_intlist *l = (struct vsw_cfg_intlist *)(obj + f->off);
	yaml_node_item_t *items;
	size_t n = 0, i;
	int rc = 0;

	items = sequence_items(ctx, node, f->key, &n, &rc);
	if (items == NULL)
		return rc;
	for (i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(doc, items[i]);
		int64_t x;

		rc = read_int_in(ctx, it, f->key, true, f->min, f->max, &x);
		if (rc < 0)
			return rc;
		if (list_reserve((void **)&l->v, sizeof(*l->v), &l->at, l->n) < 0)
			return cfg_error(ctx, node_mark(it), "out of memory");
		l->v[l->n] = x;
		l->at[l->n++] = node_mark(it);
	}
	return 0;
}

static int
read_vlan_set(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node,
	      const struct cfg_field *f, char *obj)
{
	uint64_t *set = (uint64_t *)(obj + f->off);
	yaml_node_item_t *items;
	size_t n = 0, i;
	int rc = 0;

	items = sequence_items(ctx, node, f->key, &n, &rc);
	if (items == NULL)
		return rc;
	if (n == 0)
		return cfg_error(ctx, node_mark(node),
				 "'%s' is empty: leave it out to mean every VLAN", f->key);
	memset(set, 0, VSW_CFG_VLAN_WORDS * sizeof(*set));
	for (i = 0; i < n; i++) {
		int64_t lo = 0, hi = 0, vid;

		rc = read_range(ctx, yaml_document_get_node(doc, items[i]), f->key, f->min, f->max,
				&lo, &hi);
		if (rc < 0)
			return rc;
		for (vid = lo; vid <= hi; vid++)
			set[vid >> 6] |= 1ULL << (vid & 63);
	}
	return 0;
}

static int
read_map(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node, const struct cfg_field *f,
	 char *obj)
{
	return walk_mapping(ctx, doc, node, f->sub, obj + f->off);
}

static int
read_map_list(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node,
	      const struct cfg_field *f, char *obj)
{
	unsigned int *count = (unsigned int *)(obj + f->count_off);
	char **array = (char **)(obj + f->off);
	yaml_node_item_t *items;
	size_t n = 0, i;
	int rc = 0;

	items = sequence_items(ctx, node, f->key, &n, &rc);
	if (items == NULL)
		return rc;
	if (n > f->max_items)
		return cfg_error(ctx, node_mark(node), "'%s' has %zu items, at most %u allowed",
				 f->key, n, f->max_items);
	*array = calloc(n ? n : 1, f->sub->size);
	if (*array == NULL)
		return cfg_error(ctx, node_mark(node), "out of memory");
	for (i = 0; i < n; i++) {
		char *item = *array + i * f->sub->size;

		if (f->sub->init != NULL)
			f->sub->init(item);
		*count = (unsigned int)i + 1;
		rc = walk_mapping(ctx, doc, yaml_document_get_node(doc, items[i]), f->sub, item);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The reader of each kind, from CFG_KINDS. */
static int (*const cfg_readers[CFG__COUNT])(struct cfg_ctx *ctx, yaml_document_t *doc,
					    yaml_node_t *node, const struct cfg_field *f,
					    char *obj) = {
#define CFG_KIND_READER(name, reader) [CFG_##name] = read_##reader,
	CFG_KINDS(CFG_KIND_READER)
#undef CFG_KIND_READER
};

/* Reads node as field f of the struct at obj, by f's kind. */
static int
read_value(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node, const struct cfg_field *f,
	   char *obj)
{
	if ((unsigned int)f->kind >= CFG__COUNT)
		return cfg_error(ctx, node_mark(node), "internal error: key '%s' has no type",
				 f->key);
	return cfg_readers[f->kind](ctx, doc, node, f, obj);
}

/* Reports an unknown key, with the nearest known one when it looks like a typo. */
static int
unknown_key(struct cfg_ctx *ctx, const yaml_node_t *key, const struct cfg_schema *schema)
{
	const char *names[CFG_MAX_FIELDS + 1];
	const char *near;
	unsigned int i;

	for (i = 0; schema->fields[i].key != NULL && i < CFG_MAX_FIELDS; i++)
		names[i] = schema->fields[i].key;
	names[i] = NULL;
	near = cfg_nearest((const char *)key->data.scalar.value, names);
	if (near != NULL)
		return cfg_error(ctx, node_mark(key), "unknown key '%s' in %s (did you mean '%s'?)",
				 key->data.scalar.value, schema->what, near);
	return cfg_error(ctx, node_mark(key), "unknown key '%s' in %s", key->data.scalar.value,
			 schema->what);
}

static int
walk_mapping(struct cfg_ctx *ctx, yaml_document_t *doc, yaml_node_t *node,
	     const struct cfg_schema *schema, void *obj)
{
	struct vsw_cfg_mark seen[CFG_MAX_FIELDS] = {0};
	yaml_node_pair_t *pair;
	unsigned int i;
	int rc;

	if (++ctx->nodes > CFG_MAX_NODES)
		return cfg_error(ctx, node_mark(node),
				 "document too large (aliases expand to more "
				 "than %u nodes)",
				 CFG_MAX_NODES);
	if (node->type != YAML_MAPPING_NODE)
		return cfg_error(ctx, node_mark(node),
				 "a %s must be a mapping of 'key: value' lines", schema->what);
	*(struct vsw_cfg_mark *)((char *)obj + schema->mark_off) = node_mark(node);
	for (pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(doc, pair->value);
		const struct cfg_field *f = NULL;

		if (key->type != YAML_SCALAR_NODE)
			return cfg_error(ctx, node_mark(key), "a key in %s must be a plain name",
					 schema->what);
		for (i = 0; schema->fields[i].key != NULL; i++) {
			if (strcmp(schema->fields[i].key, (const char *)key->data.scalar.value) ==
			    0) {
				f = &schema->fields[i];
				break;
			}
		}
		if (f == NULL)
			return unknown_key(ctx, key, schema);
		if (seen[i].line != 0)
			return cfg_error(ctx, node_mark(key), "duplicate key '%s' (first at %u:%u)",
					 f->key, seen[i].line, seen[i].col);
		seen[i] = node_mark(key);
		if (++ctx->nodes > CFG_MAX_NODES)
			return cfg_error(ctx, node_mark(value),
					 "document too large (aliases expand "
					 "to more than %u nodes)",
					 CFG_MAX_NODES);
		rc = read_value(ctx, doc, value, f, obj);
		if (rc < 0)
			return rc;
		*(struct vsw_cfg_mark *)((char *)obj + f->mark_off) = node_mark(value);
	}
	for (i = 0; schema->fields[i].key != NULL; i++)
		if (schema->fields[i].required && seen[i].line == 0)
			return cfg_error(ctx, node_mark(node), "%s has no '%s'", schema->what,
					 schema->fields[i].key);
	return 0;
}

static int
syntax_error(struct cfg_ctx *ctx, const yaml_parser_t *parser)
{
	struct vsw_cfg_mark at = {
		.line = (uint32_t)parser->problem_mark.line + 1,
		.col = (uint32_t)parser->problem_mark.column + 1,
	};

	if (parser->context != NULL)
		return cfg_error(ctx, at, "invalid YAML: %s (%s that started at %zu:%zu)",
				 parser->problem, parser->context, parser->context_mark.line + 1,
				 parser->context_mark.column + 1);
	return cfg_error(ctx, at, "invalid YAML: %s",
			 parser->problem != NULL ? parser->problem : "unreadable");
}

/* Parse one document; a second document is an error. */
static int
parse_document(struct cfg_ctx *ctx, const char *buf, size_t len, struct vsw_cfg *cfg)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	yaml_node_t *root;
	int rc;

	if (!yaml_parser_initialize(&parser))
		return cfg_error(ctx, (struct vsw_cfg_mark){0}, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = syntax_error(ctx, &parser);
		yaml_parser_delete(&parser);
		return rc;
	}
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		rc = cfg_error(ctx, (struct vsw_cfg_mark){0},
			       "empty topology: it needs at least 'bridges'");
	} else {
		rc = walk_mapping(ctx, &doc, root, &cfg_top_schema, cfg);
	}
	if (rc == 0) {
		if (!yaml_parser_load(&parser, &extra)) {
			rc = syntax_error(ctx, &parser);
		} else {
			if (yaml_document_get_root_node(&extra) != NULL)
				rc = cfg_error(ctx, node_mark(yaml_document_get_root_node(&extra)),
					       "a second YAML document: one topology per file");
			yaml_document_delete(&extra);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

static void
strlist_free(struct vsw_cfg_strlist *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->at);
	memset(l, 0, sizeof(*l));
}

void
vsw_cfg_free(struct vsw_cfg *cfg)
{
	unsigned int b, p;

	for (b = 0; b < cfg->n_bridges; b++) {
		struct vsw_cfg_bridge *br = &cfg->bridges[b];

		for (p = 0; p < br->n_ports; p++)
			strlist_free(&br->ports[p].addresses);
		free(br->ports);
		strlist_free(&br->flows);
		strlist_free(&br->protocols);
		strlist_free(&br->listen);
		strlist_free(&br->controllers);
	}
	free(cfg->bridges);
	strlist_free(&cfg->dpdk.extra);
	free(cfg->pmd_cores.v);
	free(cfg->pmd_cores.at);
	free(cfg->file);
	memset(cfg, 0, sizeof(*cfg));
}

int
vsw_cfg_load_buffer(const char *name, const char *buf, size_t len, struct vsw_cfg *cfg, char *err,
		    size_t err_len)
{
	struct cfg_ctx ctx = {.file = name, .err = err, .err_len = err_len};
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	cfg_top_schema.init(cfg);
	cfg->file = strdup(name);
	if (cfg->file == NULL)
		return cfg_error(&ctx, (struct vsw_cfg_mark){0}, "out of memory");
	rc = parse_document(&ctx, buf, len, cfg);
	if (rc == 0)
		rc = cfg_check(&ctx, cfg);
	if (rc < 0)
		vsw_cfg_free(cfg);
	return rc;
}

int
vsw_cfg_load(const char *path, struct vsw_cfg *cfg, char *err, size_t err_len)
{
	struct cfg_ctx ctx = {.file = path, .err = err, .err_len = err_len};
	size_t len = 0, got;
	char *buf;
	FILE *f;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	f = fopen(path, "rb");
	if (f == NULL) {
		rc = -errno;
		cfg_error(&ctx, (struct vsw_cfg_mark){0}, "cannot open: %s", strerror(-rc));
		return rc;
	}
	buf = malloc(CFG_MAX_FILE_SIZE + 1);
	if (buf == NULL) {
		fclose(f);
		return cfg_error(&ctx, (struct vsw_cfg_mark){0}, "out of memory");
	}
	while ((got = fread(buf + len, 1, CFG_MAX_FILE_SIZE + 1 - len, f)) > 0)
		len += got;
	rc = ferror(f) ? -EIO : 0;
	fclose(f);
	if (rc < 0)
		rc = cfg_error(&ctx, (struct vsw_cfg_mark){0}, "read error");
	else if (len > CFG_MAX_FILE_SIZE)
		rc = cfg_error(&ctx, (struct vsw_cfg_mark){0}, "larger than %u MiB",
			       CFG_MAX_FILE_SIZE >> 20);
	else
		rc = vsw_cfg_load_buffer(path, buf, len, cfg, err, err_len);
	free(buf);
	return rc;
}
