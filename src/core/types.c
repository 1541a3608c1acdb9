#include "core/types.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A tiny scanner over the type text; positions are byte offsets. */
typedef struct tscan {
  const char *s;
  size_t n, pos;
  sr_arena *a;
  sr_err *err;
  int depth;
} tscan;

static void skip_ws(tscan *t) {
  while (t->pos < t->n && isspace((unsigned char)t->s[t->pos]))
    t->pos++;
}

static int peek(tscan *t) {
  skip_ws(t);
  return t->pos < t->n ? (unsigned char)t->s[t->pos] : 0;
}

static int accept(tscan *t, char c) {
  if (peek(t) != c)
    return 0;
  t->pos++;
  return 1;
}

static void near(tscan *t, char *out, size_t cap) {
  size_t k = 0;
  if (t->pos >= t->n) {
    snprintf(out, cap, "end of input");
    return;
  }
  out[k++] = '\'';
  for (size_t i = t->pos; i < t->n && k < cap - 2 && i < t->pos + 12; i++)
    out[k++] = t->s[i];
  out[k++] = '\'';
  out[k] = 0;
}

static sr_type *fail(tscan *t, const char *expected) {
  char got[32];
  near(t, got, sizeof got);
  sr_errf(t->err, "offset %zu: expected %s, found %s", t->pos, expected, got);
  return NULL;
}

static int expect(tscan *t, char c, const char *what) {
  if (accept(t, c))
    return 1;
  fail(t, what);
  return 0;
}

/* A word: letters, digits, underscore. Returns its length (0 if none). */
static size_t word(tscan *t, const char **w) {
  skip_ws(t);
  size_t p = t->pos;
  while (p < t->n && (isalnum((unsigned char)t->s[p]) || t->s[p] == '_'))
    p++;
  *w = t->s + t->pos;
  size_t len = p - t->pos;
  t->pos = p;
  return len;
}

/* A parameter as written, and its value (capped: anything larger is out
 * of every range, and is named as written). */
typedef struct tnum {
  long v;
  const char *p;
  int n;
} tnum;

enum { NUM_CAP = 1000000000 };

static int number(tscan *t, tnum *out, const char *what) {
  skip_ws(t);
  size_t p = t->pos;
  long v = 0;
  while (p < t->n && isdigit((unsigned char)t->s[p])) {
    v = v * 10 + (t->s[p++] - '0');
    if (v > NUM_CAP)
      v = NUM_CAP;
  }
  if (p == t->pos)
    return fail(t, what) != NULL;
  out->v = v;
  out->p = t->s + t->pos;
  out->n = (int)(p - t->pos > 40 ? 40 : p - t->pos);
  t->pos = p;
  return 1;
}

typedef struct tname {
  const char *name;
  sr_tkind kind;
} tname;

/* Every spelling accepted for a scalar type. */
static const tname kNames[] = {
    {"TINYINT", SR_T_TINYINT},   {"SMALLINT", SR_T_SMALLINT},
    {"INT", SR_T_INT},           {"INTEGER", SR_T_INT},
    {"BIGINT", SR_T_BIGINT},     {"LARGEINT", SR_T_LARGEINT},
    {"FLOAT", SR_T_FLOAT},       {"DOUBLE", SR_T_DOUBLE},
    {"DECIMAL", SR_T_DECIMAL},   {"DECIMALV2", SR_T_DECIMAL},
    {"DECIMALV3", SR_T_DECIMAL}, {"DECIMAL32", SR_T_DECIMAL},
    {"DECIMAL64", SR_T_DECIMAL}, {"DECIMAL128", SR_T_DECIMAL},
    {"NUMERIC", SR_T_DECIMAL},   {"BOOLEAN", SR_T_BOOLEAN},
    {"BOOL", SR_T_BOOLEAN},      {"CHAR", SR_T_CHAR},
    {"VARCHAR", SR_T_VARCHAR},   {"STRING", SR_T_VARCHAR},
    {"BINARY", SR_T_VARBINARY},  {"VARBINARY", SR_T_VARBINARY},
    {"DATE", SR_T_DATE},         {"DATETIME", SR_T_DATETIME},
    {"JSON", SR_T_JSON},         {"BITMAP", SR_T_BITMAP},
    {"HLL", SR_T_HLL},           {"PERCENTILE", SR_T_PERCENTILE},
    {"TIME", SR_T_TIME},         {"VARIANT", SR_T_VARIANT},
    {"ARRAY", SR_T_ARRAY},       {"MAP", SR_T_MAP},
    {"STRUCT", SR_T_STRUCT},
};

