/* StarRocks column types: parse every spelling users, servers and the
 * Python tool write, render the canonical one (SPEC §4), compare.
 * Sources: starrocks-facts.md §1.4 (printed spellings), the guide's
 * "Column Data Types" (ARRAY(T), MAP(K, V), STRUCT(a=T) forms),
 * docs.starrocks.io data-types/numeric/DECIMAL (P default 10, S 0). */
#ifndef SR_TYPES_H
#define SR_TYPES_H
#include <stddef.h>

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"

typedef enum sr_tkind {
  SR_T_TINYINT = 1,
  SR_T_SMALLINT,
  SR_T_INT,
  SR_T_BIGINT,
  SR_T_LARGEINT,
  SR_T_FLOAT,
  SR_T_DOUBLE,
  SR_T_DECIMAL,
  SR_T_BOOLEAN,
  SR_T_CHAR,
  SR_T_VARCHAR,
  SR_T_VARBINARY,
  SR_T_DATE,
  SR_T_DATETIME,
  SR_T_JSON,
  SR_T_BITMAP,
  SR_T_HLL,
  SR_T_PERCENTILE,
  SR_T_TIME,    /* TIME (the Python tool's TIME; 4.x) */
  SR_T_VARIANT, /* VARIANT (docs data-types VARIANT: since 4.0) */
  SR_T_ARRAY,
  SR_T_MAP,
  SR_T_STRUCT
} sr_tkind;

typedef struct sr_type sr_type;
typedef struct sr_field {
  const char *name;
  sr_type *type;
} sr_field;

struct sr_type {
  sr_tkind kind;
  int len;          /* CHAR / VARCHAR */
  int prec, scale;  /* DECIMAL */
  sr_type *elem;    /* ARRAY */
  sr_type *key;     /* MAP */
  sr_type *val;     /* MAP */
  sr_field *fields; /* STRUCT */
  int nfields;
};

/* Parses one type at the start of s[0..n) (leading blanks skipped). With
 * used == NULL the whole text must be the type; else *used receives the
 * number of bytes consumed. Errors name the offset and what was expected. */
sr_type *sr_type_parse(sr_arena *a, const char *s, size_t n, size_t *used,
                       sr_err *err);
void sr_type_render(sr_buf *b, const sr_type *t);
/* Canonical text of a type given as text, allocated in the arena. */
const char *sr_type_canon(sr_arena *a, const char *s, size_t n, size_t *used,
                          sr_err *err);
int sr_type_same(const sr_type *x, const sr_type *y);
/* The kind of a type from its leading word, without parsing the rest
 * ("DECIMAL(10,2)" -> SR_T_DECIMAL); 0 when the word names no type. */
int sr_type_kind_of(const char *s, sr_tkind *kind);
int sr_type_is_complex(const sr_type *t);
int sr_type_is_integer(const sr_type *t);
int sr_type_is_string(const sr_type *t);

#endif
