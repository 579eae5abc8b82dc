/// NetworkManager keyfiles for the configuration:
/// `etc/NetworkManager/system-connections/osconf2seed-ethN.nmconnection`.
///
/// For Fedora, RHEL 9+ and other NetworkManager systems (and Fedora CoreOS through Ignition).
/// Decisions:
/// - mode 0600: NetworkManager ignores keyfiles that others can read;
/// - the connection `uuid` is derived from the MAC (or the name) with SHA-512, formatted as a
///   UUID (version 8, RFC 9562), so a rerun rewrites the same connection instead of adding one;
/// - with a MAC, `[ethernet] mac-address=` alone binds the connection (as cloud-init's renderer
///   does): NetworkManager does not rename NICs, and when the cloud attaches the NICs in another
///   order than os.conf, the NIC with os.conf's eth0 MAC may be the kernel's eth1; an
///   `interface-name=eth0` beside the MAC would then match no NIC at all. Without a MAC,
///   `interface-name=ethN` is the only binding;
/// - `gateway=` on the default-route NIC, or, when the gateway is outside the subnet,
///   `route1=0.0.0.0/0,GW` with `route1_options=onlink=true` (as for any on-link route);
///   `dns=` on each NIC with the name servers it reaches; `never-default=true` on the NICs
///   without the default route, so
///   nothing else (DHCP included) can add a default route through them;
/// - `ignore-auto-dns=true` and `[ipv6] method=ignore`: os.conf describes IPv4 only; but IPv6
///   name servers go in `[ipv6] dns=`, which NetworkManager allows only with an IPv6 method
///   that configures addresses, so that NIC gets `[ipv6] method=auto` (SLAAC/DHCPv6, which
///   also makes the server reachable) with `ignore-auto-dns=true`.
public struct NetworkManagerConfig: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public static let directory = "etc/NetworkManager/system-connections"

    public var files: [RenderedFile] {
        configuration.interfaces.map { nic in
            RenderedFile(
                path: "\(Self.directory)/osconf2seed-\(nic.name).nmconnection", contents: keyfile(nic).rendered,
                mode: 0o600)
        }
    }

    /// The stable connection UUID of a NIC: the first 16 bytes of SHA-512 over a fixed prefix
    /// and the MAC (or `ethN`), with the version and variant bits of a version-8 UUID.
    public static func connectionUUID(for nic: NetworkInterface) -> String {
        var bytes = Array(SHA512.hash(Array("osconf2seed-nm:\(nic.macAddress?.description ?? nic.name)".utf8))[0..<16])
        bytes[6] = bytes[6] & 0x0f | 0x80
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return groups.joined(separator: "-")
    }

    private func keyfile(_ nic: NetworkInterface) -> INIDocument {
        var ethernet: [(key: String, value: String)] = []
        if let mac = nic.macAddress { ethernet.append(("mac-address", mac.description)) }
        var ipv4: [(key: String, value: String)] = [("method", "manual"), ("address1", nic.cidr)]
        // `gateway=` cannot be marked on-link, so an on-link default route is route1 with
        // `route1_options=onlink=true`.
        var routes = nic.routes
        if let gateway = configuration.defaultGateway(on: nic) {
            if configuration.defaultRouteIsOnLink(on: nic) {
                routes.insert(Route(destination: .defaultRoute, gateway: gateway), at: 0)
            } else {
                ipv4.append(("gateway", gateway.description))
            }
        } else {
            ipv4.append(("never-default", "true"))
        }
        for (position, route) in routes.enumerated() {
            ipv4.append(("route\(position + 1)", "\(route.destination),\(route.gateway)"))
            if nic.needsOnLink(route.gateway) { ipv4.append(("route\(position + 1)_options", "onlink=true")) }
        }
        let servers = configuration.nameservers(on: nic)
        let ipv4Servers = servers.compactMap({ $0.ipv4 }).map({ $0.description })
        let ipv6Servers = servers.compactMap({ $0.ipv6 }).map({ $0.description })
        if !ipv4Servers.isEmpty { ipv4.append(("dns", ipv4Servers.map { "\($0);" }.joined())) }
        ipv4.append(("ignore-auto-dns", "true"))
        // NetworkManager refuses `ipv6.dns` with `method=ignore` (or link-local, disabled): the
        // NIC that carries IPv6 name servers takes its IPv6 address by router advertisement
        // (`auto`), which is also what makes an IPv6 server reachable, and only our servers.
        var ipv6: [(key: String, value: String)] = [("method", "ignore")]
        if !ipv6Servers.isEmpty {
            ipv6 = [("method", "auto"), ("dns", ipv6Servers.map { "\($0);" }.joined()), ("ignore-auto-dns", "true")]
        }
        let connection: [(key: String, value: String)] =
            [
                ("id", "osconf2seed-\(nic.name)"), ("uuid", Self.connectionUUID(for: nic)), ("type", "ethernet"),
            ] + (nic.macAddress == nil ? [("interface-name", nic.name)] : [])
        var sections: [INIDocument.Section] = [("connection", connection)]
        if !ethernet.isEmpty { sections.append(("ethernet", ethernet)) }
        sections += [("ipv4", ipv4), ("ipv6", ipv6)]
        return INIDocument(sections: sections)
    }
}
