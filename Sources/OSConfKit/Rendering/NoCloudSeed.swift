/// The cloud-init NoCloud seed for a configuration: `meta-data`, `user-data` and
/// `network-config`, ready for /var/lib/cloud/seed/nocloud or a CIDATA volume.
///
/// Pure: it renders the model it is given and touches nothing. The password arrives already
/// hashed; the plaintext is never in any file.
public struct NoCloudSeed: Sendable {
    public let configuration: OSConfiguration
    /// crypt(3) hash for root, when os.conf had a password.
    public let rootPasswordHash: String?
    public let options: NoCloudOptions
    /// The customer's own user data (Tencent Cloud's config drive), which then goes into
    /// `user-data` beside ours as one MIME multipart (``UserDataMultipart``).
    public let customerUserData: [UInt8]?
    /// SSH keys for root (Tencent Cloud's config drive, `meta_data.json`): meta-data
    /// `public-keys`, with `disable_root: false` in user-data (see ``userData``).
    public let publicKeys: [SSHPublicKey]

    public init(
        configuration: OSConfiguration, rootPasswordHash: String?, options: NoCloudOptions,
        customerUserData: [UInt8]? = nil, publicKeys: [SSHPublicKey] = []
    ) {
        self.configuration = configuration
        self.rootPasswordHash = rootPasswordHash
        self.options = options
        self.customerUserData = customerUserData
        self.publicKeys = publicKeys
    }

    public var files: [RenderedFile] {
        let cloudConfig = "#cloud-config\n" + userData.rendered
        let userDataBytes =
            customerUserData.map { UserDataMultipart(cloudConfig: cloudConfig, customerData: $0).bytes }
            ?? Array(cloudConfig.utf8)
        var files = [
            RenderedFile(path: "meta-data", contents: metaData.rendered),
            RenderedFile(path: "user-data", bytes: userDataBytes, mode: 0o600),
        ]
        if hasNetworkConfig { files.append(RenderedFile(path: "network-config", contents: networkConfig.rendered)) }
        return files
    }

    /// False for an os.conf without NIC keys whose network is not disabled: with no
    /// network-config cloud-init applies its fallback (DHCP on the first NIC), whereas an empty
    /// `ethernets: {}` would count as a configuration and leave the instance with no network.
    /// Before 0.7.7 there is never one: those releases do not read the file, and the network
    /// goes into meta-data `network-interfaces` instead.
    public var hasNetworkConfig: Bool {
        readsNetworkConfigFile && (options.networkDisabled || !configuration.interfaces.isEmpty)
    }

    /// False for a cloud-init before 0.7.7, whose NoCloud reads only meta-data and user-data.
    public var readsNetworkConfigFile: Bool {
        options.cloudInitVersion.map { $0 >= .networkConfigFileSupport } ?? true
    }

    public var metaData: YAMLValue {
        var pairs: [(key: String, value: YAMLValue)] = [("instance-id", .string(configuration.instanceID))]
        if let cloudID = configuration.cloudInstanceID {
            // Beside cloud-init's instance-id, which stays the digest of os.conf: cloud-init
            // keeps unknown meta-data keys (instance-data.json `ds.meta_data`) for scripts.
            pairs.append(("cloud-instance-id", .string(cloudID.value)))
        }
        if let hostname = configuration.hostname {
            pairs.append(("local-hostname", .string(hostname.value)))
        }
        if !readsNetworkConfigFile && !options.networkDisabled && !configuration.interfaces.isEmpty {
            // A double-quoted scalar with `\n` escapes: the same string to PyYAML as a `|`
            // block, with no indentation rule to get wrong.
            let text = NoCloudNetworkInterfaces(configuration: configuration).text
            pairs.append(("network-interfaces", .string(text)))
        }
        if !publicKeys.isEmpty {
            // The datasource's keys (sources/__init__.py `get_public_ssh_keys`, a list of lines
            // as `normalize_pubkey_data` takes it), which cc_ssh gives the default user and root.
            pairs.append(("public-keys", .sequence(publicKeys.map { .string($0.line) })))
        }
        return .mapping(pairs)
    }

    public var userData: YAMLValue {
        var pairs: [(key: String, value: YAMLValue)] = []
        if let hostname = configuration.hostname {
            pairs.append(("preserve_hostname", .boolean(false)))
            pairs.append(("hostname", .string(hostname.shortName)))
            if hostname.value.contains(".") { pairs.append(("fqdn", .string(hostname.value))) }
        }
        if let hash = rootPasswordHash {
            pairs += passwordEntries(hash)
            pairs.append(("ssh_pwauth", .boolean(true)))
        }
        if options.keepHostKeys { pairs.append(("ssh_deletekeys", .boolean(false))) }
        if !publicKeys.isEmpty {
            // cc_ssh `apply_credentials` writes the datasource's keys to root's authorized_keys
            // in every release, but while `disable_root` is true (cloud-init's default, and
            // Debian's cloud.cfg) each gets a `command="echo 'Please login as the user ...'"`
            // prefix that refuses the login. The drive's keys are for root: false lets them in.
            pairs.append(("disable_root", .boolean(false)))
        }
        return .mapping(pairs)
    }

