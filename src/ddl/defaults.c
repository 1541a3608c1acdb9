#include "ddl/defaults.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/expr.h"
#include "core/features.h"
#include "core/rules.h"
#include "core/types.h"
#include "ddl/partition.h"
#include "ddl/render.h"

typedef struct pdef {
  const char *key;
  const char *value;
  int from, until; /* the value applies from feature `from` on and before
                      feature `until` (sr_feature, or ANY: no bound) */
  int mode;        /* 0 both, 1 shared-nothing, 2 shared-data */
  int only;        /* 0 all tables, 'P' PRIMARY KEY, 'N' non-PK,
                      'R' RANDOM, 'T' tables (not MVs) */
} pdef;

enum { ANY = -1 };

/* Defaults printed by SHOW CREATE TABLE when nothing was specified, by
 * version through the feature table (features.c cites each landmark).
 * 3.3+ shared-nothing: corpus 01 (PK), 03 (DUP RANDOM), 05/26 (HASH).
 * 3.0-3.2: corpus 08-23, 28-31, 46 (in_memory, enable_persistent_index for
 * every model, light_schema_change in 3.1, bucket_size 4294967296).
 * 2.x: corpus 47 (storage_format DEFAULT, no replicated_storage).
 * Shared-data: corpus 51 (3.1 era), 52 (3.3+).
 * Materialized views: corpus 35, 40-43. */
static const pdef kDefaults[] = {
    {"replication_num", "3", ANY, ANY, 1, 0},
    {"replication_num", "1", ANY, ANY, 2, 0},
    {"compression", "LZ4", ANY, ANY, 0, 0},
    {"replicated_storage", "true", SR_F_V3_PROPERTIES, ANY, 1, 0},
    /* printed as light_schema_change in 3.1 (canon_prop) */
    {"fast_schema_evolution", "true", SR_F_LIGHT_SCHEMA_CHANGE,
     SR_F_FSE_PROPERTY, 1, 0},
    {"fast_schema_evolution", "false", SR_F_FSE_PROPERTY, SR_F_FSE_DEFAULT, 1,
     0},
    {"fast_schema_evolution", "true", SR_F_FSE_DEFAULT, ANY, 1, 0},
    {"in_memory", "false", ANY, SR_F_UNIFIED_PROPERTIES, 1, 0},
    {"storage_format", "DEFAULT", ANY, SR_F_V3_PROPERTIES, 1, 0},
    {"enable_persistent_index", "true", SR_F_V3_PROPERTIES, ANY, 0, 'P'},
    {"enable_persistent_index", "false", ANY, SR_F_V3_PROPERTIES, 0, 'P'},
    {"enable_persistent_index", "false", ANY, SR_F_UNIFIED_PROPERTIES, 0, 'N'},
    {"bucket_size", "4294967296", SR_F_BUCKET_SIZE, SR_F_BUCKET_SIZE_1G, 0,
     'R'},
    {"bucket_size", "1073741824", SR_F_BUCKET_SIZE_1G, ANY, 0, 'R'},
    {"datacache.enable", "true", SR_F_SHARED_DATA_PROPS, ANY, 2, 0},
    {"enable_async_write_back", "false", SR_F_SHARED_DATA_PROPS, ANY, 2, 0},
    {"storage_volume", "builtin_storage_volume", SR_F_SHARED_DATA_PROPS, ANY, 2,
     0},
    {"persistent_index_type", "CLOUD_NATIVE", SR_F_CLOUD_NATIVE_INDEX, ANY, 2,
     'P'},
};

static const pdef kMvDefaults[] = {
    {"replication_num", "3", ANY, ANY, 1, 0},
    {"replication_num", "1", ANY, ANY, 2, 0},
    {"replicated_storage", "true", SR_F_V3_PROPERTIES, ANY, 1, 0},
    {"storage_medium", "HDD", ANY, ANY, 1, 0},
};

