/* oomtest: the allocation-failure driver of `make test-oom`.
 *
 *   build/oom/oomtest [options] CASEFILE
 *
 * For every case of CASEFILE (format in test/oom.cases) it runs the query
 * once to get the reference result, then again for N = 1, 2, ... with the
 * Nth allocation failing, until a run makes fewer than N allocations. An
 * allocation is any call, while the query runs, to
 *   - malloc, calloc, realloc, strdup, strndup from libsrschema's own code
 *     (the StarRocks core's arenas and buffers, the live reader): the
 *     extension is linked in with `ld --wrap`, so these are the C library's
 *     allocation functions as libsrschema calls them;
 *   - cJSON's allocator (cJSON_InitHooks);
 *   - SQLite's allocator (SQLITE_CONFIG_MALLOC around the default one), which
 *     serves sqlite3_malloc / sqlite3_mprintf / sqlite3_str of the glue and
 *     SQLite's own allocations.
 * Each run must either give the reference result, or fail with SQLITE_NOMEM
 * or a message saying "out of memory" (or the reference's own error), and
 * must free everything it allocated once the connection is closed (checked
 * here per run; AddressSanitizer checks the rest at exit). Anything else is
 * a failure, printed with the allocation's stack.
 *
 * Options: --case GLOB (cases to run), --stride K and --offset O (only N with
 * N % K == O % K, to fit a time budget), --persist (every allocation from
 * the Nth on fails, not only the Nth), --n N (one point, with its stack),
 * --show (the reference results), -v (a line per case). Placeholders in cases:
 * @FIX@ (test/fixtures),
 * @TMP@ (a scratch directory), @FE@ (host:port of a fake FE, from the
 * environment variable OOM_FAKEFE; cases using it are skipped without it),
 * @CORPUS@ (../shared/corpus; skipped when absent).
 */
#include <cjson/cJSON.h>
#include <fnmatch.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sqlite3_srschema_init(sqlite3 *db, char **err,
                          const sqlite3_api_routines *api);

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

/* Weak: present when built with AddressSanitizer. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

/* ---- failure injection ---------------------------------------------------
 */

enum { K_LIBC, K_SQLITE, K_CJSON, K_N };
static const char *const kKind[K_N] = {"libc", "sqlite", "cjson"};

static atomic_int g_armed;
static atomic_long g_count; /* allocations since armed */
static long g_fail;         /* the allocation that fails (1-based) */
static int g_persist;
static int g_trace;
static int g_show;                 /* --show: print the reference results */
static atomic_int g_injected = -1; /* kind of the failed allocation */

static int fail_now(int kind) {
  if (!atomic_load(&g_armed))
    return 0;
  long n = atomic_fetch_add(&g_count, 1) + 1;
  if (n == g_fail) {
    atomic_store(&g_injected, kind);
    if (g_trace && __sanitizer_print_stack_trace) {
      fprintf(stderr, "--- allocation %ld (%s) fails here:\n", n, kKind[kind]);
      __sanitizer_print_stack_trace();
    }
    return 1;
  }
  return g_persist && n > g_fail;
}

/* ---- what was allocated and not freed ------------------------------------
 * An open-addressing set of the pointers handed out while a run's
 * connection is open; it must be empty once the connection is closed. */

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static int g_track;
static void **g_set;
static size_t g_cap, g_live, g_used;
#define TOMB ((void *)1)

static size_t slot_of(void *p) {
  return ((size_t)p >> 4) * 0x9E3779B97F4A7C15ull & (g_cap - 1);
}

static void set_rehash(size_t cap) {
  void **old = g_set;
  size_t ocap = g_cap;
  g_set = __real_calloc(cap, sizeof *g_set);
  if (!g_set) {
    fprintf(stderr, "oomtest: cannot allocate the pointer set\n");
    exit(2);
  }
  g_cap = cap;
  g_used = g_live = 0;
  for (size_t i = 0; i < ocap; i++)
    if (old[i] && old[i] != TOMB) {
      size_t h = slot_of(old[i]);
      while (g_set[h])
        h = (h + 1) & (g_cap - 1);
      g_set[h] = old[i];
      g_used++, g_live++;
    }
  __real_free(old);
}

