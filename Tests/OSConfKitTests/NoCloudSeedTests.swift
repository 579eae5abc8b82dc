import OSConfKit
import Testing

@Suite("NoCloud seed rendering")
struct NoCloudSeedTests {
    static let salt = "GoldenSalt012345"

    private func seed(_ fixture: String, _ options: NoCloudOptions = NoCloudOptions()) throws -> NoCloudSeed {
        let model = try TestPaths.configuration(fixture + ".conf")
        return NoCloudSeed(
            configuration: model, rootPasswordHash: model.password?.cryptHash(salt: Self.salt), options: options)
    }

    private func file(_ seed: NoCloudSeed, _ name: String) throws -> RenderedFile {
        try #require(seed.files.first { $0.path == name })
    }

    @Test("golden files: network-config v2, default options", arguments: TestPaths.renderFixtures)
    func goldenV2(fixture: String) throws {
        try Snapshot.assertMatches(try seed(fixture).files, named: "\(fixture)/nocloud")
    }

    @Test("golden files: network-config v1", arguments: TestPaths.renderFixtures)
    func goldenV1(fixture: String) throws {
        let files = try seed(fixture, NoCloudOptions(networkConfigVersion: 1)).files.filter {
            $0.path == "network-config"
        }
        try Snapshot.assertMatches(files, named: "\(fixture)/nocloud-v1")
    }

    @Test("golden files: netplan renderer hint", arguments: ["classic", "many-routes"])
    func goldenNetplanHint(fixture: String) throws {
        let v2 = try seed(fixture, NoCloudOptions(rendererHint: .netplan)).files.filter { $0.path == "network-config" }
        try Snapshot.assertMatches(v2, named: "\(fixture)/nocloud-netplan")
    }

    @Test("modes: user-data holds a hash and is 0600")
    func modes() throws {
        let files = try seed("classic").files
        #expect(files.map(\.path) == ["meta-data", "user-data", "network-config"])
        #expect(files.map(\.mode) == [0o644, 0o600, 0o644])
    }

    @Test("the plaintext password is in no file", arguments: TestPaths.renderFixtures)
    func noPlaintext(fixture: String) throws {
        let model = try TestPaths.configuration(fixture + ".conf")
        guard case .plaintext(let bytes) = model.password else { return }
        let secret = String(decoding: bytes, as: UTF8.self)
        for file in try seed(fixture).files { #expect(!file.text.contains(secret)) }
    }

    @Test("chpasswd form by cloud-init version")
    func passwordForms() throws {
        let hash = "$6$GoldenSalt012345$"
        let modern = try file(seed("vpc", NoCloudOptions(cloudInitVersion: CloudInitVersion("22.4"))), "user-data").text
        #expect(modern.contains("  users:\n    - name: \"root\"\n      password: \"\(hash)"))
        #expect(modern.contains("      type: \"hash\""))
        #expect(!modern.contains("  list:"))

        let middle = try file(seed("vpc", NoCloudOptions(cloudInitVersion: CloudInitVersion("20.4"))), "user-data").text
        #expect(middle.contains("  list:\n    - \"root:\(hash)"))
        #expect(!middle.contains("  users:"))

        let old = try file(
            seed("vpc", NoCloudOptions(networkConfigVersion: 1, cloudInitVersion: CloudInitVersion("0.7.5"))),
            "user-data"
        ).text
        #expect(!old.contains("chpasswd"))
        #expect(old.contains("runcmd:\n  - - \"usermod\"\n    - \"-p\"\n    - \"\(hash)"))

        let any = try file(seed("vpc"), "user-data").text
        #expect(any.contains("  users:") && any.contains("  list:") && any.contains("expire: false"))
        #expect(any.contains("ssh_pwauth: true"))
    }

    @Test(
        "golden files: cloud-init 0.7.5 (network-interfaces in meta-data, usermod)", arguments: TestPaths.renderFixtures
    )
    func goldenLegacy(fixture: String) throws {
        let options = NoCloudOptions(networkConfigVersion: 1, cloudInitVersion: CloudInitVersion("0.7.5"))
        let files = try seed(fixture, options).files
        #expect(files.map(\.path) == ["meta-data", "user-data"], "0.7.5 never reads network-config")
        try Snapshot.assertMatches(files, named: "\(fixture)/nocloud-0.7.5")
    }

    @Test(
        "network-interfaces only before 0.7.7, network-config only from it",
        arguments: ["0.7.4", "0.7.5", "0.7.6", "0.7.7", "17.0", "22.4"])
    func legacyNetworkBoundary(version: String) throws {
        let cloudInit = try #require(CloudInitVersion(version))
        let files = try seed("three-nics", NoCloudOptions(networkConfigVersion: 1, cloudInitVersion: cloudInit)).files
        let legacy = cloudInit < CloudInitVersion(0, 7, 7)
        #expect(files.contains { $0.path == "network-config" } == !legacy)
        #expect(
            try file(
                seed("three-nics", NoCloudOptions(networkConfigVersion: 1, cloudInitVersion: cloudInit)),
                "meta-data"
            ).text.contains("network-interfaces: ") == legacy)
    }

