/// A static route: traffic for `destination` goes through `gateway`.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    public let destination: IPv4Network
    public let gateway: IPv4Address

    public init(destination: IPv4Network, gateway: IPv4Address) {
        self.destination = destination
        self.gateway = gateway
    }

    public var description: String { "\(destination) via \(gateway)" }
}
