// The C library calls Swift cannot make itself without the Glibc module, which Embedded Swift
// lacks: the errno macro, the variadic open, openat and fcntl, and the environ global. The toolchain build has
// them through Glibc and leaves these unused.
#define _GNU_SOURCE
#include "CShim.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int osconf_errno(void) { return errno; }

void osconf_set_errno(int value) { errno = value; }

int osconf_open(const char *path, int flags, uint32_t mode) { return open(path, flags, (mode_t)mode); }

int osconf_openat(int directory, const char *path, int flags, uint32_t mode) {
    return openat(directory, path, flags, (mode_t)mode);
}

int osconf_fcntl_pointer(int fd, int command, void *argument) { return fcntl(fd, command, argument); }

char **osconf_environ(void) { return environ; }
