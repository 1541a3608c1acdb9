/* Splitting scripts and classifying statements (script.h). The job kinds
 * follow starrocks-facts.md §3.1: column, sort-key, index and
 * bloom_filter_columns changes are schema-change jobs (SHOW ALTER TABLE
 * COLUMN), DISTRIBUTED BY is an OPTIMIZE job (corpus 97), rollups and
 * synchronous MVs are ROLLUP jobs (corpus 90); a comment-only MODIFY
 * COLUMN, SET of other properties, COMMENT, RENAME COLUMN and partition
 * clauses are synchronous. */
#include "ddl/script.h"

#include <string.h>
#include <strings.h>

#include "core/lexer.h"

typedef struct walk {
  sr_lexer lx;
  sr_token tok;
  sr_arena *a;
  sr_err *err;
  int view; /* a view or MV: no jobs of its own */
} walk;

static int adv(walk *w) { return sr_lex_next(&w->lx, &w->tok, w->err); }
static int is(walk *w, const char *kw) { return sr_tok_is(&w->tok, kw); }
static int at_end(walk *w) { return w->tok.kind == SR_TK_EOF; }

/* Consumes kw when it is the current word. */
static int take(walk *w, const char *kw, int *hit) {
  *hit = is(w, kw);
  return *hit ? adv(w) : SR_OK;
}

/* [db.]name -> name (unquoted, in the arena); NULL on error or when the
 * current token is not a name. */
static const char *name(walk *w) {
  const char *v = NULL;
  for (;;) {
    if (w->tok.kind != SR_TK_IDENT && w->tok.kind != SR_TK_QIDENT)
      return v;
    if (!(v = sr_tok_value(w->a, &w->tok))) {
      sr_oom(w->err);
      return NULL;
    }
    if (adv(w))
      return NULL;
    if (!sr_tok_punct(&w->tok, '.'))
      return v;
    if (adv(w))
      return NULL;
  }
}

/* IF [NOT] EXISTS */
static int if_exists(walk *w) {
  int hit;
  if (take(w, "IF", &hit) || (hit && take(w, "NOT", &hit)))
    return SR_ERROR;
  return hit || is(w, "EXISTS") ? adv(w) : SR_OK;
}

const char *sr_jobkind_name(sr_jobkind k) {
  static const char *const n[] = {NULL, "COLUMN", "OPTIMIZE", "ROLLUP"};
  return n[k];
}

/* The job of one ALTER TABLE clause; w is on its first word and moves to
 * the ',' ending it (or the end). RENAME <table> and SWAP WITH name a
 * second table: *barrier. */
static int clause_job(walk *w, sr_jobkind *job, int *barrier) {
  sr_token first = w->tok;
  int depth = 0, words = 0, comment_only = 0, bloom = 0;
  sr_jobkind k = SR_JOB_NONE;
  for (; !at_end(w) && !(depth == 0 && sr_tok_punct(&w->tok, ',')); words++) {
    const sr_token *t = &w->tok;
    /* '[' too: VALUES [("1"), ("2")) is balanced counted so */
    depth += sr_tok_punct(t, '(') + sr_tok_punct(t, '[') -
             sr_tok_punct(t, ')') - sr_tok_punct(t, ']');
    if (words == 1 && sr_tok_is(&first, "RENAME"))
      *barrier |= !sr_tok_is(t, "COLUMN") && !sr_tok_is(t, "PARTITION") &&
                  !sr_tok_is(t, "ROLLUP");
    if (words == 1 && (sr_tok_is(&first, "ADD") || sr_tok_is(&first, "DROP")))
      k = sr_tok_is(t, "COLUMN") || sr_tok_is(t, "COLUMNS") ||
                  sr_tok_is(t, "INDEX")
              ? SR_JOB_COLUMN
          : sr_tok_is(t, "ROLLUP") ? SR_JOB_ROLLUP
                                   : SR_JOB_NONE;
    if (words == 1 && sr_tok_is(&first, "MODIFY") && sr_tok_is(t, "COLUMN"))
      k = SR_JOB_COLUMN;
    /* MODIFY COLUMN c COMMENT '..' is metadata only (facts §3.1). */
    if (words == 3 && k == SR_JOB_COLUMN && sr_tok_is(&first, "MODIFY"))
      comment_only = sr_tok_is(t, "COMMENT");
    if (t->kind == SR_TK_STRING && t->n == 22 &&
        !strncasecmp(t->p + 1, "bloom_filter_columns", 20))
      bloom = 1;
    if (adv(w))
      return SR_ERROR;
  }
  if (sr_tok_is(&first, "ORDER"))
    k = SR_JOB_COLUMN;
  if (sr_tok_is(&first, "DISTRIBUTED") || sr_tok_is(&first, "PARTITIONS"))
    k = SR_JOB_OPTIMIZE;
  if (sr_tok_is(&first, "SET") && bloom)
    k = SR_JOB_COLUMN;
  if (sr_tok_is(&first, "SWAP"))
    *barrier = 1;
  if (comment_only && words == 5)
    k = SR_JOB_NONE;
  if (k > *job)
    *job = k;
  return SR_OK;
}

