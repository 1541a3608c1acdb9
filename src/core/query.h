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

#endif
