import OSConfKit
import Testing

@Suite("From os.conf to the validated model")
struct OSConfParserTests {
    private func parse(_ text: String) throws(OSConfError) -> OSConfParser.Result {
        try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
    }

    private func expectError(_ text: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try parse(text)
        } throws: { error in
            let description = (error as? OSConfError)?.description ?? "\(error)"
            if description != message { Issue.record("got: \(description)", sourceLocation: sourceLocation) }
            return description == message
        }
    }

    private let vpcNIC = "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"

    @Test("the documented classic example")
    func classic() throws {
        let model = try TestPaths.configuration("classic.conf")
        #expect(model.networkType == .classic)
        #expect(model.hostname?.value == "iZ23r29djmjZ")
        #expect(model.password == .plaintext(Array("qwer1234".utf8)))
        #expect(model.interfaces.map(\.name) == ["eth0", "eth1"])
        #expect(model.interfaces[0].cidr == "10.171.254.123/24")
        #expect(model.interfaces[0].macAddress?.description == "00:8c:fa:5e:14:23")
        #expect(
            model.interfaces[0].routes.map(\.description) == [
                "10.0.0.0/8 via 10.171.254.1", "172.16.0.0/12 via 10.171.254.1",
            ])
        #expect(model.interfaces[1].routes.isEmpty)
        #expect(
            model.defaultRoute
                == DefaultRoute(interfaceIndex: 1, gateway: IPv4Address("42.120.74.1")!, origin: .publicRoute))
        #expect(model.nameservers.map(\.description) == ["7.7.7.7", "8.8.8.8"])
    }

    @Test("the documented VPC example")
    func vpc() throws {
        let model = try TestPaths.configuration("vpc.conf")
        #expect(model.networkType == .vpc)
        #expect(
            model.defaultRoute
                == DefaultRoute(interfaceIndex: 0, gateway: IPv4Address("10.171.254.1")!, origin: .publicRoute))
        #expect(model.interfaces.count == 1)
        #expect(model.interfaces[0].routes.isEmpty)
    }

    @Test("three NICs: any N, MACs normalised, every route, explicit default beats the classic rule")
    func threeNICs() throws {
        let model = try TestPaths.configuration("three-nics.conf")
        #expect(model.interfaces.map(\.name) == ["eth0", "eth1", "eth2"])
        #expect(model.interfaces[0].macAddress?.description == "00:16:3e:0a:00:10")
        #expect(model.interfaces[2].prefixLength == 16)
        #expect(model.interfaces[2].routes.map(\.destination.description) == ["172.21.0.0/16", "172.22.0.0/16"])
        #expect(
            model.defaultRoute
                == DefaultRoute(interfaceIndex: 0, gateway: IPv4Address("192.168.0.253")!, origin: .otherRoute))
        #expect(model.hostname?.shortName == "web-01")
    }

    @Test("many routes with stray spaces and a trailing ';'")
    func manyRoutes() throws {
        let model = try TestPaths.configuration("many-routes.conf")
        #expect(model.interfaces[0].routes.count == 4)
        #expect(model.interfaces[1].routes.map(\.destination.description) == ["8.8.8.0/24", "1.1.1.0/24"])
        #expect(model.interfaces[0].prefixLength == 20)
        #expect(model.defaultRoute?.interfaceIndex == 1)
    }

    @Test("every quoting form, CRLF, BOM, export and comments in one file")
    func quoting() throws {
        let result = try OSConfParser(fileName: "quoting.conf").parse(TestPaths.fixture("quoting.conf"))
        let model = result.configuration
        #expect(result.warnings.isEmpty)
        #expect(model.hostname?.value == "quoted-host")
        #expect(model.password == .plaintext(Array("qwer1234".utf8)))
        #expect(model.interfaces[0].macAddress?.description == "00:11:22:33:44:55")
        #expect(
            model.defaultRoute
                == DefaultRoute(interfaceIndex: 0, gateway: IPv4Address("10.0.0.1")!, origin: .publicRoute))
        #expect(model.nameservers.map(\.description) == ["1.1.1.1"])
    }

    @Test("a ready crypt hash (Tencent Cloud) is kept as the hash")
    func tencentHash() throws {
        let model = try TestPaths.configuration("tencent.conf")
        guard case .cryptHash(let hash) = model.password else {
            Issue.record("expected a crypt hash")
            return
        }
        #expect(hash.hasPrefix("$6$Tc9sQx2LmPq7$"))
        #expect(
            model.defaultRoute
                == DefaultRoute(interfaceIndex: 0, gateway: IPv4Address("172.17.0.1")!, origin: .publicGateway))
    }

    @Test("without any 0.0.0.0/0 route the public NIC's gateway is the default route")
    func gatewayFallback() throws {
        let classic = try parse(
            vpcNIC + "eth1_ip_addr=42.0.0.5\neth1_netmask=255.255.255.0\neth1_gateway=42.0.0.1\n")
        #expect(
            classic.configuration.defaultRoute
                == DefaultRoute(interfaceIndex: 1, gateway: IPv4Address("42.0.0.1")!, origin: .publicGateway))
        let vpc = try parse(vpcNIC)
        #expect(
            vpc.configuration.defaultRoute
                == DefaultRoute(interfaceIndex: 0, gateway: IPv4Address("10.0.0.1")!, origin: .publicGateway))
    }

    @Test("a second default route is dropped with a warning")
    func secondDefaultRoute() throws {
        let result = try parse(
            vpcNIC + "eth0_route=\"0.0.0.0/0 10.0.0.1\"\n"
                + "eth1_ip_addr=42.0.0.5\neth1_netmask=255.255.255.0\neth1_route=\"0.0.0.0/0 42.0.0.1\"\n")
        #expect(
            result.configuration.defaultRoute
                == DefaultRoute(interfaceIndex: 1, gateway: IPv4Address("42.0.0.1")!, origin: .publicRoute))
        #expect(
            result.warnings.map(\.description) == [
                "os.conf:4: eth0_route: warning: second default route 0.0.0.0/0 via 10.0.0.1 dropped; the default route leaves through eth1 via 42.0.0.1"
            ])
    }

    @Test("unknown and repeated keys are warnings, not errors")
    func warnings() throws {
        let result = try parse("color=blue\nhostname=a\nhostname=b\n" + vpcNIC)
        #expect(result.configuration.hostname?.value == "b")
        #expect(
            result.warnings.map(\.description) == [
                "os.conf:1: color: warning: unknown key, not used",
                "os.conf:3: hostname: warning: key repeated; the last value is used",
            ])
    }

    @Test("a route destination with host bits is normalised with a warning")
    func hostBits() throws {
        let result = try parse(vpcNIC + "eth0_route=\"10.1.2.3/8 10.0.0.1\"\n")
        #expect(result.configuration.interfaces[0].routes.map(\.destination.description) == ["10.0.0.0/8"])
        #expect(result.warnings.count == 1)
    }

    @Test(
        "invalid values name the file, line and key",
        arguments: [
            ("hostname=bad..name\n", "os.conf:1: hostname: 'bad..name' is not an RFC 1123 host name"),
            ("hostname=-x\n", "os.conf:1: hostname: '-x' is not an RFC 1123 host name"),
            (
                "eth0_ip_addr=10.0.0.256\neth0_netmask=255.0.0.0\n",
                "os.conf:1: eth0_ip_addr: '10.0.0.256' is not an IPv4 address"
            ),
            (
                "eth0_ip_addr=010.0.0.1\neth0_netmask=255.0.0.0\n",
                "os.conf:1: eth0_ip_addr: '010.0.0.1' is not an IPv4 address"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.255.0\n",
                "os.conf:2: eth0_netmask: netmask 255.0.255.0 is not a contiguous netmask"
            ),
            ("eth0_ip_addr=10.0.0.5\neth0_netmask=ff\n", "os.conf:2: eth0_netmask: 'ff' is not a netmask"),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_mac_addr=00:11:22:33:44\n",
                "os.conf:3: eth0_mac_addr: '00:11:22:33:44' is not a unicast MAC address"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_mac_addr=01:00:5e:00:00:01\n",
                "os.conf:3: eth0_mac_addr: '01:00:5e:00:00:01' is not a unicast MAC address"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_gateway=x\n",
                "os.conf:3: eth0_gateway: 'x' is not an IPv4 address"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"10.0.0.0/8\"\n",
                "os.conf:3: eth0_route: route '10.0.0.0/8' is not 'CIDR GATEWAY'"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"10.0.0.0 10.0.0.1\"\n",
                "os.conf:3: eth0_route: '10.0.0.0' is not a CIDR prefix such as 10.0.0.0/8"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"10.0.0.0/33 10.0.0.1\"\n",
                "os.conf:3: eth0_route: '10.0.0.0/33' is not a CIDR prefix such as 10.0.0.0/8"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"0.0.0.0/0 gw\"\n",
                "os.conf:3: eth0_route: 'gw' is not an IPv4 gateway address"
            ),
            ("eth0_netmask=255.0.0.0\n", "os.conf:1: eth0_netmask: eth0_ip_addr is missing or empty"),
            ("eth0_ip_addr=10.0.0.5\n", "os.conf:1: eth0_ip_addr: eth0_netmask is missing or empty"),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\n",
                "os.conf: no default route: no ethN_route holds 0.0.0.0/0 and no ethN_gateway is set"
            ),
            (
                "dns_nameserver=\"8.8.8.8 dns.google\"\n",
                "os.conf:1: dns_nameserver: 'dns.google' is not an IPv4 or IPv6 address"
            ),
            ("eth999_ip_addr=10.0.0.5\n", "os.conf:1: eth999_ip_addr: interface index 999 is above 255"),
        ])
    func invalidValues(text: String, message: String) {
        expectError(text, message)
    }

    @Test(
        "a bad password never appears in the error",
        arguments: ["c2VjcmV0!!", "c2VjcmV0X", "Cg==", "AA=="])
    func badPassword(value: String) {
        #expect {
            _ = try parse("password=\(value)\n" + vpcNIC)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("os.conf:1: password: ") && !text.contains(value)
        }
    }

    @Test("bare CR line endings: each assignment is its own line, nothing leaks into another")
    func bareCR() throws {
        // printf 'hostname=web01\rpassword=U2VjcmV0LVB3MSE=\r'
        let result = try parse("hostname=web01\rpassword=U2VjcmV0LVB3MSE=\r")
        #expect(result.warnings.isEmpty)
        #expect(result.configuration.hostname?.value == "web01")
        #expect(result.configuration.password == .plaintext(Array("Secret-Pw1!".utf8)))
        let numbered = try parse("hostname=web01\rpassword=U2VjcmV0LVB3MSE=\rcolor=blue\r")
        #expect(numbered.warnings.map(\.description) == ["os.conf:3: color: warning: unknown key, not used"])
    }

    @Test(
        "a quoted value is cut before anything run together with it, and capped",
        arguments: [
            (
                "hostname=\"web01 password=U2VjcmV0LVB3MSE=\"",
                "os.conf:1: hostname: 'web01...' is not an RFC 1123 host name"
            ),
            (
                "hostname=\"web01\tpassword=U2VjcmV0LVB3MSE=\"",
                "os.conf:1: hostname: 'web01...' is not an RFC 1123 host name"
            ),
            (
                "hostname=web01\u{0B}password=U2VjcmV0LVB3MSE=",
                "os.conf:1: hostname: 'web01...' is not an RFC 1123 host name"
            ),
            (
                "hostname=web01\u{0C}password=U2VjcmV0LVB3MSE=",
                "os.conf:1: hostname: 'web01...' is not an RFC 1123 host name"
            ),
            (
                "hostname='web01;password=U2VjcmV0LVB3MSE='",
                "os.conf:1: hostname: 'web01...' is not an RFC 1123 host name"
            ),
            (
                "hostname='web01#password=U2VjcmV0LVB3MSE='",
                "os.conf:1: hostname: 'web01...' is not an RFC 1123 host name"
            ),
            (
                "hostname=web01password=U2VjcmV0LVB3MSE=",
                "os.conf:1: hostname: 'web01password...' is not an RFC 1123 host name"
            ),
            ("hostname=h\u{E9}llo", "os.conf:1: hostname: 'h...' is not an RFC 1123 host name"),
            ("hostname=\u{202E}x", "os.conf:1: hostname: '...' is not an RFC 1123 host name"),
            (
                "hostname=" + String(repeating: "a", count: 300),
                "os.conf:1: hostname: '" + String(repeating: "a", count: 64) + "...' is not an RFC 1123 host name"
            ),
            (
                "eth0_ip_addr=\"10.0.0.5\u{85}password=U2VjcmV0LVB3MSE=\"\neth0_netmask=255.0.0.0",
                "os.conf:1: eth0_ip_addr: '10.0.0.5...' is not an IPv4 address"
            ),
            (
                "dns_nameserver=\"8.8.8.8 password=U2VjcmV0LVB3MSE=\"",
                "os.conf:1: dns_nameserver: 'password...' is not an IPv4 or IPv6 address"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"10.0.0.0/8 10.0.0.1 password=U2VjcmV0LVB3MSE=\"",
                "os.conf:3: eth0_route: route '10.0.0.0/8 10.0.0.1...' is not 'CIDR GATEWAY'"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"10.0.0.0/8\u{0B}password=U2VjcmV0LVB3MSE=\"",
                "os.conf:3: eth0_route: route '10.0.0.0/8...' is not 'CIDR GATEWAY'"
            ),
            (
                "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_route=\"0.0.0.0/0 10.0.0.1\u{0C}password=U2VjcmV0LVB3MSE=\"",
                "os.conf:3: eth0_route: '10.0.0.1...' is not an IPv4 gateway address"
            ),
        ])
    func quotedValuesCut(text: String, message: String) {
        expectError(text, message)
    }

    @Test("a very long key name is cut in the message")
    func longKey() throws {
        let key = String(repeating: "k", count: 200)
        let result = try parse("\(key)=1\n" + vpcNIC)
        #expect(
            result.warnings.map(\.description) == [
                "os.conf:1: \(String(repeating: "k", count: 64))...: warning: unknown key, not used"
            ])
    }

    @Test(
        "a file that sets nothing osconf2seed knows is a data error naming the file",
        arguments: [
            "", "\n", "\r\n\r\n", "# only a comment\n", "# comment\n\n   \n\t# indented\n", "\u{FEFF}",
            "COLOR=blue\nSIZE=3\n", "export GATEWAY=10.0.0.1\n# x\n", "hostname=\npassword=''\ndns_nameserver=\"\"\n",
        ])
    func setsNothing(text: String) {
        #expect(throws: OSConfError(file: "os.conf", line: nil, key: nil, reason: .setsNothing)) {
            try parse(text)
        }
        expectError(
            text,
            "os.conf: sets nothing osconf2seed knows: no hostname, password, dns_nameserver or ethN_ key has a value")
    }

    @Test(
        "a file with only hostname and/or password is valid and has no interfaces",
        arguments: [
            "hostname=web01\n", "password=cXdlcjEyMzQK\n", "hostname=web01\npassword=cXdlcjEyMzQK\nCOLOR=blue\n",
        ])
    func noInterfaces(text: String) throws {
        let model = try parse(text).configuration
        #expect(model.interfaces.isEmpty)
        #expect(model.defaultRoute == nil)
        #expect(model.defaultRouteInterface == nil)
        #expect(model.nameservers.isEmpty)
        #expect(model.networkType == .vpc)
        #expect(model.hostname != nil || model.password != nil)
    }

    /// `count` bytes of password, base64-encoded, with the newline Alibaba Cloud appends when asked.
    private static func encodedPassword(bytes count: Int, newline: Bool) -> String {
        let plaintext = (0..<count).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        return Base64Encoding.encode(plaintext + (newline ? [UInt8(ascii: "\n")] : []))
    }

    @Test(
        "a decoded password of up to 511 bytes is taken, 512 and more are refused",
        arguments: [(1, true), (511, true), (511, false), (512, false), (512, true), (4096, true)])
    func passwordLength(bytes: Int, newline: Bool) throws {
        let value = Self.encodedPassword(bytes: bytes, newline: newline)
        if bytes <= RootPassword.maximumPlaintextLength {
            guard case .plaintext(let plaintext) = try parse("password=\(value)\n").configuration.password else {
                Issue.record("no plaintext password")
                return
            }
            #expect(plaintext.count == bytes)
        } else {
            expectError(
                "password=\(value)\n",
                "os.conf:1: password: the decoded password is longer than 511 bytes, which crypt(3) cannot check")
        }
    }

    @Test("the 511-byte limit is on the decoded password; a ready crypt hash is not affected")
    func cryptHashNotLimited() throws {
        // 600 characters of hash: longer than any real one, and still passed on as given.
        let hash = "$6$Tc9sQx2LmPq7$" + String(repeating: "a", count: 600)
        let model = try parse("password='\(hash)'\n").configuration
        #expect(model.password == .cryptHash(hash))
        #expect(RootPassword.maximumPlaintextLength == 511)
    }

    @Test("the password's one trailing newline is dropped, inner bytes kept")
    func passwordNewline() throws {
        // "pa ss\n\n" keeps one newline? No: two trailing newlines are refused as a newline inside.
        let one = try parse("password=cGEgc3MK\n" + vpcNIC).configuration.password
        #expect(one == .plaintext(Array("pa ss".utf8)))
        let none = try parse("password=cGFzcw==\n" + vpcNIC).configuration.password
        #expect(none == .plaintext(Array("pass".utf8)))
    }

    @Test("the password's description is redacted")
    func redacted() throws {
        let password = try #require(try parse("password=cXdlcjEyMzQK\n" + vpcNIC).configuration.password)
        #expect("\(password)" == "<redacted>")
        #expect(String(reflecting: password) == "<redacted>")
    }

    @Test("the instance id follows the content")
    func instanceID() throws {
        let a = try parse(vpcNIC).configuration.instanceID
        let b = try parse(vpcNIC).configuration.instanceID
        let c = try parse(vpcNIC + "hostname=x\n").configuration.instanceID
        #expect(a == b)
        #expect(a != c)
        #expect(a.hasPrefix("iid-osconf2seed-") && a.count == "iid-osconf2seed-".count + 20)
    }
}