static int alter_table(walk *w, sr_stmt_class *c) {
  c->action = "alter_table";
  if (!(c->table = name(w)))
    return sr_errf(w->err, "expected a table name after ALTER TABLE");
  while (!at_end(w)) {
    if (clause_job(w, &c->job, &c->barrier))
      return SR_ERROR;
    if (sr_tok_punct(&w->tok, ',') && adv(w))
      return SR_ERROR;
  }
  return SR_OK;
}

/* CREATE INDEX i ON t / DROP INDEX i ON t: a schema change of t. */
static int index_stmt(walk *w, sr_stmt_class *c, const char *action) {
  c->action = action;
  c->job = SR_JOB_COLUMN;
  if (!name(w) || !is(w, "ON") || adv(w) || !(c->table = name(w)))
    return sr_errf(w->err, "expected INDEX name ON table");
  return SR_OK;
}

/* A synchronous MV (no REFRESH, DISTRIBUTED BY or PARTITION BY before AS)
 * is a rollup of the table its query reads (facts §3.1, corpus 90). */
static int create_mv(walk *w, sr_stmt_class *c) {
  int async = 0, depth = 0;
  while (!at_end(w) && !is(w, "AS")) {
    async |= is(w, "REFRESH") || is(w, "DISTRIBUTED") || is(w, "PARTITION");
    if (adv(w))
      return SR_ERROR;
  }
  while (!async && !at_end(w) && !(depth == 0 && is(w, "FROM"))) {
    depth += sr_tok_punct(&w->tok, '(') - sr_tok_punct(&w->tok, ')');
    if (adv(w))
      return SR_ERROR;
  }
  if (!async && is(w, "FROM")) {
    if (adv(w))
      return SR_ERROR;
    c->job_table = name(w);
    c->job = c->job_table ? SR_JOB_ROLLUP : SR_JOB_NONE;
  }
  return w->err->set ? SR_ERROR : SR_OK;
}

/* CREATE|ALTER|DROP [OR REPLACE] [MATERIALIZED] VIEW|TABLE [IF ..] name */
static int object_stmt(walk *w, sr_stmt_class *c, const char *verb) {
  int hit, mv = 0;
  if (take(w, "OR", &hit) || (hit && take(w, "REPLACE", &hit)) ||
      take(w, "MATERIALIZED", &mv))
    return SR_ERROR;
  int table = !mv && is(w, "TABLE"), view = mv || is(w, "VIEW");
  if (table + view == 0) {
    c->barrier = 1;
    return SR_OK;
  }
  static const char *const act[3][3] = {
      {"create_table", "create_view", "create_mv"},
      {"alter_table", "alter_view", "alter_mv"},
      {"drop_table", "drop_view", "drop_mv"}};
  int v = verb[0] == 'C' ? 0 : verb[0] == 'A' ? 1 : 2;
  c->action = act[v][table ? 0 : mv ? 2 : 1];
  if (adv(w))
    return SR_ERROR;
  if (v == 1 && table)
    return alter_table(w, c);
  if (if_exists(w) || !(c->table = name(w)))
    return sr_errf(w->err, "expected the name after %s", verb);
  c->barrier = w->view = view;
  c->creates = v == 0 && table;
  return v == 0 && mv ? create_mv(w, c) : SR_OK;
}

