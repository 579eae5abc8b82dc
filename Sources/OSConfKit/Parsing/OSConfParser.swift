/// Turns the bytes of an os.conf into a validated ``OSConfiguration``.
///
/// The rules, in one place:
/// - Keys: `hostname` (RFC 1123; `_` becomes `-` with a warning), `password` (by
///   ``OSConfSource``: Alibaba Cloud's is base64, one trailing newline of the decoded value
///   dropped, and a value that already is a crypt(3) hash such as `$6$...` is used as the hash;
///   Tencent Cloud's is a crypt(3) string, see `OSConfParser+Password.swift`), `ethN_ip_addr`,
///   `ethN_mac_addr`, `ethN_netmask`, `ethN_gateway`, `ethN_route` for any N,
///   `dns_nameserver`, `instance_id` (the cloud's id, ``CloudInstanceID``; a malformed one is
///   dropped with a warning). Other well-formed keys are
///   ignored with a warning; a repeated key takes its last value, as in a shell, with a warning.
/// - A NIC exists when any of its keys does; it then needs `ethN_ip_addr` and `ethN_netmask`.
///   A file without NIC keys is valid and has no interfaces: the network is left alone.
/// - A file in which no known key has a value (empty, only comments, only unknown keys) is an
///   error: it is not what the cloud writes.
/// - The decoded password may be at most ``RootPassword/maximumPlaintextLength`` bytes, the
///   longest that crypt(3) checks.
/// - Lines end at LF, CRLF or a bare CR (see ``AssignmentParser``).
/// - Messages quote bad values only through ``QuotedValue`` and never quote the password.
/// - Network type: classic when any `eth1_*` key exists, VPC otherwise. The public NIC is
///   eth1 (classic) or eth0 (VPC).
/// - The default route is, first match wins: a `0.0.0.0/0` entry of the public NIC's
///   `ethN_route`; a `0.0.0.0/0` entry of another NIC (lowest N); the public NIC's
///   `ethN_gateway`; the gateway of the lowest-numbered NIC that has one. An explicit route
///   always beats an implied gateway, so a VPC file with extra NICs keeps its eth0 default. Every other `0.0.0.0/0` entry is
///   dropped with a warning, so every output has exactly one default route.
public struct OSConfParser: Sendable {
    /// The outcome of a successful parse.
    public struct Result: Sendable {
        public var configuration: OSConfiguration
        public var warnings: [Diagnostic]
    }

    public let fileName: String

    /// Decides how `password` is read (see ``OSConfSource``).
    public let source: OSConfSource

    public init(fileName: String, source: OSConfSource = .aliyun) {
        self.source = source
        self.fileName = fileName
    }

    struct NICKeys {
        var values: [String: Assignment] = [:]
        var firstLine = Int.max
    }

    private static let nicFields: Set<String> = ["ip_addr", "mac_addr", "netmask", "gateway", "route"]
    /// Bounds N in ethN so a hostile file cannot make the outputs huge.
    public static let maximumInterfaceIndex = 255

    /// What ``check(_:)`` found: the configuration when the file is valid, else every error.
    public struct Report: Sendable {
        /// Set exactly when `errors` is empty.
        public var configuration: OSConfiguration?
        public var errors: [OSConfError]
        public var warnings: [Diagnostic]
    }

    /// The validated configuration; throws the first error ``check(_:)`` finds.
    public func parse(_ bytes: [UInt8]) throws(OSConfError) -> Result {
        let report = check(bytes)
        guard let configuration = report.configuration else {
            // check sets a configuration exactly when it found no error: the fallback is never used.
            throw report.errors.first ?? OSConfError(file: fileName, line: nil, key: nil, reason: .setsNothing)
        }
        return Result(configuration: configuration, warnings: report.warnings)
    }

