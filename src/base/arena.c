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

void *sr_arena_alloc(sr_arena *a, size_t n) {
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
      memset(b->data, 0, n);
      return b->data;
    }
    b->next = a->head;
    a->head = b;
    a->used = 0;
    a->cap = cap;
  }
  void *p = a->head->data + a->used;
  a->used += need;
  memset(p, 0, n);
  return p;
}

char *sr_arena_strndup(sr_arena *a, const char *s, size_t n) {
  char *p = sr_arena_alloc(a, n + 1);
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
  void *p = sr_arena_alloc(a, elem * n_new);
  if (p && old && n_old)
    memcpy(p, old, elem * n_old);
  return p;
}
