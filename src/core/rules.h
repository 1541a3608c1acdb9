/* StarRocks's rules that the planner (diff.c) and the interpreter
 * (apply.c) both apply, and the parsers and defaults where they need the
 * same fact: key and sort-key types, aggregate types, the type-change
 * matrix, fast schema evolution, name comparison, properties fixed at
 * CREATE, the bucket count's bound. Facts only: each side
 * keeps its own logic (test/diff_converge.test and test/agreement.test
 * check one with the other), so that a wrong fact here shows up as a
 * disagreement with the server, not between the two. Each rule cites its
 * source in rules.c. */
#ifndef SR_RULES_H
#define SR_RULES_H

#include <stddef.h>

#include "core/model.h"
#include "core/types.h"

/* ---- names: column, index and STRUCT field names compare without case;
 * table names with it (model.c sr_schema_find). ---------------------- */
int sr_name_eq(const char *a, const char *b);
/* Same names in the same order. */
int sr_names_eq(const sr_strlist *x, const sr_strlist *y);
int sr_names_has(const sr_strlist *l, const char *name);
/* Same names in any order (each list free of repeats). */
int sr_names_same_set(const sr_strlist *x, const sr_strlist *y);

/* ---- keys and sort keys ------------------------------------------------ */
/* A column of this type can be a key column (and a sort column of a
 * DUPLICATE, AGGREGATE or UNIQUE KEY table). */
int sr_rule_key_kind(sr_tkind k);
/* Bytes a key value of type ty takes: the fixed size of a number or date
 * type (DECIMAL 8 up to precision 18, else 16), the declared length of a
 * CHAR or VARCHAR (*is_var set for VARCHAR); -1 for any other type.
 * Used by the implicit DUPLICATE KEY (36 bytes, facts §1.6) and the
 * PRIMARY KEY width lint. */
int sr_rule_key_bytes(const sr_type *ty, int *is_var);
/* A column of this type can be in the sort key of a table of model m. */
int sr_rule_sort_kind(sr_keytype m, sr_tkind k);

/* ---- distribution ------------------------------------------------------ */
/* NULL when table t may be DISTRIBUTED BY RANDOM, else the server's
 * reason ("AGGREGATE KEY with replace  must use hash distribution"), into
 * buf. */
const char *sr_rule_random_refusal(const sr_table *t, char *buf, size_t cap);
/* t has a value column aggregated with REPLACE or REPLACE_IF_NOT_NULL. */
int sr_rule_has_replace(const sr_table *t);

/* The largest BUCKETS n read (DDL, specs, sr_alter_distribution): 1..max.
 * A sanity bound, not the server's limit (rules.c). */
enum { SR_BUCKETS_MAX = 1000000 };

/* ---- properties -------------------------------------------------------- */
/* 1 when ALTER TABLE .. SET refuses property key: it is fixed at CREATE. */
int sr_rule_prop_fixed(const char *key);

/* ---- aggregate types --------------------------------------------------- */
/* The canonical aggregate type (SUM, MAX, ..) spelled by s[0..n) in any
 * case, or NULL. */
const char *sr_rule_agg_type(const char *s, size_t n);

/* A column of an AGGREGATE KEY table added with this definition: a SUM
 * column's default must be 0, since existing rows get it and the SUM
 * would count it ("The default value of 'c' with SUM aggregation function
 * must be zero"). 1 when refused. */
int sr_rule_sum_default_refused(const sr_column *c);

/* ---- the type-change matrix -------------------------------------------- */
typedef enum sr_type_change {
  SR_TC_SAFE,    /* accepted, and every value converts exactly */
  SR_TC_LOSSY,   /* accepted, but values may be cut or fail to convert */
  SR_TC_REFUSED, /* "Can not change X to Y" */
  SR_TC_SHORTER, /* "Cannot shorten string length" (checked after NULL and
                    DEFAULT, as the server does) */
  SR_TC_JSON_LEN /* "JSON needs minimum length of 1024" (likewise): a
                    VARCHAR of at most SR_JSON_TYPE_SIZE */
} sr_type_change;

/* PrimitiveType.getTypeSize() of JSON (rules.c). */
enum { SR_JSON_TYPE_SIZE = 1024 };

/* MODIFY COLUMN from type f to type t, both scalar and not the same type
 * (complex types change only through ADD/DROP FIELD). The planner emits
 * SAFE changes, LOSSY ones with the data_loss hazard and reports the
 * others; the interpreter accepts SAFE and LOSSY. */
sr_type_change sr_rule_type_change(const sr_type *f, const sr_type *t);
/* The server's message for a refused change (ft, tt: the types' text),
 * into buf. */
const char *sr_rule_type_change_why(sr_type_change v, const char *ft,
                                    const char *tt, char *buf, size_t cap);

/* ---- fast schema evolution --------------------------------------------- */
/* Table t has fast schema evolution on a server of env: its property, or
 * the default of shared-data tables, which do not print it. */
int sr_rule_has_fse(const sr_env *env, const sr_table *t);

#endif
