/// The Ignition spec version a config declares in `ignition.version`.
///
/// The fields this project writes (`passwd.users[].name`/`passwordHash`, `storage.files[]`
/// with `path`, `mode`, `overwrite` and `contents.source`) exist with the same names and
/// meaning in every 3.x spec (coreos/ignition config/v3_0 ... v3_4 types), so only the
/// version string differs. 3.3.0 is the default: the newest that Debian 12's
/// ignition-validate 2.14 knows, and what Fedora CoreOS and Flatcar read. Case `v33` is
/// spec 3.3.0, and so on.
public enum IgnitionSpec: String, Sendable, Hashable, CaseIterable {
    case v30 = "3.0.0"
    case v31 = "3.1.0"
    case v32 = "3.2.0"
    case v33 = "3.3.0"
    case v34 = "3.4.0"

    public static let `default` = IgnitionSpec.v33

    /// Parses `3.3` or `3.3.0`.
    public init?(text: String) {
        guard let spec = Self.allCases.first(where: { $0.rawValue == text || $0.rawValue == text + ".0" }) else {
            return nil
        }
        self = spec
    }

    /// `3.3`, as the command line names it.
    public var shortName: String { String(rawValue.dropLast(2)) }
}

/// Which network files an Ignition config carries.
public enum IgnitionNetworkRenderer: String, Sendable, Hashable, CaseIterable {
    /// NetworkManager keyfiles: Fedora CoreOS, RHEL CoreOS.
    case networkManager = "networkmanager"
    /// systemd-networkd `.network`/`.link` files: Flatcar Container Linux.
    case networkd
}

/// An Ignition config (JSON) for the configuration, for Fedora CoreOS, Flatcar and other
/// Ignition systems, whose first boot reads it instead of cloud-init's seed.
///
/// It holds the host name (`/etc/hostname`), root's password as a crypt hash
/// (`passwd.users[].passwordHash`; the plaintext never appears), and the network files of
/// ``NetworkManagerConfig`` or ``NetworkdConfig`` embedded as `storage.files`. Decisions:
/// - contents are `data:,` URLs with percent-encoding, readable in the JSON and needing no
///   `compression` field (which 3.0 lacks);
/// - modes are decimal in JSON (0600 is 384, 0644 is 420): JSON has no octal;
/// - `overwrite: true` on every file (all 3.x specs have it): Ignition otherwise fails when the
///   image already ships a file at that path, such as /etc/hostname;
/// - the config itself is 0600, since it carries the password hash.
public struct IgnitionConfig: Sendable {
    public let configuration: OSConfiguration
    public let rootPasswordHash: String?
    public let spec: IgnitionSpec
    public let networkRenderer: IgnitionNetworkRenderer

    public init(
        configuration: OSConfiguration, rootPasswordHash: String?, spec: IgnitionSpec = .default,
        networkRenderer: IgnitionNetworkRenderer = .networkManager
    ) {
        self.configuration = configuration
        self.rootPasswordHash = rootPasswordHash
        self.spec = spec
        self.networkRenderer = networkRenderer
    }

    /// The file name of the config in the output directory.
    public static let path = "config.ign"

    public var files: [RenderedFile] {
        [RenderedFile(path: Self.path, contents: document.rendered, mode: 0o600)]
    }

    /// The files the config writes onto the target system (paths relative to its root).
    public var embeddedFiles: [RenderedFile] {
        var files: [RenderedFile] = []
        if let hostname = configuration.hostname {
            files.append(RenderedFile(path: "etc/hostname", contents: hostname.shortName + "\n"))
        }
        switch networkRenderer {
        case .networkManager: files += NetworkManagerConfig(configuration: configuration).files
        case .networkd: files += NetworkdConfig(configuration: configuration).files
        }
        return files
    }

    public var document: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("ignition", .object([("version", .string(spec.rawValue))]))
        ]
        if let hash = rootPasswordHash {
            let root: JSONValue = .object([("name", .string("root")), ("passwordHash", .string(hash))])
            members.append(("passwd", .object([("users", .array([root]))])))
        }
        let files: [JSONValue] = embeddedFiles.map { file in
            .object([
                ("path", .string("/" + file.path)),
                ("mode", .integer(Int(file.mode))),
                ("overwrite", .boolean(true)),
                ("contents", .object([("source", .string(DataURL.encode(file.contents)))])),
            ])
        }
        if !files.isEmpty { members.append(("storage", .object([("files", .array(files))]))) }
        return .object(members)
    }
}
