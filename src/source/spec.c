/* JSON table specs <-> the model (spec.h). The spec keys mirror the
 * guide's starrocks_* options; clause texts (keys, partition_by,
 * distributed_by, refresh) are read by the DDL parser's own building
 * blocks so that a spec and the CREATE statement it stands for build the
 * same table. */
#include "source/spec.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "core/expr.h"
#include "core/features.h"
#include "core/rules.h"
#include "core/types.h"
#include "ddl/ddl_parse.h"
#include "ddl/defaults.h"
#include "ddl/render.h"

#define TRY(x)                                                                 \
  do {                                                                         \
    if ((x) != SR_OK)                                                          \
      return SR_ERROR;                                                         \
  } while (0)

/* ---- malformed JSON ------------------------------------------------------ */

/* What a JSON reader expects next, for error messages. */
typedef enum jstate {
  J_VALUE,
  J_KEY_OR_CLOSE,
  J_KEY,
  J_COLON,
  J_OBJ_NEXT,
  J_ARR_FIRST,
  J_ARR_NEXT,
  J_END
} jstate;

static const char *const kExpect[] = {
    "a value (object, array, string, number, true, false or null)",
    "a quoted key or '}'",
    "a quoted key",
    "':'",
    "',' or '}'",
    "a value or ']'",
    "',' or ']'",
    "the end of input",
};

typedef struct jscan {
  const char *s;
  size_t n, pos;
  char stack[64]; /* '{' or '[' */
  int depth;
  jstate st;
  const char *expect; /* overrides kExpect[st] */
} jscan;

static void jskip_ws(jscan *j) {
  while (j->pos < j->n && strchr(" \t\r\n", j->s[j->pos]))
    j->pos++;
}

