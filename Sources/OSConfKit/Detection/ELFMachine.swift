/// The processor an ELF file is built for: the `e_machine` field of its header (System V ABI,
/// `<elf.h>`: bytes 18–19 in the byte order of `EI_DATA`). `install` compares the binary's
/// with the image's, so that an x86_64 host building an arm64 image cannot put in a binary
/// that the image's kernel refuses to run (it would fail with ENOEXEC at every boot).
public enum ELFMachine: Sendable, Hashable, CustomStringConvertible {
    /// `EM_X86_64` (62), Debian's amd64.
    case amd64
    case aarch64, i386, arm, riscv64, powerpc64, s390x
    /// Any other `e_machine` value.
    case other(UInt16)

    /// The machine named by an ELF header's first 20 bytes or more; nil when the bytes are no
    /// ELF header (no `\x7fELF` magic, or an `EI_DATA` that is neither 1 nor 2).
    public init?(header: [UInt8]) {
        guard header.count >= 20, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46
        else { return nil }
        let value: UInt16
        switch header[5] {
        case 1: value = UInt16(header[18]) | UInt16(header[19]) << 8
        case 2: value = UInt16(header[18]) << 8 | UInt16(header[19])
        default: return nil
        }
        switch value {
        case 62: self = .amd64
        case 183: self = .aarch64
        case 3: self = .i386
        case 40: self = .arm
        case 243: self = .riscv64
        case 21: self = .powerpc64
        case 22: self = .s390x
        default: self = .other(value)
        }
    }

    /// The name Linux's `uname -m` gives (the release archives' names use it too).
    public var description: String {
        switch self {
        case .amd64: return "x86_64"
        case .aarch64: return "aarch64"
        case .i386: return "i386"
        case .arm: return "arm"
        case .riscv64: return "riscv64"
        case .powerpc64: return "ppc64"
        case .s390x: return "s390x"
        case .other(let value): return "ELF machine \(value)"
        }
    }

    /// The image's machine: that of its `/bin/sh`, the one program every image runs (links
    /// resolved inside the tree: `/bin` is often a link to `usr/bin`, `sh` one to `dash` or
    /// `bash`). nil when it has none or it is no ELF file.
    public static func ofImage(_ tree: RootTree) -> ELFMachine? {
        guard let path = try? tree.realPath("/bin/sh"),
            let header = try? tree.fileSystem.readBlocks(at: path, offset: 0, count: 20)
        else { return nil }
        return ELFMachine(header: header)
    }
}