    @Test("network-interfaces: one gateway, dotted netmask, hwaddress, name servers on the default-route NIC")
    func legacyInterfacesText() throws {
        let model = try TestPaths.configuration("three-nics.conf")
        let text = NoCloudNetworkInterfaces(configuration: model).text
        #expect(text.hasPrefix("auto lo\niface lo inet loopback\n"))
        #expect(text.components(separatedBy: "    gateway ").count == 2)
        #expect(text.components(separatedBy: "    dns-nameservers ").count == 2)
        #expect(!text.contains("/"), "no CIDR address: 0.7.5 copies the address into IPADDR as is")
        for nic in model.interfaces {
            #expect(text.contains("auto \(nic.name)\niface \(nic.name) inet static\n    address \(nic.address)\n"))
            #expect(text.contains("    netmask \(nic.subnet.netmask)\n"))
            if let mac = nic.macAddress { #expect(text.contains("    hwaddress ether \(mac)\n")) }
        }
    }

    /// Every scheme the parser accepts, against every range of the README's table: the hash
    /// reaches `chpasswd -e` (through `users` or a matching `list`) or `usermod -p`, and never
    /// `list` when cloud-init's pattern would take it for plain text.
    @Test(
        "password form by scheme and version",
        arguments: [
            "$6$GoldenSalt012345$abc", "$5$s$h", "$1$s$h", "$2y$10$abcdefghijklmnopqrstuv", "$y$j9T$salt$hash",
            "$2b$10$abcdefghijklmnopqrstuv", "$7$CU..../....salt$hash", "$gy$j9T$salt$hash",
        ], CloudInitVersion.samples + [CloudInitVersion("17.1"), CloudInitVersion("22.2"), CloudInitVersion("22.3")])
    func passwordFormsBySchemeAndVersion(hash: String, version: CloudInitVersion?) throws {
        let model = try TestPaths.configuration("vpc.conf")
        var options = NoCloudOptions(cloudInitVersion: version)
        if let version, version < .networkV2Support { options.networkConfigVersion = 1 }
        let userData = NoCloudSeed(configuration: model, rootPasswordHash: hash, options: options).userData.rendered
        let inList = userData.contains("  list:\n    - \"root:\(hash)\"")
        let inUsers = userData.contains(
            "  users:\n    - name: \"root\"\n      password: \"\(hash)\"\n      type: \"hash\"")
        let usermod = userData.contains("runcmd:\n  - - \"usermod\"\n    - \"-p\"\n    - \"\(hash)\"\n    - \"root\"")
        let listReads = CryptHash.isReadByChpasswdList(hash)
        #expect(!inList || listReads, "a hash cloud-init would set as plain text is never in list")
        switch version {
        case .none:
            #expect(inUsers && (listReads ? inList && !usermod : usermod))
        case .some(let v) where v < CloudInitVersion(17, 1):
            #expect(usermod && !inUsers && !inList && !userData.contains("chpasswd"))
        case .some(let v) where v < CloudInitVersion(22, 3):
            #expect(!inUsers && (listReads ? inList && !usermod : usermod && !userData.contains("chpasswd")))
        case .some:
            #expect(inUsers && !inList && !usermod)
        }
    }

    @Test("no password: no chpasswd and no ssh_pwauth")
    func noPassword() throws {
        let model = try OSConfParser(fileName: "os.conf")
            .parse(Array("eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n".utf8))
            .configuration
        let userData = NoCloudSeed(configuration: model, rootPasswordHash: nil, options: NoCloudOptions()).files[1].text
        #expect(userData == "#cloud-config\n{}\n")
    }

    @Test("keepHostKeys adds ssh_deletekeys: false")
    func hostKeys() throws {
        #expect(
            try file(seed("vpc", NoCloudOptions(keepHostKeys: true)), "user-data").text.contains(
                "ssh_deletekeys: false"))
        #expect(try !file(seed("vpc"), "user-data").text.contains("ssh_deletekeys"))
    }

