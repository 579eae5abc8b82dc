import OSConfKit
import Testing

/// Values that parse but that no network can use are data errors naming the file, the line
/// and the key: in the model (``OSConfParser``) and through `convert` (exit 65, nothing written).
@Suite("Values no network can use are refused")
struct UnusableValueTests {
    /// eth0 on line 1-2 (10.0.0.5/24), the gateway on line 3 unless a case replaces it.
    static func nic(address: String = "10.0.0.5", netmask: String = "255.255.255.0", gateway: String = "10.0.0.1")
        -> String
    {
        "eth0_ip_addr=\(address)\neth0_netmask=\(netmask)\neth0_gateway=\(gateway)\n"
    }

    static let cases: [(text: String, message: String)] = [
        // Gateways.
        (
            nic(gateway: "0.0.0.0"),
            "os.conf:3: eth0_gateway: gateway 0.0.0.0 is the unspecified address, not a router's address"
        ),
        (
            nic(gateway: "10.0.0.5"),
            "os.conf:3: eth0_gateway: gateway 10.0.0.5 is eth0's own address (eth0_ip_addr), not a router's"
        ),
        (
            nic(gateway: "224.0.0.1"),
            "os.conf:3: eth0_gateway: gateway 224.0.0.1 is a multicast address (224.0.0.0/4), not a router's address"
        ),
        (
            nic(gateway: "255.255.255.255"),
            "os.conf:3: eth0_gateway: gateway 255.255.255.255 is the limited broadcast address, not a router's address"
        ),
        (
            nic(gateway: "127.0.0.1"),
            "os.conf:3: eth0_gateway: gateway 127.0.0.1 is a loopback address (127.0.0.0/8), not a router's address"
        ),
        (
            nic() + "eth0_route=\"10.8.0.0/16 10.0.0.1;172.16.0.0/12 0.0.0.0\"\n",
            "os.conf:4: eth0_route: gateway 0.0.0.0 of route 172.16.0.0/12 is the unspecified address, not a router's address"
        ),
        (
            nic() + "eth0_route=\"0.0.0.0/0 10.0.0.5\"\n",
            "os.conf:4: eth0_route: gateway 10.0.0.5 of route 0.0.0.0/0 is eth0's own address (eth0_ip_addr), not a router's"
        ),
        // Host addresses.
        (nic(address: "0.0.0.0"), "os.conf:1: eth0_ip_addr: 0.0.0.0 is the unspecified address, not a host address"),
        (
            nic(address: "127.0.0.1"),
            "os.conf:1: eth0_ip_addr: 127.0.0.1 is a loopback address (127.0.0.0/8), not a host address"
        ),
        (
            nic(address: "224.0.0.5"),
            "os.conf:1: eth0_ip_addr: 224.0.0.5 is a multicast address (224.0.0.0/4), not a host address"
        ),
        (
            nic(address: "239.255.255.250"),
            "os.conf:1: eth0_ip_addr: 239.255.255.250 is a multicast address (224.0.0.0/4), not a host address"
        ),
        (
            nic(address: "255.255.255.255"),
            "os.conf:1: eth0_ip_addr: 255.255.255.255 is the limited broadcast address, not a host address"
        ),
        (
            nic(address: "240.0.0.1"),
            "os.conf:1: eth0_ip_addr: 240.0.0.1 is in the reserved block 240.0.0.0/4, not a host address"
        ),
        (
            nic(address: "10.0.0.0"),
            "os.conf:1: eth0_ip_addr: 10.0.0.0 is the network address of 10.0.0.0/24, not a host address"
        ),
        (
            nic(address: "10.0.0.255"),
            "os.conf:1: eth0_ip_addr: 10.0.0.255 is the broadcast address of 10.0.0.0/24, not a host address"
        ),
        (
            nic(address: "10.0.0.7", netmask: "255.255.255.252", gateway: "10.0.0.5"),
            "os.conf:1: eth0_ip_addr: 10.0.0.7 is the broadcast address of 10.0.0.4/30, not a host address"
        ),
        (
            nic(address: "10.0.0.4", netmask: "30", gateway: "10.0.0.5"),
            "os.conf:1: eth0_ip_addr: 10.0.0.4 is the network address of 10.0.0.4/30, not a host address"
        ),
        // MACs.
        (
            nic() + "eth0_mac_addr=00:00:00:00:00:00\n",
            "os.conf:4: eth0_mac_addr: 00:00:00:00:00:00 is the all-zeros MAC address, which no NIC has"
        ),
        (
            nic() + "eth0_mac_addr=FF:FF:FF:FF:FF:FF\n",
            "os.conf:4: eth0_mac_addr: ff:ff:ff:ff:ff:ff is the broadcast MAC address, not a NIC's"
        ),
        (
            nic() + "eth0_mac_addr=33:33:00:00:00:01\n",
            "os.conf:4: eth0_mac_addr: '33:33:00:00:00:01' is not a unicast MAC address"
        ),
        // Shared between NICs: the later line, naming the earlier.
        (
            "eth0_mac_addr=00:16:3e:00:00:01\n" + nic()
                + "eth1_ip_addr=42.0.0.5\neth1_netmask=24\neth1_gateway=42.0.0.1\n"
                + "eth1_mac_addr=00:16:3E:00:00:01\n",
            "os.conf:8: eth1_mac_addr: 00:16:3e:00:00:01 is already the MAC address of eth0 (line 1)"
        ),
        (
            "eth1_ip_addr=10.0.0.5\neth1_netmask=16\n" + nic(),
            "os.conf:3: eth0_ip_addr: 10.0.0.5 is already the address of eth1 (line 1)"
        ),
        // IPv6 name servers that cannot be reached as written.
        (
            nic() + "dns_nameserver=\"10.0.0.2 fe80::1%eth0\"\n",
            "os.conf:4: dns_nameserver: 'fe80::1...' has an IPv6 zone identifier (%), which name servers here cannot carry"
        ),
        (
            nic() + "dns_nameserver=\"fe80::53\"\n",
            "os.conf:4: dns_nameserver: fe80::53 is a link-local address, which is reachable only with a zone that os.conf cannot give"
        ),
        (
            nic() + "dns_nameserver=\"2001:db8::53::1\"\n",
            "os.conf:4: dns_nameserver: '2001:db8::53::1' is not an IPv4 or IPv6 address"
        ),
    ]