static int classify(walk *w, sr_stmt_class *c) {
  int hit = 0;
  const char *verb = is(w, "CREATE")  ? "CREATE"
                     : is(w, "ALTER") ? "ALTER"
                     : is(w, "DROP")  ? "DROP"
                                      : NULL;
  if (is(w, "USE") || is(w, "SET"))
    return sr_errf(w->err,
                   "%.*s statements are not run (each statement may go to "
                   "another connection): name the database in the target",
                   (int)w->tok.n, w->tok.p);
  if (!verb)
    return SR_OK;
  if (adv(w))
    return SR_ERROR;
  if (verb[0] != 'A' && take(w, "INDEX", &hit))
    return SR_ERROR;
  if (hit && verb[0] != 'A')
    return index_stmt(w, c, verb[0] == 'C' ? "create_index" : "drop_index");
  return object_stmt(w, c, verb);
}

int sr_stmt_classify(sr_arena *a, const char *sql, size_t n, sr_stmt_class *c,
                     sr_err *err) {
  walk w = {.a = a, .err = err};
  memset(c, 0, sizeof *c);
  c->action = "statement";
  sr_lex_init(&w.lx, "statement", sql, n);
  if (adv(&w) || classify(&w, c))
    return SR_ERROR;
  if (!c->job_table && !w.view)
    c->job_table = c->table;
  /* Anything else (INSERT, views' bodies ...) runs alone, in order. */
  if (!c->table)
    c->barrier = 1;
  return SR_OK;
}

int sr_script_split(const char *name, const char *text, size_t n, sr_stmt_fn fn,
                    void *ctx, sr_err *err) {
  sr_lexer lx;
  sr_token t;
  sr_lex_init(&lx, name, text, n);
  size_t start = 0, end = 0;
  int line = 0, open = 0;
  for (;;) {
    if (sr_lex_next(&lx, &t, err))
      return SR_ERROR;
    int stop = t.kind == SR_TK_EOF || sr_tok_punct(&t, ';');
    if (stop && open) {
      int rc = fn(ctx, text + start, end - start, line);
      if (rc)
        return rc;
      open = 0;
    }
    if (t.kind == SR_TK_EOF)
      return SR_OK;
    if (stop)
      continue;
    if (!open)
      start = t.off, line = t.line, open = 1;
    end = t.off + t.n;
  }
}

/* facts §4's substrings, and the other states of fe-core
 * common/InvalidOlapTableStateException.java: WAITING_STABLE ("The table
 * \"t\" is being altered or having a materialized view built on it.") and
 * its default ("The table \"t\" is currently in state \"X\""); backup and
 * restore ("A backup operation is in progress on the table ..."). */
int sr_is_concurrent_change(const char *msg) {
  return strstr(msg, "schema change operation is in progress") ||
         strstr(msg, "is being created on the table") ||
         strstr(msg, "is not NORMAL") ||
         strstr(msg, "operation is in progress on the table") ||
         strstr(msg, "is being altered or having a materialized view") ||
         (strstr(msg, "The table \"") && strstr(msg, "is currently in state"));
}

int sr_job_state_terminal(const char *state) {
  return !strcmp(state, "FINISHED") || !strcmp(state, "CANCELLED");
}
