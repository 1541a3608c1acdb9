#include "core/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

sr_schema *sr_schema_new(sr_env env) {
  sr_schema *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  sr_arena_init(&s->arena);
  s->env = env;
  return s;
}

void sr_schema_free(sr_schema *s) {
  if (!s)
    return;
  sr_arena_free(&s->arena);
  free(s->tables);
  free(s);
}

sr_table *sr_schema_add(sr_schema *s) {
  if (s->ntables == s->cap) {
    int cap = s->cap ? s->cap * 2 : 16;
    sr_table **v = realloc(s->tables, sizeof(*v) * (size_t)cap);
    if (!v)
      return NULL;
    s->tables = v;
    s->cap = cap;
  }
  sr_table *t = sr_arena_alloc(&s->arena, sizeof *t);
  if (!t)
    return NULL;
  t->engine = "OLAP";
  t->comment = "";
  s->tables[s->ntables++] = t;
  return t;
}

/* Arrays live in the arena and double when n reaches 4, 8, 16, ...; the
 * capacity is implied by n, so a model needs no capacity fields. */
static void *slot(sr_schema *s, void *arrp, size_t elem, int n) {
  void **arr = arrp;
  if (n == 0 || (n >= 4 && !(n & (n - 1)))) {
    size_t cap = n ? (size_t)n * 2 : 4;
    void *v = sr_arena_grow(&s->arena, *arr, elem, (size_t)n, cap);
    if (!v)
      return NULL;
    *arr = v;
  }
  return (char *)*arr + elem * (size_t)n;
}

sr_column *sr_table_add_column(sr_schema *s, sr_table *t) {
  sr_column *c = slot(s, &t->cols, sizeof *c, t->ncols);
  if (!c)
    return NULL;
  t->ncols++;
  memset(c, 0, sizeof *c);
  c->nullable = 1;
  c->comment = "";
  return c;
}

sr_prop *sr_table_add_prop(sr_schema *s, sr_table *t, const char *key,
                           const char *value) {
  sr_prop *p = slot(s, &t->props, sizeof *p, t->nprops);
  if (!p)
    return NULL;
  t->nprops++;
  p->key = key;
  p->value = value;
  p->is_default = 0;
  return p;
}

sr_index *sr_table_add_index(sr_schema *s, sr_table *t) {
  sr_index *x = slot(s, &t->idx, sizeof *x, t->nidx);
  if (!x)
    return NULL;
  t->nidx++;
  memset(x, 0, sizeof *x);
  x->comment = "";
  x->properties = "";
  return x;
}

int sr_strlist_add(sr_schema *s, sr_strlist *l, const char *v) {
  const char **p = slot(s, &l->v, sizeof *p, l->n);
  if (!p)
    return SR_NOMEM;
  *p = v;
  l->n++;
  return SR_OK;
}

const char *sr_strlist_join(sr_arena *a, const sr_strlist *l) {
  size_t len = 1;
  for (int i = 0; i < l->n; i++)
    len += strlen(l->v[i]) + 2;
  char *out = sr_arena_alloc(a, len);
  if (!out)
    return NULL;
  char *p = out;
  for (int i = 0; i < l->n; i++) {
    if (i)
      *p++ = ',', *p++ = ' ';
    size_t k = strlen(l->v[i]);
    memcpy(p, l->v[i], k);
    p += k;
  }
  *p = 0;
  return out;
}

/* Table names are compared as StarRocks does: case-sensitively. */
sr_table *sr_schema_find(const sr_schema *s, const char *name) {
  int lo = 0, hi = s->ntables - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = strcmp(s->tables[mid]->name, name);
    if (!c)
      return s->tables[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return NULL;
}

/* Column names are case-insensitive in StarRocks: the rule of rules.h
 * sr_name_eq, repeated here because the model is below the rules. */
sr_column *sr_table_column(const sr_table *t, const char *name) {
  for (int i = 0; i < t->ncols; i++)
    if (!strcasecmp(t->cols[i].name, name))
      return &t->cols[i];
  return NULL;
}

const sr_prop *sr_table_prop(const sr_table *t, const char *key) {
  for (int i = 0; i < t->nprops; i++)
    if (!strcmp(t->props[i].key, key))
      return &t->props[i];
  return NULL;
}

/* Ties (a name defined twice) are ordered by origin so that the error
 * names the same pair on every platform. */
static int by_name(const void *a, const void *b) {
  const sr_table *x = *(sr_table *const *)a, *y = *(sr_table *const *)b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->origin ? x->origin : "", y->origin ? y->origin : "");
}

int sr_schema_sort(sr_schema *s, sr_err *err) {
  if (s->ntables > 1)
    qsort(s->tables, (size_t)s->ntables, sizeof *s->tables, by_name);
  for (int i = 1; i < s->ntables; i++) {
    if (!strcmp(s->tables[i - 1]->name, s->tables[i]->name))
      return sr_errf(err, "%s: table '%s' is defined twice (first at %s)",
                     s->tables[i]->origin ? s->tables[i]->origin : "source",
                     s->tables[i]->name,
                     s->tables[i - 1]->origin ? s->tables[i - 1]->origin
                                              : "source");
  }
  return SR_OK;
}

const char *sr_kind_name(sr_kind k) {
  return k == SR_KIND_VIEW ? "VIEW"
         : k == SR_KIND_MV ? "MATERIALIZED VIEW"
                           : "TABLE";
}

const char *sr_keytype_name(sr_keytype k) {
  static const char *n[] = {"DUPLICATE", "AGGREGATE", "UNIQUE", "PRIMARY"};
  return n[k];
}
