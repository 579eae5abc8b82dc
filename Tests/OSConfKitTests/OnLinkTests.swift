import OSConfKit
import Testing

@Suite("On-link gateways")
struct OnLinkTests {
    /// The marker each format must carry for the on-link fixture (a /32 default route on eth1,
    /// an extra route on eth0 through 192.168.5.1, outside 10.0.0.0/24), by golden-file name.
    static let markers: [(format: String, needles: [String])] = [
        (
            "netplan",
            ["via: \"203.0.113.65\"\n          on-link: true", "via: \"192.168.5.1\"\n          on-link: true"]
        ),
        (
            "networkd",
            [
                "[Route]\nGateway=203.0.113.65\nGatewayOnLink=yes",
                "[Route]\nDestination=172.16.0.0/12\nGateway=192.168.5.1\nGatewayOnLink=yes",
            ]
        ),
        // ifupdown's own `gateway` line gets `onlink` from ifupdown; our routes say it themselves.
        ("ifupdown", ["gateway 203.0.113.65", "ip route replace 172.16.0.0/12 via 192.168.5.1 dev $IFACE onlink"]),
        ("sysconfig", ["default via 203.0.113.65 dev eth1 onlink", "172.16.0.0/12 via 192.168.5.1 dev eth0 onlink"]),
        (
            "networkmanager",
            [
                "route1=0.0.0.0/0,203.0.113.65\nroute1_options=onlink=true",
                "route1=172.16.0.0/12,192.168.5.1\nroute1_options=onlink=true",
            ]
        ),
    ]

    static func text(_ format: String, fixture: String) throws -> String {
        let files = try NetworkFormatTests.rendered(fixture).first { $0.name == format }?.files ?? []
        return files.map { String(decoding: $0.contents, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test("every format marks an out-of-subnet gateway on-link", arguments: markers)
    func marked(format: String, needles: [String]) throws {
        let text = try Self.text(format, fixture: "onlink")
        for needle in needles { #expect(text.contains(needle), "\(format) lacks \(needle)") }
    }

    @Test("no on-link marker where every gateway is inside its subnet", arguments: markers.map(\.format))
    func unmarked(format: String) throws {
        let text = try Self.text(format, fixture: "classic")
        for marker in ["on-link", "onlink", "OnLink"] { #expect(!text.contains(marker)) }
    }

    @Test("GATEWAY= and gateway= cannot say on-link, so they are not written for an on-link default")
    func noPlainGatewayKey() throws {
        #expect(!(try Self.text("sysconfig", fixture: "onlink")).contains("GATEWAY="))
        #expect(!(try Self.text("networkmanager", fixture: "onlink")).contains("gateway="))
        let networkd = try Self.text("networkd", fixture: "onlink")
        #expect(!networkd.contains("[Network]\nAddress=203.0.113.77/32\nGateway="))
    }

    @Test("the NoCloud v2 route says on-link unless the renderer hint asks for gateway4")
    func noCloud() throws {
        let model = try TestPaths.configuration("onlink.conf")
        let routes = NoCloudSeed(
            configuration: model, rootPasswordHash: nil, options: NoCloudOptions(rendererHint: .networkd)
        ).networkConfig.rendered
        #expect(routes.contains("to: \"0.0.0.0/0\"\n        via: \"203.0.113.65\"\n        on-link: true"))
        #expect(routes.contains("via: \"192.168.5.1\"\n        on-link: true"))
        let gateway4 = NoCloudSeed(configuration: model, rootPasswordHash: nil, options: NoCloudOptions())
            .networkConfig.rendered
        #expect(gateway4.contains("gateway4: \"203.0.113.65\""))
    }

    @Test(
        "warnings name the file, line and key of each on-link gateway",
        arguments: [
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"
                    + "eth0_route=\"172.16.0.0/12 192.168.5.1\"\n",
                "os.conf:4: eth0_route: warning: gateway 192.168.5.1 of route 172.16.0.0/12 is outside 10.0.0.0/24; "
                    + "it is used as an on-link gateway"
            ),
            (
                "eth0_ip_addr=203.0.113.77\neth0_netmask=255.255.255.255\neth0_gateway=203.0.113.65\n",
                "os.conf: eth0: warning: default gateway 203.0.113.65 is outside 203.0.113.77/32; "
                    + "it is used as an on-link gateway"
            ),
        ])
    func warning(text: String, expected: String) throws {
        let warnings = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8)).warnings.map(\.description)
        #expect(warnings == [expected])
    }

    @Test("a gateway inside the subnet, /31 included, needs no on-link")
    func inside() throws {
        let text = "eth0_ip_addr=10.0.0.0\neth0_netmask=255.255.255.254\neth0_gateway=10.0.0.1\n"
        let result = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
        #expect(result.warnings.isEmpty)
        let nic = try #require(result.configuration.interfaces.first)
        #expect(!result.configuration.defaultRouteIsOnLink(on: nic))
    }
}
