/// The validated model as one JSON document (`convert --format json`): what osconf2seed
/// understood of an os.conf, for pipelines that check or transform many of them.
///
/// Schema 1 (README, "The JSON model"); members in this order, every one always present:
/// - `schema`: 1. A change that removes or retypes a member gets a new number; new members
///   may be added within a number.
/// - `instance_id`: the cloud's own instance id (os.conf's `instance_id`, Tencent's `ins-...`),
///   string or null.
/// - `hostname`: string or null.
/// - `password`: `{"set": Bool}`, never the value or a hash of it.
/// - `network_type`: `"classic"` or `"vpc"`.
/// - `interfaces`: by index: `index` (N of ethN), `name`, `mac` (lowercase, or null), `cidr`,
///   `address`, `prefix_length`, `gateway` (`ethN_gateway`, or null), `routes` (the extra
///   routes: `destination`, `gateway`, `on_link`).
/// - `default_route`: null when there is no NIC, else `interface`, `gateway`, `on_link`, and
///   `origin` (`rule`: public-route, other-route, public-gateway or other-gateway, the rule of
///   the default-route order that chose it; `key`: the os.conf key it came from).
/// - `nameservers`: in os.conf order: `address`, `family` (`"ipv4"`, `"ipv6"`), `interface`
///   (the NIC every per-link format puts it on, or null when there is no NIC).
/// - `warnings`: `line` (or null), `key` (or null), `message`.
///
/// The file is 0644: it holds no secret.
public struct JSONModel: Sendable {
    public static let schema = 1
    /// The file name of the document in the output directory.
    public static let path = "model.json"

    public let configuration: OSConfiguration
    public let warnings: [Diagnostic]
    /// The cloud's own instance id, written as `instance_id`: the configuration's unless
    /// given (tests).
    public let instanceID: String?

    public init(configuration: OSConfiguration, warnings: [Diagnostic], instanceID: String? = nil) {
        self.configuration = configuration
        self.warnings = warnings
        self.instanceID = instanceID ?? configuration.cloudInstanceID?.value
    }

    public var files: [RenderedFile] {
        [RenderedFile(path: Self.path, contents: document.rendered)]
    }

    public var document: JSONValue {
        let c = configuration
        return .object([
            ("schema", .integer(Self.schema)),
            ("instance_id", .optional(instanceID, JSONValue.string)),
            ("hostname", .optional(c.hostname) { .string($0.value) }),
            ("password", .object([("set", .boolean(c.password != nil))])),
            ("network_type", .string(c.networkType.rawValue)),
            ("interfaces", .array(c.interfaces.map(interface))),
            ("default_route", .optional(c.defaultRoute, defaultRoute)),
            ("nameservers", .array(c.nameservers.map(nameserver))),
            ("warnings", .array(warnings.map(JSONValue.finding))),
        ])
    }

    private func interface(_ nic: NetworkInterface) -> JSONValue {
        let routes: [JSONValue] = nic.routes.map { route in
            .object([
                ("destination", .string(route.destination.description)),
                ("gateway", .string(route.gateway.description)),
                ("on_link", .boolean(nic.needsOnLink(route.gateway))),
            ])
        }
        return .object([
            ("index", .integer(nic.index)),
            ("name", .string(nic.name)),
            ("mac", .optional(nic.macAddress) { .string($0.description) }),
            ("cidr", .string(nic.cidr)),
            ("address", .string(nic.address.description)),
            ("prefix_length", .integer(nic.prefixLength)),
            ("gateway", .optional(nic.gateway) { .string($0.description) }),
            ("routes", .array(routes)),
        ])
    }

    private func defaultRoute(_ route: DefaultRoute) -> JSONValue {
        let nic = configuration.defaultRouteInterface
        return .object([
            ("interface", .string("eth\(route.interfaceIndex)")),
            ("gateway", .string(route.gateway.description)),
            ("on_link", .boolean(nic.map { configuration.defaultRouteIsOnLink(on: $0) } ?? false)),
            (
                "origin",
                .object([
                    ("rule", .string(route.origin.rawValue)),
                    ("key", .string(route.origin.key(interfaceIndex: route.interfaceIndex))),
                ])
            ),
        ])
    }

    /// The NIC is found through the same placement every per-link format uses, so the model
    /// says what those files say.
    private func nameserver(_ server: IPAddress) -> JSONValue {
        let nic = configuration.interfaces.first { configuration.nameservers(on: $0).contains(server) }
        return .object([
            ("address", .string(server.description)),
            ("family", .string(server.ipv4 == nil ? "ipv6" : "ipv4")),
            ("interface", .optional(nic) { .string($0.name) }),
        ])
    }
}