static void track_add(void *p) {
  if (!p || !g_track)
    return;
  pthread_mutex_lock(&g_mu);
  if ((g_used + 1) * 2 > g_cap)
    set_rehash(g_cap ? (g_live * 4 > g_cap ? g_cap * 2 : g_cap) : 1 << 16);
  size_t h = slot_of(p);
  while (g_set[h] && g_set[h] != TOMB)
    h = (h + 1) & (g_cap - 1);
  if (!g_set[h])
    g_used++;
  g_set[h] = p;
  g_live++;
  pthread_mutex_unlock(&g_mu);
}

/* 1 when p was tracked. */
static int track_del(void *p) {
  if (!p || !g_cap)
    return 0;
  pthread_mutex_lock(&g_mu);
  int found = 0;
  for (size_t h = slot_of(p); g_set[h]; h = (h + 1) & (g_cap - 1))
    if (g_set[h] == p) {
      g_set[h] = TOMB;
      g_live--;
      found = 1;
      break;
    }
  pthread_mutex_unlock(&g_mu);
  return found;
}

static void track_clear(void) {
  pthread_mutex_lock(&g_mu);
  if (g_cap)
    memset(g_set, 0, g_cap * sizeof *g_set);
  g_live = g_used = 0;
  pthread_mutex_unlock(&g_mu);
}

/* ---- the wrapped allocators ------------------------------------------------
 */

void *__wrap_malloc(size_t n) {
  if (fail_now(K_LIBC))
    return NULL;
  void *p = __real_malloc(n);
  track_add(p);
  return p;
}

void *__wrap_calloc(size_t k, size_t n) {
  if (fail_now(K_LIBC))
    return NULL;
  void *p = __real_calloc(k, n);
  track_add(p);
  return p;
}

void *__wrap_realloc(void *p, size_t n) {
  if (fail_now(K_LIBC))
    return NULL;
  void *q = __real_realloc(p, n);
  if (q && (track_del(p) || !p))
    track_add(q);
  return q;
}

void __wrap_free(void *p) {
  track_del(p);
  __real_free(p);
}

char *__wrap_strdup(const char *s) {
  if (fail_now(K_LIBC))
    return NULL;
  char *p = __real_strdup(s);
  track_add(p);
  return p;
}

char *__wrap_strndup(const char *s, size_t n) {
  if (fail_now(K_LIBC))
    return NULL;
  char *p = __real_strndup(s, n);
  track_add(p);
  return p;
}

static void *cj_malloc(size_t n) {
  if (fail_now(K_CJSON))
    return NULL;
  void *p = __real_malloc(n);
  track_add(p);
  return p;
}

static void cj_free(void *p) { __wrap_free(p); }

static sqlite3_mem_methods g_sqlmem;

static void *sq_malloc(int n) {
  if (fail_now(K_SQLITE))
    return NULL;
  void *p = g_sqlmem.xMalloc(n);
  track_add(p);
  return p;
}

static void sq_free(void *p) {
  track_del(p);
  g_sqlmem.xFree(p);
}

static void *sq_realloc(void *p, int n) {
  if (fail_now(K_SQLITE))
    return NULL;
  void *q = g_sqlmem.xRealloc(p, n);
  if (q && track_del(p))
    track_add(q);
  return q;
}

static int sq_size(void *p) { return g_sqlmem.xSize(p); }
static int sq_roundup(int n) { return g_sqlmem.xRoundup(n); }
static int sq_init(void *x) { return g_sqlmem.xInit(x); }
static void sq_shutdown(void *x) { g_sqlmem.xShutdown(x); }

/* ---- the driver's own strings (never failed, never tracked) -------------- */

typedef struct str {
  char *s;
  size_t n, cap;
} str;

static void str_add(str *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1)
      cap *= 2;
    char *t = __real_realloc(b->s, cap);
    if (!t) {
      fprintf(stderr, "oomtest: out of memory\n");
      exit(2);
    }
    b->s = t, b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

static void str_puts(str *b, const char *s) { str_add(b, s, strlen(s)); }

static void str_printf(str *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  str_puts(b, tmp);
}

static char *xstrdup(const char *s) {
  str b = {0};
  str_puts(&b, s);
  return b.s;
}

/* ---- cases ---------------------------------------------------------------
 */

typedef struct kase {
  char *name;
  char *setup; /* run before the query, never failed */
  char *query; /* the statements whose allocations fail */
  char *check; /* run after, never failed: all or nothing of the query */
  int open;    /* "== name open": opening the connection fails too */
} kase;