    /// The password form each cloud-init generation applies (see README, "Compatibility").
    private func passwordEntries(_ hash: String) -> [(key: String, value: YAMLValue)] {
        let version = options.cloudInitVersion
        // cloud-init 17.1 to 25.1 take a `list` value for a hash only when it matches
        // `\$(1|2a|2y|5|6)(\$.+){2}` (cc_set_passwords.py); a yescrypt (`$y$`) or other hash
        // there would be set as the plain-text password, so it never goes into `list`.
        let listTakesHash = CryptHash.isReadByChpasswdList(hash)
        let usersEntry: (key: String, value: YAMLValue) = (
            "users",
            .sequence([
                .mapping([("name", .string("root")), ("password", .string(hash)), ("type", .string("hash"))])
            ])
        )
        let listEntry: (key: String, value: YAMLValue) = ("list", .sequence([.string("root:" + hash)]))
        func chpasswd(_ entries: (key: String, value: YAMLValue)...) -> (key: String, value: YAMLValue) {
            ("chpasswd", .mapping([("expire", .boolean(false))] + entries))
        }
        switch version {
        case .some(let v) where v >= .chpasswdUsersSupport:
            // 22.3 on: `users` with `type: hash` goes to `chpasswd -e` whatever the scheme.
            return [chpasswd(usersEntry)]
        case .some(let v) where v >= .networkV2Support && listTakesHash:
            return [chpasswd(listEntry)]
        case .some:
            // Before 17.1 (0.7.5's cc_set_passwords reads `list` as one string and sends every
            // value to plain `chpasswd`), and 17.1-22.2 for a scheme their pattern lacks: no
            // chpasswd form stores a hash, so usermod does.
            return [Self.usermodRuncmd(hash)]
        case .none where listTakesHash:
            // Unknown version: both forms. 22.3+ applies `users` (and the deprecated `list`, to
            // the same hash); 17.1-22.2 apply `list` and ignore `users`.
            return [chpasswd(usersEntry, listEntry)]
        case .none:
            // Unknown version and a scheme `list` would take as plain text: 22.3+ applies
            // `users`, and usermod sets the same hash again on those and on every earlier one.
            return [chpasswd(usersEntry), Self.usermodRuncmd(hash)]
        }
    }

    /// `runcmd: [[usermod, -p, HASH, root]]`. `usermod -p` stores the hash itself. runcmd (in
    /// 0.7.5 already; once per instance, like chpasswd) quotes each item of the list form in
    /// single quotes (cloudinit/util.py `shellify`), so `$` in the hash is never expanded.
    private static func usermodRuncmd(_ hash: String) -> (key: String, value: YAMLValue) {
        let command: YAMLValue = .sequence([.string("usermod"), .string("-p"), .string(hash), .string("root")])
        return ("runcmd", .sequence([command]))
    }

    public var networkConfig: YAMLValue {
        if options.networkDisabled { return .mapping([("config", .string("disabled"))]) }
        return options.networkConfigVersion == 1 ? networkConfigV1 : networkConfigV2
    }

    /// Version 2 (netplan syntax) without a top-level `network:` key, which cloud-init before
    /// 18.5/22.2 misreads in NoCloud.
    public var networkConfigV2: YAMLValue {
        .mapping(
            NetworkConfigV2.document(configuration, defaultRouteAsGatewayKey: options.rendererHint.usesGatewayKey))
    }

    /// Version 1, for cloud-init before 17.1 and for anyone who asks.
    ///
    /// v1 has no on-link flag: an on-link gateway is written as is, and whether it works
    /// depends on the renderer (README, "Network rules").
    public var networkConfigV1: YAMLValue {
        var config: [YAMLValue] = []
        for nic in configuration.interfaces {
            var subnet: [(key: String, value: YAMLValue)] = [
                ("type", .string("static")), ("address", .string(nic.cidr)),
            ]
            var routes: [YAMLValue] = []
            if let gateway = configuration.defaultGateway(on: nic) {
                if options.rendererHint.usesGatewayKey {
                    subnet.append(("gateway", .string(gateway.description)))
                } else {
                    routes.append(Self.v1Route(.defaultRoute, gateway))
                }
            }
            routes += nic.routes.map { Self.v1Route($0.destination, $0.gateway) }
            if !routes.isEmpty { subnet.append(("routes", .sequence(routes))) }
            let servers = configuration.nameservers(on: nic)
            if !servers.isEmpty {
                subnet.append(("dns_nameservers", .sequence(servers.map { .string($0.description) })))
            }
            var physical: [(key: String, value: YAMLValue)] = [
                ("type", .string("physical")), ("name", .string(nic.name)),
            ]
            if let mac = nic.macAddress { physical.append(("mac_address", .string(mac.description))) }
            physical.append(("subnets", .sequence([.mapping(subnet)])))
            config.append(.mapping(physical))
        }
        return .mapping([("version", .integer(1)), ("config", .sequence(config))])
    }

    private static func v1Route(_ destination: IPv4Network, _ gateway: IPv4Address) -> YAMLValue {
        .mapping([
            ("network", .string(destination.address.description)),
            ("netmask", .string(destination.netmask.description)),
            ("gateway", .string(gateway.description)),
        ])
    }
}
