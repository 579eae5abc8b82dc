// The project's own C shim: the few system calls and process-start steps that Swift cannot
// reach directly (variadic `syscall`, ELF constructors). No third-party code.
#ifndef OSCONF2SEED_CSHIM_H
#define OSCONF2SEED_CSHIM_H

#include <stdint.h>

/// openat2(2) with `RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS`: resolves `path` as if
/// `root_fd` were `/` (`..` cannot climb above it, absolute and relative symbolic links stay
/// inside it). Returns a descriptor, or -1 with errno set; errno is ENOSYS on kernels before
/// 5.6, where callers fall back to a component-by-component walk.
int osconf_open_in_root(int root_fd, const char *path, int flags, uint32_t mode);

/// The argument count that the C library passed to the process's ELF initialisers, kept by
/// a constructor in ProcessStart.c; 0 when it was not passed (a C library other than glibc).
/// The Swift runtime reads the arguments through /proc, which a chroot may lack.
int osconf_start_argc(void);

/// The argument vector that goes with `osconf_start_argc()`; NULL when it was not passed.
char *const *osconf_start_argv(void);

/// The commit the binary was built from (the `OSCONF2SEED_COMMIT` macro that
/// contrib/release.sh defines), or "unknown"; a static string, never NULL.
const char *osconf_build_commit(void);

#endif