typedef struct run_result {
  char *out;   /* "ok\n<rows>" or "error <code>: <message>" */
  char *check; /* rows of the check statements, or NULL */
  int nomem;   /* the error is SQLITE_NOMEM or says "out of memory" */
  long allocs; /* allocations while armed */
  int injected;
  size_t leaked;
} run_result;

static const char *g_fix, *g_tmp, *g_fe, *g_corpus;

/* Replaces the placeholders; NULL when the case needs what is missing. */
static char *expand(const char *text) {
  static const char *keys[] = {"@FIX@", "@TMP@", "@FE@", "@CORPUS@"};
  const char *vals[] = {g_fix, g_tmp, g_fe, g_corpus};
  str b = {0};
  str_puts(&b, "");
  for (const char *p = text; *p;) {
    int hit = 0;
    for (int k = 0; k < 4 && !hit; k++) {
      size_t n = strlen(keys[k]);
      if (strncmp(p, keys[k], n))
        continue;
      if (!vals[k]) {
        __real_free(b.s);
        return NULL;
      }
      str_puts(&b, vals[k]);
      p += n;
      hit = 1;
    }
    if (!hit)
      str_add(&b, p++, 1);
  }
  return b.s;
}

/* Case file: "== name" starts a case; lines "--" separate its setup, its
 * query and its check; lines starting with "#" are comments. */
static int read_cases(const char *path, kase **out) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    exit(2);
  }
  kase *v = NULL;
  int n = 0;
  str cur = {0}, part[2] = {{0}};
  char line[8192];
  int in = 0, seps = 0;
  for (;;) {
    char *l = fgets(line, sizeof line, f);
    if (!l || !strncmp(line, "== ", 3)) {
      if (in) {
        /* one "--": setup, query; two: setup, query, check */
        str *sec[3] = {&part[0], &cur, NULL};
        if (seps == 2)
          sec[0] = &part[0], sec[1] = &part[1], sec[2] = &cur;
        v[n - 1].setup = sec[0]->s ? sec[0]->s : xstrdup("");
        v[n - 1].query = sec[1]->s ? sec[1]->s : xstrdup("");
        v[n - 1].check = sec[2] && sec[2]->s ? sec[2]->s : NULL;
        if (seps == 2 && !sec[2]->s)
          v[n - 1].check = xstrdup("");
        memset(part, 0, sizeof part);
        memset(&cur, 0, sizeof cur);
        seps = 0;
      }
      if (!l)
        break;
      v = __real_realloc(v, sizeof *v * (size_t)(n + 1));
      char *name = xstrdup(line + 3);
      name[strcspn(name, " \n")] = 0;
      v[n].name = name;
      v[n].open = strstr(line + 3, " open") != NULL;
      n++;
      in = 1;
      continue;
    }
    if (!in || line[0] == '#')
      continue;
    if (!strcmp(line, "--\n")) {
      if (seps < 2)
        part[seps++] = cur;
      memset(&cur, 0, sizeof cur);
      continue;
    }
    str_puts(&cur, line);
  }
  fclose(f);
  *out = v;
  return n;
}

/* ---- running a case --------------------------------------------------------
 */

static int says_nomem(sqlite3 *db, int rc, const char *msg) {
  return rc == SQLITE_NOMEM || (db && sqlite3_errcode(db) == SQLITE_NOMEM) ||
         (msg && strstr(msg, "out of memory"));
}

/* Appends column i; 0 when SQLite could not give it. Numbers are printed
 * here, so that reading a result allocates nothing: a failure is then
 * always the statement's own. */
static int column(sqlite3_stmt *st, int i, str *out) {
  char num[64];
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_NULL:
    str_puts(out, "NULL");
    return 1;
  case SQLITE_INTEGER:
    snprintf(num, sizeof num, "%lld", sqlite3_column_int64(st, i));
    str_puts(out, num);
    return 1;
  case SQLITE_FLOAT:
    sqlite3_snprintf(sizeof num, num, "%!.15g", sqlite3_column_double(st, i));
    str_puts(out, num);
    return 1;
  default: {
    const unsigned char *t = sqlite3_column_text(st, i);
    if (t)
      str_add(out, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
    return t != NULL;
  }
  }
}

/* Runs every statement of sql, appending rows to out; returns the error
 * code of the first failing statement (0 when all ran). */
