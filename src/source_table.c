/* table:<prefix> sources: ordinary SQLite tables <prefix>_tables,
 * <prefix>_columns, <prefix>_properties and optionally <prefix>_indexes
 * with the columns of SPEC §2. Values are re-canonicalised on load, so
 * an UPDATE may write 'string' or 'int(11)'. */
#include <stdlib.h>
#include <string.h>

#include "ddl_parse.h"
#include "defaults.h"
#include "expr.h"
#include "glue.h"
#include "types.h"

SQLITE_EXTENSION_INIT3

typedef struct tload {
  sqlite3 *db;
  const char *prefix;
  sr_schema *s;
  char **zErr;
} tload;

static const char *col_text(tload *L, sqlite3_stmt *st, int i) {
  const unsigned char *v = sqlite3_column_text(st, i);
  return v ? sr_arena_strdup(&L->s->arena, (const char *)v) : NULL;
}

static int fail(tload *L, const char *fmt, const char *a, const char *b) {
  sqlite3_free(*L->zErr);
  *L->zErr = sqlite3_mprintf(fmt, L->prefix, a, b);
  return SQLITE_ERROR;
}

/* `a``b` -> a`b; *v is past the closing backtick on return. */
static const char *quoted_item(tload *L, const char **v) {
  const char *p = *v + 1;
  char *out = sr_arena_alloc(&L->s->arena, strlen(p) + 1);
  if (!out)
    return NULL;
  size_t k = 0;
  for (; *p; p++) {
    if (*p == '`' && p[1] == '`')
      out[k++] = *p++;
    else if (*p == '`')
      break;
    else
      out[k++] = *p;
  }
  out[k] = 0;
  *v = *p ? p + 1 : p;
  return out;
}

/* "a, b" -> list; an item may be back-quoted when it holds a comma (as the
 * schema tables print such names). */
