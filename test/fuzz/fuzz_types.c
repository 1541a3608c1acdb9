/* Types: sr_type_canon over arbitrary bytes. A canonical spelling is a
 * fixed point (canon(canon(x)) == canon(x)) and names the same type. */
#include <stdint.h>

#include "common.h"
#include "core/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sr_arena a;
  sr_arena_init(&a);
  sr_err err = {0};
  const char *c = sr_type_canon(&a, (const char *)data, size, NULL, &err);
  if (c) {
    sr_err e2 = {0};
    const char *c2 = sr_type_canon(&a, c, strlen(c), NULL, &e2);
    FUZZ_CHECK(c2 && !strcmp(c, c2), "canonical '%s' is not a fixed point: %s",
               c, c2 ? c2 : e2.msg);
    sr_type *x = sr_type_parse(&a, (const char *)data, size, NULL, &e2);
    sr_type *y = sr_type_parse(&a, c, strlen(c), NULL, &e2);
    FUZZ_CHECK(x && y && sr_type_same(x, y), "'%s' is not the same type", c);
  }
  /* a type at the start of longer text, as a column definition reads it */
  size_t used = 0;
  sr_err e3 = {0};
  if (sr_type_canon(&a, (const char *)data, size, &used, &e3))
    FUZZ_CHECK(used <= size, "used %zu of %zu bytes", used, size);
  sr_arena_free(&a);
  return 0;
}