    /// Every error and warning of the file, for `validate`, in three stages, each run only when
    /// the one before found no error (a later stage would misread what an earlier one refused):
    /// every line that is not a plain assignment (see ``AssignmentParser/parseAll(_:)``); then
    /// every bad value of `hostname`, `password`, `dns_nameserver` and each NIC (the first of
    /// each NIC: its later keys are judged against its address and netmask); then the checks
    /// of the file as a whole (it sets something, no value shared by two NICs, a default
    /// route), of which the first that fails is reported.
    public func check(_ bytes: [UInt8]) -> Report {
        let (assignments, lineErrors) = AssignmentParser(
            fileName: fileName, secretKeys: ["password"],
            literalDollarKeys: source == .tencent ? ["password"] : []
        ).parseAll(bytes)
        var warnings: [Diagnostic] = []
        var errors = lineErrors
        guard errors.isEmpty else { return Report(configuration: nil, errors: errors, warnings: warnings) }
        /// The value `body` gives; nil, with its error recorded, when it throws.
        func attempt<Value>(_ body: () throws(OSConfError) -> Value) -> Value? {
            do {
                return try body()
            } catch {
                errors.append(error)
                return nil
            }
        }
        var global: [String: Assignment] = [:]
        var nics: [Int: NICKeys] = [:]

        for assignment in assignments {
            if let (index, field) = Self.splitNICKey(assignment.key) {
                guard index <= Self.maximumInterfaceIndex else {
                    errors.append(
                        invalid(assignment, "interface index \(index) is above \(Self.maximumInterfaceIndex)"))
                    continue
                }
                var keys = nics[index] ?? NICKeys()
                if keys.values[field] != nil { warnings.append(repeated(assignment)) }
                keys.values[field] = assignment
                keys.firstLine = min(keys.firstLine, assignment.line)
                nics[index] = keys
            } else if ["hostname", "password", "dns_nameserver", "instance_id"].contains(assignment.key) {
                if global[assignment.key] != nil { warnings.append(repeated(assignment)) }
                global[assignment.key] = assignment
            } else {
                warnings.append(
                    Diagnostic(
                        file: fileName, line: assignment.line, key: assignment.key,
                        message: "unknown key, not used"))
            }
        }

        let hostname =
            attempt { () throws(OSConfError) -> Hostname? in
                try global["hostname"].flatMap { a throws(OSConfError) in try parseHostname(a, warnings: &warnings) }
            } ?? nil
        let password =
            attempt { () throws(OSConfError) -> RootPassword? in
                try global["password"].flatMap { a throws(OSConfError) in try parsePassword(a, warnings: &warnings) }
            } ?? nil
        let cloudInstanceID = global["instance_id"].flatMap { parseCloudInstanceID($0, warnings: &warnings) }
        let nameservers =
            attempt { () throws(OSConfError) in
                try global["dns_nameserver"].map { a throws(OSConfError) in
                    try parseNameservers(a, warnings: &warnings)
                } ?? []
            } ?? []

        let networkType: NetworkType = nics[1] != nil ? .classic : .vpc
        var interfaces: [NetworkInterface] = []
        var defaultCandidates: [(index: Int, route: Route, assignment: Assignment)] = []
        for index in nics.keys.sorted() {
            guard let keys = nics[index],
                let (interface, defaults) = attempt({ () throws(OSConfError) in
                    try parseInterface(index: index, keys: keys, warnings: &warnings)
                })
            else { continue }
            interfaces.append(interface)
            defaultCandidates += defaults.map { (index, $0.0, $0.1) }
        }
        guard errors.isEmpty else { return Report(configuration: nil, errors: errors, warnings: warnings) }

        let defaultRoute: DefaultRoute?
        do throws(OSConfError) {
            // An empty value is no value (see above): such a key sets nothing either.
            if hostname == nil && password == nil && nameservers.isEmpty && nics.isEmpty {
                throw OSConfError(file: fileName, line: nil, key: nil, reason: .setsNothing)
            }
            try refuseSharedValues(interfaces: interfaces, keys: nics)
            defaultRoute = try chooseDefaultRoute(
                publicIndex: networkType.publicInterfaceIndex, interfaces: interfaces, candidates: defaultCandidates,
                warnings: &warnings)
        } catch {
            return Report(configuration: nil, errors: [error], warnings: warnings)
        }
        if let route = defaultRoute, let nic = interfaces.first(where: { $0.index == route.interfaceIndex }),
            !nic.subnet.contains(route.gateway)
        {
            warnings.append(
                Diagnostic(
                    file: fileName, line: nil, key: nic.name,
                    message:
                        "default gateway \(route.gateway) is outside \(nic.subnet); it is used as an on-link gateway"))
        }

        let configuration = OSConfiguration(
            hostname: hostname, password: password, interfaces: interfaces, nameservers: nameservers,
            networkType: networkType, defaultRoute: defaultRoute, contentDigest: SHA512.hexDigest(bytes),
            cloudInstanceID: cloudInstanceID)
        return Report(configuration: configuration, errors: [], warnings: warnings)
    }

