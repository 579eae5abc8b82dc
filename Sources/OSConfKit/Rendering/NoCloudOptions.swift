/// How to write a NoCloud seed.
public struct NoCloudOptions: Sendable, Hashable {
    /// 1 or 2. cloud-init before 17.1 reads only version 1.
    public var networkConfigVersion: Int
    /// The cloud-init that will read the seed; nil means "any from 17.1 on".
    public var cloudInitVersion: CloudInitVersion?
    public var rendererHint: RendererHint
    /// `ssh_deletekeys: false`: keep the SSH host keys although the instance id changes (set
    /// by the boot job when the machine is the same one, not a clone).
    public var keepHostKeys: Bool
    /// Write `config: disabled` as the network-config: something else owns the network (the
    /// boot job, on an ifupdown image whose cloud-init would need net-tools; or an earlier boot,
    /// when an os.conf without NIC keys leaves the network as it is), and cloud-init must
    /// neither render it nor fall back to DHCP.
    public var networkDisabled: Bool

    public init(
        networkConfigVersion: Int = 2, cloudInitVersion: CloudInitVersion? = nil, rendererHint: RendererHint = .auto,
        keepHostKeys: Bool = false, networkDisabled: Bool = false
    ) {
        self.networkConfigVersion = networkConfigVersion
        self.cloudInitVersion = cloudInitVersion
        self.rendererHint = rendererHint
        self.keepHostKeys = keepHostKeys
        self.networkDisabled = networkDisabled
    }

    /// The network-config version for a seed read by cloud-init `version` (nil: any from 17.1
    /// on) with renderer `hint`: 1 before 17.1, which reads nothing else; 1 from
    /// ``CloudInitVersion/gateway4Removal`` on where the default route must be a gateway key
    /// (``RendererHint/usesGatewayKey``), since v2 carries that key only as `gateway4`; else 2.
    /// The boot job and `convert --cloud-init-version` both choose with it.
    public static func networkConfigVersion(for version: CloudInitVersion?, hint: RendererHint) -> Int {
        guard let version else { return 2 }
        return version < .networkV2Support || (hint.usesGatewayKey && version >= .gateway4Removal) ? 1 : 2
    }

    /// The option combinations that cannot work: v2 for a cloud-init that reads only v1, or
    /// for one without v2 `gateway4` where the default route needs it.
    public func validate() throws(UsageError) {
        guard [1, 2].contains(networkConfigVersion) else {
            throw UsageError("--network-config-version must be 1 or 2")
        }
        guard networkConfigVersion == 2, let version = cloudInitVersion else { return }
        if version < .networkV2Support {
            throw UsageError(
                "cloud-init \(version) reads only network-config version 1; use --network-config-version 1")
        }
        if Self.networkConfigVersion(for: version, hint: rendererHint) == 1 {
            throw UsageError(
                "cloud-init \(version) has no version 2 gateway4, which the \(rendererHint.rawValue) renderer needs "
                    + "for the default route; use --network-config-version 1 or another --renderer-hint")
        }
    }
}
