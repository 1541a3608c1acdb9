/* JSON table specs <-> the model (spec.h). The spec keys mirror the
 * guide's starrocks_* options; clause texts (keys, partition_by,
 * distributed_by, refresh) are read by the DDL parser's own building
 * blocks so that a spec and the CREATE statement it stands for build the
 * same table. */
#include "spec.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ddl_parse.h"
#include "expr.h"
#include "render.h"
#include "types.h"

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
    if (j->s[p] == '\\')
      p++;
  }
  if (p >= j->n || j->s[p] != '"') {
    j->expect = "'\"' closing the string";
    j->pos = p;
    return 0;
  }
  j->pos = p + 1;
  return 1;
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
  if (!ok && len && (isdigit((unsigned char)*w) || *w == '-')) {
    char buf[64];
    char *e;
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), w);
    strtod(buf, &e);
    ok = len < 63 && !*e && isdigit((unsigned char)buf[len - 1]);
  }
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

/* Reads up to `stop` (where cJSON gave up) or the first fault before it. */
static int json_error(const char *s, size_t stop, sr_err *err) {
  jscan j = {.s = s, .n = strlen(s), .st = J_VALUE};
  for (;;) {
    jskip_ws(&j);
    if (j.pos >= j.n || j.pos >= stop || !jstep(&j))
      break;
  }
  char found[40];
  if (j.pos >= j.n)
    snprintf(found, sizeof found, "end of input");
  else
    snprintf(found, sizeof found, "'%.12s%s'", s + j.pos,
             j.n - j.pos > 12 ? "..." : "");
  return sr_errf(err, "invalid JSON at offset %zu: expected %s, found %s",
                 j.pos, j.expect ? j.expect : kExpect[j.st], found);
}

static cJSON *json_parse(const char *text, sr_err *err) {
  const char *end = NULL;
  cJSON *j = cJSON_ParseWithOpts(text, &end, 1);
  if (!j) {
    json_error(text, end ? (size_t)(end - text) : 0, err);
    return NULL;
  }
  return j;
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

/* A number's JSON text ("10", "1.5") in the arena. */
static char *number_text(sr_arena *a, const cJSON *v) {
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

static const char *const kAggTypes[] = {
    "SUM",
    "MAX",
    "MIN",
    "REPLACE",
    "REPLACE_IF_NOT_NULL",
    "HLL_UNION",
    "BITMAP_UNION",
    "PERCENTILE_UNION",
};

/* Role markers of a spec column, beside the model column. */
typedef struct colmark {
  int pk, agg_key, null_given;
} colmark;

static int col_agg(sr_column *c, const char *v, const char *w, sr_err *err) {
  for (size_t i = 0; i < sizeof kAggTypes / sizeof kAggTypes[0]; i++)
    if (!strcasecmp(v, kAggTypes[i])) {
      c->agg_type = kAggTypes[i];
      return SR_OK;
    }
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
static int col_default_expr(sr_arena *a, sr_column *c, const char *v,
                            const char *w, sr_err *err) {
  static const char *const now[] = {"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()",
                                    "NOW", "NOW()"};
  char *x = trimmed(a, v);
  if (!x)
    return sr_oom(err);
  c->def_kind = SR_DEF_EXPR;
  c->def_text = "CURRENT_TIMESTAMP";
  for (size_t i = 0; i < sizeof now / sizeof now[0]; i++)
    if (!strcasecmp(x, now[i]))
      return SR_OK;
  if (!*x)
    return sr_errf(err, "%s\"default_expr\" is empty", w);
  sr_err e = {0};
  const char *n = sr_expr_normalize(a, x, strlen(x), &e);
  if (!n)
    return sr_errf(err, "%sdefault_expr: %s", w, e.msg);
  size_t len = strlen(n) + 3;
  char *d = sr_arena_alloc(a, len);
  if (!d)
    return sr_oom(err);
  snprintf(d, len, "(%s)", n);
  c->def_text = d;
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

static int col_generated(sr_arena *a, sr_column *c, const char *v,
                         const char *w, sr_err *err) {
  sr_err e = {0};
  char *x = trimmed(a, v);
  if (!x)
    return sr_oom(err);
  if (!*x)
    return sr_errf(err, "%s\"generated\" is empty", w);
  c->generated = sr_expr_normalize(a, x, strlen(x), &e);
  if (!c->generated)
    return sr_errf(err, "%sgenerated: %s", w, e.msg);
  return SR_OK;
}

static int col_strings(sr_arena *a, sr_column *c, const cJSON **it,
                       const char *w, sr_err *err) {
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
    TRY(col_default_expr(a, c, dexpr, w, err));
  if (comment && !(c->comment = sr_arena_strdup(a, comment)))
    return sr_oom(err);
  if (agg)
    TRY(col_agg(c, agg, w, err));
  if (gen)
    TRY(col_generated(a, c, gen, w, err));
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
  TRY(col_strings(&s->arena, c, it, w, err));
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

/* ---- tables (to come) ---------------------------------------------------- */

int sr_spec_table(sr_schema *s, const char *json, sr_table **out, sr_err *err) {
  (void)s, (void)json, (void)out;
  return sr_errf(err, "JSON table specs are not implemented yet");
}

char *sr_spec_json(const sr_table *t) {
  (void)t;
  return NULL;
}
