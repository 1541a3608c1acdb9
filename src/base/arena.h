/* Arena allocator: a schema is built once, read many times and freed at
 * once, so every string and struct of a model lives in one arena. */
#ifndef SR_ARENA_H
#define SR_ARENA_H
#include <stddef.h>

typedef struct sr_arena_blk sr_arena_blk;
typedef struct sr_arena {
  sr_arena_blk *head; /* newest block first */
  size_t used;        /* bytes used in head */
  size_t cap;         /* capacity of head */
  size_t total;       /* bytes reserved, for the benchmarks */
} sr_arena;

void sr_arena_init(sr_arena *a);
void sr_arena_free(sr_arena *a);
/* Zeroed memory, 16-byte aligned; NULL only when malloc fails. */
void *sr_arena_alloc(sr_arena *a, size_t n);
char *sr_arena_strndup(sr_arena *a, const char *s, size_t n);
char *sr_arena_strdup(sr_arena *a, const char *s);
/* Grows an array held in the arena to n_new elements (n_old copied, the
 * rest zeroed; the old copy is abandoned). */
void *sr_arena_grow(sr_arena *a, void *old, size_t elem, size_t n_old,
                    size_t n_new);

#endif