static int split(tload *L, const char *v, sr_strlist *l) {
  while (v && *v) {
    while (*v == ' ' || *v == ',')
      v++;
    if (!*v)
      break;
    const char *x;
    if (*v == '`') {
      x = quoted_item(L, &v);
    } else {
      const char *e = v;
      while (*e && *e != ',')
        e++;
      const char *t = e;
      while (t > v && t[-1] == ' ')
        t--;
      x = sr_arena_strndup(&L->s->arena, v, (size_t)(t - v));
      v = e;
    }
    if (!x || sr_strlist_add(L->s, l, x))
      return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

static int prepare(tload *L, const char *table, const char *cols,
                   const char *order, sqlite3_stmt **st) {
  char *sql = sqlite3_mprintf("SELECT %s FROM \"%w_%w\" ORDER BY %s", cols,
                              L->prefix, table, order);
  if (!sql)
    return SQLITE_NOMEM;
  int rc = sqlite3_prepare_v2(L->db, sql, -1, st, NULL);
  sqlite3_free(sql);
  if (rc)
    return fail(L, "table:%s: cannot read %s: %s", table,
                sqlite3_errmsg(L->db));
  return SQLITE_OK;
}

static int kind_of(const char *k, sr_kind *out) {
  if (!k || !strcmp(k, "TABLE"))
    *out = SR_KIND_TABLE;
  else if (!strcmp(k, "VIEW"))
    *out = SR_KIND_VIEW;
  else if (!strcmp(k, "MATERIALIZED VIEW"))
    *out = SR_KIND_MV;
  else
    return 0;
  return 1;
}

static int key_of(const char *k, sr_keytype *out) {
  static const char *n[] = {"DUPLICATE", "AGGREGATE", "UNIQUE", "PRIMARY"};
  for (int i = 0; i < 4; i++)
    if (k && !strcmp(k, n[i]))
      return *out = (sr_keytype)i, 1;
  return 0;
}

/* distributed_by: HASH(a, b) or RANDOM */
static int dist_of(tload *L, sr_table *t, const char *d) {
  if (!d)
    return SQLITE_OK;
  t->stated |= SR_STATED_DIST;
  if (!strcmp(d, "RANDOM"))
    return t->dist_random = 1, SQLITE_OK;
  size_t n = strlen(d);
  if (n < 6 || strncmp(d, "HASH(", 5) || d[n - 1] != ')')
    return fail(L,
                "table:%s: table '%s': distributed_by must be HASH(cols) or "
                "RANDOM, got '%s'",
                t->name, d);
  char *inner = sr_arena_strndup(&L->s->arena, d + 5, n - 6);
  return inner ? split(L, inner, &t->dist_cols) : SQLITE_NOMEM;
}

static int has_column(tload *L, const char *table, const char *col) {
  char *sql = sqlite3_mprintf(
      "SELECT 1 FROM pragma_table_info('%q_%q') WHERE name = %Q", L->prefix,
      table, col);
  sqlite3_stmt *st;
  int found = 0;
  if (sql && !sqlite3_prepare_v2(L->db, sql, -1, &st, NULL)) {
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  sqlite3_free(sql);
  return found;
}

/* A view's SECURITY (NONE or INVOKER) and its column comments, a list
 * beside view_columns. */
static int view_extras(tload *L, sr_table *t, const char *security,
                       const char *comments) {
  if (security && strcasecmp(security, "NONE") &&
      strcasecmp(security, "INVOKER"))
    return fail(L,
                "table:%s: view '%s': view_security '%s' is not NONE or "
                "INVOKER",
                t->name, security);
  t->view_security =
      security && !strcasecmp(security, "INVOKER") ? "INVOKER" : NULL;
  int rc = split(L, comments, &t->view_comments);
  if (!rc && t->view_comments.n && t->view_comments.n != t->view_cols.n)
    return fail(L,
                "table:%s: view '%s': view_column_comments needs one item "
                "per view_columns entry%s",
                t->name, "");
  return rc;
}

static int load_tables(tload *L) {
  sqlite3_stmt *st;
  /* partitions and the view_* columns are optional: a hand-made table may
   * omit them. */
  char *cols = sqlite3_mprintf(
      "table_name, kind, engine, key_type, key_columns, comment, partition_by,"
      " distributed_by, buckets, order_by, definition, refresh, %s, %s, %s, %s",
      has_column(L, "tables", "partitions") ? "partitions" : "NULL",
      has_column(L, "tables", "view_columns") ? "view_columns" : "NULL",
      has_column(L, "tables", "view_security") ? "view_security" : "NULL",
      has_column(L, "tables", "view_column_comments") ? "view_column_comments"
                                                      : "NULL");
  if (!cols)
    return SQLITE_NOMEM;
  int rc = prepare(L, "tables", cols, "table_name", &st);
  sqlite3_free(cols);
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    sr_table *t = sr_schema_add(L->s);
    if (!t) {
      rc = SQLITE_NOMEM;
      break;
    }
    t->name = col_text(L, st, 0);
    if (!t->name) {
      rc =
          fail(L, "table:%s: %s_tables has a NULL table_name%s", L->prefix, "");
      break;
    }
    t->origin = sr_arena_strdup(&L->s->arena, "table");
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    if (!kind_of(kind, &t->kind)) {
      rc = fail(L, "table:%s: table '%s': unknown kind '%s'", t->name, kind);
      break;
    }
    if (sqlite3_column_type(st, 2) != SQLITE_NULL)
      t->engine = col_text(L, st, 2);
    const char *key = (const char *)sqlite3_column_text(st, 3);
    if (key) {
      if (!key_of(key, &t->key_type)) {
        rc = fail(L, "table:%s: table '%s': unknown key_type '%s'", t->name,
                  key);
        break;
      }
      t->stated |= SR_STATED_KEY;
    }
    rc = split(L, col_text(L, st, 4), &t->key_cols);
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
      t->comment = col_text(L, st, 5);
    t->partition_by = col_text(L, st, 6);
    if (!rc)
      rc = dist_of(L, t, col_text(L, st, 7));
    t->buckets = sqlite3_column_int(st, 8);
    const char *order = col_text(L, st, 9);
    if (order && !*order)
      order = NULL; /* '' reads as "not stated" */
    if (order && t->kind == SR_KIND_TABLE)
      t->stated |= SR_STATED_ORDER;
    if (!rc)
      rc = split(L, order, &t->order_by);
    t->definition = col_text(L, st, 10);
    t->refresh = col_text(L, st, 11);
    t->partitions = col_text(L, st, 12);
    if (!rc)
      rc = split(L, col_text(L, st, 13), &t->view_cols);
    if (!rc && t->kind == SR_KIND_VIEW)
      rc = view_extras(L, t, col_text(L, st, 14), col_text(L, st, 15));
  }
  sqlite3_finalize(st);
  return rc;
}

/* The tables were read ORDER BY table_name (byte order), so the schema's
 * binary search applies before sr_schema_finish sorts anything. */
static sr_table *table_named(tload *L, const char *name, const char *what) {
  sr_table *t = name ? sr_schema_find(L->s, name) : NULL;
  if (!t)
    fail(L, "table:%s: %s row for unknown table '%s'", what,
         name ? name : "NULL");
  return t;
}

static int set_default(tload *L, sr_column *c, const char *d) {
  if (!d)
    return SQLITE_OK;
  size_t n = strlen(d);
  if (n >= 2 && d[0] == '\'' && d[n - 1] == '\'') {
    c->def_kind = SR_DEF_LITERAL;
    c->def_text = sr_unquote(&L->s->arena, d, n);
  } else {
    c->def_kind = SR_DEF_EXPR;
    c->def_text = !strcasecmp(d, "CURRENT_TIMESTAMP") ? "CURRENT_TIMESTAMP" : d;
  }
  return c->def_text ? SQLITE_OK : SQLITE_NOMEM;
}

static int load_columns(tload *L) {
  sqlite3_stmt *st;
  int rc = prepare(
      L, "columns",
      "table_name, column_name, type, nullable, default_value, comment, is_key,"
      " agg_type, auto_increment, generated",
      "table_name, ordinal", &st);
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    sr_table *t =
        table_named(L, (const char *)sqlite3_column_text(st, 0), "columns");
    if (!t) {
      rc = SQLITE_ERROR;
      break;
    }
    sr_column *c = sr_table_add_column(L->s, t);
    if (!c) {
      rc = SQLITE_NOMEM;
      break;
    }
    c->name = col_text(L, st, 1);
    const char *type = (const char *)sqlite3_column_text(st, 2);
    sr_err err = {0};
    c->type = type ? sr_type_canon(&L->s->arena, type, strlen(type), NULL, &err)
                   : NULL;
    if (!c->name || !c->type) {
      rc = fail(L, "table:%s: table '%s': bad column row: %s", t->name,
                !c->name  ? "column_name is NULL"
                : err.set ? err.msg
                          : "type is NULL");
      break;
    }
    c->nullable = sqlite3_column_int(st, 3);
    c->null_stated = 1;
    rc = set_default(L, c, col_text(L, st, 4));
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
      c->comment = col_text(L, st, 5);
    c->is_key = sqlite3_column_int(st, 6);
    c->agg_type = col_text(L, st, 7);
    c->auto_increment = sqlite3_column_int(st, 8);
    const char *g = (const char *)sqlite3_column_text(st, 9);
    if (g &&
        !(c->generated = sr_expr_normalize(&L->s->arena, g, strlen(g), &err)))
      rc = fail(L, "table:%s: table '%s': bad generated expression: %s",
                t->name, err.msg);
  }
  sqlite3_finalize(st);
  return rc;
}

static int load_props(tload *L) {
  sqlite3_stmt *st;
  int rc = prepare(L, "properties", "table_name, key, value", "table_name, key",
                   &st);
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    sr_table *t =
        table_named(L, (const char *)sqlite3_column_text(st, 0), "properties");
    if (!t) {
      rc = SQLITE_ERROR;
      break;
    }
    const char *k = col_text(L, st, 1), *v = col_text(L, st, 2);
    if (!k || !v) {
      rc = fail(L, "table:%s: table '%s': property %s is NULL", t->name,
                !k ? "key" : "value");
      break;
    }
    /* Rows come ORDER BY table_name, key: a repeated key is adjacent. */
    if (t->nprops && !strcmp(t->props[t->nprops - 1].key, k)) {
      rc = fail(L, "table:%s: table '%s': property \"%s\" is given twice",
                t->name, k);
      break;
    }
    if (!sr_table_add_prop(L->s, t, k, v))
      rc = SQLITE_NOMEM;
  }
  sqlite3_finalize(st);
  return rc;
}