static int exec_all(sqlite3 *db, const char *sql, str *out, int *nomem) {
  const char *tail = sql;
  while (tail && *(tail += strspn(tail, " \t\r\n"))) {
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
    if (rc) {
      const char *m = sqlite3_errmsg(db);
      str_printf(out, "error %d: %s", rc, m);
      *nomem = says_nomem(db, rc, m);
      return rc;
    }
    if (!st)
      continue; /* blanks or a comment */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); i++) {
        if (i)
          str_puts(out, "|");
        if (!column(st, i, out)) { /* reading it ran out of memory */
          rc = SQLITE_NOMEM;
          break;
        }
      }
      if (rc == SQLITE_NOMEM)
        break;
      str_puts(out, "\n");
    }
    if (rc != SQLITE_DONE) {
      const char *m = rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db);
      str_printf(out, "error %d: %s", rc, m);
      *nomem = says_nomem(db, rc, m);
      sqlite3_finalize(st);
      return rc ? rc : SQLITE_ERROR;
    }
    rc = sqlite3_finalize(st);
    if (rc) {
      str_printf(out, "error %d: %s", rc, sqlite3_errmsg(db));
      *nomem = says_nomem(db, rc, sqlite3_errmsg(db));
      return rc;
    }
  }
  return 0;
}

static void arm(long n) {
  atomic_store(&g_count, 0);
  atomic_store(&g_injected, -1);
  g_fail = n;
  atomic_store(&g_armed, n > 0);
}

static long disarm(void) {
  atomic_store(&g_armed, 0);
  return atomic_load(&g_count);
}

static const char *g_cur_case;
static long g_cur_n;

static void on_death(void) {
  if (g_cur_case)
    fprintf(stderr, "oomtest: died in case %s with allocation %ld failing%s\n",
            g_cur_case, g_cur_n, g_persist ? " (and all after it)" : "");
}

