/// The system calls the boot job makes besides file I/O: mounting the first partition, setting
/// the running host name, and logging to the kernel ring buffer. Tests inject a fake that
/// records the calls; ``SystemKernel`` makes them.
///
/// Class-bound: Embedded Swift (contrib/build-embedded.sh) has existentials of class-bound
/// protocols only.
public protocol Kernel: AnyObject, Sendable {
    /// mount(2) `device` on `target` as `type`, read-write (read-only with `readOnly`: a CD-ROM
    /// refuses to be opened for writing), without suid, devices or exec, and with private
    /// propagation so the mount never shows up in other namespaces. `data` is the file
    /// system's own options (mount(2)'s last argument), empty for none.
    func mount(device: String, at target: String, type: String, data: String, readOnly: Bool) throws(SystemError)
    /// umount2(2), detaching lazily if the file system is busy.
    func unmount(_ target: String) throws(SystemError)
    /// Sleeps for `milliseconds` (nanosleep(2)): the bounded wait for udev's queue.
    func pause(milliseconds: Int)
    /// sethostname(2).
    func setHostname(_ name: String) throws(SystemError)
    /// One line to /dev/kmsg, so it lands in dmesg and the journal at early boot.
    func logToKernel(_ line: String)
    /// Runs the program at the absolute path `program` with `arguments` (posix_spawn(3), no
    /// shell, the job's environment) and waits for it; returns its exit status, or 128 plus the
    /// signal that ended it. Throws when it cannot be started.
    func run(_ program: String, _ arguments: [String]) throws(SystemError) -> Int32
}
