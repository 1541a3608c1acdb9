#include "features.h"

/* 2.x to 4.x: the versions whose printing and defaults the facts file
 * describes (starrocks-facts.md "Scope"). */
int sr_version_known(sr_version v) { return v.major >= 2 && v.major <= 4; }

const char *sr_version_known_text(void) { return "from 2.0 to 4.x"; }
