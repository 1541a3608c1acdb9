/* Shared by the libFuzzer targets (doc/testing.md "Fuzzing"): a finding is
 * a crash, a sanitizer report, a leak, or a broken invariant, which aborts
 * with the reason. The core is called on the input's exact bytes (never
 * NUL-terminated), as a memory-mapped file or a length-bound SQL value
 * would give them. */
#ifndef SR_FUZZ_COMMON_H
#define SR_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddl/ddl_parse.h"
#include "ddl/defaults.h"
#include "core/features.h"
#include "ddl/render.h"

#define FUZZ_CHECK(cond, ...)                                                  \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "invariant broken: " __VA_ARGS__);                       \
      fprintf(stderr, "\n");                                                   \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* Every table's CREATE statement, rendered, is one statement that parses
 * back to a table of the same name and renders the same (house rules:
 * every emitted statement parses back). Out of memory is not a finding. */
static inline void fuzz_check_renders(const sr_schema *s) {
  for (int i = 0; i < s->ntables; i++) {
    const sr_table *t = s->tables[i];
    sr_buf b, b2;
    sr_buf_init(&b);
    sr_buf_init(&b2);
    sr_render_create(&b, t);
    const char *sql = sr_buf_str(&b);
    sr_schema *x = sql ? sr_schema_new(s->env) : NULL;
    sr_err err = {0};
    if (x && !sr_parse_sql(x, "render", sql, b.n, &err) &&
        !sr_schema_finish(x, &err)) {
      FUZZ_CHECK(x->ntables == 1 && !strcmp(x->tables[0]->name, t->name),
                 "%s renders as %d tables", t->name, x->ntables);
      sr_render_create(&b2, x->tables[0]);
      const char *again = sr_buf_str(&b2);
      FUZZ_CHECK(!again || !strcmp(again, sql),
                 "%s renders differently after a round trip:\n%s\n---\n%s",
                 t->name, sql, again);
    } else if (x) {
      FUZZ_CHECK(!strcmp(err.msg, "out of memory"),
                 "the CREATE of %s does not parse back: %s\n%s", t->name,
                 err.msg, sql);
    }
    sr_schema_free(x);
    sr_buf_free(&b);
    sr_buf_free(&b2);
  }
}

static inline sr_env fuzz_env(void) {
  sr_env env = {SR_VERSION_NEWEST, 0};
  return env;
}

#endif