static int applies_to(const pdef *d, const sr_env *env, const sr_table *t) {
  if (d->mode && d->mode != 1 + env->shared_data)
    return 0;
  switch (d->only) {
  case 'P':
    return t->key_type == SR_KEY_PRIMARY;
  case 'N':
    return t->key_type != SR_KEY_PRIMARY;
  case 'R':
    return t->dist_random;
  case 'T':
    return t->kind == SR_KIND_TABLE;
  default:
    return 1;
  }
}

/* The cheap run-mode and table tests first: the version test asks the
 * feature table. */
static int applies(const pdef *d, const sr_env *env, const sr_table *t) {
  if (!applies_to(d, env, t))
    return 0;
  if (d->from != ANY && !sr_has(env->version, (sr_feature)d->from))
    return 0;
  return d->until == ANY || !sr_has(env->version, (sr_feature)d->until);
}

static const pdef *defaults_for(const sr_table *t, size_t *n) {
  if (t->kind == SR_KIND_MV) {
    *n = sizeof kMvDefaults / sizeof kMvDefaults[0];
    return kMvDefaults;
  }
  *n = t->kind == SR_KIND_TABLE ? sizeof kDefaults / sizeof kDefaults[0] : 0;
  return kDefaults;
}

const char *sr_default_prop(const sr_env *env, const sr_table *t,
                            const char *key) {
  size_t n;
  const pdef *d = defaults_for(t, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(d[i].key, key) && applies(&d[i], env, t))
      return d[i].value;
  return NULL;
}

/* ---- properties --------------------------------------------------------- */

static const char *const kBoolProps[] = {
    "replicated_storage",
    "fast_schema_evolution",
    "in_memory",
    "enable_persistent_index",
    "datacache.enable",
    "enable_async_write_back",
    "file_bundling",
    "light_schema_change",
    "enable_statistic_collect_on_first_load",
};

static char *dup_case(sr_arena *a, const char *v, int up) {
  char *s = sr_arena_strdup(a, v);
  for (char *q = s; q && *q; q++)
    *q = (char)(up ? toupper((unsigned char)*q) : tolower((unsigned char)*q));
  return s;
}

/* "a,b ,c" -> "a, b, c": bloom_filter_columns prints ", " (corpus 51). */
static const char *list_value(sr_schema *s, const char *v) {
  sr_strlist l = {0};
  return sr_names_split(s, v, &l) ? NULL : sr_names_join(&s->arena, &l);
}

/* Spellings that mean the same across versions: light_schema_change is the
 * 3.1 name of fast_schema_evolution (facts version landmarks); booleans
 * and enum-like values in one case. */
static int canon_prop(sr_schema *s, sr_prop *p) {
  sr_arena *a = &s->arena;
  if (!strcmp(p->key, "light_schema_change"))
    p->key = "fast_schema_evolution";
  for (size_t i = 0; i < sizeof kBoolProps / sizeof kBoolProps[0]; i++)
    if (!strcmp(p->key, kBoolProps[i]))
      p->value = dup_case(a, p->value, 0);
  if (!strcmp(p->key, "compression") || !strcmp(p->key, "storage_medium") ||
      !strcmp(p->key, "persistent_index_type") ||
      !strcmp(p->key, "write_quorum"))
    p->value = dup_case(a, p->value, 1);
  if (!strcmp(p->key, "bloom_filter_columns"))
    p->value = list_value(s, p->value);
  return p->value ? SR_OK : SR_NOMEM;
}

/* Defaults SHOW CREATE TABLE never prints (a table created without the
 * key shows no line for it):
 * - write_quorum MAJORITY: facts §1.7 (printed "only when not MAJORITY");
 * - storage_medium HDD on shared-nothing tables: FE Config
 *   default_storage_medium = "HDD" (PropertyAnalyzer.analyzeDataProperty
 *   falls back to it); no corpus table prints the key, an MV prints it
 *   (corpus 35, 40-43: kMvDefaults);
 * - enable_statistic_collect_on_first_load true: FE Config
 *   enable_statistic_collect_on_first_load = true, which a table without
 *   the property follows (table-level property since 3.5.10, PR #65463). */