static int has_table(tload *L, const char *suffix) {
  char *sql = sqlite3_mprintf(
      "SELECT 1 FROM sqlite_schema WHERE name = '%q_%q'", L->prefix, suffix);
  sqlite3_stmt *st;
  int found = 0;
  if (sql && !sqlite3_prepare_v2(L->db, sql, -1, &st, NULL)) {
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  sqlite3_free(sql);
  return found;
}

static int load_indexes(tload *L) {
  if (!has_table(L, "indexes"))
    return SQLITE_OK;
  sqlite3_stmt *st;
  int rc = prepare(
      L, "indexes",
      "table_name, index_name, columns, index_type, properties, comment",
      "table_name, rowid", &st);
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    sr_table *t =
        table_named(L, (const char *)sqlite3_column_text(st, 0), "indexes");
    if (!t) {
      rc = SQLITE_ERROR;
      break;
    }
    sr_index *x = sr_table_add_index(L->s, t);
    if (!x) {
      rc = SQLITE_NOMEM;
      break;
    }
    x->name = col_text(L, st, 1);
    rc = split(L, col_text(L, st, 2), &x->cols);
    x->type = col_text(L, st, 3);
    if (sqlite3_column_type(st, 4) != SQLITE_NULL)
      x->properties = col_text(L, st, 4);
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
      x->comment = col_text(L, st, 5);
    if (!x->name || !x->type)
      rc = fail(L, "table:%s: table '%s': index row needs %s", t->name,
                "index_name and index_type");
  }
  sqlite3_finalize(st);
  return rc;
}

