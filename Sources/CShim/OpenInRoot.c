#define _GNU_SOURCE
#include "CShim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437 // the same number on every architecture (asm-generic numbering)
#endif

int osconf_open_in_root(int root_fd, const char *path, int flags, uint32_t mode) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(unsigned int)flags;
    // The kernel refuses a mode without O_CREAT or O_TMPFILE.
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    // EAGAIN: a rename elsewhere in the tree raced the lookup, and the kernel asks for a retry;
    // bounded, so a tree renamed in a loop cannot hold the caller.
    long fd = -1;
    for (int attempt = 0; attempt < 64; attempt++) {
        fd = syscall(SYS_openat2, root_fd, path, &how, sizeof how);
        if (fd >= 0 || (errno != EINTR && errno != EAGAIN)) break;
    }
    return (int)fd;
}