static const pdef kSilent[] = {
    {"write_quorum", "MAJORITY", ANY, ANY, 0, 0},
    {"storage_medium", "HDD", ANY, ANY, 1, 'T'},
    {"enable_statistic_collect_on_first_load", "true", ANY, ANY, 0, 'T'},
};

const char *sr_silent_default(const sr_env *env, const sr_table *t,
                              const char *key) {
  for (size_t i = 0; i < sizeof kSilent / sizeof kSilent[0]; i++)
    if (!strcmp(kSilent[i].key, key) && applies_to(&kSilent[i], env, t))
      return kSilent[i].value;
  return NULL;
}

/* Keys that newer servers no longer print and that carry no meaning when
 * at their old default: in_memory false and storage_format DEFAULT (gone
 * in 3.3, PR #42626), enable_persistent_index on non-PK tables (3.3 prints
 * it only for PK). Dropped so old and new printouts agree. */
static int obsolete(const sr_env *env, const sr_table *t, const sr_prop *p) {
  if (sr_default_prop(env, t, p->key))
    return 0;
  const char *silent = sr_silent_default(env, t, p->key);
  if (silent)
    return !strcmp(p->value, silent);
  if (!strcmp(p->key, "in_memory"))
    return !strcmp(p->value, "false");
  if (!strcmp(p->key, "storage_format"))
    return !strcasecmp(p->value, "DEFAULT") || !strcasecmp(p->value, "V2");
  if (!strcmp(p->key, "enable_persistent_index"))
    return t->key_type != SR_KEY_PRIMARY;
  return 0;
}

static int cmp_prop(const void *a, const void *b) {
  return strcmp(((const sr_prop *)a)->key, ((const sr_prop *)b)->key);
}

static int fill_props(sr_schema *s, sr_table *t, sr_err *err) {
  const sr_env *env = &s->env;
  int k = 0;
  for (int i = 0; i < t->nprops; i++) {
    /* Defaults are recomputed: a change of model, distribution or env may
     * change which keys have one. */
    if (t->props[i].is_default)
      continue;
    if (canon_prop(s, &t->props[i]))
      return sr_oom(err);
    if (!obsolete(env, t, &t->props[i]))
      t->props[k++] = t->props[i];
  }
  t->nprops = k;
  size_t n;
  const pdef *d = defaults_for(t, &n);
  for (size_t i = 0; i < n; i++) {
    if (!applies(&d[i], env, t) || sr_table_prop(t, d[i].key))
      continue;
    if (!sr_table_add_prop(s, t, d[i].key, d[i].value))
      return sr_oom(err);
  }
  if (t->nprops > 1)
    qsort(t->props, (size_t)t->nprops, sizeof *t->props, cmp_prop);
  for (int i = 0; i < t->nprops; i++) {
    const char *dv = sr_default_prop(env, t, t->props[i].key);
    t->props[i].is_default = dv && !strcmp(dv, t->props[i].value);
  }
  return SR_OK;
}

/* ---- keys, distribution, sort key ---------------------------------------- */

/* Bytes a key column takes, for the implicit DUPLICATE KEY; -1 when the
 * type cannot be a key. */
static int key_bytes(sr_arena *a, const char *type, int *is_var) {
  sr_err e = {0};
  sr_type *ty = sr_type_parse(a, type, strlen(type), NULL, &e);
  *is_var = 0;
  if (!ty)
    return -1;
  int n = sr_rule_key_bytes(ty, is_var);
  return *is_var ? 0
                 : n; /* a VARCHAR ends the key: its length is not counted */
}

/* A table created without a key clause gets DUPLICATE KEY on its leading
 * columns: at most 3, within 36 bytes, ending at the first VARCHAR (facts
 * §1.6, corpus 18: (k int, v int) -> DUPLICATE KEY(k, v)). */
