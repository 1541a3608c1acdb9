/* The properties StarRocks accepts in CREATE TABLE and CREATE MATERIALIZED
 * VIEW, with the version that brought each when the docs say it: the
 * facts behind sr_lint's property rules. The server refuses a property it
 * does not consume ("Unknown properties: {k=v}", OlapTableFactory). */
#ifndef SR_PROPERTIES_H
#define SR_PROPERTIES_H

#include <stddef.h>

#include "base/version.h"

typedef enum sr_prop_status {
  SR_PROP_KNOWN,  /* accepted by the version asked about */
  SR_PROP_NEWER,  /* accepted only from a later version: see needs */
  SR_PROP_UNKNOWN /* not a property the project knows */
} sr_prop_status;

/* key in lower case, as the model keeps it. For SR_PROP_NEWER, needs gets
 * "StarRocks 3.2 or later" (64 bytes are enough) and *source the
 * citation. */
sr_prop_status sr_property_status(const char *key, sr_version v, char *needs,
                                  size_t cap, const char **source);

#endif
