import OSConfKit
import Testing

@Suite("IPv6 name servers")
struct NameserverTests {
    static let nic = "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"

    @Test(
        "RFC 4291 text is parsed and written in RFC 5952 form",
        arguments: [
            ("2001:db8::53", "2001:db8::53"), ("2001:DB8:0:0:0:0:0:53", "2001:db8::53"),
            ("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("::", "::"),
            ("::1", "::1"), ("1::", "1::"), ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
            ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"), ("::FFFF:c000:0201", "::ffff:192.0.2.1"),
            ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"), ("2400:3200::1", "2400:3200::1"),
            ("fe80::1", "fe80::1"), ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ])
    func canonical(text: String, canonical: String) throws {
        let address = try #require(IPv6Address(text))
        #expect(address.description == canonical)
        #expect(IPv6Address(canonical) == address)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", ":1::", "1::2:",
            "1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.04", "1.2.3.4::", "fe80::1%eth0", "[::1]", "::1/128", " ::1",
            "::ffff:1.2.3.4:5", "١::1",
        ])
    func refused(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test("a mixed list keeps its order, drops repeats, and ipv4 is nil for IPv6")
    func mixed() throws {
        let model = try OSConfParser(fileName: "os.conf").parse(
            Array((Self.nic + "dns_nameserver=\"10.0.0.2 2001:DB8::053,10.0.0.2 2001:db8::53\"\n").utf8)
        ).configuration
        #expect(model.nameservers.map(\.description) == ["10.0.0.2", "2001:db8::53"])
        #expect(model.nameservers.map(\.ipv4) == [IPv4Address("10.0.0.2"), nil])
    }

    @Test("more than three name servers is a warning naming the line")
    func moreThanThree() throws {
        let result = try OSConfParser(fileName: "os.conf").parse(
            Array((Self.nic + "dns_nameserver=\"10.0.0.2 10.0.0.3 2001:db8::53 2001:db8::54\"\n").utf8))
        #expect(result.configuration.nameservers.count == 4)
        #expect(
            result.warnings.map(\.description) == [
                "os.conf:4: dns_nameserver: warning: 4 name servers; glibc's resolver (resolv.conf, and ifupdown through resolvconf) uses only the first 3"
            ])
        let three = try OSConfParser(fileName: "os.conf").parse(
            Array((Self.nic + "dns_nameserver=\"10.0.0.2 10.0.0.3 2001:db8::53\"\n").utf8))
        #expect(three.warnings.isEmpty)
    }

    @Test("every format writes the IPv6 server where its reader takes it")
    func everyFormat() throws {
        let model = try TestPaths.configuration("ipv6-dns.conf")
        let text = { (files: [RenderedFile]) in files.map(\.text).joined(separator: "\n") }
        #expect(text(NetworkdConfig(configuration: model).files).contains("DNS=2400:3200::1\nDNS=2001:db8::53\n"))
        #expect(
            text(IfupdownConfig(configuration: model).files).contains(
                "dns-nameservers 100.100.2.136 2400:3200::1 2001:db8::53\n"))
        #expect(text(SysconfigConfig(configuration: model).files).contains("DNS2=2400:3200::1\nDNS3=2001:db8::53\n"))
        let keyfile = text(NetworkManagerConfig(configuration: model).files)
        #expect(keyfile.contains("[ipv4]\n") && keyfile.contains("dns=100.100.2.136;\n"))
        #expect(keyfile.contains("[ipv6]\nmethod=auto\ndns=2400:3200::1;2001:db8::53;\nignore-auto-dns=true\n"))
        #expect(text(NetplanConfig(configuration: model).files).contains("\"2400:3200::1\""))
    }

    @Test("resolv.conf and the systemd-resolved drop-in carry IPv6 name servers")
    func resolverFiles() throws {
        let servers = try TestPaths.configuration("ipv6-dns.conf").nameservers
        let plain = try TemporaryRoot()
        plain.write("etc/resolv.conf", "nameserver 192.0.2.1\n")
        let resolvConf = try #require(ResolverFile.file(for: servers, in: try plain.tree()))
        #expect(resolvConf.path == "etc/resolv.conf")
        #expect(
            resolvConf.text
                == "# written by osconf2seed from os.conf\nnameserver 100.100.2.136\nnameserver 2400:3200::1\n"
                + "nameserver 2001:db8::53\n")
        let resolved = try TemporaryRoot()
        resolved.mkdir("etc")
        resolved.link("etc/resolv.conf", to: "../run/systemd/resolve/stub-resolv.conf")
        let dropIn = try #require(ResolverFile.file(for: servers, in: try resolved.tree()))
        #expect(dropIn.path == ResolverFile.resolvedDropIn)
        #expect(dropIn.text.hasSuffix("[Resolve]\nDNS=100.100.2.136 2400:3200::1 2001:db8::53\n"))
    }
}
