/// The single default route of a configuration, the NIC it leaves through, and which of the
/// network rules chose it.
public struct DefaultRoute: Sendable, Hashable {
    /// Which rule of the default-route order chose the route (README, "Network rules"): the
    /// first that applies wins.
    public enum Origin: String, Sendable, Hashable, CaseIterable {
        /// The `0.0.0.0/0` entry of the public NIC's `ethN_route`.
        case publicRoute = "public-route"
        /// A `0.0.0.0/0` entry of another NIC's `ethN_route` (the lowest N).
        case otherRoute = "other-route"
        /// The public NIC's `ethN_gateway`.
        case publicGateway = "public-gateway"
        /// The `ethN_gateway` of the lowest-numbered NIC that has one.
        case otherGateway = "other-gateway"

        /// The os.conf key of the chosen NIC that gave the route: `ethN_route` or `ethN_gateway`.
        public func key(interfaceIndex: Int) -> String {
            switch self {
            case .publicRoute, .otherRoute: return "eth\(interfaceIndex)_route"
            case .publicGateway, .otherGateway: return "eth\(interfaceIndex)_gateway"
            }
        }
    }

    public let interfaceIndex: Int
    public let gateway: IPv4Address
    public let origin: Origin

    public init(interfaceIndex: Int, gateway: IPv4Address, origin: Origin) {
        self.interfaceIndex = interfaceIndex
        self.gateway = gateway
        self.origin = origin
    }
}