static int implicit_key(sr_schema *s, sr_table *t, sr_err *err) {
  int bytes = 0;
  for (int i = 0; i < t->ncols && t->key_cols.n < 3; i++) {
    if (t->cols[i].hidden || t->cols[i].generated)
      break;
    int var;
    int b = key_bytes(&s->arena, t->cols[i].type, &var);
    if (b < 0)
      break;
    if (t->key_cols.n > 0 && bytes + b > 36)
      break;
    bytes += b;
    if (sr_strlist_add(s, &t->key_cols, t->cols[i].name))
      return sr_oom(err);
    if (var)
      break;
  }
  if (!t->key_cols.n)
    return sr_errf(err, "%s: table '%s' has no column that can be a key",
                   t->origin ? t->origin : "source", t->name);
  return SR_OK;
}

static int check_cols(sr_table *t, const sr_strlist *l, const char *what,
                      sr_err *err) {
  for (int i = 0; i < l->n; i++) {
    sr_column *c = sr_table_column(t, l->v[i]);
    if (!c)
      return sr_errf(
          err, "%s: %s column '%s' of table '%s' is not a column of the table",
          t->origin ? t->origin : "source", what, l->v[i], t->name);
    l->v[i] = c->name; /* the column's own spelling */
  }
  return SR_OK;
}

/* The server requires the key columns to be the leading columns, in order
 * (facts §1.2; FE CreateTableAnalyzer: "Key columns should be a ordered
 * prefix of the schema."), and of a type that can be a key. */
static int key_prefix(const sr_table *t, sr_err *err) {
  const char *where = t->origin ? t->origin : "source";
  for (int i = 0; i < t->key_cols.n; i++) {
    if (i >= t->ncols || !sr_name_eq(t->cols[i].name, t->key_cols.v[i]))
      return sr_errf(
          err,
          "%s: table '%s': Key columns should be a ordered prefix of the "
          "schema. (key column %d is '%s', column %d is '%s')",
          where, t->name, i + 1, t->key_cols.v[i], i + 1,
          i < t->ncols ? t->cols[i].name : "none");
    sr_tkind k;
    if (sr_type_kind_of(t->cols[i].type, &k) && !sr_rule_key_kind(k))
      return sr_errf(err,
                     "%s: table '%s': key column '%s' has type %s, which "
                     "cannot be a key",
                     where, t->name, t->cols[i].name, t->cols[i].type);
  }
  return SR_OK;
}