static int lookup(const char *w, size_t len, sr_tkind *kind) {
  char c = (char)(*w & 0xDF); /* upper case for letters */
  for (size_t i = 0; i < sizeof kNames / sizeof kNames[0]; i++) {
    if (kNames[i].name[0] == c && strlen(kNames[i].name) == len &&
        !strncasecmp(kNames[i].name, w, len)) {
      *kind = kNames[i].kind;
      return 1;
    }
  }
  return 0;
}

static sr_type *parse_type(tscan *t);

/* Optional "(n[, m])" after a scalar name. Returns the count read, -1 on
 * error. Python's `INTEGER()` gives 0. */
static int params(tscan *t, tnum *p1, tnum *p2) {
  if (!accept(t, '('))
    return 0;
  if (accept(t, ')'))
    return 0;
  if (!number(t, p1, "a number"))
    return -1;
  int k = 1;
  if (accept(t, ',')) {
    if (!number(t, p2, "a number"))
      return -1;
    k = 2;
  }
  return expect(t, ')', "')'") ? k : -1;
}

static sr_type *scalar(tscan *t, sr_type *ty, const char *w, size_t len,
                       size_t at) {
  tnum p1 = {0, "0", 1}, p2 = {0, "0", 1};
  int np = params(t, &p1, &p2);
  if (np < 0)
    return NULL;
  switch (ty->kind) {
  case SR_T_DECIMAL:
    if (np >= 1 && (p1.v < 1 || p1.v > 76)) {
      t->pos = at;
      sr_errf(t->err, "offset %zu: DECIMAL precision must be 1..76, got %.*s",
              at, p1.n, p1.p);
      return NULL;
    }
    ty->prec = np >= 1 ? (int)p1.v : 10;
    if (np == 2 && p2.v > ty->prec) {
      sr_errf(t->err, "offset %zu: DECIMAL scale %.*s exceeds precision %d", at,
              p2.n, p2.p, ty->prec);
      return NULL;
    }
    ty->scale = np == 2 ? (int)p2.v : 0;
    break;
  case SR_T_CHAR:
  case SR_T_VARCHAR:
    if (np == 2)
      return fail(t, "one length for CHAR/VARCHAR");
    /* STRING is VARCHAR(65533) (facts §1.4, corpus 24/46). */
    if (len == 6 && !strncasecmp(w, "STRING", 6))
      p1 = (tnum){65533, "65533", 5};
    else if (!np)
      p1 = (tnum){1, "1", 1};
    if (p1.v < 1 || p1.v > (ty->kind == SR_T_CHAR ? 255 : 1048576)) {
      sr_errf(t->err, "offset %zu: %s length must be 1..%d, got %.*s", at,
              ty->kind == SR_T_CHAR ? "CHAR" : "VARCHAR",
              ty->kind == SR_T_CHAR ? 255 : 1048576, p1.n, p1.p);
      return NULL;
    }
    ty->len = (int)p1.v;
    break;
  default:
    /* Display widths, FLOAT precision, DATETIME precision and binary
     * lengths are not part of the StarRocks type (facts §1.4). */
    break;
  }
  return ty;
}

/* A quoted name: a doubled quote stands for itself (`a``b` is a`b). */
static const char *quoted_name(tscan *t, char q) {
  size_t start = ++t->pos;
  char *out = sr_arena_alloc(t->a, t->n - start + 1);
  if (!out)
    return sr_oom(t->err), NULL;
  size_t k = 0;
  for (; t->pos < t->n; t->pos++) {
    if (t->s[t->pos] == q) {
      if (t->pos + 1 < t->n && t->s[t->pos + 1] == q) {
        out[k++] = q;
        t->pos++;
        continue;
      }
      t->pos++;
      out[k] = 0;
      return out;
    }
    out[k++] = t->s[t->pos];
  }
  t->pos = start - 1;
  fail(t, "a closing quote");
  return NULL;
}

static const char *field_name(tscan *t) {
  int c = peek(t);
  if (c == '`' || c == '"' || c == '\'')
    return quoted_name(t, (char)c);
  const char *w;
  size_t len = word(t, &w);
  if (!len) {
    fail(t, "a field name");
    return NULL;
  }
  return sr_arena_strndup(t->a, w, len);
}