    @Test("refused by the parser with the exact message and line", arguments: cases)
    func parser(text: String, message: String) {
        #expect {
            _ = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
        } throws: { error in
            let description = (error as? OSConfError)?.description ?? "\(error)"
            if description != message { Issue.record("got: \(description)") }
            return description == message
        }
    }

    @Test("refused by convert: exit 65, the message, nothing written", arguments: cases)
    func convert(text: String, message: String) {
        let fs = MemoryFileSystem()
        fs.addFile("/in/os.conf", Array(text.utf8))
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fs, console: console.console, random: FixedRandom()))
        let status = tool.run(["convert", "--output", "/s", "/in/os.conf"])
        #expect(status == .dataError)
        #expect(console.standardError == "osconf2seed: /in/" + message + "\n")
        #expect(fs.entries["/s"] == nil)
    }

    @Test(
        "usable edge values are taken",
        arguments: [
            nic(address: "10.0.0.6", netmask: "255.255.255.254", gateway: "10.0.0.7"),  // /31, RFC 3021
            nic(address: "10.0.0.7", netmask: "255.255.255.254", gateway: "10.0.0.6"),
            nic(address: "10.0.0.8", netmask: "32", gateway: "10.0.0.1"),  // /32: an on-link gateway
            nic(address: "10.0.0.6", netmask: "30", gateway: "10.0.0.5"),
            nic(address: "169.254.0.5", netmask: "16", gateway: "169.254.0.1"),
            nic() + "eth0_mac_addr=02:00:00:00:00:01\n",
            nic() + "eth0_route=\"10.0.0.0/8 10.0.0.1\"\neth1_ip_addr=10.1.0.5\neth1_netmask=16\n",
        ])
    func accepted(text: String) throws {
        _ = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
    }
}
