// The commit the binary was built from, set at build time without touching the tree:
// contrib/release.sh passes `-Xcc -DOSCONF2SEED_COMMIT="1f1f840"`, which SwiftPM hands to the
// C compiler of this target. Any other build (swift build, the tests) reports "unknown".
#include "CShim.h"

#ifndef OSCONF2SEED_COMMIT
#define OSCONF2SEED_COMMIT "unknown"
#endif

// A fixed-size array rather than a string literal: the linker merges string literals (the
// tail of another string such as "<unknown>" can serve "unknown"), so a different commit
// would move the strings after it; the array keeps every other byte of the binary where it
// was, whatever the commit. A commit string longer than 47 characters does not compile.
static const char build_commit[48] = OSCONF2SEED_COMMIT;

const char *osconf_build_commit(void) { return build_commit; }