static int open_db(sqlite3 **db) {
  return sqlite3_open_v2(":memory:", db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
}

/* One run: setup, then the query with allocation fail_at failing (0:
 * none, -1: the query is not run at all), then the check. */
static run_result run_case(const kase *k, const char *setup, const char *query,
                           const char *check, long fail_at) {
  run_result r = {0};
  str out = {0};
  str_puts(&out, "");
  g_cur_case = k->name;
  g_cur_n = fail_at;
  track_clear();
  g_track = 1;
  sqlite3 *db = NULL;
  if (k->open)
    arm(fail_at);
  int rc = open_db(&db);
  if (rc) {
    r.allocs = disarm();
    str_printf(&out, "error %d: %s", rc, db ? sqlite3_errmsg(db) : "open");
    r.nomem = says_nomem(db, rc, db ? sqlite3_errmsg(db) : NULL);
  } else {
    if (!k->open) {
      int nm = 0;
      str junk = {0};
      if (exec_all(db, setup, &junk, &nm)) {
        fprintf(stderr, "oomtest: case %s: setup failed: %s\n", k->name,
                junk.s);
        exit(2);
      }
      __real_free(junk.s);
      arm(fail_at);
    }
    if (fail_at < 0) {
      str_puts(&out, "not run");
    } else if (!exec_all(db, query, &out, &r.nomem)) {
      str tmp = {0};
      str_puts(&tmp, "ok\n");
      str_puts(&tmp, out.s);
      __real_free(out.s);
      out = tmp;
    }
    r.allocs = disarm();
    if (check) {
      str c = {0};
      int nm = 0;
      str_puts(&c, "");
      exec_all(db, check, &c, &nm);
      r.check = c.s;
    }
  }
  r.injected = atomic_load(&g_injected);
  rc = sqlite3_close(db);
  if (rc) {
    fprintf(stderr, "oomtest: case %s: close: %s\n", k->name,
            sqlite3_errstr(rc));
    exit(2);
  }
  g_track = 0;
  r.leaked = g_live;
  track_clear();
  r.out = out.s;
  return r;
}

/* ---- the loop over allocation points ------------------------------------ */

typedef struct totals {
  long points, kinds[K_N], same, errors, failures, cases, skipped;
} totals;

/* The first line where a and b differ, as "line N: <text>" (200 bytes). */
static void first_diff(const char *a, const char *b, char *out, size_t cap,
                       int which) {
  int line = 1;
  const char *la = a, *lb = b;
  while (*a && *a == *b) {
    if (*a == '\n')
      line++, la = a + 1, lb = b + 1;
    a++, b++;
  }
  const char *l = which ? lb : la;
  snprintf(out, cap, "line %d: %.*s", line,
           (int)strcspn(l, "\n") > 200 ? 200 : (int)strcspn(l, "\n"), l);
}

static void report(const kase *k, long n, const char *why, const char *want,
                   const char *got, const run_result *r) {
  char w[300], g[300];
  first_diff(want, got, w, sizeof w, 0);
  first_diff(want, got, g, sizeof g, 1);
  printf("! %s: allocation %ld (%s)%s: %s\n", k->name, n,
         r->injected >= 0 ? kKind[r->injected] : "none",
         g_persist ? " and all after it" : "", why);
  printf("!   expected %s\n!   got      %s\n", w, g);
  fflush(stdout);
}

/* SQLite copies a virtual table's or function's error message; when that
 * copy fails it reports the bare code ("SQL logic error"). The error itself
 * was right, so that counts as the reference error, also after the same
 * rows (a table-valued function that fails after its first rows, as
 * sr_exec does). */
static int lost_message(const run_result *ref, const run_result *r) {
  const char *last = strrchr(ref->out, '\n');
  size_t rows = last ? (size_t)(last - ref->out + 1) : 0;
  return r->injected == K_SQLITE &&
         !strncmp(ref->out + rows, "error 1: ", 9) &&
         !strncmp(r->out, ref->out, rows) &&
         !strcmp(r->out + rows, "error 1: SQL logic error");
}

static void result_free(run_result *r) {
  __real_free(r->out);
  __real_free(r->check);
}

static void trace_point(const kase *k, const char *setup, const char *query,
                        const char *check, long n) {
  g_trace = 1;
  run_result r = run_case(k, setup, query, check, n);
  g_trace = 0;
  result_free(&r);
}

static void run_points(const kase *k, long stride, long offset, long only,
                       int verbose, totals *t) {
  char *setup = expand(k->setup), *query = expand(k->query);
  char *check = k->check ? expand(k->check) : NULL;
  if (!setup || !query || (k->check && !check)) {
    if (verbose)
      printf("- %s: skipped (needs a fake FE or the corpus)\n", k->name);
    t->skipped++;
    __real_free(setup);
    __real_free(query);
    __real_free(check);
    return;
  }
  run_result ref = run_case(k, setup, query, check, 0);
  run_result none = {0};
  if (check)
    none = run_case(k, setup, query, check, -1);
  if (g_show)
    printf("== %s\n%s\n", k->name, ref.out);
  if (ref.leaked) {
    report(k, 0, "the run without failures leaks", "no leak", "a leak", &ref);
    t->failures++;
  }
  long pts = 0, same = 0, errs = 0, fails = 0, kinds[K_N] = {0};
  long first = only ? only : 1 + (offset % stride);
  for (long n = first;; n += stride) {
    run_result r = run_case(k, setup, query, check, n);
    int hit = r.injected >= 0;
    const char *why = NULL;
    if (!hit && r.allocs < n) { /* every point is done */
      result_free(&r);
      break;
    }
    pts++;
    kinds[hit ? r.injected : 0]++;
    if (!strcmp(r.out, ref.out))
      same++;
    else if (!strncmp(r.out, "ok\n", 3))
      why = "a different result reported as success";
    else if (!r.nomem && !lost_message(&ref, &r))
      why = "an error that is not \"out of memory\"";
    else
      errs++;
    if (!why && r.leaked)
      why = "memory not freed after the connection closed";
    int ok = !strncmp(r.out, "ok\n", 3);
    if (!why && check && strcmp(r.check, ok ? ref.check : none.check))
      why = ok ? "the check after the query differs"
               : "the failed query left changes behind";
    if (why) {
      char leak[64];
      snprintf(leak, sizeof leak, "%zu blocks leaked", r.leaked);
      if (r.leaked && !strncmp(why, "memory", 6))
        report(k, n, why, "no leak", leak, &r);
      else if (!strncmp(why, "the ", 4))
        report(k, n, why, ok ? ref.check : none.check, r.check, &r);
      else
        report(k, n, why, ref.out, r.out, &r);
      trace_point(k, setup, query, check, n);
      fails++;
    }
    result_free(&r);
    if (only)
      break;
  }
  if (verbose || fails)
    printf("%s %s: %ld points (libc %ld, sqlite %ld, cjson %ld), %ld same, "
           "%ld out-of-memory errors, %ld failures\n",
           fails ? "!" : "-", k->name, pts, kinds[K_LIBC], kinds[K_SQLITE],
           kinds[K_CJSON], same, errs, fails);
  fflush(stdout);
  t->cases++;
  t->points += pts;
  for (int i = 0; i < K_N; i++)
    t->kinds[i] += kinds[i];
  t->same += same;
  t->errors += errs;
  t->failures += fails;
  result_free(&ref);
  result_free(&none);
  __real_free(setup);
  __real_free(query);
  __real_free(check);
}

static void usage(void) {
  fprintf(stderr, "usage: oomtest [--case GLOB] [--stride K] [--offset O] "
                  "[--persist] [--n N] [--show] [-v] CASEFILE\n");
  exit(2);
}

static void setup_allocators(void) {
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_sqlmem);
  static sqlite3_mem_methods m;
  m = g_sqlmem;
  m.xMalloc = sq_malloc;
  m.xFree = sq_free;
  m.xRealloc = sq_realloc;
  m.xSize = sq_size;
  m.xRoundup = sq_roundup;
  m.xInit = sq_init;
  m.xShutdown = sq_shutdown;
  sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
  /* Without lookaside every small allocation of SQLite's is a point. */
  sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
  cJSON_Hooks h = {cj_malloc, cj_free};
  cJSON_InitHooks(&h);
  sqlite3_initialize();
  sqlite3_auto_extension((void (*)(void))sqlite3_srschema_init);
}

