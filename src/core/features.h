/* What each StarRocks version brings: the versions the project knows, and
 * one row per version-dependent capability with the version that brings
 * it and its source (features.c). The planner (diff.c), the interpreter
 * (apply.c) and the defaults (defaults.c) ask here instead of comparing
 * version numbers themselves. doc/versions.md lists the rows. */
#ifndef SR_FEATURES_H
#define SR_FEATURES_H

#include <stddef.h>

#include "base/version.h"

/* The newest version the project knows: sr_config's default. */
#define SR_VERSION_NEWEST SR_V(3, 5)

/* 1 when the project knows how v prints and behaves (2.0 to 4.x, 26.x): the
 * range sr_config, the sr_diff option and live servers are held to. */
int sr_version_known(sr_version v);
/* "from 2.0 to 4.x, or 26.x", for messages. */
const char *sr_version_known_text(void);

typedef enum sr_feature {
  /* What SHOW CREATE TABLE prints by default (defaults.c) */
  SR_F_V3_PROPERTIES,       /* replicated_storage "true", PRIMARY KEY
                               enable_persistent_index "true"; no
                               storage_format, no table comment "OLAP" */
  SR_F_SHARED_DATA_PROPS,   /* datacache.enable, storage_volume, ... */
  SR_F_LIGHT_SCHEMA_CHANGE, /* light_schema_change "true" printed */
  SR_F_FSE_PROPERTY,        /* fast_schema_evolution, default off */
  SR_F_FSE_DEFAULT,         /* fast schema evolution on for new tables */
  SR_F_UNIFIED_PROPERTIES,  /* no in_memory; persistent index PK only */
  SR_F_BUCKET_SIZE,         /* RANDOM: bucket_size "4294967296" */
  SR_F_BUCKET_SIZE_1G,      /* RANDOM: bucket_size "1073741824" */
  SR_F_CLOUD_NATIVE_INDEX,  /* shared-data PK: persistent_index_type */
  /* Statements (diff.c plans them, apply.c accepts them) */
  SR_F_PK_SORT_KEY,        /* ORDER BY sort key, PRIMARY KEY tables */
  SR_F_SORT_KEY,           /* ORDER BY sort key, other models */
  SR_F_ALTER_COMMENT,      /* ALTER TABLE .. COMMENT = */
  SR_F_ALTER_DISTRIBUTION, /* ALTER TABLE .. DISTRIBUTED BY */
  SR_F_STRUCT_FIELDS,      /* MODIFY COLUMN .. ADD / DROP FIELD */
  SR_F_RENAME_COLUMN,      /* ALTER TABLE .. RENAME COLUMN */
  SR_F_VIEW_SECURITY,      /* CREATE / ALTER VIEW .. SECURITY */
  SR_F_RANGE_DISTRIBUTION, /* RANGE distribution, the shared-data default */
  SR_F_MV_ON_CHANGE,       /* REFRESH ON_CHANGE spells untimed ASYNC */
  SR_F_RUN_MODE_VAR,       /* SELECT @@run_mode tells the run mode */
  SR_F_COUNT
} sr_feature;

/* 1 when version v has feature f. A feature brought to several release
 * lines (ADD FIELD: 3.2.10 and 3.3.2) is in each listed line from its
 * patch on and in every line after the last one listed. */
int sr_has(sr_version v, sr_feature f);
/* "StarRocks 3.3.2 or later", "StarRocks 3.2.10+ or 3.3.2+": what a
 * message says f needs, into buf (64 bytes are enough). */
const char *sr_feature_needs(sr_feature f, char *buf, size_t cap);

#endif