    // MARK: - Pieces

    /// `eth12_route` gives (12, "route"); nil for anything that is not a NIC key.
    static func splitNICKey(_ key: String) -> (Int, String)? {
        guard key.hasPrefix("eth") else { return nil }
        let rest = key.dropFirst(3)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, digits.count == 1 || digits.first != "0",
            let index = Int(digits)
        else { return nil }
        let remainder = rest.dropFirst(digits.count)
        guard remainder.first == "_" else { return nil }
        let field = String(remainder.dropFirst())
        return nicFields.contains(field) ? (index, field) : nil
    }

    private func parseInterface(index: Int, keys: NICKeys, warnings: inout [Diagnostic]) throws(OSConfError) -> (
        NetworkInterface, [(Route, Assignment)]
    ) {
        let name = "eth\(index)"
        func required(_ field: String) throws(OSConfError) -> Assignment {
            guard let a = keys.values[field], !a.value.trimmingBlanks().isEmpty else {
                // An empty key is named on its own line; an absent one on the NIC's first line,
                // by the key that is there (`eth0_netmask: eth0_ip_addr is missing`).
                let place = keys.values[field] ?? keys.values.values.min { $0.line < $1.line }
                throw OSConfError(
                    file: fileName, line: place?.line ?? keys.firstLine, key: place?.key ?? "\(name)_\(field)",
                    reason: .missingKey("\(name)_\(field)"))
            }
            return a
        }
        let addressKey = try required("ip_addr")
        guard let address = IPv4Address(addressKey.value.trimmingBlanks()) else {
            throw invalid(addressKey, "\(QuotedValue.quote(addressKey.value)) is not an IPv4 address")
        }
        if let purpose = address.specialPurpose {
            throw invalid(addressKey, "\(address) is \(purpose), not a host address")
        }
        let maskKey = try required("netmask")
        let maskText = maskKey.value.trimmingBlanks()
        let prefixLength: Int
        if let mask = IPv4Address(maskText) {
            guard let length = IPv4Network.prefixLength(ofNetmask: mask), length > 0 else {
                throw invalid(maskKey, "netmask \(mask) is not a contiguous netmask")
            }
            prefixLength = length
        } else if let length = Int(maskText.hasPrefix("/") ? String(maskText.dropFirst()) : maskText),
            (1...32).contains(length)
        {
            prefixLength = length
        } else {
            throw invalid(maskKey, "\(QuotedValue.quote(maskText)) is not a netmask")
        }
        try refuseSubnetEdge(address, prefixLength: prefixLength, addressKey: addressKey)

        var mac: MACAddress?
        if let macKey = keys.values["mac_addr"], !macKey.value.trimmingBlanks().isEmpty {
            guard let parsed = MACAddress(macKey.value.trimmingBlanks()) else {
                throw invalid(macKey, "\(QuotedValue.quote(macKey.value)) is not a unicast MAC address")
            }
            try refuseUnusable(parsed, macKey: macKey)
            mac = parsed
        }

        var gateway: IPv4Address?
        if let gatewayKey = keys.values["gateway"], !gatewayKey.value.trimmingBlanks().isEmpty {
            guard let parsed = IPv4Address(gatewayKey.value.trimmingBlanks()) else {
                throw invalid(gatewayKey, "\(QuotedValue.quote(gatewayKey.value)) is not an IPv4 address")
            }
            try refuseGateway(parsed, of: name, address: address, key: gatewayKey, route: nil)
            gateway = parsed
        }

        let subnet = IPv4Network(containing: address, prefixLength: prefixLength)
        var routes: [Route] = []
        var defaults: [(Route, Assignment)] = []
        if let routeKey = keys.values["route"] {
            for entry in routeKey.value.split(separator: ";") {
                let fields = entry.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.isEmpty { continue }
                guard fields.count == 2 else {
                    throw invalid(
                        routeKey, "route \(QuotedValue.quote(words: fields, limit: 2)) is not 'CIDR GATEWAY'")
                }
                guard let (destination, hostBits) = IPv4Network.parse(fields[0]) else {
                    throw invalid(routeKey, "\(QuotedValue.quote(fields[0])) is not a CIDR prefix such as 10.0.0.0/8")
                }
                guard let via = IPv4Address(fields[1]) else {
                    throw invalid(routeKey, "\(QuotedValue.quote(fields[1])) is not an IPv4 gateway address")
                }
                try refuseGateway(via, of: name, address: address, key: routeKey, route: destination)
                if hostBits {
                    warnings.append(
                        Diagnostic(
                            file: fileName, line: routeKey.line, key: routeKey.key,
                            // Shown as written: it parsed as a prefix, so it is digits, dots and a slash.
                            message: "\(fields[0]) has host bits set; using \(destination)"))
                }
                let route = Route(destination: destination, gateway: via)
                if !destination.isDefault, !routes.contains(route), !subnet.contains(via) {
                    warnings.append(
                        Diagnostic(
                            file: fileName, line: routeKey.line, key: routeKey.key,
                            message: "gateway \(via) of route \(destination) is outside \(subnet); "
                                + "it is used as an on-link gateway"))
                }
                if destination.isDefault {
                    defaults.append((route, routeKey))
                } else if !routes.contains(route) {
                    routes.append(route)
                }
            }
        }
        let interface = NetworkInterface(
            index: index, address: address, prefixLength: prefixLength, macAddress: mac, gateway: gateway,
            routes: routes)
        return (interface, defaults)
    }

