/// The refusals of values that parse but that no network can use: each would give an instance
/// that boots without a working network (or, for a MAC of zeros, crash cloud-init 22.4), so
/// it is a data error (exit 65) naming the line, never a silent success.
extension OSConfParser {
    /// A host address must be a unicast address (RFC 6890) and, on a subnet of /30 or shorter,
    /// neither the subnet's network address (RFC 1122 3.2.1.3: the host number may not be all
    /// zeros) nor its broadcast address (RFC 919: all ones). /31 (RFC 3021) and /32 subnets
    /// have no such addresses: both or the only address are hosts.
    func refuseSubnetEdge(_ address: IPv4Address, prefixLength: Int, addressKey: Assignment) throws(OSConfError) {
        guard prefixLength <= 30 else { return }
        let subnet = IPv4Network(containing: address, prefixLength: prefixLength)
        if address == subnet.address {
            throw invalid(addressKey, "\(address) is the network address of \(subnet), not a host address")
        }
        let broadcast = IPv4Address(rawValue: subnet.address.rawValue | ~IPv4Network.mask(prefixLength))
        if address == broadcast {
            throw invalid(addressKey, "\(address) is the broadcast address of \(subnet), not a host address")
        }
    }

    /// A next hop (`ethN_gateway`, or a route's gateway in `ethN_route`) must be another
    /// host's unicast address: 0.0.0.0 or the NIC's own address makes the kernel refuse the
    /// route or send the packets nowhere.
    func refuseGateway(
        _ gateway: IPv4Address, of nic: String, address: IPv4Address, key: Assignment, route: IPv4Network?
    ) throws(OSConfError) {
        let what = route.map { "gateway \(gateway) of route \($0)" } ?? "gateway \(gateway)"
        if let purpose = gateway.specialPurpose {
            throw invalid(key, "\(what) is \(purpose), not a router's address")
        }
        if gateway == address {
            throw invalid(key, "\(what) is \(nic)'s own address (\(nic)_ip_addr), not a router's")
        }
    }

    /// A NIC's MAC must be an individual (unicast) address other than all zeros (IEEE 802).
    func refuseUnusable(_ mac: MACAddress, macKey: Assignment) throws(OSConfError) {
        switch mac.unusable {
        case .none: return
        case .allZeros: throw invalid(macKey, "\(mac) is the all-zeros MAC address, which no NIC has")
        case .broadcast: throw invalid(macKey, "\(mac) is the broadcast MAC address, not a NIC's")
        case .multicast: throw invalid(macKey, "\(QuotedValue.quote(macKey.value)) is not a unicast MAC address")
        }
    }

    /// Two NICs with one MAC cannot both be matched (every format selects a NIC by its MAC),
    /// and two NICs with one address break ARP and routing. The later line is reported, naming
    /// the earlier, so the message points at the value most likely copied by mistake.
    func refuseSharedValues(interfaces: [NetworkInterface], keys: [Int: NICKeys]) throws(OSConfError) {
        var seen: [(value: String, field: String, nic: String, line: Int)] = []
        var entries: [(value: String, field: String, nic: String, assignment: Assignment)] = []
        for nic in interfaces {
            if let a = keys[nic.index]?.values["ip_addr"] {
                entries.append((nic.address.description, "address", nic.name, a))
            }
            if let mac = nic.macAddress, let a = keys[nic.index]?.values["mac_addr"] {
                entries.append((mac.description, "MAC address", nic.name, a))
            }
        }
        for entry in entries.sorted(by: { $0.assignment.line < $1.assignment.line }) {
            if let earlier = seen.first(where: { $0.value == entry.value && $0.field == entry.field }) {
                throw invalid(
                    entry.assignment,
                    "\(entry.value) is already the \(entry.field) of \(earlier.nic) (line \(earlier.line))")
            }
            seen.append((entry.value, entry.field, entry.nic, entry.assignment.line))
        }
    }

    /// `dns_nameserver`: IPv4 or IPv6 addresses (RFC 4291 text, kept in RFC 5952 form),
    /// separated by blanks or commas, duplicates dropped. IPv6 zone identifiers (`%eth0`,
    /// RFC 4007) are refused, and with them link-local servers, which need one. More than
    /// three is a warning: glibc's resolver reads only the first three (MAXNS, resolv.conf(5)).
    func parseNameservers(_ a: Assignment, warnings: inout [Diagnostic]) throws(OSConfError) -> [IPAddress] {
        var result: [IPAddress] = []
        for word in a.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            if word.contains("%") {
                throw invalid(
                    a,
                    "\(QuotedValue.quote(word)) has an IPv6 zone identifier (%), which name servers here cannot carry")
            }
            guard let address = IPAddress(word) else {
                throw invalid(a, "\(QuotedValue.quote(word)) is not an IPv4 or IPv6 address")
            }
            if let v6 = address.ipv6, v6.isLinkLocal {
                throw invalid(
                    a, "\(v6) is a link-local address, which is reachable only with a zone that os.conf cannot give")
            }
            if !result.contains(address) { result.append(address) }
        }
        if result.count > Self.resolverNameserverLimit {
            warnings.append(
                warning(
                    a,
                    "\(result.count) name servers; glibc's resolver (resolv.conf, and ifupdown through "
                        + "resolvconf) uses only the first \(Self.resolverNameserverLimit)"))
        }
        return result
    }

    /// MAXNS in glibc's resolv.h: the resolver reads at most this many `nameserver` lines.
    public static let resolverNameserverLimit = 3
}