/* The value of the \\uXXXX escape at p, -1 when it is not one. */
static long jhex4(const jscan *j, size_t p) {
  long v = 0;
  if (p + 6 > j->n || j->s[p] != '\\' || j->s[p + 1] != 'u')
    return -1;
  for (size_t i = p + 2; i < p + 6; i++) {
    int c = (unsigned char)j->s[i];
    if (!isxdigit(c))
      return -1;
    v = v * 16 + (isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

/* A \\u escape as cJSON reads it: not U+0000 (it would end the C string
 * the value becomes), surrogates only in pairs. Returns the bytes after
 * the backslash it takes, 0 when it is not valid. */
static size_t junicode(jscan *j, size_t p) {
  long u = jhex4(j, p);
  if (u < 0) {
    j->expect = "four hex digits after \\u";
    return 0;
  }
  if (u == 0) {
    j->expect = "a character other than \\u0000 (text cannot hold NUL)";
    return 0;
  }
  if (u >= 0xDC00 && u <= 0xDFFF) {
    j->expect = "a high surrogate before a low one (\\uD800-\\uDBFF)";
    return 0;
  }
  if (u < 0xD800 || u > 0xDBFF)
    return 5;
  long lo = jhex4(j, p + 6);
  if (lo < 0xDC00 || lo > 0xDFFF) {
    j->expect = "a low surrogate (\\uDC00-\\uDFFF) after a high one";
    return 0;
  }
  return 11;
}

/* A string starting at pos; 0 when malformed (pos left at the fault). */
static int jstring(jscan *j) {
  size_t p = j->pos + 1;
  for (; p < j->n && j->s[p] != '"'; p++) {
    if ((unsigned char)j->s[p] < 0x20)
      break;
    if (j->s[p] == '\\' &&
        (p + 1 >= j->n || !strchr("\"\\/bfnrtu", j->s[p + 1]))) {
      j->pos = p;
      j->expect = "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
      return 0;
    }
    if (j->s[p] == '\\' && j->s[p + 1] == 'u') {
      size_t k = junicode(j, p);
      if (!k) {
        j->pos = p;
        return 0;
      }
      p += k;
    } else if (j->s[p] == '\\') {
      p++;
    }
  }
  if (p >= j->n || j->s[p] != '"') {
    j->expect = "'\"' closing the string";
    j->pos = p;
    return 0;
  }
  j->pos = p + 1;
  return 1;
}

/* Digits at *p; how many. */
static size_t jdigits(const jscan *j, size_t *p) {
  size_t b = *p;
  while (*p < j->n && isdigit((unsigned char)j->s[*p]))
    (*p)++;
  return *p - b;
}

/* A number in JSON's grammar (RFC 8259 §6), which cJSON reads too. */
static size_t jnumber(const jscan *j, size_t p) {
  if (p < j->n && j->s[p] == '-')
    p++;
  size_t b = p;
  if (!jdigits(j, &p) || (j->s[b] == '0' && p - b > 1))
    return 0;
  if (p < j->n && j->s[p] == '.' && (p++, !jdigits(j, &p)))
    return 0;
  if (p < j->n && (j->s[p] | 0x20) == 'e') {
    p++;
    if (p < j->n && (j->s[p] == '+' || j->s[p] == '-'))
      p++;
    if (!jdigits(j, &p))
      return 0;
  }
  return p;
}

/* A number or true/false/null at pos; 0 when not one. */
static int jscalar(jscan *j) {
  size_t p = j->pos;
  while (p < j->n &&
         (isalnum((unsigned char)j->s[p]) || strchr("+-.", j->s[p])))
    p++;
  size_t len = p - j->pos;
  const char *w = j->s + j->pos;
  int ok = (len == 4 && (!strncmp(w, "true", 4) || !strncmp(w, "null", 4))) ||
           (len == 5 && !strncmp(w, "false", 5));
  if (!ok && len && (isdigit((unsigned char)*w) || *w == '-'))
    ok = jnumber(j, j->pos) == p;
  if (ok)
    j->pos = p;
  return ok;
}

static jstate after_value(jscan *j) {
  if (!j->depth)
    return J_END;
  return j->stack[j->depth - 1] == '{' ? J_OBJ_NEXT : J_ARR_NEXT;
}

static int jopen(jscan *j, char c) {
  if (j->depth == (int)sizeof j->stack)
    return 0;
  j->stack[j->depth++] = c;
  j->pos++;
  j->st = c == '{' ? J_KEY_OR_CLOSE : J_ARR_FIRST;
  return 1;
}

static int jclose(jscan *j) {
  j->depth--;
  j->pos++;
  j->st = after_value(j);
  return 1;
}

/* One step of the reader; 0 at a fault. */
static int jstep(jscan *j) {
  char c = j->s[j->pos];
  switch (j->st) {
  case J_VALUE:
  case J_ARR_FIRST:
    if (c == ']' && j->st == J_ARR_FIRST)
      return jclose(j);
    if (c == '{' || c == '[')
      return jopen(j, c);
    if (c == '"' ? !jstring(j) : !jscalar(j))
      return 0;
    j->st = after_value(j);
    return 1;
  case J_KEY_OR_CLOSE:
  case J_KEY:
    if (c == '}' && j->st == J_KEY_OR_CLOSE)
      return jclose(j);
    if (c != '"' || !jstring(j))
      return 0;
    j->st = J_COLON;
    return 1;
  case J_COLON:
    if (c != ':')
      return 0;
    j->pos++, j->st = J_VALUE;
    return 1;
  case J_OBJ_NEXT:
  case J_ARR_NEXT:
    if (c == (j->st == J_OBJ_NEXT ? '}' : ']'))
      return jclose(j);
    if (c != ',')
      return 0;
    j->pos++, j->st = j->st == J_OBJ_NEXT ? J_KEY : J_VALUE;
    return 1;
  default:
    return 0;
  }
}

/* Checks the whole text against JSON's grammar (what cJSON reads, a
 * little stricter); an error names the first fault and what was expected
 * there. */
static int json_check(const char *s, size_t n, sr_err *err) {
  size_t bad = sr_text_fault(s, n);
  if (bad < n) {
    char what[48];
    sr_text_fault_name(s, bad, what, sizeof what);
    return sr_errf(err, "invalid JSON at offset %zu: %s", bad, what);
  }
  jscan j = {.s = s, .n = n, .st = J_VALUE};
  for (;;) {
    jskip_ws(&j);
    if (j.pos >= j.n || !jstep(&j))
      break;
  }
  if (j.pos >= j.n && j.st == J_END)
    return SR_OK;
  char found[40];
  if (j.pos >= j.n)
    snprintf(found, sizeof found, "end of input");
  else
    snprintf(found, sizeof found, "'%.*s%s'",
             (int)(j.n - j.pos > 12 ? 12 : j.n - j.pos), s + j.pos,
             j.n - j.pos > 12 ? "..." : "");
  return sr_errf(err, "invalid JSON at offset %zu: expected %s, found %s",
                 j.pos, j.expect ? j.expect : kExpect[j.st], found);
}

cJSON *sr_json_parse(const char *text, size_t n, sr_err *err) {
  if (json_check(text, n, err))
    return NULL;
  /* Valid text that cJSON cannot read: only its allocations can fail. */
  cJSON *j = cJSON_ParseWithLength(text, n);
  if (!j)
    sr_oom(err);
  return j;
}

static cJSON *json_parse(const char *text, sr_err *err) {
  return sr_json_parse(text, strlen(text), err);
}

/* ---- JSON values --------------------------------------------------------- */

static const char *jtype(const cJSON *v) {
  if (cJSON_IsString(v))
    return "a string";
  if (cJSON_IsNumber(v))
    return "a number";
  if (cJSON_IsBool(v))
    return "a boolean";
  if (cJSON_IsNull(v))
    return "null";
  if (cJSON_IsArray(v))
    return "an array";
  return "an object";
}

/* Looks each member's name up in keys[]; items[i] receives the member of
 * keys[i]. Unknown and repeated keys are errors. */
static int members(const cJSON *o, const char *const *keys, int nkeys,
                   const cJSON **items, const char *where, sr_err *err) {
  for (const cJSON *m = o->child; m; m = m->next) {
    int k = 0;
    while (k < nkeys && strcasecmp(keys[k], m->string))
      k++;
    if (k == nkeys) {
      char list[400] = "";
      for (int i = 0; i < nkeys; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i ? ", " : "", keys[i]);
      return sr_errf(err, "%sunknown key \"%s\"; accepted keys: %s", where,
                     m->string, list);
    }
    if (items[k])
      return sr_errf(err, "%skey \"%s\" is given twice", where, keys[k]);
    items[k] = m;
  }
  return SR_OK;
}

static int want(const cJSON *v, int ok, const char *what, const char *where,
                sr_err *err) {
  if (ok)
    return SR_OK;
  return sr_errf(err, "%s\"%s\" must be %s, found %s", where, v->string, what,
                 jtype(v));
}

/* String member (NULL when absent); a non-string is an error. */
static int jstr(const cJSON *v, const char **out, const char *where,
                sr_err *err) {
  *out = NULL;
  if (!v)
    return SR_OK;
  TRY(want(v, cJSON_IsString(v), "a string", where, err));
  *out = v->valuestring;
  return SR_OK;
}

static int jbool(const cJSON *v, int *out, const char *where, sr_err *err) {
  if (!v)
    return SR_OK;
  TRY(want(v, cJSON_IsBool(v), "true or false", where, err));
  *out = cJSON_IsTrue(v);
  return SR_OK;
}

static char *trimmed(sr_arena *a, const char *s) {
  while (isspace((unsigned char)*s))
    s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  return sr_arena_strndup(a, s, n);
}

/* A number's text in the arena: an integral value in digits ("10",
 * "1000000000000000", where cJSON would print 1e+15, which StarRocks does
 * not read as an integer), any other as cJSON prints it ("1.5"). */
static char *number_text(sr_arena *a, const cJSON *v) {
  double d = v->valuedouble;
  if (d == floor(d) && fabs(d) < 9007199254740992.0) { /* 2^53: exact */
    char digits[24];
    snprintf(digits, sizeof digits, "%.0f", d == 0 ? 0.0 : d);
    return sr_arena_strdup(a, digits);
  }
  char *p = cJSON_PrintUnformatted(v);
  char *r = p ? sr_arena_strdup(a, p) : NULL;
  cJSON_free(p);
  return r;
}

/* ---- columns ------------------------------------------------------------- */

enum {
  C_NAME,
  C_TYPE,
  C_NULLABLE,
  C_DEFAULT,
  C_DEFAULT_EXPR,
  C_COMMENT,
  C_PRIMARY_KEY,
  C_AGG_TYPE,
  C_IS_AGG_KEY,
  C_AUTO_INCREMENT,
  C_GENERATED,
  C_NKEYS
};

static const char *const kColKeys[C_NKEYS] = {
    "name",         "type",           "nullable",    "default",
    "default_expr", "comment",        "primary_key", "agg_type",
    "is_agg_key",   "auto_increment", "generated",
};

/* Role markers of a spec column, beside the model column. */
typedef struct colmark {
  int pk, agg_key, null_given;
} colmark;

static int col_agg(sr_column *c, const char *v, const char *w, sr_err *err) {
  if ((c->agg_type = sr_rule_agg_type(v, strlen(v))))
    return SR_OK;
  return sr_errf(err,
                 "%sunknown agg_type '%s'; expected SUM, MAX, MIN, REPLACE, "
                 "REPLACE_IF_NOT_NULL, HLL_UNION, BITMAP_UNION or "
                 "PERCENTILE_UNION",
                 w, v);
}

/* default: a literal (string or number) rendered DEFAULT "x". */
static int col_default(sr_arena *a, sr_column *c, const cJSON *v, const char *w,
                       sr_err *err) {
  if (cJSON_IsNull(v))
    return SR_OK;
  if (cJSON_IsString(v)) {
    c->def_text = sr_arena_strdup(a, v->valuestring);
  } else if (cJSON_IsNumber(v)) {
    c->def_text = number_text(a, v);
  } else {
    return sr_errf(err,
                   "%s\"default\" must be a string or a number (use "
                   "\"default_expr\" for an expression), found %s",
                   w, jtype(v));
  }
  c->def_kind = SR_DEF_LITERAL;
  return c->def_text ? SR_OK : sr_oom(err);
}

/* default_expr: CURRENT_TIMESTAMP (NOW() too) or an expression, printed
 * DEFAULT (expr), as the DDL parser reads DEFAULT forms. */
static int col_default_expr(sr_schema *s, sr_column *c, const char *v,
                            const char *w, sr_err *err) {
  static const char *const now[] = {"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()",
                                    "NOW", "NOW()"};
  sr_arena *a = &s->arena;
  char *x = trimmed(a, v);
  if (!x)
    return sr_oom(err);
  c->def_kind = SR_DEF_EXPR;
  c->def_text = "CURRENT_TIMESTAMP";
  for (size_t i = 0; i < sizeof now / sizeof now[0]; i++)
    if (!strcasecmp(x, now[i]))
      return SR_OK;
  /* CURRENT_TIMESTAMP(p), p 0..6, as the DDL parser reads it (ddl_parse.c
   * default_value: StarRocks.g4 defaultDesc; p = 0 is no precision). */
  int p = -1, used = 0;
  if (!strncasecmp(x, "CURRENT_TIMESTAMP", 17) &&
      sscanf(x + 17, " ( %1d ) %n", &p, &used) == 1 && !x[17 + used] &&
      p >= 0 && p <= 6) {
    if (p) {
      char *d = sr_arena_alloc(a, sizeof "CURRENT_TIMESTAMP(6)");
      if (!d)
        return sr_oom(err);
      snprintf(d, sizeof "CURRENT_TIMESTAMP(6)", "CURRENT_TIMESTAMP(%d)", p);
      c->def_text = d;
    }
    return SR_OK;
  }
  if (!*x)
    return sr_errf(err, "%s\"default_expr\" is empty", w);
  sr_err e = {0};
  /* One expression, checked with the DDL lexer before it is pasted into
   * DEFAULT (...): "now()); DROP TABLE x; --" is refused, not rendered. */
  if (sr_expr_check(a, "default_expr", x, strlen(x), 0, NULL, &e))
    return sr_errf(err, "%s%s", w, e.msg);
  /* Then read as a file's DEFAULT (expr) is read (the same grammar: what
   * is printed reads back), which normalises it as a file's would be. */
  size_t n = strlen(x) + 3;
  char *d = sr_arena_alloc(a, n);
  if (!d)
    return sr_oom(err);
  snprintf(d, n, "(%s)", x);
  if (sr_parse_default(s, c, "default_expr", d, &e))
    return sr_errf(err, "%s%s", w, e.msg);
  return SR_OK;
}

static int col_type(sr_arena *a, sr_column *c, const char *v, const char *w,
                    sr_err *err) {
  sr_err e = {0};
  c->type = sr_type_canon(a, v, strlen(v), NULL, &e);
  if (!c->type)
    return sr_errf(err, "%sbad type '%s': %s", w, v, e.msg);
  return SR_OK;
}

static int col_generated(sr_schema *s, sr_column *c, const char *v,
                         const char *w, sr_err *err) {
  sr_err e = {0};
  char *x = trimmed(&s->arena, v);
  if (!x)
    return sr_oom(err);
  if (!*x)
    return sr_errf(err, "%s\"generated\" is empty", w);
  /* One expression, as for default_expr, then read as a file's AS expr is
   * read: "COMMENT" is one expression, but AS COMMENT does not parse. */
  if (sr_expr_check(&s->arena, "generated", x, strlen(x), 0, NULL, &e) ||
      sr_parse_generated(s, c, "generated", x, &e))
    return sr_errf(err, "%s%s", w, e.msg);
  return SR_OK;
}

static int col_strings(sr_schema *s, sr_column *c, const cJSON **it,
                       const char *w, sr_err *err) {
  sr_arena *a = &s->arena;
  const char *type, *dexpr, *comment, *agg, *gen;
  TRY(jstr(it[C_TYPE], &type, w, err));
  TRY(jstr(it[C_DEFAULT_EXPR], &dexpr, w, err));
  TRY(jstr(it[C_COMMENT], &comment, w, err));
  TRY(jstr(it[C_AGG_TYPE], &agg, w, err));
  TRY(jstr(it[C_GENERATED], &gen, w, err));
  if (!type)
    return sr_errf(err, "%smissing \"type\"", w);
  TRY(col_type(a, c, type, w, err));
  if (it[C_DEFAULT] && dexpr)
    return sr_errf(err, "%s\"default\" and \"default_expr\" together", w);
  if (it[C_DEFAULT])
    TRY(col_default(a, c, it[C_DEFAULT], w, err));
  if (dexpr)
    TRY(col_default_expr(s, c, dexpr, w, err));
  if (comment && !(c->comment = sr_arena_strdup(a, comment)))
    return sr_oom(err);
  if (agg)
    TRY(col_agg(c, agg, w, err));
  if (gen)
    TRY(col_generated(s, c, gen, w, err));
  return SR_OK;
}

static int col_flags(sr_column *c, colmark *m, const cJSON **it, const char *w,
                     sr_err *err) {
  TRY(jbool(it[C_NULLABLE], &c->nullable, w, err));
  TRY(jbool(it[C_PRIMARY_KEY], &m->pk, w, err));
  TRY(jbool(it[C_IS_AGG_KEY], &m->agg_key, w, err));
  TRY(jbool(it[C_AUTO_INCREMENT], &c->auto_increment, w, err));
  m->null_given = it[C_NULLABLE] != NULL;
  c->null_stated = m->null_given;
  if (m->agg_key && c->agg_type)
    return sr_errf(err,
                   "%sis_agg_key and agg_type together: a key column has no "
                   "aggregate type",
                   w);
  c->is_key = m->pk || m->agg_key;
  return SR_OK;
}

/* "column 'x': " for messages; "columns[i]: " before the name is known. */
static void col_where(char *w, size_t n, const cJSON *o, int idx) {
  const cJSON *v = cJSON_GetObjectItem(o, "name");
  if (cJSON_IsString(v))
    snprintf(w, n, "column '%.100s': ", v->valuestring);
  else if (idx >= 0)
    snprintf(w, n, "columns[%d]: ", idx);
  else
    snprintf(w, n, "column: ");
}

static int col_name(sr_arena *a, sr_column *c, const cJSON *v, const char *w,
                    sr_err *err) {
  if (!v)
    return sr_errf(err, "%smissing \"name\"", w);
  TRY(want(v, cJSON_IsString(v), "a string", w, err));
  if (!*v->valuestring)
    return sr_errf(err, "%s\"name\" is empty", w);
  c->name = sr_arena_strdup(a, v->valuestring);
  return c->name ? SR_OK : sr_oom(err);
}

/* A column object -> c (zeroed with model defaults by the caller). */
static int column_from(sr_schema *s, const cJSON *o, int idx, sr_column *c,
                       colmark *m, sr_err *err) {
  char w[160];
  col_where(w, sizeof w, o, idx);
  if (!cJSON_IsObject(o))
    return sr_errf(err, "%sa column must be a JSON object, found %s", w,
                   jtype(o));
  const cJSON *it[C_NKEYS] = {0};
  TRY(members(o, kColKeys, C_NKEYS, it, w, err));
  TRY(col_name(&s->arena, c, it[C_NAME], w, err));
  TRY(col_strings(s, c, it, w, err));
  return col_flags(c, m, it, w, err);
}

static void col_init(sr_column *c) {
  memset(c, 0, sizeof *c);
  c->nullable = 1;
  c->comment = "";
}

int sr_spec_column(sr_schema *s, const char *json, sr_column *out,
                   int *is_agg_key, sr_err *err) {
  cJSON *j = json_parse(json, err);
  if (!j)
    return SR_ERROR;
  colmark m = {0};
  col_init(out);
  int rc = column_from(s, j, -1, out, &m, err);
  cJSON_Delete(j);
  if (is_agg_key)
    *is_agg_key = m.agg_key;
  return rc ? SR_ERROR : SR_OK;
}

/* ---- clause texts, read by the DDL parser -------------------------------- */

/* ---- tables -------------------------------------------------------------- */

enum {
  T_NAME,
  T_KIND,
  T_COMMENT,
  T_ENGINE,
  T_PRIMARY_KEY,
  T_DUPLICATE_KEY,
  T_AGGREGATE_KEY,
  T_UNIQUE_KEY,
  T_PARTITION_BY,
  T_DISTRIBUTED_BY,
  T_ORDER_BY,
  T_REFRESH,
  T_PROPERTIES,
  T_COLUMNS,
  T_INDEXES,
  T_DEFINITION,
  T_SECURITY,
  T_NKEYS
};

static const char *const kTableKeys[T_NKEYS] = {
    "name",         "kind",           "comment",       "engine",
    "primary_key",  "duplicate_key",  "aggregate_key", "unique_key",
    "partition_by", "distributed_by", "order_by",      "refresh",
    "properties",   "columns",        "indexes",       "definition",
    "security",
};

static const sr_keytype kKeyTypes[4] = {SR_KEY_PRIMARY, SR_KEY_DUPLICATE,
                                        SR_KEY_AGGREGATE, SR_KEY_UNIQUE};

typedef struct build {
  sr_schema *s;
  sr_table *t;
  sr_err *err;
  const cJSON *it[T_NKEYS];
  colmark *marks; /* one per column */
  int key;        /* T_*_KEY given, or -1 */
} build;

static int b_kind(build *b) {
  const char *k;
  TRY(jstr(b->it[T_KIND], &k, "", b->err));
  if (!k || !strcasecmp(k, "table"))
    b->t->kind = SR_KIND_TABLE;
  else if (!strcasecmp(k, "view"))
    b->t->kind = SR_KIND_VIEW;
  else if (!strcasecmp(k, "materialized_view"))
    b->t->kind = SR_KIND_MV;
  else
    return sr_errf(b->err,
                   "unknown kind '%s'; expected table, view or "
                   "materialized_view",
                   k);
  return SR_OK;
}

/* Keys that do not apply to the kind of table. */
static int b_applies(build *b) {
  static const char mask[3][T_NKEYS] = {
      /* name kind comment engine pk dk ak uk part dist order refresh props
         columns indexes definition security */
      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0},
      {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1},
      {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0},
  };
  static const char *const names[3] = {"a table", "a view",
                                       "a materialized view"};
  int k = b->t->kind == SR_KIND_TABLE ? 0 : b->t->kind == SR_KIND_VIEW ? 1 : 2;
  for (int i = 0; i < T_NKEYS; i++)
    if (b->it[i] && !mask[k][i])
      return sr_errf(b->err, "key \"%s\" does not apply to %s", kTableKeys[i],
                     names[k]);
  if (k && !b->it[T_DEFINITION])
    return sr_errf(b->err, "missing \"definition\" (the query of %s)",
                   names[k]);
  return SR_OK;
}

static int b_name(build *b) {
  const cJSON *v = b->it[T_NAME];
  if (!v)
    return sr_errf(b->err, "missing \"name\"");
  TRY(want(v, cJSON_IsString(v), "a string", "", b->err));
  if (!*v->valuestring)
    return sr_errf(b->err, "\"name\" is empty");
  b->t->name = sr_arena_strdup(&b->s->arena, v->valuestring);
  return b->t->name ? SR_OK : sr_oom(b->err);
}

static int b_dup_column(build *b, const char *name) {
  for (int i = 0; i + 1 < b->t->ncols; i++)
    if (sr_name_eq(b->t->cols[i].name, name))
      return sr_errf(b->err, "duplicate column name '%s'", name);
  return SR_OK;
}

/* Views and MVs: the column list, names and (views) comments. */
static int b_view_columns(build *b, const cJSON *a) {
  static const char *const keys[] = {"name", "comment"};
  int i = 0;
  for (const cJSON *o = a->child; o; o = o->next, i++) {
    char w[160];
    col_where(w, sizeof w, o, i);
    const cJSON *it[2] = {0};
    sr_column c;
    if (!cJSON_IsObject(o))
      return sr_errf(b->err, "%sa column must be a JSON object, found %s", w,
                     jtype(o));
    int view = b->t->kind == SR_KIND_VIEW;
    TRY(members(o, keys, view ? 2 : 1, it, w, b->err));
    TRY(col_name(&b->s->arena, &c, it[0], w, b->err));
    const char *comment = NULL;
    TRY(jstr(it[1], &comment, w, b->err));
    /* cJSON's text is freed with the document: the schema keeps a copy. */
    if (comment && !(comment = sr_arena_strdup(&b->s->arena, comment)))
      return sr_oom(b->err);
    if (sr_strlist_add(b->s, &b->t->view_cols, c.name) ||
        (view &&
         sr_strlist_add(b->s, &b->t->view_comments, comment ? comment : "")))
      return sr_oom(b->err);
  }
  return SR_OK;
}

static int b_columns(build *b) {
  const cJSON *a = b->it[T_COLUMNS];
  if (a)
    TRY(want(a, cJSON_IsArray(a), "an array", "", b->err));
  if (b->t->kind != SR_KIND_TABLE)
    return a ? b_view_columns(b, a) : SR_OK;
  int n = a ? cJSON_GetArraySize(a) : 0;
  if (!n)
    return sr_errf(b->err, "table '%s' has no columns", b->t->name);
  b->marks = sr_arena_alloc(&b->s->arena, sizeof(colmark) * (size_t)n);
  if (!b->marks)
    return sr_oom(b->err);
  int i = 0;
  for (const cJSON *o = a->child; o; o = o->next, i++) {
    sr_column *c = sr_table_add_column(b->s, b->t);
    if (!c)
      return sr_oom(b->err);
    TRY(column_from(b->s, o, i, c, &b->marks[i], b->err));
    TRY(b_dup_column(b, c->name));
  }
  return SR_OK;
}

/* {"k": "v", ...}: strings, numbers or booleans; keys lower case. */
static int props_from(sr_schema *s, const cJSON *o, sr_table *into,
                      const char *what, sr_err *err) {
  TRY(want(o, cJSON_IsObject(o), "an object", "", err));
  for (const cJSON *m = o->child; m; m = m->next) {
    char *k = sr_arena_strdup(&s->arena, m->string);
    const char *v = NULL;
    if (!k)
      return sr_oom(err);
    for (char *q = k; *q; q++)
      *q = (char)tolower((unsigned char)*q);
    if (cJSON_IsString(m))
      v = sr_arena_strdup(&s->arena, m->valuestring);
    else if (cJSON_IsNumber(m))
      v = number_text(&s->arena, m);
    else if (cJSON_IsBool(m))
      v = cJSON_IsTrue(m) ? "true" : "false";
    else
      return sr_errf(err,
                     "%s: property \"%s\" must be a string, a number or a "
                     "boolean, found %s",
                     what, m->string, jtype(m));
    if (!v)
      return sr_oom(err);
    if (sr_table_prop(into, k))
      return sr_errf(err, "%s: property \"%s\" is given twice", what, k);
    if (!sr_table_add_prop(s, into, k, v))
      return sr_oom(err);
  }
  return SR_OK;
}

int sr_spec_properties(sr_schema *s, const char *json, sr_table *into,
                       sr_err *err) {
  cJSON *j = json_parse(json, err);
  if (!j)
    return SR_ERROR;
  int rc = cJSON_IsObject(j) && j->child
               ? props_from(s, j, into, "properties", err)
               : sr_errf(err, "expected a non-empty JSON object of properties, "
                              "e.g. '{\"replication_num\": \"3\"}'");
  cJSON_Delete(j);
  return rc;
}

/* ---- indexes ------------------------------------------------------------- */

enum { X_NAME, X_COLUMNS, X_TYPE, X_PROPERTIES, X_COMMENT, X_NKEYS };
static const char *const kIndexKeys[X_NKEYS] = {"name", "columns", "type",
                                                "properties", "comment"};

/* The INDEX line the spec stands for, without INDEX. */
static void index_text(sr_buf *q, const cJSON **it, const sr_table *props) {
  sr_buf_ident(q, it[X_NAME]->valuestring);
  sr_buf_printf(q, " (%s)", it[X_COLUMNS]->valuestring);
  if (it[X_TYPE])
    sr_buf_printf(q, " USING %s", it[X_TYPE]->valuestring);
  for (int i = 0; i < props->nprops; i++) {
    sr_buf_puts(q, i ? ", " : " (");
    sr_buf_dquote(q, props->props[i].key);
    sr_buf_puts(q, " = ");
    sr_buf_dquote(q, props->props[i].value);
  }
  if (props->nprops)
    sr_buf_putc(q, ')');
  if (it[X_COMMENT]) {
    sr_buf_puts(q, " COMMENT ");
    sr_buf_dquote(q, it[X_COMMENT]->valuestring);
  }
}

static int index_check(const cJSON **it, const char *w, sr_err *err) {
  const char *v;
  if (!it[X_NAME])
    return sr_errf(err, "%smissing \"name\"", w);
  if (!it[X_COLUMNS])
    return sr_errf(err, "%smissing \"columns\"", w);
  TRY(jstr(it[X_NAME], &v, w, err));
  TRY(jstr(it[X_COLUMNS], &v, w, err));
  TRY(jstr(it[X_TYPE], &v, w, err));
  return jstr(it[X_COMMENT], &v, w, err);
}

static int index_from(sr_schema *s, sr_table *t, const cJSON *o, int i,
                      sr_err *err) {
  char w[160];
  snprintf(w, sizeof w, "indexes[%d]: ", i);
  if (!cJSON_IsObject(o))
    return sr_errf(err, "%san index must be a JSON object, found %s", w,
                   jtype(o));
  const cJSON *it[X_NKEYS] = {0};
  sr_table props = {0};
  TRY(members(o, kIndexKeys, X_NKEYS, it, w, err));
  TRY(index_check(it, w, err));
  if (it[X_PROPERTIES])
    TRY(props_from(s, it[X_PROPERTIES], &props, w, err));
  sr_buf q;
  sr_buf_init(&q);
  index_text(&q, it, &props);
  const char *text = sr_buf_str(&q);
  sr_index *x = sr_table_add_index(s, t);
  sr_parser p;
  int rc = !text || !x ? sr_oom(err) : SR_OK;
  snprintf(w, sizeof w, "indexes[%d]", i);
  if (!rc)
    rc = sr_parser_init(&p, s, w, text, strlen(text), err);
  if (!rc)
    rc = sr_p_index_def(&p, t, x);
  if (!rc && p.tok.kind != SR_TK_EOF)
    rc = sr_p_error(&p, "the end");
  sr_buf_free(&q);
  return rc ? SR_ERROR : SR_OK;
}

static int b_indexes(build *b) {
  const cJSON *a = b->it[T_INDEXES];
  if (!a)
    return SR_OK;
  TRY(want(a, cJSON_IsArray(a), "an array", "", b->err));
  int i = 0;
  for (const cJSON *o = a->child; o; o = o->next, i++)
    TRY(index_from(b->s, b->t, o, i, b->err));
  return SR_OK;
}

/* ---- table clauses ------------------------------------------------------- */

static int b_key(build *b) {
  b->key = -1;
  for (int k = T_PRIMARY_KEY; k <= T_UNIQUE_KEY; k++) {
    if (!b->it[k])
      continue;
    if (b->key >= 0)
      return sr_errf(b->err,
                     "at most one key kind: \"%s\" and \"%s\" are both given",
                     kTableKeys[b->key], kTableKeys[k]);
    b->key = k;
  }
  if (b->key < 0)
    return SR_OK;
  const char *v;
  TRY(jstr(b->it[b->key], &v, "", b->err));
  b->t->key_type = kKeyTypes[b->key - T_PRIMARY_KEY];
  b->t->stated |= SR_STATED_KEY;
  return sr_parse_names(b->s, kTableKeys[b->key], v, &b->t->key_cols, b->err);
}

static int b_engine(build *b) {
  const char *v;
  TRY(jstr(b->it[T_ENGINE], &v, "", b->err));
  if (!v)
    return SR_OK;
  if (strcasecmp(v, "OLAP"))
    return sr_errf(b->err,
                   "engine '%s' is not supported: OLAP is the only engine", v);
  b->t->stated |= SR_STATED_ENGINE;
  return SR_OK;
}

static int b_text(build *b, int k, const char **out) {
  TRY(jstr(b->it[k], out, "", b->err));
  if (*out && !**out)
    return sr_errf(b->err, "\"%s\" is empty", kTableKeys[k]);
  return SR_OK;
}

static int b_clauses(build *b) {
  sr_arena *a = &b->s->arena;
  sr_table *t = b->t;
  const char *v;
  TRY(jstr(b->it[T_COMMENT], &v, "", b->err));
  if (v && !(t->comment = sr_arena_strdup(a, v)))
    return sr_oom(b->err);
  /* clause texts read whole with the file grammar (ddl_parse.h) */
  TRY(b_text(b, T_PARTITION_BY, &v));
  if (v)
    TRY(sr_parse_partition(b->s, t, "partition_by", v, b->err));
  TRY(b_text(b, T_DISTRIBUTED_BY, &v));
  if (v)
    TRY(sr_parse_dist_method(b->s, t, "distributed_by", v, b->err));
  TRY(b_text(b, T_ORDER_BY, &v));
  if (v) {
    t->stated |= SR_STATED_ORDER;
    TRY(sr_parse_names(b->s, "order_by", v, &t->order_by, b->err));
  }
  TRY(b_text(b, T_REFRESH, &v));
  if (v)
    TRY(sr_parse_refresh(b->s, t, "refresh", v, b->err));
  if (b->it[T_PROPERTIES])
    TRY(props_from(b->s, b->it[T_PROPERTIES], t, "properties", b->err));
  TRY(b_text(b, T_DEFINITION, &v));
  if (v)
    TRY(sr_parse_query(b->s, t, "definition", v, b->err));
  /* SECURITY {NONE | INVOKER} of a view (docs CREATE VIEW) */
  TRY(b_text(b, T_SECURITY, &v));
  if (v && strcasecmp(v, "NONE") && strcasecmp(v, "INVOKER"))
    return sr_errf(b->err, "\"security\" must be NONE or INVOKER, not '%s'", v);
  t->view_security = v && !strcasecmp(v, "INVOKER") ? "INVOKER" : NULL;
  return SR_OK;
}

/* ---- the guide's validation rules -----------------------------------------
 */

static int b_key_columns(build *b) {
  const sr_strlist *l = &b->t->key_cols;
  for (int i = 0; i < l->n; i++)
    if (!sr_table_column(b->t, l->v[i]))
      return sr_errf(b->err, "%s column '%s' is not a column of table '%s'",
                     kTableKeys[b->key], l->v[i], b->t->name);
  return SR_OK;
}

/* When any column is marked primary_key, the marked set must be the key. */
static int b_pk_marks(build *b) {
  const sr_table *t = b->t;
  sr_strlist marked = {0};
  for (int i = 0; i < t->ncols; i++)
    if (b->marks[i].pk && sr_strlist_add(b->s, &marked, t->cols[i].name))
      return sr_oom(b->err);
  if (!marked.n)
    return SR_OK;
  const char *m = sr_strlist_join(&b->s->arena, &marked);
  if (b->key < 0)
    return sr_errf(b->err,
                   "columns marked primary_key (%s) need a table key: give "
                   "primary_key, duplicate_key, aggregate_key or unique_key",
                   m);
  int same = marked.n == t->key_cols.n;
  for (int i = 0; same && i < marked.n; i++)
    same = sr_names_has(&t->key_cols, marked.v[i]);
  if (same)
    return SR_OK;
  return sr_errf(b->err,
                 "the columns marked primary_key (%s) must be the columns of "
                 "%s (%s)",
                 m, kTableKeys[b->key],
                 sr_strlist_join(&b->s->arena, &t->key_cols));
}

static int any_agg_type(const sr_table *t) {
  for (int i = 0; i < t->ncols; i++)
    if (t->cols[i].agg_type)
      return 1;
  return 0;
}

static int b_column_rules(build *b, const sr_column *c, const colmark *m) {
  const sr_table *t = b->t;
  int stated = b->key >= 0, key = stated && sr_names_has(&t->key_cols, c->name);
  if (key && t->key_type == SR_KEY_PRIMARY && m->null_given && c->nullable)
    return sr_errf(b->err,
                   "column '%s': PRIMARY KEY columns are NOT NULL, "
                   "\"nullable\": true is not allowed",
                   c->name);
  if ((c->agg_type || m->agg_key) && stated && t->key_type != SR_KEY_AGGREGATE)
    return sr_errf(b->err,
                   "column '%s': %s is only allowed on AGGREGATE KEY tables, "
                   "not with \"%s\"",
                   c->name, c->agg_type ? "agg_type" : "is_agg_key",
                   kTableKeys[b->key]);
  if (m->agg_key && stated && !key)
    return sr_errf(b->err, "column '%s': is_agg_key but not in aggregate_key",
                   c->name);
  if (m->agg_key && !stated && !any_agg_type(t))
    return sr_errf(b->err,
                   "column '%s': is_agg_key is only allowed on AGGREGATE KEY "
                   "tables (give aggregate_key, or agg_type on the value "
                   "columns)",
                   c->name);
  return SR_OK;
}

static int b_rules(build *b) {
  TRY(b_key_columns(b));
  TRY(b_pk_marks(b));
  for (int i = 0; i < b->t->ncols; i++)
    TRY(b_column_rules(b, &b->t->cols[i], &b->marks[i]));
  return SR_OK;
}

static int build_table(sr_schema *s, const cJSON *j, sr_table **out,
                       sr_err *err) {
  build b = {.s = s, .err = err, .key = -1};
  if (!cJSON_IsObject(j))
    return sr_errf(err, "a table spec must be a JSON object, found %s",
                   jtype(j));
  TRY(members(j, kTableKeys, T_NKEYS, b.it, "", err));
  if (!(b.t = sr_schema_add(s)))
    return sr_oom(err);
  b.t->origin = "spec";
  TRY(b_kind(&b));
  TRY(b_name(&b));
  TRY(b_applies(&b));
  TRY(b_columns(&b));
  TRY(b_indexes(&b));
  TRY(b_key(&b));
  TRY(b_engine(&b));
  TRY(b_clauses(&b));
  if (b.t->kind == SR_KIND_TABLE)
    TRY(b_rules(&b));
  TRY(sr_schema_finish(s, err));
  *out = b.t;
  return SR_OK;
}

int sr_spec_table(sr_schema *s, const char *json, sr_table **out, sr_err *err) {
  cJSON *j = json_parse(json, err);
  if (!j)
    return SR_ERROR;
  int rc = build_table(s, j, out, err);
  cJSON_Delete(j);
  return rc ? SR_ERROR : SR_OK;
}

/* ---- model -> JSON ------------------------------------------------------- */

/* Adds a string member; 0 when out of memory. */
static int put(cJSON *o, const char *k, const char *v) {
  return cJSON_AddStringToObject(o, k, v) != NULL;
}

static int put_buf(cJSON *o, const char *k, sr_buf *b) {
  const char *v = sr_buf_str(b);
  int ok = v && put(o, k, v);
  sr_buf_free(b);
  return ok;
}

static int put_list(cJSON *o, const char *k, const sr_strlist *l) {
  sr_buf b;
  sr_buf_init(&b);
  sr_render_names(&b, l, SR_NAMES_SPEC);
  return put_buf(o, k, &b);
}

static int put_partition(cJSON *o, const sr_table *t) {
  static const char pre[] = "PARTITION BY ";
  sr_buf b, q;
  sr_buf_init(&b);
  sr_buf_init(&q);
  sr_render_partition_scheme(&b, t);
  const char *s = sr_buf_str(&b);
  if (s)
    sr_buf_puts(&q, s + strlen(pre));
  if (t->partitions)
    sr_buf_printf(&q, " %s", t->partitions);
  sr_buf_free(&b);
  if (!s)
    sr_buf_free(&q);
  return s && put_buf(o, "partition_by", &q);
}

static int put_distribution(cJSON *o, const sr_table *t) {
  sr_buf b;
  sr_buf_init(&b);
  sr_render_dist_method(&b, t, SR_NAMES_SPEC);
  if (t->buckets > 0)
    sr_buf_printf(&b, " BUCKETS %d", t->buckets);
  return put_buf(o, "distributed_by", &b);
}

static int put_props(cJSON *o, const sr_table *t) {
  cJSON *p = NULL;
  for (int i = 0; i < t->nprops; i++) {
    if (t->props[i].is_default)
      continue;
    if (!p && !(p = cJSON_AddObjectToObject(o, "properties")))
      return 0;
    if (!put(p, t->props[i].key, t->props[i].value))
      return 0;
  }
  return 1;
}

static int put_bool(cJSON *o, const char *k, int v) {
  return cJSON_AddBoolToObject(o, k, v) != NULL;
}

static int put_column(cJSON *a, const sr_table *t, const sr_column *c) {
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddItemToArray(a, o))
    return cJSON_Delete(o), 0;
  int ok = put(o, "name", c->name) && put(o, "type", c->type) &&
           put_bool(o, "nullable", c->nullable);
  if (ok && c->is_key)
    ok = put_bool(o, "primary_key", 1);
  if (ok && c->agg_type && t->key_type == SR_KEY_AGGREGATE)
    ok = put(o, "agg_type", c->agg_type);
  if (ok && c->auto_increment)
    ok = put_bool(o, "auto_increment", 1);
  if (ok && c->def_kind == SR_DEF_LITERAL)
    ok = put(o, "default", c->def_text);
  if (ok && c->def_kind == SR_DEF_EXPR)
    ok = put(o, "default_expr", c->def_text);
  if (ok && c->generated)
    ok = put(o, "generated", c->generated);
  if (ok && *c->comment)
    ok = put(o, "comment", c->comment);
  return ok;
}

static int put_columns(cJSON *o, const sr_table *t) {
  cJSON *a = cJSON_AddArrayToObject(o, "columns");
  int ok = a != NULL;
  if (t->kind != SR_KIND_TABLE) {
    for (int i = 0; ok && i < t->view_cols.n; i++) {
      cJSON *c = cJSON_CreateObject();
      ok = c && cJSON_AddItemToArray(a, c) && put(c, "name", t->view_cols.v[i]);
      const char *cm = i < t->view_comments.n ? t->view_comments.v[i] : "";
      if (ok && *cm)
        ok = put(c, "comment", cm);
    }
    return ok;
  }
  for (int i = 0; ok && i < t->ncols; i++)
    if (!t->cols[i].hidden)
      ok = put_column(a, t, &t->cols[i]);
  return ok;
}

/* An index's `"k" = "v", ...` text as a JSON object. */
static int put_index_props(cJSON *o, const char *text) {
  sr_env env = {SR_VERSION_NEWEST, 0};
  sr_schema *x = sr_schema_new(env);
  sr_table tmp = {0};
  sr_err e = {0};
  sr_parser p;
  sr_buf b;
  sr_buf_init(&b);
  sr_buf_printf(&b, "(%s)", text);
  const char *s = sr_buf_str(&b);
  int ok = x && s && !sr_parser_init(&p, x, "index", s, strlen(s), &e) &&
           !sr_p_properties(&p, &tmp, 0);
  cJSON *po = ok && tmp.nprops ? cJSON_AddObjectToObject(o, "properties") : o;
  ok = ok && po;
  for (int i = 0; ok && i < tmp.nprops; i++)
    ok = put(po, tmp.props[i].key, tmp.props[i].value);
  sr_buf_free(&b);
  sr_schema_free(x);
  return ok;
}

static int put_indexes(cJSON *o, const sr_table *t) {
  cJSON *a = t->nidx ? cJSON_AddArrayToObject(o, "indexes") : o;
  int ok = a != NULL;
  for (int i = 0; ok && i < t->nidx; i++) {
    const sr_index *x = &t->idx[i];
    cJSON *io = cJSON_CreateObject();
    ok = io && cJSON_AddItemToArray(a, io) && put(io, "name", x->name) &&
         put_list(io, "columns", &x->cols) && put(io, "type", x->type);
    if (ok && x->properties && *x->properties)
      ok = put_index_props(io, x->properties);
    if (ok && x->comment && *x->comment)
      ok = put(io, "comment", x->comment);
  }
  return ok;
}

static const char *key_name(sr_keytype k) {
  return k == SR_KEY_PRIMARY     ? "primary_key"
         : k == SR_KEY_AGGREGATE ? "aggregate_key"
         : k == SR_KEY_UNIQUE    ? "unique_key"
                                 : "duplicate_key";
}

static int put_table_clauses(cJSON *o, const sr_table *t) {
  int mv = t->kind == SR_KIND_MV, ok = 1;
  if (!mv)
    ok = put_list(o, key_name(t->key_type), &t->key_cols);
  if (ok && t->partition_by)
    ok = put_partition(o, t);
  if (ok)
    ok = put_distribution(o, t);
  if (ok && t->order_by.n && (mv || !sr_names_eq(&t->order_by, &t->key_cols)))
    ok = put_list(o, "order_by", &t->order_by);
  if (ok && mv && t->refresh)
    ok = put(o, "refresh", t->refresh);
  return ok && put_props(o, t);
}

static int put_table(cJSON *o, const sr_table *t) {
  int ok = put(o, "name", t->name);
  if (ok && t->kind != SR_KIND_TABLE)
    ok = put(o, "kind", t->kind == SR_KIND_VIEW ? "view" : "materialized_view");
  if (ok && t->comment && *t->comment)
    ok = put(o, "comment", t->comment);
  if (ok && t->kind != SR_KIND_VIEW)
    ok = put_table_clauses(o, t);
  if (ok && (t->kind == SR_KIND_TABLE || t->view_cols.n))
    ok = put_columns(o, t);
  if (ok && t->kind == SR_KIND_TABLE)
    ok = put_indexes(o, t);
  if (ok && t->definition)
    ok = put(o, "definition", t->definition);
  if (ok && t->view_security)
    ok = put(o, "security", t->view_security);
  return ok;
}

char *sr_spec_json(const sr_table *t) {
  cJSON *o = cJSON_CreateObject();
  char *r = o && put_table(o, t) ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return r;
}
