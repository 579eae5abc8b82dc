// Process-start hook: lets the static binary start in a chroot that has no /proc mounted,
// as image builders run `osconf2seed install --root /` inside the image.
//
// The Swift runtime linked into the static binary needs /proc twice before main runs
// (found with strace and gdb on the Swift 6.3 runtime in a chroot without /proc):
//  - the backtracer's static initialiser (Backtrace.cpp) looks for its helper
//    `swift-backtrace` next to the runtime, which it finds with readlink("/proc/self/exe"),
//    whether or not backtracing is enabled; without /proc that read fails and the runtime
//    aborts with "Unable to obtain Swift runtime path" (SIGABRT). The lookup is skipped only
//    when SWIFT_BACKTRACE names the helper (`swift-backtrace=`); `enable=no` alone does not
//    skip it.
//  - CommandLine's static initialiser (CommandLine.cpp) finds argc and argv by reading the
//    stack's range from /proc/self/maps and walking back from `environ`; without /proc it
//    finds nothing and CommandLine.arguments is empty.
//
// This constructor runs before both of them (see the priority below) and
//  - sets SWIFT_BACKTRACE=enable=no,swift-backtrace= when /proc/self/exe cannot be read and
//    the variable is not set, so the backtracer skips the lookup; nothing is lost, since
//    without /proc the helper cannot be found and backtracing is off anyway (child processes
//    inherit the variable; it concerns only Swift programs, which need it there just as well);
//  - keeps argc and argv, which glibc passes to every ELF initialiser (static executables
//    included), for main.swift to use instead of CommandLine.arguments.
// In the fuzz binary and the unit tests it is just as harmless: with /proc mounted it only
// keeps argc and argv.
#define _GNU_SOURCE
#include "CShim.h"

#include <features.h>
#include <stdlib.h>
#include <unistd.h>

static int start_argc;
static char *const *start_argv;

// Priority 101, the first one that is not reserved for the C implementation: the linker puts
// prioritised initialisers ahead of the unprioritised ones, and the Swift runtime's C++ static
// initialisers (Backtrace.cpp, CommandLine.cpp) have none, so in the static executable this
// runs before them whatever the link order. (In a dynamically linked build libswiftCore.so is
// initialised before the executable, so the environment variable comes too late there; that
// build cannot run in a bare chroot anyway, without its shared libraries.)
__attribute__((constructor(101))) static void osconf_process_start(int argc, char **argv, char **envp) {
    (void)envp;
#if defined(__GLIBC__)
    // glibc calls initialisers with (argc, argv, envp); musl passes nothing, so there the
    // arguments stay unset and the caller falls back to CommandLine.arguments.
    start_argc = argc;
    start_argv = argv;
#else
    (void)argc;
    (void)argv;
#endif
    // The same read the runtime makes; only its failure matters, so one byte of buffer is enough.
    char target[1];
    if (getenv("SWIFT_BACKTRACE") == NULL && readlink("/proc/self/exe", target, sizeof target) < 0) {
        setenv("SWIFT_BACKTRACE", "enable=no,swift-backtrace=", 0);
    }
}

int osconf_start_argc(void) { return start_argc; }

char *const *osconf_start_argv(void) { return start_argv; }
