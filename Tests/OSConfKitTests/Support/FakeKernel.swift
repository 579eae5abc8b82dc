import OSConfKit
import Synchronization

/// A ``Kernel`` that records its calls. `mount` succeeds only for `acceptedType`, as a real
/// kernel refuses every file-system type but the partition's own.
final class FakeKernel: Kernel {
    struct Calls: Equatable {
        var mounts: [String] = []
        var unmounts: [String] = []
        var hostnames: [String] = []
        var pauses: [Int] = []
        var kernelLog: [String] = []
        /// `program arguments...` of each run.
        var programs: [String] = []
    }

    let acceptedType: String
    /// A second type the fake accepts (the config drive's iso9660 beside a partition's ext4).
    let alsoAcceptedType: String?
    private let state = Mutex(Calls())

    init(acceptedType: String = "ext4", alsoAcceptedType: String? = "iso9660") {
        self.acceptedType = acceptedType
        self.alsoAcceptedType = alsoAcceptedType
    }

    var calls: Calls { state.withLock { $0 } }

    /// Records `device target type`, the options after them when there are any, and ` ro` for
    /// a read-only mount.
    func mount(device: String, at target: String, type: String, data: String, readOnly: Bool) throws(SystemError) {
        guard type == acceptedType || type == alsoAcceptedType else {
            throw SystemError(.mount, device, Errno(rawValue: 22))
        }
        let call = "\(device) \(target) \(type)" + (data.isEmpty ? "" : " \(data)") + (readOnly ? " ro" : "")
        state.withLock { $0.mounts.append(call) }
    }

    func unmount(_ target: String) throws(SystemError) {
        state.withLock { $0.unmounts.append(target) }
    }

    func pause(milliseconds: Int) {
        state.withLock { $0.pauses.append(milliseconds) }
    }

    func setHostname(_ name: String) throws(SystemError) {
        state.withLock { $0.hostnames.append(name) }
    }

    func run(_ program: String, _ arguments: [String]) throws(SystemError) -> Int32 {
        state.withLock { $0.programs.append(([program] + arguments).joined(separator: " ")) }
        return 0
    }

    func logToKernel(_ line: String) {
        state.withLock { $0.kernelLog.append(line) }
    }
}
