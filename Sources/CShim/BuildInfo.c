// The commit the binary was built from, set at build time without touching the tree:
// contrib/release.sh passes `-Xcc -DOSCONF2SEED_COMMIT="1f1f840"`, which SwiftPM hands to the
// C compiler of this target. Any other build (swift build, the tests) reports "unknown".
#include "CShim.h"

#ifndef OSCONF2SEED_COMMIT
#define OSCONF2SEED_COMMIT "unknown"
#endif

const char *osconf_build_commit(void) { return OSCONF2SEED_COMMIT; }
