import OSConfKit
import Testing

@Suite("Typed values")
struct ModelTests {
    @Test(
        "IPv4 addresses",
        arguments: [
            ("0.0.0.0", true), ("255.255.255.255", true), ("10.0.0.1", true), ("256.0.0.1", false),
            ("1.2.3", false), ("1.2.3.4.5", false), ("01.2.3.4", false), ("1.2.3.-4", false), ("", false),
            (" 1.2.3.4", false), ("1..3.4", false), ("١.2.3.4", false),
        ])
    func addresses(text: String, valid: Bool) {
        #expect((IPv4Address(text) != nil) == valid)
        if valid { #expect(IPv4Address(text)?.description == text) }
    }

    @Test(
        "netmasks to prefix lengths",
        arguments: [
            ("255.255.255.0", 24), ("255.255.240.0", 20), ("255.255.255.255", 32), ("0.0.0.0", 0),
            ("128.0.0.0", 1), ("255.255.255.254", 31),
        ])
    func netmasks(mask: String, length: Int) throws {
        #expect(IPv4Network.prefixLength(ofNetmask: try #require(IPv4Address(mask))) == length)
        #expect(IPv4Network(containing: .any, prefixLength: length).netmask.description == mask)
    }

    @Test("non-contiguous netmasks are refused", arguments: ["255.0.255.0", "0.255.255.255", "255.255.255.1"])
    func holes(mask: String) throws {
        #expect(IPv4Network.prefixLength(ofNetmask: try #require(IPv4Address(mask))) == nil)
    }

    @Test(
        "MAC addresses",
        arguments: [("00:8C:FA:5E:14:23", "00:8c:fa:5e:14:23"), ("00-8c-fa-5e-14-23", "00:8c:fa:5e:14:23")])
    func macs(text: String, normalised: String) {
        #expect(MACAddress(text)?.description == normalised)
    }

    @Test("bad MAC addresses", arguments: ["00:8c:fa:5e:14", "00:8c:fa:5e:14:2g", "008cfa5e1423", "0:8c:fa:5e:14:23"])
    func badMACs(text: String) {
        #expect(MACAddress(text) == nil)
    }

    @Test(
        "IPv4 special-purpose blocks, at their edges (RFC 6890)",
        arguments: [
            ("0.0.0.0", IPv4Address.SpecialPurpose.unspecified), ("0.0.0.1", nil), ("126.255.255.255", nil),
            ("127.0.0.0", .loopback), ("127.255.255.255", .loopback), ("128.0.0.0", nil),
            ("223.255.255.255", nil), ("224.0.0.0", .multicast), ("239.255.255.255", .multicast),
            ("240.0.0.0", .reserved), ("255.255.255.254", .reserved), ("255.255.255.255", .limitedBroadcast),
            ("169.254.1.1", nil), ("100.100.2.136", nil),
        ])
    func specialPurpose(text: String, purpose: IPv4Address.SpecialPurpose?) throws {
        #expect(try #require(IPv4Address(text)).specialPurpose == purpose)
    }

    @Test(
        "MACs that no NIC has",
        arguments: [
            ("00:00:00:00:00:00", MACAddress.Unusable.allZeros), ("ff:ff:ff:ff:ff:ff", .broadcast),
            ("01:00:5e:00:00:01", .multicast), ("33:33:00:00:00:01", .multicast), ("00:00:00:00:00:01", nil),
            ("02:00:00:00:00:00", nil), ("fe:ff:ff:ff:ff:ff", nil),
        ])
    func unusableMACs(text: String, unusable: MACAddress.Unusable?) throws {
        #expect(try #require(MACAddress(text)).unusable == unusable)
    }

    @Test(
        "RFC 1123 host names",
        arguments: [
            ("iZ23r29djmjZ", true), ("web-01.example.com", true), ("a", true), ("1host", true),
            ("-a", false), ("a-", false), ("a_b", false), ("a..b", false), ("", false), ("a b", false),
            ("host\nname", false), ("10.0.0.1", false), (String(repeating: "a", count: 64), false),
            ("a\"b", false), ("a:b", false),
        ])
    func hostnames(text: String, valid: Bool) {
        #expect((Hostname(text) != nil) == valid)
    }

    @Test("cloud-init versions compare numerically")
    func versions() throws {
        #expect(try #require(CloudInitVersion("22.4.2")) > .chpasswdUsersSupport)
        #expect(try #require(CloudInitVersion("0.7.5")) < .networkV2Support)
        #expect(try #require(CloudInitVersion("17.10")) > .networkV2Support)
        #expect(CloudInitVersion("22") == nil)
        #expect(CloudInitVersion("x.y") == nil)
        #expect(CloudInitVersion("23.1-0ubuntu1")?.description == "23.1")
    }
}