static int keys(sr_schema *s, sr_table *t, sr_err *err) {
  const char *where = t->origin ? t->origin : "source";
  if (!(t->stated & SR_STATED_KEY)) {
    t->key_type = SR_KEY_DUPLICATE;
    int agg = 0;
    for (int i = 0; i < t->ncols; i++)
      agg |= t->cols[i].agg_type != NULL;
    if (agg)
      t->key_type = SR_KEY_AGGREGATE;
    if (agg) {
      for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].agg_type && !t->cols[i].hidden &&
            sr_strlist_add(s, &t->key_cols, t->cols[i].name))
          return sr_oom(err);
    } else if (implicit_key(s, t, err)) {
      return SR_ERROR;
    }
  }
  /* A key clause names one column at least (StarRocks.g4 keyDesc:
   * identifierList is '(' identifier (',' identifier)* ')'): KEY() would
   * not parse (make fuzz: a spec whose one column is HLL_UNION has no
   * column left for AGGREGATE KEY). */
  if (!t->key_cols.n)
    return sr_errf(
        err, "%s: table '%s' has no column that can be a key%s", where, t->name,
        t->key_type == SR_KEY_AGGREGATE && !(t->stated & SR_STATED_KEY)
            ? " (every column has an aggregate type)"
            : "");
  if (check_cols(t, &t->key_cols, "key", err))
    return SR_ERROR;
  if (key_prefix(t, err))
    return SR_ERROR;
  for (int i = 0; i < t->ncols; i++)
    t->cols[i].is_key = 0;
  for (int i = 0; i < t->key_cols.n; i++) {
    sr_column *c = sr_table_column(t, t->key_cols.v[i]);
    c->is_key = 1;
    if (c->agg_type)
      return sr_errf(
          err,
          "%s: key column '%s' of table '%s' cannot have aggregate type %s",
          where, c->name, t->name, c->agg_type);
    /* PRIMARY KEY columns are NOT NULL: the server forces it (corpus 01). */
    if (t->key_type == SR_KEY_PRIMARY)
      c->nullable = 0;
  }
  for (int i = 0; i < t->ncols; i++) {
    sr_column *c = &t->cols[i];
    if (c->is_key || c->hidden)
      continue;
    /* docs "Aggregate table": AGGREGATE KEY holds every column but the
     * value columns, else CREATE fails; CREATE TABLE: a column without an
     * agg_type is a key column. */
    if (t->key_type == SR_KEY_AGGREGATE && !c->agg_type && !c->generated)
      return sr_errf(err,
                     "%s: value column '%s' of AGGREGATE KEY table '%s' needs "
                     "an aggregate type (SUM, MAX, MIN, REPLACE, ...)",
                     where, c->name, t->name);
    if (t->key_type != SR_KEY_AGGREGATE && c->agg_type)
      return sr_errf(err,
                     "%s: Can not assign aggregation method on column in %s "
                     "data model table: %s",
                     where,
                     t->key_type == SR_KEY_DUPLICATE ? "Duplicate"
                     : t->key_type == SR_KEY_UNIQUE  ? "Unique"
                                                     : "Primary",
                     c->name);
  }
  return SR_OK;
}

/* A table created without DISTRIBUTED BY on a 4.1+ shared-data cluster,
 * with a key or ORDER BY clause, is range-distributed (the Python tool's
 * test_range_distribution; RangeDistributionInfo: "Range distribution
 * will be the default distribution"). */
static int range_default(const sr_schema *s, const sr_table *t) {
  return t->kind == SR_KIND_TABLE && s->env.shared_data &&
         (t->stated & (SR_STATED_KEY | SR_STATED_ORDER)) &&
         sr_has(s->env.version, SR_F_RANGE_DISTRIBUTION);
}

static int distribution(sr_schema *s, sr_table *t, sr_err *err) {
  if (!(t->stated & SR_STATED_DIST) && range_default(s, t)) {
    t->dist_range = 1;
    t->dist_random = 0;
  } else if (!(t->stated & SR_STATED_DIST)) {
    /* DUPLICATE tables and MVs default to RANDOM (corpus 03, 40); other
     * models to HASH(key columns) with automatic buckets (corpus 01). */
    if (t->kind == SR_KIND_MV || t->key_type == SR_KEY_DUPLICATE) {
      t->dist_random = 1;
    } else {
      t->dist_random = 0;
      for (int i = 0; i < t->key_cols.n; i++)
        if (sr_strlist_add(s, &t->dist_cols, t->key_cols.v[i]))
          return sr_oom(err);
    }
  }
  if (t->kind == SR_KIND_TABLE &&
      check_cols(t, &t->dist_cols, "distribution", err))
    return SR_ERROR;
  if (t->dist_range && (t->kind != SR_KIND_TABLE || t->buckets))
    return sr_errf(err,
                   "%s: '%s': RANGE distribution is for tables and takes no "
                   "BUCKETS",
                   t->origin ? t->origin : "source", t->name);
  /* RANGE exists only where StarRocks makes it (range_default): elsewhere
   * the canonical CREATE, which has no DISTRIBUTED BY for it, would read
   * back as RANDOM or HASH, and a plan would "change" it. The Python
   * tool's compiler drops the clause there and warns
   * (test_range_distribution_without_key_warns). */
  if (t->dist_range && t->kind == SR_KIND_TABLE &&
      !(s->env.shared_data &&
        sr_has(s->env.version, SR_F_RANGE_DISTRIBUTION))) {
    char v[32];
    return sr_errf(err,
                   "%s: table '%s': RANGE distribution exists on shared-data "
                   "clusters from 4.1 on, not on %s %s: state HASH(..) or "
                   "RANDOM, or read the schema with that run_mode and version",
                   t->origin ? t->origin : "source", t->name,
                   s->env.shared_data ? "shared_data" : "shared_nothing",
                   sr_version_text(s->env.version, v, sizeof v));
  }
  char why[120];
  if (t->kind == SR_KIND_TABLE && t->dist_random &&
      sr_rule_random_refusal(t, why, sizeof why))
    return sr_errf(err, "%s: table '%s': %s", t->origin ? t->origin : "source",
                   t->name, why);
  return SR_OK;
}

