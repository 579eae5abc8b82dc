/// The single default route of a configuration and the NIC it leaves through.
public struct DefaultRoute: Sendable, Hashable {
    public let interfaceIndex: Int
    public let gateway: IPv4Address

    public init(interfaceIndex: Int, gateway: IPv4Address) {
        self.interfaceIndex = interfaceIndex
        self.gateway = gateway
    }
}
