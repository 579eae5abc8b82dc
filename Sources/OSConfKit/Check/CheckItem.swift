/// The items `check` decides offline, with the ids, severities and sources of IMAGE-CHECKS.md
/// section 7 (`--root`) and section 8 (the `disk.*` items of `--image`; sources: S* Alibaba
/// Cloud, T* Tencent Cloud, O* other tools).
public enum CheckItem: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case virtioKernel = "virtio.kernel"
    case virtioInitramfs = "virtio.initramfs"
    case nvmeDriver = "nvme.driver"
    case nvmeTimeout = "nvme.timeout"
    case bootConfig = "boot.cfg"
    case bootRootByName = "boot.root-by-name"
    case bootGrubLegacy = "boot.grub-legacy"
    case bootMode = "boot.mode"
    case fstabByName = "fstab.by-name"
    case fstabExtraDisk = "fstab.extra-disk"
    case fstabSwap = "fstab.swap"
    case fstabLVM = "fstab.lvm"
    case netDHCP = "net.dhcp"
    case netNames = "net.names"
    case selinux
    case cloudInitPresent = "cloudinit.present"
    case cloudInitVersion = "cloudinit.version"
    case cloudInitEnabled = "cloudinit.enabled"
    case cloudInitDatasource = "cloudinit.datasource"
    case cloudInitGrowpart = "cloudinit.growpart"
    case kernelFwCfg = "kernel.fwcfg"
    case rtcUTC = "rtc.utc"
    case sshEnabled = "ssh.enabled"
    case sshRoot = "ssh.root"
    case sshHostKeys = "ssh.hostkeys"
    case sshAuthorizedKeys = "ssh.authkeys"
    case shadowWritable = "shadow.writable"
    case passwdTools = "passwd.tools"
    case firewall
    case libSymlinks = "lib.symlinks"
    case qemuGuestAgent = "guest.qemu-ga"
    case otherHypervisorTools = "guest.other-hv-tools"
    case diskFree = "disk.free"
    case osIdentity = "os.identity"
    case kernelAge = "kernel.age"
    case customDirectory = "custom.dir"
    case customHandler = "custom.handler"
    case agents
    case diskFormat = "disk.format"
    case diskTable = "disk.partition-table"
    case diskRoot = "disk.root"
    case diskRootLast = "disk.root-last"
    case diskSwap = "disk.swap"
    case diskLVM = "disk.lvm"
    case diskFirstPartition = "disk.first-partition"
    case diskUUID = "disk.uuid"
    case diskExt4Features = "disk.ext4-features"
    case diskBootCode = "disk.bootloader"
    case diskSize = "disk.size"
    case diskMount = "disk.mount"

    /// True for the items `--image` adds (section 8): read from the disk image's own bytes.
    public var isDiskItem: Bool { rawValue.hasPrefix("disk.") && self != .diskFree }

    /// The id, as in the report: `fstab.by-name`.
    public var description: String { rawValue }

    /// The item's severity under `profile` (its worse case where the table gives two, as
    /// E/W), or nil when the profile does not check it.
    public func severity(in profile: CheckProfile) -> CheckSeverity? {
        switch self {
        case .virtioKernel, .virtioInitramfs, .bootConfig, .bootRootByName, .fstabByName, .sshEnabled,
            .shadowWritable:
            return .error
        case .nvmeDriver, .nvmeTimeout:
            // Alibaba's NVMe instance families [S10]; Tencent names no NVMe requirement.
            return profile.isAlibaba ? .warning : .info
        case .bootMode:
            // Tencent does not boot UEFI-only images [T3]; Alibaba takes the mode at import.
            return profile.isAlibaba ? .info : .warning
        case .bootGrubLegacy, .fstabExtraDisk, .fstabSwap, .fstabLVM, .netNames, .selinux, .rtcUTC, .sshRoot,
            .sshHostKeys, .firewall, .libSymlinks, .qemuGuestAgent, .otherHypervisorTools, .diskFree, .osIdentity:
            return .warning
        case .netDHCP:
            // os.conf imports get static addresses from os.conf (section 6).
            return profile.readsOSConf ? .info : .error
        case .cloudInitPresent:
            switch profile {
            case .tc: return .error
            case .ali: return .warning
            case .aliCustom, .tcForce: return .info
            }
        case .cloudInitVersion:
            return profile == .ali ? .error : .info
        case .cloudInitEnabled:
            return .error
        case .cloudInitDatasource, .cloudInitGrowpart:
            return profile == .tcForce ? .info : .warning
        case .kernelFwCfg:
            // Needed for cloud-init to change the password on Alibaba Cloud [S7].
            return profile == .ali ? .warning : .info
        case .sshAuthorizedKeys:
            return profile == .aliCustom ? .error : .warning
        case .passwdTools:
            return profile == .tcForce ? .error : .warning
        case .kernelAge:
            return .info
        case .customDirectory:
            return profile == .aliCustom ? .error : nil
        case .customHandler:
            return profile.readsOSConf ? .error : nil
        case .agents:
            return profile.isAlibaba ? .info : nil
        case .diskFormat, .diskRoot, .diskUUID, .diskBootCode, .diskSize:
            // disk.size: its 20 GiB recommendation [S7] is the lesser grade.
            return .error
        case .diskTable:
            // Tencent takes MBR only [T1, T3]; Alibaba takes GPT with a matching boot mode [S6 zh, S7].
            return profile.isAlibaba ? .info : .error
        case .diskRootLast, .diskExt4Features:
            return profile.isAlibaba ? .warning : .info
        case .diskSwap, .diskLVM, .diskMount:
            return .warning
        case .diskFirstPartition:
            return profile == .aliCustom ? .error : nil
        }
    }

    /// The sources of the item's rule, as IMAGE-CHECKS.md cites them.
    public var sources: String {
        switch self {
        case .virtioKernel: return "S1 S4 S8 T4 O1"
        case .virtioInitramfs: return "S7 S8 T4"
        case .nvmeDriver: return "S1 S4 S7 S10"
        case .nvmeTimeout: return "S10"
        case .bootConfig: return "S1 S4"
        case .bootRootByName: return "S1 S4 S7 T3"
        case .bootGrubLegacy: return "S11"
        case .bootMode: return "S1 S7 T3"
        case .fstabByName: return "S1 S4 S7 T3"
        case .fstabExtraDisk: return "S1 T3"
        case .fstabSwap: return "S7"
        case .fstabLVM: return "S7 O2"
        case .netDHCP: return "S1 S4 S6 S7"
        case .netNames: return "S7 T1 T3 O3"
        case .selinux: return "S1 S5 S6 S8 S11"
        case .cloudInitPresent: return "S1 T1 T4"
        case .cloudInitVersion: return "S7 S8"
        case .cloudInitEnabled: return "T4"
        case .cloudInitDatasource: return "S8 T4"
        case .cloudInitGrowpart: return "S1 S7"
        case .kernelFwCfg: return "S7"
        case .rtcUTC: return "S1 S7"
        case .sshEnabled: return "S5 S6"
        case .sshRoot: return "S5 S7"
        case .sshHostKeys: return "O3"
        case .sshAuthorizedKeys: return "S9"
        case .shadowWritable: return "S5 S6 T3"
        case .passwdTools: return "S5 T2"
        case .firewall: return "S5 S6 S7"
        case .libSymlinks: return "S5"
        case .qemuGuestAgent: return "S5 S6"
        case .otherHypervisorTools: return "T3 O1"
        case .diskFree: return "S5 S6 T2"
        case .osIdentity: return "S1 S6 T1"
        case .kernelAge: return "S1"
        case .customDirectory: return "S9"
        case .customHandler: return "S9 T2"
        case .agents: return "S1 S7"
        case .diskFormat: return "S6 T1"
        case .diskTable: return "S5 S6 T1 T3"
        case .diskRoot: return "S1 T1"
        case .diskRootLast: return "S7"
        case .diskSwap: return "S7"
        case .diskLVM: return "S7 O2"
        case .diskFirstPartition: return "S9"
        case .diskUUID: return "S1 S4 T3"
        case .diskExt4Features: return "S5 S6"
        case .diskBootCode: return "O2"
        case .diskSize: return "S7 S9 T1"
        case .diskMount: return "-"
        }
    }
}