static int sort_key(sr_schema *s, sr_table *t, sr_err *err) {
  (void)s;
  if (!(t->stated & SR_STATED_ORDER)) {
    t->order_by = t->key_cols;
    return SR_OK;
  }
  return t->kind == SR_KIND_TABLE ? check_cols(t, &t->order_by, "ORDER BY", err)
                                  : SR_OK;
}

/* ---- columns ------------------------------------------------------------ */

/* Replaces hidden generated partition columns in a partition expression
 * list by their expressions (corpus 24-26: PARTITION BY
 * (`__generated_partition_column_0`, ...) for PARTITION BY substring(..)). */
static int unhide_partition(sr_schema *s, sr_table *t, sr_err *err) {
  const char *pb = t->partition_by;
  if (!pb || !strncmp(pb, "RANGE(", 6) || !strncmp(pb, "LIST(", 5))
    return SR_OK;
  if (!strstr(pb, SR_HIDDEN_PREFIX))
    return SR_OK;
  sr_buf b;
  sr_buf_init(&b);
  const char *p = pb;
  while (*p) {
    const char *e = p;
    int depth = 0;
    char q = 0;
    for (; *e; e++) {
      if (q) {
        if (*e == q)
          q = 0;
        continue;
      }
      if (*e == '\'' || *e == '`')
        q = *e;
      else if (*e == '(' || *e == '[')
        depth++;
      else if (*e == ')' || *e == ']')
        depth--;
      else if (*e == ',' && !depth)
        break;
    }
    size_t n = (size_t)(e - p);
    const sr_column *hid = NULL;
    for (int i = 0; i < t->ncols; i++)
      if (t->cols[i].hidden && strlen(t->cols[i].name) == n &&
          !strncmp(t->cols[i].name, p, n))
        hid = &t->cols[i];
    if (b.n)
      sr_buf_puts(&b, ", ");
    if (hid)
      sr_buf_puts(&b, hid->generated);
    else
      sr_buf_add(&b, p, n);
    p = *e ? e + 1 : e;
    while (*p == ' ')
      p++;
  }
  const char *r = sr_buf_str(&b);
  t->partition_by = r ? sr_arena_strdup(&s->arena, r) : NULL;
  sr_buf_free(&b);
  return t->partition_by ? SR_OK : sr_oom(err);
}

static unsigned name_hash(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned)tolower((unsigned char)*s)) * 16777619u;
  return h;
}

/* Column names are case-insensitive; a hash set keeps the check linear
 * for wide tables (bench/run.sh parses 300,000 columns). */
static int unique_names(sr_schema *s, sr_table *t, sr_err *err) {
  unsigned cap = 16;
  while (cap < 2u * (unsigned)t->ncols)
    cap *= 2;
  const char **set = sr_arena_alloc(&s->arena, sizeof(*set) * cap);
  if (!set)
    return sr_oom(err);
  for (int i = 0; i < t->ncols; i++) {
    const char *n = t->cols[i].name;
    unsigned h = name_hash(n) & (cap - 1);
    for (; set[h]; h = (h + 1) & (cap - 1))
      if (!strcasecmp(set[h], n))
        return sr_errf(err, "%s: duplicate column name '%s' in table '%s'",
                       t->origin ? t->origin : "source", n, t->name);
    set[h] = n;
  }
  return SR_OK;
}