static const char *dir_or_null(const char *p) {
  struct stat st;
  return p && !stat(p, &st) && S_ISDIR(st.st_mode) ? p : NULL;
}

int main(int argc, char **argv) {
  const char *glob = "*", *file = NULL;
  long stride = 1, offset = 0, only = 0;
  int verbose = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--case") && i + 1 < argc)
      glob = argv[++i];
    else if (!strcmp(argv[i], "--stride") && i + 1 < argc)
      stride = atol(argv[++i]);
    else if (!strcmp(argv[i], "--offset") && i + 1 < argc)
      offset = atol(argv[++i]);
    else if (!strcmp(argv[i], "--n") && i + 1 < argc)
      only = atol(argv[++i]);
    else if (!strcmp(argv[i], "--persist"))
      g_persist = 1;
    else if (!strcmp(argv[i], "--show"))
      g_show = 1;
    else if (!strcmp(argv[i], "-v"))
      verbose = 1;
    else if (argv[i][0] == '-' || file)
      usage();
    else
      file = argv[i];
  }
  if (!file || stride < 1 || offset < 0)
    usage();
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback(on_death);
  setup_allocators();
  static char fix[4096], tmpl[] = "/tmp/oomtest.XXXXXX";
  if (!realpath("test/fixtures", fix)) {
    fprintf(stderr, "oomtest: run from the project root (test/fixtures)\n");
    return 2;
  }
  g_fix = fix;
  g_tmp = mkdtemp(tmpl);
  g_fe = getenv("OOM_FAKEFE");
  if (g_fe && !*g_fe)
    g_fe = NULL;
  static char corpus[4096];
  g_corpus = realpath("../shared/corpus", corpus) ? dir_or_null(corpus) : NULL;
  kase *cases;
  int n = read_cases(file, &cases);
  totals t = {0};
  for (int i = 0; i < n; i++)
    if (!fnmatch(glob, cases[i].name, 0))
      run_points(&cases[i], stride, offset, only, verbose, &t);
  g_cur_case = NULL;
  printf("oom: %ld cases (%ld skipped), %ld allocation points failed "
         "(libc %ld, sqlite %ld, cjson %ld; stride %ld%s): %ld same result, "
         "%ld out-of-memory errors, %ld failures\n",
         t.cases, t.skipped, t.points, t.kinds[K_LIBC], t.kinds[K_SQLITE],
         t.kinds[K_CJSON], stride, g_persist ? ", persistent" : "", t.same,
         t.errors, t.failures);
  for (int i = 0; i < n; i++) {
    __real_free(cases[i].name);
    __real_free(cases[i].setup);
    __real_free(cases[i].query);
    __real_free(cases[i].check);
  }
  __real_free(cases);
  __real_free(g_set);
  if (g_tmp) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd)) {
    }
  }
  return t.failures ? 1 : 0;
}