    @Test("exactly one default route in every form", arguments: TestPaths.renderFixtures)
    func oneDefaultRoute(fixture: String) throws {
        for hint in RendererHint.allCases {
            for version in [1, 2] {
                let config = try seed(fixture, NoCloudOptions(networkConfigVersion: version, rendererHint: hint))
                    .networkConfig
                #expect(Self.defaultRoutes(in: config) == 1, "\(fixture) v\(version) \(hint)")
                #expect(!config.rendered.contains("default"))
                #expect(!config.rendered.hasPrefix("network:"))
            }
        }
    }

    /// Counts the default-route forms anywhere in a network-config: v2 `gateway4`, a
    /// `to: 0.0.0.0/0` route, a v1 static subnet `gateway`, a v1 route to network 0.0.0.0.
    private static func defaultRoutes(in value: YAMLValue) -> Int {
        switch value {
        case .sequence(let items):
            return items.map(defaultRoutes).reduce(0, +)
        case .mapping(let pairs):
            let keys = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            var count = pairs.map { defaultRoutes(in: $0.value) }.reduce(0, +)
            if keys["gateway4"] != nil { count += 1 }
            if keys["to"] == .string("0.0.0.0/0") { count += 1 }
            if keys["network"] == .string("0.0.0.0") { count += 1 }
            if keys["type"] == .string("static"), keys["gateway"] != nil { count += 1 }
            return count
        default:
            return 0
        }
    }

    @Test(
        "no NIC keys: no network-config (cloud-init's fallback), or `config: disabled` when asked",
        arguments: [1, 2], CloudInitVersion.samples)
    func noInterfaces(version: Int, cloudInit: CloudInitVersion?) throws {
        let model = try OSConfParser(fileName: "os.conf")
            .parse(Array("hostname=web1\npassword=cXdlcjEyMzQK\ndns_nameserver=7.7.7.7\n".utf8)).configuration
        #expect(model.interfaces.isEmpty)
        if version == 2, let cloudInit, cloudInit < .networkV2Support { return }
        var options = NoCloudOptions(networkConfigVersion: version, cloudInitVersion: cloudInit)
        for hint in RendererHint.allCases {
            options.rendererHint = hint
            options.networkDisabled = false
            let fallback = NoCloudSeed(configuration: model, rootPasswordHash: "$6$s$h", options: options)
            #expect(!fallback.hasNetworkConfig)
            #expect(fallback.files.map(\.path) == ["meta-data", "user-data"], "v\(version) \(hint)")
            #expect(fallback.files[0].text.contains("local-hostname: \"web1\""))
            #expect(fallback.files[1].text.contains("hostname: \"web1\"") && fallback.files[1].text.contains("$6$s$h"))

            options.networkDisabled = true
            let disabled = NoCloudSeed(configuration: model, rootPasswordHash: "$6$s$h", options: options)
            if let cloudInit, cloudInit < .networkConfigFileSupport {
                // Nothing to disable: such a release configures no network without
                // meta-data `network-interfaces`.
                #expect(disabled.files.map(\.path) == ["meta-data", "user-data"])
                #expect(!disabled.files[0].text.contains("network-interfaces"))
                continue
            }
            #expect(disabled.files.map(\.path) == ["meta-data", "user-data", "network-config"])
            #expect(disabled.files.last?.text == "config: \"disabled\"\n")
        }
    }

    @Test("options that cannot work are usage errors")
    func invalidOptions() {
        #expect(throws: UsageError.self) {
            try NoCloudOptions(networkConfigVersion: 2, cloudInitVersion: CloudInitVersion("0.7.5")).validate()
        }
        #expect(throws: UsageError.self) { try NoCloudOptions(networkConfigVersion: 3).validate() }
    }
}

extension CloudInitVersion {
    /// Unknown, before network-config, before v2 support, before chpasswd.users, and a
    /// current release.
    static let samples: [CloudInitVersion?] = [
        nil, CloudInitVersion("0.7.5"), CloudInitVersion("0.7.9"), CloudInitVersion("20.4"), CloudInitVersion("24.1"),
    ]
}
