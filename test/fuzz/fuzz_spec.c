/* JSON table specs: sr_spec_table over arbitrary text (the glue refuses a
 * NUL byte before it gets here, so such inputs are only checked to be
 * refused by the JSON reader's length-bound check); a spec that loads
 * renders to a CREATE that parses back, and its own JSON spec loads to
 * the same CREATE. Column objects go through sr_spec_column too. */
#include <stdint.h>

#include "common.h"
#include "source/spec.h"

static void roundtrip(const sr_table *t) {
  char *json = sr_spec_json(t);
  if (!json)
    return;
  sr_schema *x = sr_schema_new(fuzz_env());
  sr_table *u = NULL;
  sr_err err = {0};
  if (x && !sr_spec_table(x, json, &u, &err)) {
    sr_buf a, b;
    sr_buf_init(&a);
    sr_buf_init(&b);
    sr_render_create(&a, t);
    sr_render_create(&b, u);
    if (sr_buf_str(&a) && sr_buf_str(&b))
      FUZZ_CHECK(!strcmp(a.s, b.s), "spec round trip differs:\n%s\n---\n%s",
                 a.s, b.s);
    sr_buf_free(&a);
    sr_buf_free(&b);
  } else if (x) {
    FUZZ_CHECK(!strcmp(err.msg, "out of memory"),
               "the spec of a table does not load: %s\n%s", err.msg, json);
  }
  sr_schema_free(x);
  free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sr_err e0 = {0};
  struct cJSON *j = sr_json_parse((const char *)data, size, &e0);
  extern void cJSON_Delete(struct cJSON *);
  cJSON_Delete(j);
  if (memchr(data, 0, size))
    return 0;
  char *text = malloc(size + 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  text[size] = 0;
  sr_schema *s = sr_schema_new(fuzz_env());
  sr_table *t = NULL;
  sr_err err = {0};
  if (s && !sr_spec_table(s, text, &t, &err)) {
    fuzz_check_renders(s);
    roundtrip(t);
  }
  sr_schema_free(s);
  s = sr_schema_new(fuzz_env());
  sr_column c;
  int agg = 0;
  sr_err e2 = {0};
  if (s)
    sr_spec_column(s, text, &c, &agg, &e2);
  sr_schema_free(s);
  free(text);
  return 0;
}
