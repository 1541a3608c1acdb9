#include "core/properties.h"

#include <stdio.h>
#include <string.h>

#include "core/features.h"

/* A property, or every property under a prefix ("dynamic_partition."). The
 * first version is the feature table's when it has a row for it, else the
 * version the docs give, else none (known in every version the project
 * knows: where the docs are silent no version finding is made). */
typedef struct pdef {
  const char *key;
  int prefix;
  int feature; /* an sr_feature, or -1 */
  sr_version since;
  const char *source;
} pdef;

#define ANYV SR_V(0, 0)
#define ALWAYS(k, src)                                                         \
  { k, 0, -1, ANYV, src }
#define PREFIX(k, src)                                                         \
  { k, 1, -1, ANYV, src }
#define SINCE(k, v, src)                                                       \
  { k, 0, -1, v, src }
#define FEATURE(k, f, src)                                                     \
  { k, 0, f, ANYV, src }

/* Sources: docs sql-reference CREATE TABLE and CREATE MATERIALIZED VIEW,
 * section "PROPERTIES"; FE common/util/PropertyAnalyzer (the keys it
 * consumes); the facts file and the corpus where a server printed one.
 * Nothing is known only until a version: an old property kept in a file
 * (in_memory, storage_format) is not a finding. */
static const pdef kProps[] = {
    ALWAYS("replication_num", "docs CREATE TABLE; FE PropertyAnalyzer"),
    ALWAYS("default.replication_num",
           "FE PropertyAnalyzer (PROPERTIES_DEFAULT_PREFIX)"),
    ALWAYS("storage_medium", "docs CREATE TABLE; FE PropertyAnalyzer"),
    ALWAYS("default.storage_medium", "FE PropertyAnalyzer"),
    ALWAYS("storage_cooldown_time", "docs CREATE TABLE; FE PropertyAnalyzer"),
    ALWAYS("default.storage_cooldown_time", "FE PropertyAnalyzer"),
    ALWAYS("storage_cooldown_ttl", "docs CREATE TABLE"),
    ALWAYS("bloom_filter_columns", "docs CREATE TABLE; FE PropertyAnalyzer"),
    ALWAYS("bloom_filter_fpp", "FE PropertyAnalyzer"),
    ALWAYS("colocate_with", "docs CREATE TABLE; FE PropertyAnalyzer"),
    PREFIX("dynamic_partition.", "docs CREATE TABLE"),
    ALWAYS("compression", "docs CREATE TABLE; FE PropertyAnalyzer"),
    ALWAYS("in_memory", "FE PropertyAnalyzer; printed until 3.2 (facts §1.7)"),
    ALWAYS("storage_format", "FE PropertyAnalyzer; 2.x (corpus 47)"),
    ALWAYS("storage_type", "FE PropertyAnalyzer; CT examples"),
    ALWAYS("short_key", "FE PropertyAnalyzer"),
    ALWAYS("tablet_type", "FE PropertyAnalyzer"),
    ALWAYS("unique_constraints", "docs CREATE TABLE (Delta Join)"),
    ALWAYS("foreign_key_constraints", "docs CREATE TABLE (Delta Join)"),
    ALWAYS("partition_live_number", "facts §3.2; corpus 49"),
    ALWAYS("partition_ttl", "facts §3.2; corpus 27"),
    ALWAYS("partition_ttl_number", "FE PropertyAnalyzer"),
    ALWAYS("enable_storage_cache", "FE PropertyAnalyzer (3.0 shared-data)"),
    ALWAYS("storage_cache_ttl", "FE PropertyAnalyzer (3.0 shared-data)"),
    ALWAYS("allow_async_write_back", "FE PropertyAnalyzer (3.0 shared-data)"),
    ALWAYS("primary_index_cache_expire_sec", "docs Primary Key table"),
    PREFIX("binlog.", "facts §3.2"),
    SINCE("enable_persistent_index", SR_V(2, 3),
          "docs Primary Key table: \"As of version 2.3.0\""),
    SINCE("write_quorum", SR_V(2, 5),
          "docs CREATE TABLE: \"supported from v2.5\""),
    SINCE("replicated_storage", SR_V(2, 5),
          "docs CREATE TABLE: \"supported from v2.5\""),
    FEATURE("bucket_size", SR_F_BUCKET_SIZE, "facts §1.7; corpus 14"),
    FEATURE("datacache.enable", SR_F_SHARED_DATA_PROPS,
            "docs CREATE TABLE; corpus 51, 52"),
    FEATURE("datacache.partition_duration", SR_F_SHARED_DATA_PROPS,
            "docs CREATE TABLE; corpus 51"),
    FEATURE("enable_async_write_back", SR_F_SHARED_DATA_PROPS,
            "facts §1.7; corpus 51"),
    SINCE("storage_volume", SR_V(3, 1),
          "docs CREATE TABLE: \"supported from v3.1\""),
    FEATURE("light_schema_change", SR_F_LIGHT_SCHEMA_CHANGE,
            "facts version landmarks"),
    FEATURE("fast_schema_evolution", SR_F_FSE_PROPERTY,
            "docs CREATE TABLE: \"since v3.2.0\"; facts version landmarks"),
    FEATURE("persistent_index_type", SR_F_CLOUD_NATIVE_INDEX,
            "facts §1.7; corpus 52"),
    SINCE("base_compaction_forbidden_time_ranges", SR_VP(3, 2, 13),
          "docs CREATE TABLE: \"supported from v3.2.13\""),
    SINCE("partition_retention_condition", SR_V(3, 5),
          "docs CREATE TABLE: \"From v3.5.0 onwards\""),
    SINCE("file_bundling", SR_V(4, 0),
          "docs CREATE TABLE: \"Supported from v4.0\""),
    SINCE("flat_json.enable", SR_V(4, 0),
          "docs CREATE TABLE: \"From v4.0 onwards\""),
    SINCE("flat_json.null.factor", SR_V(4, 0), "docs CREATE TABLE"),
    SINCE("flat_json.sparsity.factor", SR_V(4, 0), "docs CREATE TABLE"),
    SINCE("flat_json.column.max", SR_V(4, 0), "docs CREATE TABLE"),
    SINCE("cloud_native_fast_schema_evolution_v2", SR_V(4, 1),
          "docs CREATE TABLE: \"Supported from v4.1\""),
    /* Materialized views. */
    PREFIX("session.", "docs CREATE MATERIALIZED VIEW; corpus 36"),
    ALWAYS("mv_rewrite_staleness_second",
           "docs CREATE MATERIALIZED VIEW; FE PropertyAnalyzer; corpus 36"),
    ALWAYS("excluded_trigger_tables",
           "docs CREATE MATERIALIZED VIEW; FE PropertyAnalyzer"),
    ALWAYS("excluded_refresh_tables", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("auto_refresh_partitions_limit",
           "docs CREATE MATERIALIZED VIEW; FE PropertyAnalyzer"),
    ALWAYS("partition_refresh_number",
           "docs CREATE MATERIALIZED VIEW; FE PropertyAnalyzer"),
    ALWAYS("partition_refresh_strategy", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("force_external_table_query_rewrite",
           "docs CREATE MATERIALIZED VIEW; FE PropertyAnalyzer"),
    ALWAYS("query_rewrite_consistency", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("olap_table_query_rewrite_consistency", "FE PropertyAnalyzer"),
    ALWAYS("enable_query_rewrite", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("transparent_mv_rewrite_mode", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("resource_group", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("warehouse", "docs CREATE MATERIALIZED VIEW"),
    ALWAYS("colocate_mv", "FE PropertyAnalyzer"),
};

static const pdef *find(const char *key) {
  for (size_t i = 0; i < sizeof kProps / sizeof kProps[0]; i++) {
    const pdef *p = &kProps[i];
    size_t n = strlen(p->key);
    if (p->prefix ? !strncmp(key, p->key, n) && key[n] : !strcmp(key, p->key))
      return p;
  }
  return NULL;
}

sr_prop_status sr_property_status(const char *key, sr_version v, char *needs,
                                  size_t cap, const char **source) {
  const pdef *p = find(key);
  if (!p)
    return SR_PROP_UNKNOWN;
  *source = p->source;
  if (p->feature >= 0) {
    if (sr_has(v, (sr_feature)p->feature))
      return SR_PROP_KNOWN;
    sr_feature_needs((sr_feature)p->feature, needs, cap);
    return SR_PROP_NEWER;
  }
  if (!p->since.major || sr_version_at_least(v, p->since))
    return SR_PROP_KNOWN;
  char b[24];
  snprintf(needs, cap, "StarRocks %s or later",
           sr_version_text(p->since, b, sizeof b));
  return SR_PROP_NEWER;
}