static int add_field(tscan *t, sr_type *ty, const char *name, sr_type *ft) {
  for (int i = 0; i < ty->nfields; i++) {
    if (!strcasecmp(ty->fields[i].name, name)) {
      sr_errf(t->err, "offset %zu: duplicate STRUCT field '%s'", t->pos, name);
      return 0;
    }
  }
  sr_field *f = sr_arena_grow(t->a, ty->fields, sizeof(sr_field), ty->nfields,
                              ty->nfields + 1);
  if (!f)
    return sr_oom(t->err), 0;
  f[ty->nfields].name = name;
  f[ty->nfields].type = ft;
  ty->fields = f;
  ty->nfields++;
  return 1;
}

/* STRUCT<a T, b T> or the Python forms STRUCT(a=T, b=T) and
 * STRUCT(("a", T), ("b", T)). */
static sr_type *struct_body(tscan *t, sr_type *ty) {
  char close = accept(t, '<') ? '>' : (accept(t, '(') ? ')' : 0);
  if (!close)
    return fail(t, "'<' or '(' after STRUCT");
  do {
    int tuple = close == ')' && accept(t, '(');
    const char *name = field_name(t);
    if (!name)
      return NULL;
    if (tuple) {
      if (!expect(t, ',', "',' after the field name"))
        return NULL;
    } else if (close == ')') {
      if (!expect(t, '=', "'=' after the field name"))
        return NULL;
    } else {
      accept(t, ':'); /* Hive-style `a:INT` is accepted too */
    }
    sr_type *ft = parse_type(t);
    if (!ft)
      return NULL;
    if (tuple && !expect(t, ')', "')' closing the field tuple"))
      return NULL;
    if (!add_field(t, ty, name, ft))
      return NULL;
  } while (accept(t, ','));
  if (!expect(t, close, close == '>' ? "',' or '>'" : "',' or ')'"))
    return NULL;
  return ty;
}

static sr_type *complex(tscan *t, sr_type *ty) {
  if (ty->kind == SR_T_STRUCT)
    return struct_body(t, ty);
  char close = accept(t, '<') ? '>' : (accept(t, '(') ? ')' : 0);
  if (!close)
    return fail(t, ty->kind == SR_T_ARRAY ? "'<' or '(' after ARRAY"
                                          : "'<' or '(' after MAP");
  if (ty->kind == SR_T_ARRAY) {
    if (!(ty->elem = parse_type(t)))
      return NULL;
  } else {
    if (!(ty->key = parse_type(t)))
      return NULL;
    if (sr_type_is_complex(ty->key)) {
      sr_errf(t->err, "offset %zu: MAP key must be a scalar type", t->pos);
      return NULL;
    }
    if (!expect(t, ',', "',' between MAP key and value types"))
      return NULL;
    if (!(ty->val = parse_type(t)))
      return NULL;
  }
  if (!expect(t, close, close == '>' ? "'>'" : "')'"))
    return NULL;
  return ty;
}

static sr_type *parse_type(tscan *t) {
  if (++t->depth > 64)
    return fail(t, "a type nested less than 64 deep");
  const char *w;
  size_t at = (skip_ws(t), t->pos);
  size_t len = word(t, &w);
  sr_tkind kind;
  if (!len || !lookup(w, len, &kind)) {
    t->pos = at;
    return fail(t,
                "a type name (INT, VARCHAR(n), DECIMAL(p,s), ARRAY<T>, ...)");
  }
  sr_type *ty = sr_arena_alloc(t->a, sizeof *ty);
  if (!ty)
    return sr_oom(t->err), NULL;
  ty->kind = kind;
  sr_type *r = kind >= SR_T_ARRAY ? complex(t, ty) : scalar(t, ty, w, len, at);
  t->depth--;
  return r;
}

sr_type *sr_type_parse(sr_arena *a, const char *s, size_t n, size_t *used,
                       sr_err *err) {
  tscan t = {s, n, 0, a, err, 0};
  sr_type *ty = parse_type(&t);
  if (!ty)
    return NULL;
  skip_ws(&t);
  if (used)
    *used = t.pos;
  else if (t.pos < t.n)
    return fail(&t, "end of type");
  return ty;
}