static int columns(sr_schema *s, sr_table *t, sr_err *err) {
  const char *where = t->origin ? t->origin : "source";
  if (unique_names(s, t, err))
    return SR_ERROR;
  int seen_generated = 0;
  for (int i = 0; i < t->ncols; i++) {
    sr_column *c = &t->cols[i];
    /* CreateTableAnalyzer's own text. */
    if (seen_generated && !c->generated)
      return sr_errf(err,
                     "%s: table '%s': All generated columns must be defined "
                     "after ordinary columns",
                     where, t->name);
    seen_generated |= c->generated != NULL;
    c->hidden = !strncmp(c->name, SR_HIDDEN_PREFIX, strlen(SR_HIDDEN_PREFIX));
    if (c->hidden && !c->generated)
      return sr_errf(err,
                     "%s: column '%s' of table '%s' uses the system reserved "
                     "prefix " SR_HIDDEN_PREFIX,
                     where, c->name, t->name);
    /* Generated columns are always nullable (facts §1.3). */
    if (c->generated)
      c->nullable = 1;
    /* AUTO_INCREMENT columns become NOT NULL (facts §1.3). */
    if (c->auto_increment) {
      c->nullable = 0;
      if (c->def_kind != SR_DEF_NONE)
        return sr_errf(err,
                       "%s: AUTO_INCREMENT column '%s' of table '%s' cannot "
                       "have a DEFAULT",
                       where, c->name, t->name);
      if (strcmp(c->type, "BIGINT"))
        return sr_errf(err,
                       "%s: AUTO_INCREMENT column '%s' of table '%s' must be "
                       "BIGINT, not %s",
                       where, c->name, t->name, c->type);
    }
  }
  return unhide_partition(s, t, err);
}

/* Idempotent: once applied, every clause is explicit, so a table edited
 * by sr_apply_ddl can be made canonical again. */
int sr_defaults_apply(sr_schema *s, sr_table *t, sr_err *err) {
  if (t->kind == SR_KIND_VIEW)
    return SR_OK;
  /* 2.x printed COMMENT "OLAP" for tables created without a comment
   * (facts §1.2, corpus 47); 3.x invents none. */
  if (!sr_has(s->env.version, SR_F_V3_PROPERTIES) &&
      !strcmp(t->comment, "OLAP"))
    t->comment = "";
  if (t->kind == SR_KIND_TABLE) {
    if (columns(s, t, err) || keys(s, t, err) ||
        sr_partitions_printed(s, t, err))
      return SR_ERROR;
  }
  /* An MV created without REFRESH refreshes manually: corpus 35 (created
   * without the clause, printed REFRESH MANUAL). */
  if (t->kind == SR_KIND_MV && !t->refresh)
    t->refresh = "MANUAL";
  /* Untimed ASYNC is spelled ON_CHANGE from 26.2 on and ASYNC before (FE
   * ReplayRefreshKeywordTest: bare ASYNC becomes ON_CHANGE, the timed form
   * stays; the Python tool's render_refresh_for_server): the spelling the
   * version prints and accepts. */
  if (t->kind == SR_KIND_MV &&
      (!strcmp(t->refresh, "ASYNC") || !strcmp(t->refresh, "ON_CHANGE")))
    t->refresh =
        sr_has(s->env.version, SR_F_MV_ON_CHANGE) ? "ON_CHANGE" : "ASYNC";
  if (distribution(s, t, err) || sort_key(s, t, err))
    return SR_ERROR;
  if (fill_props(s, t, err))
    return SR_ERROR;
  t->stated |= SR_STATED_KEY | SR_STATED_DIST | SR_STATED_ORDER;
  return SR_OK;
}

int sr_schema_finish(sr_schema *s, sr_err *err) {
  for (int i = 0; i < s->ntables; i++)
    if (sr_defaults_apply(s, s->tables[i], err))
      return SR_ERROR;
  return sr_schema_sort(s, err);
}
