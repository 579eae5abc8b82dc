// The project's own C shim: the few system calls and process-start steps that Swift cannot
// reach directly (variadic `syscall`, ELF constructors). No third-party code.
#ifndef OSCONF2SEED_CSHIM_H
#define OSCONF2SEED_CSHIM_H

// Embedded Swift has no Glibc module: the build of contrib/build-embedded.sh defines
// OSCONF2SEED_EMBEDDED, and the C library's declarations then come through this module
// (Sources/OSConfKit/System/CLibrary.swift re-exports it). The toolchain build imports Glibc.
#if defined(OSCONF2SEED_EMBEDDED)
// Before any C library header: features.h reads it once.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE // environ, O_PATH: what the Glibc module declares
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#endif

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

/// The calling thread's errno, which Swift cannot read through the C macro in Embedded
/// Swift (the Glibc module's `errno` is not there).
int osconf_errno(void);

/// Sets the calling thread's errno (to 0 before a call that reports errors only through it).
void osconf_set_errno(int value);

/// open(2), which Swift cannot call directly (variadic); `mode` matters with O_CREAT only.
int osconf_open(const char *path, int flags, uint32_t mode);

/// openat(2), which Swift cannot call directly (variadic); `mode` matters with O_CREAT only.
int osconf_openat(int directory, const char *path, int flags, uint32_t mode);

/// fcntl(2) with a pointer argument (F_SETLK takes a `struct flock *`); variadic in C.
int osconf_fcntl_pointer(int fd, int command, void *argument);

/// The inode flags of the open file `fd` (FS_IOC_GETFLAGS, what lsattr(1) shows: `FS_IMMUTABLE_FL`
/// 0x10, `FS_APPEND_FL` 0x20, ...) into `*flags`. A file system that keeps no flags (the ioctl
/// fails with ENOTTY, EOPNOTSUPP or EINVAL) gives 0 and success; any other failure returns -1
/// with errno set.
int osconf_inode_flags(int fd, uint32_t *flags);

/// The process's environment (`environ`), which Swift 6 refuses to read as a C global in
/// Embedded Swift (shared mutable state); posix_spawn(3) hands it to the child.
char **osconf_environ(void);

#endif
