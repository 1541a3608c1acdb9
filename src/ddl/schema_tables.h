/* The four schema tables of SPEC §2 (sr_tables, sr_columns, sr_properties,
 * sr_indexes), described once: each column's name, SQL type, how a model
 * value is written into it and how it is read back into a model. The
 * virtual tables (vtab.c) write rows with it; table: sources
 * (source_table.c) read rows back with it and store them under the same
 * column names. Adding a column is one row in schema_tables.c. No SQLite
 * here: values travel as sr_val. */
#ifndef SR_SCHEMA_TABLES_H
#define SR_SCHEMA_TABLES_H

#include "base/strbuf.h"
#include "core/model.h"

typedef enum sr_vtype { SR_VAL_NULL, SR_VAL_INT, SR_VAL_TEXT } sr_vtype;

/* One cell. Written: the type says which of i / s holds it. Read: the glue
 * gives both conversions of a non-NULL value, as SQLite makes them (an
 * INTEGER column read from text '10' is 10), and type SR_VAL_NULL for
 * NULL. s is only valid during the call. */
typedef struct sr_val {
  sr_vtype type;
  long long i;
  const char *s;
} sr_val;

/* Writing one cell: the row's table and object (the table itself, or an
 * sr_column / sr_prop / sr_index of it), the row's index k in its table,
 * a buffer for text built for the cell (given empty, freed by the caller)
 * and the value written. */
typedef struct sr_cell {
  const sr_table *t;
  const void *obj;
  int k;
  sr_buf b;
  sr_val v;
} sr_cell;

/* Reading one row of a table: source back into the schema. */
typedef struct sr_rowread {
  sr_schema *s;
  const char *prefix; /* table:<prefix>, for messages */
  sr_table *t;        /* the row's table, set by its table_name */
  void *obj;          /* the row's sr_column or sr_index */
  sr_prop prop;       /* the sr_properties row, added at its end */
  sr_err *err;
} sr_rowread;

typedef struct sr_coldesc {
  const char *name;
  const char *type; /* declared SQL type: TEXT or INTEGER */
  /* A table: source may lack the column (read as NULL). */
  int optional;
  /* Model -> cell; SR_NOMEM when text could not be built. */
  int (*write)(sr_cell *c);
  /* Cell -> model; NULL for columns that are written only (sr_tables.ddl,
   * sr_columns.ordinal, sr_properties.origin). Errors in r->err. */
  int (*read)(sr_rowread *r, const sr_val *v);
} sr_coldesc;

typedef struct sr_tabledesc {
  const char *name; /* "tables": sr_tables, table:<prefix>'s <prefix>_tables */
  const sr_coldesc *cols;
  int ncols;
  const char *order_by; /* the order a table: source's rows are read in */
  int optional;         /* a table: source may lack the whole table */
  /* Rows one model table contributes, and the object of row k. */
  int (*rows)(const sr_table *t);
  const void *(*row)(const sr_table *t, int k);
  /* After the cells of a row are read (checks, adding it); or NULL. */
  int (*end_row)(sr_rowread *r);
} sr_tabledesc;

enum {
  SR_ST_TABLES,
  SR_ST_COLUMNS,
  SR_ST_PROPERTIES,
  SR_ST_INDEXES,
  SR_ST_COUNT
};
extern const sr_tabledesc sr_schema_tables[SR_ST_COUNT];

#endif