static const char *scalar_name(sr_tkind k) {
  static const char *names[] = {
      [SR_T_TINYINT] = "TINYINT",   [SR_T_SMALLINT] = "SMALLINT",
      [SR_T_INT] = "INT",           [SR_T_BIGINT] = "BIGINT",
      [SR_T_LARGEINT] = "LARGEINT", [SR_T_FLOAT] = "FLOAT",
      [SR_T_DOUBLE] = "DOUBLE",     [SR_T_DECIMAL] = "DECIMAL",
      [SR_T_BOOLEAN] = "BOOLEAN",   [SR_T_CHAR] = "CHAR",
      [SR_T_VARCHAR] = "VARCHAR",   [SR_T_VARBINARY] = "VARBINARY",
      [SR_T_DATE] = "DATE",         [SR_T_DATETIME] = "DATETIME",
      [SR_T_JSON] = "JSON",         [SR_T_BITMAP] = "BITMAP",
      [SR_T_HLL] = "HLL",           [SR_T_PERCENTILE] = "PERCENTILE",
      [SR_T_TIME] = "TIME",         [SR_T_VARIANT] = "VARIANT",
      [SR_T_ARRAY] = "ARRAY",       [SR_T_MAP] = "MAP",
      [SR_T_STRUCT] = "STRUCT",
  };
  return names[k];
}

static int plain_name(const char *s) {
  if (!*s || isdigit((unsigned char)*s))
    return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_')
      return 0;
  return 1;
}

void sr_type_render(sr_buf *b, const sr_type *t) {
  sr_buf_puts(b, scalar_name(t->kind));
  switch (t->kind) {
  case SR_T_DECIMAL:
    sr_buf_printf(b, "(%d,%d)", t->prec, t->scale);
    break;
  case SR_T_CHAR:
  case SR_T_VARCHAR:
    sr_buf_printf(b, "(%d)", t->len);
    break;
  case SR_T_ARRAY:
    sr_buf_putc(b, '<');
    sr_type_render(b, t->elem);
    sr_buf_putc(b, '>');
    break;
  case SR_T_MAP:
    sr_buf_putc(b, '<');
    sr_type_render(b, t->key);
    sr_buf_putc(b, ',');
    sr_type_render(b, t->val);
    sr_buf_putc(b, '>');
    break;
  case SR_T_STRUCT:
    sr_buf_putc(b, '<');
    for (int i = 0; i < t->nfields; i++) {
      if (i)
        sr_buf_puts(b, ", ");
      if (plain_name(t->fields[i].name))
        sr_buf_puts(b, t->fields[i].name);
      else
        sr_buf_ident(b, t->fields[i].name);
      sr_buf_putc(b, ' ');
      sr_type_render(b, t->fields[i].type);
    }
    sr_buf_putc(b, '>');
    break;
  default:
    break;
  }
}

/* The parse tree stays in the caller's arena: a few bytes per column are
 * cheaper than an arena of its own per call (bench/run.sh). */
const char *sr_type_canon(sr_arena *a, const char *s, size_t n, size_t *used,
                          sr_err *err) {
  sr_type *t = sr_type_parse(a, s, n, used, err);
  if (!t)
    return NULL;
  sr_buf b;
  sr_buf_init(&b);
  sr_type_render(&b, t);
  const char *txt = sr_buf_str(&b);
  const char *r = txt ? sr_arena_strdup(a, txt) : NULL;
  if (!r)
    sr_oom(err);
  sr_buf_free(&b);
  return r;
}

int sr_type_same(const sr_type *x, const sr_type *y) {
  if (x->kind != y->kind)
    return 0;
  switch (x->kind) {
  case SR_T_DECIMAL:
    return x->prec == y->prec && x->scale == y->scale;
  case SR_T_CHAR:
  case SR_T_VARCHAR:
    return x->len == y->len;
  case SR_T_ARRAY:
    return sr_type_same(x->elem, y->elem);
  case SR_T_MAP:
    return sr_type_same(x->key, y->key) && sr_type_same(x->val, y->val);
  case SR_T_STRUCT:
    if (x->nfields != y->nfields)
      return 0;
    for (int i = 0; i < x->nfields; i++)
      if (strcmp(x->fields[i].name, y->fields[i].name) ||
          !sr_type_same(x->fields[i].type, y->fields[i].type))
        return 0;
    return 1;
  default:
    return 1;
  }
}

int sr_type_kind_of(const char *s, sr_tkind *kind) {
  size_t n = 0;
  while (isalnum((unsigned char)s[n]) || s[n] == '_')
    n++;
  return n && lookup(s, n, kind);
}

int sr_type_is_complex(const sr_type *t) { return t->kind >= SR_T_ARRAY; }

int sr_type_is_integer(const sr_type *t) {
  return t->kind >= SR_T_TINYINT && t->kind <= SR_T_LARGEINT;
}

int sr_type_is_string(const sr_type *t) {
  return t->kind == SR_T_CHAR || t->kind == SR_T_VARCHAR;
}