    private func chooseDefaultRoute(
        publicIndex: Int, interfaces: [NetworkInterface],
        candidates: [(index: Int, route: Route, assignment: Assignment)],
        warnings: inout [Diagnostic]
    ) throws(OSConfError) -> DefaultRoute? {
        guard !interfaces.isEmpty else { return nil }
        let chosen: DefaultRoute
        if let c = candidates.first(where: { $0.index == publicIndex }) ?? candidates.first {
            chosen = DefaultRoute(
                interfaceIndex: c.index, gateway: c.route.gateway,
                origin: c.index == publicIndex ? .publicRoute : .otherRoute)
        } else if let nic = interfaces.first(where: { $0.index == publicIndex }), let gateway = nic.gateway {
            chosen = DefaultRoute(interfaceIndex: nic.index, gateway: gateway, origin: .publicGateway)
        } else if let nic = interfaces.first(where: { $0.gateway != nil }), let gateway = nic.gateway {
            chosen = DefaultRoute(interfaceIndex: nic.index, gateway: gateway, origin: .otherGateway)
        } else {
            throw OSConfError(file: fileName, line: nil, key: nil, reason: .noDefaultRoute)
        }
        for c in candidates where !(c.index == chosen.interfaceIndex && c.route.gateway == chosen.gateway) {
            warnings.append(
                Diagnostic(
                    file: fileName, line: c.assignment.line, key: c.assignment.key,
                    message: "second default route 0.0.0.0/0 via \(c.route.gateway) dropped; "
                        + "the default route leaves through eth\(chosen.interfaceIndex) via \(chosen.gateway)"))
        }
        return chosen
    }

    func invalid(_ a: Assignment, _ why: String) -> OSConfError {
        OSConfError(file: fileName, line: a.line, key: a.key, reason: .invalidValue(why))
    }

    /// A warning about `a`'s line and key.
    func warning(_ a: Assignment, _ message: String) -> Diagnostic {
        Diagnostic(file: fileName, line: a.line, key: a.key, message: message)
    }

    private func repeated(_ a: Assignment) -> Diagnostic { warning(a, "key repeated; the last value is used") }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