int sr_table_load(sqlite3 *db, const char *prefix, sr_env env, sr_schema **out,
                  char **zErr) {
  tload L = {db, prefix, sr_schema_new(env), zErr};
  if (!L.s)
    return SQLITE_NOMEM;
  int rc = load_tables(&L);
  if (!rc)
    rc = load_columns(&L);
  if (!rc)
    rc = load_props(&L);
  if (!rc)
    rc = load_indexes(&L);
  if (!rc) {
    sr_err err = {0};
    if (sr_schema_finish(L.s, &err)) {
      sqlite3_free(*zErr);
      *zErr = sqlite3_mprintf("table:%s: %s", prefix, err.msg);
      rc = SQLITE_ERROR;
    }
  }
  if (!rc && !L.s->ntables) {
    char *w =
        sqlite3_mprintf("table:%s: %s_tables has no rows", prefix, prefix);
    L.s->what_read = w ? sr_arena_strdup(&L.s->arena, w) : NULL;
    sqlite3_free(w);
    if (!L.s->what_read)
      rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_NOMEM && !*zErr)
    *zErr = sqlite3_mprintf("out of memory");
  if (rc) {
    sr_schema_free(L.s);
    return rc;
  }
  *out = L.s;
  return SQLITE_OK;
}

static const char *const kStore[][2] = {
    {"tables",
     "table_name, kind, engine, key_type, key_columns, comment, partition_by,"
     " distributed_by, buckets, order_by, definition, refresh, ddl, partitions,"
     " view_columns, view_security, view_column_comments"},
    {"columns",
     "table_name, ordinal, column_name, type, nullable, default_value, comment,"
     " is_key, agg_type, auto_increment, generated"},
    {"properties", "table_name, key, value, origin"},
    {"indexes",
     "table_name, index_name, columns, index_type, properties, comment"},
};

int sr_table_store(sr_conn *c, const char *prefix, const char *mem_name,
                   char **zErr) {
  int rc = SQLITE_OK;
  for (int i = 0; i < 4 && !rc; i++) {
    char *sql = sqlite3_mprintf(
        "CREATE TABLE IF NOT EXISTS \"%w_%w\"(%s);"
        "DELETE FROM \"%w_%w\";"
        "INSERT INTO \"%w_%w\"(%s) SELECT %s FROM sr_%s(%Q);",
        prefix, kStore[i][0], kStore[i][1], prefix, kStore[i][0], prefix,
        kStore[i][0], kStore[i][1], kStore[i][1], kStore[i][0], mem_name);
    if (!sql)
      return SQLITE_NOMEM;
    rc = sqlite3_exec(c->db, sql, NULL, NULL, zErr);
    sqlite3_free(sql);
  }
  return rc;
}
