/* StarRocks versions: major.minor.patch, as users write them ("3.3",
 * "3.3.5") and servers report them ("3.5.2-a1b2c3d", "3.1.14 7a1b2c3").
 * Any major is a version here (2.x, 3.x, 4.x, year-numbered 26.x); which
 * versions the project knows is the feature table's business
 * (features.h), not the type's. */
#ifndef SR_VERSION_H
#define SR_VERSION_H

#include <stddef.h>

typedef struct sr_version {
  int major, minor, patch; /* patch 0 when not given */
  int has_patch;           /* the patch was given: "3.3.0", not "3.3" */
} sr_version;

/* Compound literals for tables and defaults: SR_V(3, 3) prints "3.3",
 * SR_VP(3, 3, 2) prints "3.3.2". */
#define SR_V(ma, mi) ((sr_version){(ma), (mi), 0, 0})
#define SR_VP(ma, mi, pa) ((sr_version){(ma), (mi), (pa), 1})

/* "MAJOR.MINOR[.PATCH]" at the start of s (leading blanks skipped), ended
 * by the end of s or by build text after '-', '+', '_', '.', ' ' or '\t'
 * ("3.3.5-ee", "3.1.14 7a1b2c3"). Returns 1 and fills *v, or 0 when s is
 * NULL or does not start with a version (each number at most 99999). */
int sr_version_parse(const char *s, sr_version *v);
/* <0, 0, >0 as a is older, the same, newer than b ("3.3" = "3.3.0"). */
int sr_version_cmp(sr_version a, sr_version b);
/* a is b or newer. */
int sr_version_at_least(sr_version a, sr_version b);
/* "3.3" or "3.3.5" as given, into buf (at least 24 bytes for any). */
const char *sr_version_text(sr_version v, char *buf, size_t cap);

#endif
