import OSConfKit
import Testing

@Suite("Name servers per link")
struct NameserverPlacementTests {
    /// eth0 10.10.10.10/24 with routes to 10.0.0.0/8 and 100.64.0.0/10; eth1 42.120.74.105/24
    /// with the default route; eth2 10.20.0.5/16, whose subnet is longer than eth0's /8 route.
    static let text = """
        eth0_ip_addr=10.10.10.10
        eth0_netmask=255.255.255.0
        eth0_route="10.0.0.0/8 10.10.10.1;100.64.0.0/10 10.10.10.1"
        eth1_ip_addr=42.120.74.105
        eth1_netmask=255.255.255.0
        eth1_gateway=42.120.74.1
        eth2_ip_addr=10.20.0.5
        eth2_netmask=255.255.0.0
        eth2_route="100.64.0.0/10 10.20.0.1"
        dns_nameserver="8.8.8.8 10.20.3.3 100.100.2.136 10.10.10.53 10.30.0.1 42.120.74.53"

        """

    static func model() throws -> OSConfiguration {
        try OSConfParser(fileName: "os.conf").parse(Array(text.utf8)).configuration
    }

    @Test(
        "each server goes to the NIC with the longest matching prefix, ties to the lower index",
        arguments: [
            ("10.10.10.53", 0),  // eth0's own /24
            ("10.30.0.1", 0),  // eth0's 10.0.0.0/8 route
            ("10.20.3.3", 2),  // eth2's /16 beats eth0's /8 route
            ("100.100.2.136", 0),  // 100.64.0.0/10 on eth0 and eth2: the lower index wins
            ("42.120.74.53", 1),  // eth1's subnet
            ("8.8.8.8", 1),  // nothing matches: the default-route NIC
        ])
    func placement(server: String, index: Int) throws {
        let address = try #require(IPv4Address(server))
        #expect(try Self.model().interfaceIndex(reaching: address) == index)
    }

    @Test("per-NIC lists keep os.conf order; the global list stays whole on the default NIC")
    func lists() throws {
        let model = try Self.model()
        let names = { (servers: [IPAddress]) in servers.map(\.description) }
        #expect(names(model.nameservers(on: model.interfaces[0])) == ["100.100.2.136", "10.10.10.53", "10.30.0.1"])
        #expect(names(model.nameservers(on: model.interfaces[1])) == ["8.8.8.8", "42.120.74.53"])
        #expect(names(model.nameservers(on: model.interfaces[2])) == ["10.20.3.3"])
        #expect(names(model.globalNameservers(on: model.interfaces[1])) == names(model.nameservers))
        #expect(model.globalNameservers(on: model.interfaces[0]).isEmpty)
    }

    @Test("an IPv6 name server goes to the default-route NIC")
    func ipv6() throws {
        let text = Self.text.replacingOccurrences(of: "dns_nameserver=\"", with: "dns_nameserver=\"2001:db8::53 ")
        let model = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8)).configuration
        #expect(model.nameservers(on: model.interfaces[1]).first?.description == "2001:db8::53")
        #expect(!model.nameservers(on: model.interfaces[0]).contains { $0.description == "2001:db8::53" })
    }

    @Test("ifcfg keeps one DNS1.. list in os.conf order on the default-route NIC")
    func ifcfg() throws {
        let files = SysconfigConfig(configuration: try Self.model()).files
        let text = { (name: String) in
            files.first { $0.path.hasSuffix(name) }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
        }
        #expect(text("ifcfg-eth1").contains("DNS1=8.8.8.8\nDNS2=10.20.3.3\nDNS3=100.100.2.136\n"))
        #expect(!text("ifcfg-eth0").contains("DNS"))
    }
}
