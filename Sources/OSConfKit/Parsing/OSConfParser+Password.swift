/// `password`, `hostname` and `instance_id`: the keys whose reading depends on the cloud or
/// that are accepted with a warning rather than refused.
extension OSConfParser {
    func parsePassword(_ a: Assignment, warnings: inout [Diagnostic]) throws(OSConfError) -> RootPassword? {
        switch source {
        case .aliyun: return try parseBase64Password(a)
        case .tencent: return try parseCryptPassword(a, warnings: &warnings)
        }
    }

    /// Tencent Cloud: a crypt(3) string for `chpasswd -e` (Tencent's "Forcibly importing
    /// images"), used as is. `:` would end the field in /etc/shadow and in chpasswd's
    /// `user:hash` lines, and white space or a control character is in no crypt string and
    /// could split a line of the outputs: those are refused. A string of crypt's alphabet in no
    /// scheme osconf2seed knows (Tencent's own sample `GRSgae1fw9frsG.rfrF` is one) is stored
    /// as given, with a warning: as a hash it can only lock the password, never open it.
    private func parseCryptPassword(_ a: Assignment, warnings: inout [Diagnostic]) throws(OSConfError)
        -> RootPassword?
    {
        let value = a.value
        if value.isEmpty { return nil }
        // Never echo the value, not even in part: it is the hash of root's password.
        guard
            !value.unicodeScalars.contains(where: {
                $0 == ":" || $0.properties.isWhitespace || $0.properties.generalCategory == .control
            })
        else {
            throw invalid(
                a, "contains ':', white space or a control character, which no crypt(3) string has")
        }
        if CryptHash.isKnownScheme(value) { return .cryptHash(value) }
        guard CryptHash.isCryptLike(value) else {
            throw invalid(a, "is not a crypt(3) string: it has characters outside crypt's alphabet ./0-9A-Za-z and $")
        }
        warnings.append(
            warning(
                a,
                "not in a crypt(3) scheme osconf2seed knows ($1$, $2b$, $5$, $6$, $y$, DES and the "
                    + "like); stored as given, so root's password is locked unless the guest's crypt(3) "
                    + "reads it"))
        return .cryptHash(value)
    }

    /// Alibaba Cloud: base64 of the plaintext; a crypt(3) hash (which base64 never starts like:
    /// `$` is no base64 symbol) is used as is.
    private func parseBase64Password(_ a: Assignment) throws(OSConfError) -> RootPassword? {
        let value = a.value.trimmingBlanks()
        if value.isEmpty { return nil }
        if CryptHash.isWellFormed(value) { return .cryptHash(value) }
        guard var bytes = Base64.decode(value) else {
            // Never echo the value: it is the password, or close to it.
            throw invalid(a, "value is not valid base64")
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw invalid(a, "the decoded password is empty") }
        guard !bytes.contains(0), !bytes.contains(UInt8(ascii: "\n")) else {
            throw invalid(a, "the decoded password contains a NUL or newline byte")
        }
        // Only the limit is named, never the length: the message must say nothing of the value.
        guard bytes.count <= RootPassword.maximumPlaintextLength else {
            throw invalid(
                a,
                "the decoded password is longer than \(RootPassword.maximumPlaintextLength) bytes, "
                    + "which crypt(3) cannot check")
        }
        return .plaintext(bytes)
    }

    /// RFC 1123, except that `_` (Tencent Cloud's `VM_10_20_xxxx`) becomes `-` with a warning:
    /// refusing it would leave the instance without a network.
    func parseHostname(_ a: Assignment, warnings: inout [Diagnostic]) throws(OSConfError) -> Hostname? {
        if a.value.isEmpty { return nil }
        if let name = Hostname(a.value) { return name }
        guard let name = Hostname(replacingUnderscoresIn: a.value) else {
            throw invalid(a, "\(QuotedValue.quote(a.value)) is not an RFC 1123 host name")
        }
        warnings.append(
            warning(a, "'_' is not allowed in a host name (RFC 1123); using \(name)"))
        return name
    }

    /// The cloud's instance id; one of another shape is dropped with a warning, since it only
    /// informs and tells a clone, and must never cost the instance its network.
    func parseCloudInstanceID(_ a: Assignment, warnings: inout [Diagnostic]) -> CloudInstanceID? {
        let value = a.value.trimmingBlanks()
        if value.isEmpty { return nil }
        if let id = CloudInstanceID(value) { return id }
        warnings.append(
            warning(
                a,
                "\(QuotedValue.quote(value)) is not an instance id (1 to \(CloudInstanceID.maximumLength) "
                    + "letters, digits, '-', '_', '.'); not used"))
        return nil
    }
}
