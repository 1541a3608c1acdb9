#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

struct sr_arena_blk {
  sr_arena_blk *next;
  size_t cap;
  _Alignas(16) unsigned char data[];
};

enum { SR_ARENA_BLOCK = 64 * 1024 };

void sr_arena_init(sr_arena *a) { memset(a, 0, sizeof(*a)); }

void sr_arena_free(sr_arena *a) {
  sr_arena_blk *b = a->head;
  while (b) {
    sr_arena_blk *next = b->next;
    free(b);
    b = next;
  }
  memset(a, 0, sizeof(*a));
}

/* n bytes, 16-byte aligned, not zeroed: for copies, which overwrite
 * every byte (zeroing first was a tenth of the parse bench's work). */
static void *alloc_raw(sr_arena *a, size_t n) {
  size_t need = (n + 15) & ~(size_t)15;
  if (!a->head || a->used + need > a->cap) {
    /* Big requests get a block of their own so small ones keep filling the
     * current block. */
    size_t cap = need > SR_ARENA_BLOCK / 4 ? need : SR_ARENA_BLOCK;
    sr_arena_blk *b = malloc(sizeof(*b) + cap);
    if (!b)
      return NULL;
    b->cap = cap;
    a->total += cap;
    if (cap != SR_ARENA_BLOCK && a->head) {
      b->next = a->head->next;
      a->head->next = b;
      return b->data;
    }
    b->next = a->head;
    a->head = b;
    a->used = 0;
    a->cap = cap;
  }
  void *p = a->head->data + a->used;
  a->used += need;
  return p;
}

void *sr_arena_alloc(sr_arena *a, size_t n) {
  void *p = alloc_raw(a, n);
  if (p)
    memset(p, 0, n);
  return p;
}

char *sr_arena_strndup(sr_arena *a, const char *s, size_t n) {
  char *p = alloc_raw(a, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *sr_arena_strdup(sr_arena *a, const char *s) {
  return s ? sr_arena_strndup(a, s, strlen(s)) : NULL;
}

void *sr_arena_grow(sr_arena *a, void *old, size_t elem, size_t n_old,
                    size_t n_new) {
  size_t keep = old ? elem * (n_old < n_new ? n_old : n_new) : 0;
  char *p = alloc_raw(a, elem * n_new);
  if (!p)
    return NULL;
  if (keep)
    memcpy(p, old, keep);
  memset(p + keep, 0, elem * n_new - keep); /* only the new part */
  return p;
}
