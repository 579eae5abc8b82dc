/// A validated os.conf: the one model every renderer reads.
///
/// Build it with ``OSConfiguration/init(document:)``, which applies the network rules
/// (classic vs VPC, exactly one default route) once, so no output format can disagree with
/// another about them.
public struct OSConfiguration: Sendable, Hashable {
    public var hostname: Hostname?
    public var password: RootPassword?
    /// Every NIC, ordered by index. Empty when os.conf has no `ethN_` key (only a host name
    /// and a password, say): such a configuration says nothing about the network, which is
    /// then to be left as it is.
    public var interfaces: [NetworkInterface]
    /// `dns_nameserver`, in order: IPv4 and IPv6 (see ``IPAddress``).
    public var nameservers: [IPAddress]
    public var networkType: NetworkType
    /// The only default route; nil only when the file has no NIC at all.
    public var defaultRoute: DefaultRoute?
    /// SHA-512 of the raw os.conf bytes, hex: the identity of this configuration.
    public var contentDigest: String
    /// The cloud's own id of the instance (`instance_id`), when os.conf gives one: written
    /// beside ``instanceID``, never instead of it, and it tells a clone from a reboot.
    public var cloudInstanceID: CloudInstanceID?

    public init(
        hostname: Hostname?, password: RootPassword?, interfaces: [NetworkInterface], nameservers: [IPAddress],
        networkType: NetworkType, defaultRoute: DefaultRoute?, contentDigest: String,
        cloudInstanceID: CloudInstanceID? = nil
    ) {
        self.cloudInstanceID = cloudInstanceID
        self.hostname = hostname
        self.password = password
        self.interfaces = interfaces
        self.nameservers = nameservers
        self.networkType = networkType
        self.defaultRoute = defaultRoute
        self.contentDigest = contentDigest
    }

    /// The cloud-init instance id: a changed os.conf gives a new id, the same os.conf the same.
    public var instanceID: String { "iid-osconf2seed-" + contentDigest.prefix(20) }

    /// The NIC that carries the default route.
    public var defaultRouteInterface: NetworkInterface? {
        guard let route = defaultRoute else { return nil }
        return interfaces.first { $0.index == route.interfaceIndex }
    }
}
