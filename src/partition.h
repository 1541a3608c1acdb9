/* Pre-created RANGE partitions in the form SHOW CREATE TABLE prints them:
 * half-open intervals, the first lower bound the type's minimum, one
 * partition a line (facts §1.6; corpus 15: LESS THAN on INT, corpus 21:
 * LESS THAN on DATE, corpus 29: START/END/EVERY (INTERVAL 1 DAY)
 * expanded to p20210101 ...). */
#ifndef SR_PARTITION_H
#define SR_PARTITION_H

#include "model.h"

/* Rewrites t->partitions of a single-column RANGE table on an integer or
 * DATE column into the printed form. Lists it does not understand (several
 * columns, MAXVALUE, other intervals or types) are left as written. */
int sr_partitions_printed(sr_schema *s, sr_table *t, sr_err *err);

#endif
