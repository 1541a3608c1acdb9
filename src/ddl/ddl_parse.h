/* Parser of StarRocks DDL: CREATE TABLE / VIEW / MATERIALIZED VIEW as users
 * write them and exactly as SHOW CREATE TABLE prints them (facts §1,
 * corpus 01-52). Statements are separated by ';'; comments allowed. The
 * pieces (column definitions, property lists, key clauses) are exported for
 * the ALTER interpreter (apply.c). */
#ifndef SR_DDL_PARSE_H
#define SR_DDL_PARSE_H

#include "core/lexer.h"
#include "core/model.h"

/* Recently seen type spellings and their canonical text: a schema repeats
 * a few types thousands of times. */
typedef struct sr_typememo {
  const char *raw;
  size_t n;
  const char *canon;
  size_t last; /* offset in raw of the spelling's last token */
  int jump;    /* its tokens end where raw ends: the parser may jump to the
                  last one rather than lex them all again */
} sr_typememo;

/* A DROP .. IF EXISTS read from a schema script: ignored, but it must not
 * follow a CREATE of the same name (sr_script_check). */
typedef struct sr_drop {
  const char *name;
  const char *where; /* "file:line:column" of the DROP */
  int before;        /* tables in the schema when it was read */
} sr_drop;

/* What a schema script (a .sql file, the files of a directory, ddl: text)
 * said beside its CREATEs, across every text of one source. */
typedef struct sr_script {
  sr_drop *drops; /* in the schema's arena */
  int n, cap;
} sr_script;

typedef struct sr_parser {
  sr_lexer lx;
  sr_token tok; /* current token */
  sr_token prev;
  sr_schema *s;
  sr_err *err;
  sr_typememo memo[16];
  unsigned memo_next;
  sr_script *script; /* NULL: CREATE statements only */
} sr_parser;

/* Parses every statement of text into s (tables appended; call
 * sr_schema_finish after the last text). name prefixes error positions. */
int sr_parse_sql(sr_schema *s, const char *name, const char *text, size_t n,
                 sr_err *err);

/* sr_parse_sql for a schema script: CREATE DATABASE, USE, SET and DROP
 * TABLE / VIEW / MATERIALIZED VIEW IF EXISTS are read and ignored too
 * (doc/ddl.md "Scripts"); the DROPs are kept in sc for sr_script_check. */
int sr_parse_script(sr_schema *s, sr_script *sc, const char *name,
                    const char *text, size_t n, sr_err *err);
/* After the last text of a source: a DROP .. IF EXISTS that follows a
 * CREATE of the same name is an error (ignoring it would keep a table the
 * script removes). */
int sr_script_check(const sr_schema *s, const sr_script *sc, sr_err *err);

/* Building blocks (the parser is positioned on the first token). */
int sr_parser_init(sr_parser *p, sr_schema *s, const char *name,
                   const char *text, size_t n, sr_err *err);
int sr_p_advance(sr_parser *p);
int sr_p_accept(sr_parser *p, const char *kw);
int sr_p_accept_punct(sr_parser *p, char c);
int sr_p_expect(sr_parser *p, const char *kw);
int sr_p_expect_punct(sr_parser *p, char c);
int sr_p_error(sr_parser *p, const char *expected);
const char *sr_p_ident(sr_parser *p, const char *what);
/* [db.]name: the last part. */
const char *sr_p_table_name(sr_parser *p);
int sr_p_column_def(sr_parser *p, sr_table *t, sr_column *c);
int sr_p_index_def(sr_parser *p, sr_table *t, sr_index *x);
int sr_p_ident_list(sr_parser *p, sr_strlist *l);
int sr_p_properties(sr_parser *p, sr_table *t, int into_table);
int sr_p_distribution(sr_parser *p, sr_table *t);
int sr_p_at_end(sr_parser *p);

/* Clause texts on their own (JSON specs, the op functions), each to the
 * end of text; `what` names the text in error positions. */
/* HASH(a, b) | RANDOM [BUCKETS n]: what follows DISTRIBUTED BY. */
int sr_parse_dist_method(sr_schema *s, sr_table *t, const char *what,
                         const char *text, sr_err *err);
/* a, `b c`, d: column names. */
int sr_parse_names(sr_schema *s, const char *what, const char *text,
                   sr_strlist *l, sr_err *err);
/* Free text of table: rows and JSON specs, one clause each, read with
 * the grammar of .sql files (issue 8: text passed through to DDL is
 * checked): the query after AS (t->definition); REFRESH's scheme
 * (t->refresh); what follows PARTITION BY, a pre-created list included
 * (t->partition_by, t->partitions); the list alone (t->partitions);
 * ENGINE's name; what follows DEFAULT (c->def_kind, c->def_text); a
 * generated column's expression; an aggregate type; an index type
 * (x->type) and its properties `"k" = "v", ...` without parentheses, with
 * the type's defaults filled in (x->properties; needs x->type). */
int sr_parse_query(sr_schema *s, sr_table *t, const char *what,
                   const char *text, sr_err *err);
int sr_parse_refresh(sr_schema *s, sr_table *t, const char *what,
                     const char *text, sr_err *err);
int sr_parse_partition(sr_schema *s, sr_table *t, const char *what,
                       const char *text, sr_err *err);
int sr_parse_partition_list(sr_schema *s, sr_table *t, const char *what,
                            const char *text, sr_err *err);
int sr_parse_engine(sr_schema *s, sr_table *t, const char *what,
                    const char *text, sr_err *err);
int sr_parse_default(sr_schema *s, sr_column *c, const char *what,
                     const char *text, sr_err *err);
int sr_parse_generated(sr_schema *s, sr_column *c, const char *what,
                       const char *text, sr_err *err);
int sr_parse_agg_type(sr_schema *s, sr_column *c, const char *what,
                      const char *text, sr_err *err);
int sr_parse_index_type(sr_schema *s, sr_index *x, const char *what,
                        const char *text, sr_err *err);
int sr_parse_index_props(sr_schema *s, sr_index *x, const char *what,
                         const char *text, sr_err *err);

#endif
