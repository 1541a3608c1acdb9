/* Partitioning in the form SHOW CREATE TABLE prints it: pre-created RANGE
 * partitions as half-open intervals from the type's minimum, one a line
 * (facts §1.6; corpus 15, 21, 29; PartitionKey.toSql), LIST partitions as
 * ListPartitionInfo.toSql prints them, no list for expression partitioning
 * (corpus 30), scheme columns in the column's own spelling. */
#ifndef SR_PARTITION_H
#define SR_PARTITION_H

#include "core/model.h"

/* Rewrites t->partition_by's column names to the columns' spelling and
 * t->partitions into the printed form (doc/ddl.md "Partitioning"); a list
 * it cannot read is printed one spelling per token. */
int sr_partitions_printed(sr_schema *s, sr_table *t, sr_err *err);

#endif
