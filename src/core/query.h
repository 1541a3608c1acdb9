/* View and materialized-view bodies compared as token streams: a body a
 * user wrote and the same body as a server re-prints it (back-quotes,
 * qualified names, INNER JOIN, generated aliases, parentheses: facts §1.8,
 * corpus 35, 40-45) are the same query. The normalisation is defined in
 * doc/diff.md ("View and MV bodies"). */
#ifndef SR_QUERY_H
#define SR_QUERY_H

/* 1 when the bodies a and b are the same query under the normalisation, 0
 * when not; -1 when memory ran out. NULL equals only NULL. A body the
 * lexer cannot read is compared byte for byte. */
int sr_query_same(const char *a, const char *b);

/* Visits the names a body reads: fn(ctx, name, table) for each name that
 * is not a function's or a bare keyword, table = 1 for a table, view or MV
 * (a name after FROM or JOIN, as compared exactly above), its last part
 * when qualified (`db`.`t` gives t, `t`.`k` gives k). fn returns 0 to go
 * on, -1 when memory ran out. Returns 0, 1 when the lexer cannot read the
 * body (nothing visited), -1 when memory ran out. */
typedef int (*sr_query_name_fn)(void *ctx, const char *name, int table);
int sr_query_names(const char *body, sr_query_name_fn fn, void *ctx);

#endif
