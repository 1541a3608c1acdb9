/* What each StarRocks version brings: the versions the project knows, and
 * (one row per capability) the version that brings each, with its source.
 * Planner (diff.c), interpreter (apply.c) and defaults (defaults.c) ask
 * here instead of comparing version numbers themselves. */
#ifndef SR_FEATURES_H
#define SR_FEATURES_H

#include "version.h"

/* The newest version the project knows: sr_config's default. */
#define SR_VERSION_NEWEST SR_V(3, 5)

/* 1 when the project knows how v prints and behaves (2.0 to 4.x): the
 * range sr_config, the sr_diff option and live servers are held to. */
int sr_version_known(sr_version v);
/* "from 2.0 to 4.x", for messages. */
const char *sr_version_known_text(void);

#endif
