#include "core/features.h"

#include <stdio.h>

/* 2.x to 4.x, whose printing and defaults the facts file describes
 * (starrocks-facts.md "Scope"), and the year-numbered releases that follow
 * 4.x (26.x: the Python tool's test_mv_refresh_keyword_compat targets
 * 26.2.0, 26.3.0-ee), which behave as the newest known. */
int sr_version_known(sr_version v) {
  return (v.major >= 2 && v.major <= 4) || v.major == 26;
}

const char *sr_version_known_text(void) { return "from 2.0 to 4.x, or 26.x"; }

/* Static initialisers of sr_version. */
#define V(ma, mi)                                                              \
  { ma, mi, 0, 0 }
#define VP(ma, mi, pa)                                                         \
  { ma, mi, pa, 1 }

typedef struct row {
  sr_version since[2]; /* the first version of each release line with it */
  int n;
  const char *source; /* where the fact comes from (kept for readers) */
} row;

/* "facts" is ../shared/reference/starrocks-facts.md, "corpus NN" its
 * corpus files; doc/versions.md repeats this table for users. */
static const row kFeatures[SR_F_COUNT] = {
    [SR_F_V3_PROPERTIES] = {{V(3, 0)},
                            1,
                            "facts version landmarks, §1.2, §1.7; corpus 47 "
                            "(2.x) vs 08-23"},
    [SR_F_SHARED_DATA_PROPS] = {{V(3, 0)}, 1, "facts §1.7; corpus 51, 52"},
    [SR_F_LIGHT_SCHEMA_CHANGE] = {{V(3, 1)},
                                  1,
                                  "facts version landmarks; corpus 12-18, "
                                  "28-31"},
    [SR_F_FSE_PROPERTY] = {{V(3, 2)}, 1, "facts version landmarks; corpus 46"},
    [SR_F_FSE_DEFAULT] = {{V(3, 3)},
                          1,
                          "facts version landmarks, §3.1; corpus 01-07"},
    [SR_F_UNIFIED_PROPERTIES] = {{V(3, 3)},
                                 1,
                                 "facts version landmarks (PR #42626); corpus "
                                 "01-07 vs 08-23"},
    [SR_F_BUCKET_SIZE] = {{V(3, 1)}, 1, "facts §1.7; corpus 14"},
    [SR_F_BUCKET_SIZE_1G] = {{V(3, 3)}, 1, "facts §1.7; corpus 03"},
    [SR_F_CLOUD_NATIVE_INDEX] = {{V(3, 3)}, 1, "facts §1.7; corpus 52"},
    [SR_F_PK_SORT_KEY] = {{V(3, 0)},
                          1,
                          "docs.starrocks.io table_design/table_types, "
                          "\"Sort keys\": since v3.0 for Primary Key tables"},
    [SR_F_SORT_KEY] = {{V(3, 3)},
                       1,
                       "docs.starrocks.io table_design/table_types, \"Sort "
                       "keys\": since v3.3 for Duplicate, Aggregate, Unique"},
    [SR_F_ALTER_COMMENT] = {{V(3, 1)}, 1, "facts §3.2"},
    [SR_F_ALTER_DISTRIBUTION] = {{V(3, 2)}, 1, "facts §3.1; corpus 97"},
    [SR_F_STRUCT_FIELDS] = {{VP(3, 2, 10), VP(3, 3, 2)},
                            2,
                            "facts version landmarks (docs ALTER TABLE)"},
    [SR_F_RENAME_COLUMN] = {{VP(3, 3, 2)},
                            1,
                            "facts version landmarks, §3.2 (docs)"},
    [SR_F_VIEW_SECURITY] = {{VP(3, 4, 1)},
                            1,
                            "docs CREATE VIEW (secure views); StarRocks.g4 "
                            "alterViewStatement"},
    [SR_F_RANGE_DISTRIBUTION] = {{V(4, 1)},
                                 1,
                                 "Python tool test_range_distribution "
                                 "(\"StarRocks 4.1+\"); RangeDistributionInfo"},
    [SR_F_MV_ON_CHANGE] = {{V(26, 2)},
                           1,
                           "Python tool test_mv_refresh_keyword_compat; FE "
                           "ReplayRefreshKeywordTest (bare ASYNC becomes "
                           "ON_CHANGE)"},
    [SR_F_RUN_MODE_VAR] = {{V(4, 1)},
                           1,
                           "release notes 4.1: \"a global read-only system "
                           "variable @@run_mode to query the current cluster "
                           "run mode\" (PR #69247)"},
};

/* <0, 0, >0 as v's release line (major.minor) is older, the same, newer. */
static int line_cmp(const sr_version *v, const sr_version *s) {
  return v->major != s->major ? v->major - s->major : v->minor - s->minor;
}

/* Called for every default of every table loaded: no calls, no copies. */
int sr_has(sr_version v, sr_feature f) {
  const row *r = &kFeatures[f];
  for (int i = r->n - 1; i >= 0; i--) {
    int c = line_cmp(&v, &r->since[i]);
    if (!c)
      return v.patch >= r->since[i].patch;
    if (c > 0)
      return i == r->n - 1; /* a line after the last one listed */
  }
  return 0;
}

const char *sr_feature_needs(sr_feature f, char *buf, size_t cap) {
  const row *r = &kFeatures[f];
  char a[24], b[24];
  if (r->n == 1)
    snprintf(buf, cap, "StarRocks %s or later",
             sr_version_text(r->since[0], a, sizeof a));
  else
    snprintf(buf, cap, "StarRocks %s+ or %s+",
             sr_version_text(r->since[0], a, sizeof a),
             sr_version_text(r->since[1], b, sizeof b));
  return buf;
}
