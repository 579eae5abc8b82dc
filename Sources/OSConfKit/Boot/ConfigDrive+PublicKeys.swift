/// The SSH public keys of the config drive's `openstack/latest/meta_data.json`, which go to root.
extension ConfigDrive {
    /// OpenStack's config drive layout, relative to the drive's root.
    public static let metaDataPath = "openstack/latest/meta_data.json"
    /// Larger files are dropped with a warning. Nova's meta_data.json is small (a key pair, the
    /// instance's 128 metadata items of at most 255 characters each, devices); 256 KiB leaves
    /// room for JSON's `\uXXXX` escapes of all of it, and bounds what the reader holds.
    public static let metaDataLimit = 256 * 1024

    /// The keys of the meta_data.json beside `osConf` (`…/qcloud_action/os.conf`); empty when
    /// the drive has none. A file that cannot be read, is too large or is not JSON is a warning
    /// (in `warnings`) and no keys: it never costs the instance its network.
    public static func publicKeys(besides osConf: String, in tree: RootTree, warnings: inout [String])
        -> [SSHPublicKey]
    {
        guard let bytes = driveFile(metaDataPath, besides: osConf, in: tree, limit: metaDataLimit, warnings: &warnings)
        else { return [] }
        return publicKeys(inMetaData: bytes, warnings: &warnings)
    }

    /// The keys of an OpenStack `meta_data.json`, in their order, each once (the same key under
    /// two names, or in both members, counts once).
    ///
    /// Nova writes each key pair twice (nova/api/metadata/base.py): `"public_keys": {NAME:
    /// KEY}`, the member cloud-init's OpenStack source reads, and, from Liberty on, `"keys":
    /// [{"name": NAME, "type": "ssh"|"x509", "data": KEY}]`. Both are read; an `x509` entry (a
    /// Windows certificate) is no SSH key and is passed over. A key that fails
    /// ``SSHPublicKey`` is a warning naming it and is dropped; the other keys stay. A document
    /// that is not JSON, or whose members have other shapes, is a warning and no keys.
    public static func publicKeys(inMetaData bytes: [UInt8], warnings: inout [String]) -> [SSHPublicKey] {
        let document: JSONValue
        do {
            document = try JSONReader.read(bytes)
        } catch {
            warnings.append("\(metaDataPath): \(error.description); its keys are not used")
            return []
        }
        guard case .object(let members) = document else {
            warnings.append("\(metaDataPath) is not a JSON object; its keys are not used")
            return []
        }
        var named: [(name: String, text: String)] = []
        for member in members {
            switch (member.key, member.value) {
            case ("public_keys", .object(let keys)):
                for key in keys {
                    guard case .string(let text) = key.value else {
                        warnings.append("\(metaDataPath): public_keys \(shown(key.key)) is not a string; not used")
                        continue
                    }
                    named.append((key.key, text))
                }
            case ("keys", .array(let entries)):
                for entry in entries {
                    guard case .object(let fields) = entry,
                        case .string(let type)? = fields.first(where: { $0.key == "type" })?.value
                    else {
                        warnings.append("\(metaDataPath): an entry of keys has no type; not used")
                        continue
                    }
                    guard type == "ssh" else { continue }
                    let name = fields.first(where: { $0.key == "name" }).flatMap { field -> String? in
                        if case .string(let name) = field.value { return name }
                        return nil
                    }
                    guard case .string(let text)? = fields.first(where: { $0.key == "data" })?.value else {
                        warnings.append("\(metaDataPath): keys \(shown(name ?? "?")) has no data; not used")
                        continue
                    }
                    named.append((name ?? "?", text))
                }
            case ("public_keys", .null), ("keys", .null):
                continue
            case ("public_keys", _), ("keys", _):
                warnings.append("\(metaDataPath): \(member.key) is not of OpenStack's shape; not used")
            default:
                continue
            }
        }
        var keys: [SSHPublicKey] = []
        for (name, text) in named {
            do {
                let key = try SSHPublicKey(text)
                if !keys.contains(where: { $0.isSameKey(as: key) }) { keys.append(key) }
            } catch {
                warnings.append("\(metaDataPath): key \(shown(name)) \(error.message); not used")
            }
        }
        return keys
    }

    /// A key's name as messages show it: printable ASCII only (anything else as `?`), cut
    /// after 40 characters. The name comes from the drive; it must not forge a log line.
    private static func shown(_ name: String) -> String {
        let printable = name.unicodeScalars.prefix(40).map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
        return "'" + String(printable) + (name.unicodeScalars.count > 40 ? "...'" : "'")
    }
}
