// arc4random_buf(3) that never blocks, for the Embedded Swift build (issue 18, item 5).
//
// Embedded Swift has no runtime to read SWIFT_DETERMINISTIC_HASHING: its Dictionary and Set
// take their hash seed from arc4random_buf, which glibc (2.36+) implements with a getrandom(2)
// that waits until the kernel's pool is initialised: at early boot, before the pool is
// seeded, that would hold the boot job. A hash seed and a salt only have to differ between
// runs, not be secret, so this definition, which the static link prefers to glibc's weak one,
// asks with GRND_INSECURE (Linux 5.6+, never blocks), then GRND_NONBLOCK (older kernels reject
// GRND_INSECURE with EINVAL), then reads /dev/urandom, which never blocks; with none of them
// (no /dev in a broken chroot) the clock and the process id fill the buffer. Only the
// Embedded build compiles it in (OSCONF2SEED_EMBEDDED): the toolchain build's runtime seeds
// its hashing without arc4random_buf (Sources/OSConfKit/System/RandomSource.swift takes the
// salts the same way).
#if defined(OSCONF2SEED_EMBEDDED)
#define _GNU_SOURCE
#include "CShim.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef GRND_NONBLOCK
#define GRND_NONBLOCK 0x1
#endif
#ifndef GRND_INSECURE
#define GRND_INSECURE 0x4
#endif

// The system call itself, not glibc's wrapper: the number is known on every architecture,
// and the wrapper would be no different.
static int fill_from_getrandom(unsigned char *bytes, size_t count, unsigned int flags) {
    size_t done = 0;
    while (done < count) {
        long got = syscall(SYS_getrandom, bytes + done, count - done, flags);
        if (got < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        done += (size_t)got;
    }
    return 0;
}

static int fill_from_urandom(unsigned char *bytes, size_t count) {
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < count) {
        ssize_t got = read(fd, bytes + done, count - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        done += (size_t)got;
    }
    close(fd);
    return done == count ? 0 : -1;
}

void arc4random_buf(void *buffer, size_t count) {
    unsigned char *bytes = buffer;
    int saved = errno;
    if (fill_from_getrandom(bytes, count, GRND_INSECURE) == 0 ||
        fill_from_getrandom(bytes, count, GRND_NONBLOCK) == 0 || fill_from_urandom(bytes, count) == 0) {
        errno = saved;
        return;
    }
    // No kernel source at all: a seed that differs between runs (splitmix64 of the clock
    // and the process id) is all a hash seed needs.
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint64_t state = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec + ((uint64_t)getpid() << 32);
    for (size_t index = 0; index < count; index++) {
        state += 0x9e3779b97f4a7c15u;
        uint64_t mixed = state;
        mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9u;
        mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebu;
        bytes[index] = (unsigned char)(mixed ^ (mixed >> 31));
    }
    errno = saved;
}

uint32_t arc4random(void) {
    uint32_t value;
    arc4random_buf(&value, sizeof value);
    return value;
}
#endif
