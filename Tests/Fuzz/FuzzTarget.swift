// libFuzzer entry point over the parser and every renderer. Compiled together with the
// library's sources by Tests/Fuzz/run.sh (swiftc -sanitize=fuzzer,address); not part of the
// SwiftPM package. A violated invariant calls fatalError, which libFuzzer reports as a crash
// and saves as a reproducer.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkDriveMetaData(bytes)
    // validate's report: every error, the first of them the one parse throws.
    let report = OSConfParser(fileName: "fuzz").check(bytes)
    for error in report.errors { checkNamesLine(error) }
    checkText(ValidationReport(file: "fuzz", errors: report.errors, warnings: report.warnings).json.renderedLine)
    guard (report.configuration == nil) != report.errors.isEmpty else {
        fatalError("a report with both a configuration and errors, or neither")
    }
    let result: OSConfParser.Result
    do {
        result = try OSConfParser(fileName: "fuzz").parse(bytes)
    } catch {
        checkNamesLine(error)
        guard report.errors.first == error else { fatalError("parse and check disagree on the first error") }
        return 0
    }
    checkModel(result.configuration)
    for file in renderedFiles(result.configuration) { checkText(file) }
    return 0
}

/// The same bytes as the config drive's meta_data.json: the reader reads back what it
/// renders, every key taken is one line without control characters, and every warning is one
/// line of text.
func checkDriveMetaData(_ bytes: [UInt8]) {
    if let value = try? JSONReader.read(bytes) {
        guard (try? JSONReader.read(Array(value.renderedLine.utf8))) == value else {
            fatalError("the JSON reader does not read back what it renders")
        }
    }
    var warnings: [String] = []
    let keys = ConfigDrive.publicKeys(inMetaData: bytes, warnings: &warnings)
    for key in keys where key.line.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) {
        fatalError("a key with a control character: \(key.summary)")
    }
    for warning in warnings { checkText(warning + "\n") }
}

/// Every rejection names a line, except the three that concern the file as a whole.
func checkNamesLine(_ error: OSConfError) {
    switch error.reason {
    case .tooLarge, .noDefaultRoute, .setsNothing: break
    default: guard error.line != nil else { fatalError("error without a line: \(error)") }
    }
}

/// The model keeps the rules every renderer relies on.
func checkModel(_ model: OSConfiguration) {
    if model.interfaces.isEmpty { return }
    guard let route = model.defaultRoute, model.interfaces.contains(where: { $0.index == route.interfaceIndex })
    else { fatalError("NICs without a default route on one of them") }
    for nic in model.interfaces where nic.routes.contains(where: { $0.destination.isDefault }) {
        fatalError("a 0.0.0.0/0 left among the extra routes of \(nic.name)")
    }
}

/// A line of `validate --json` holds the same: no value can end the record early.
func checkText(_ line: String) {
    checkText(RenderedFile(path: "validate --json", contents: line))
}

/// Every output file is valid UTF-8 text whose every line was put there by a renderer:
/// no control characters but newline (and no NUL), so no value can smuggle a line in.
func checkText(_ file: RenderedFile) {
    guard String(validating: file.contents, as: UTF8.self) != nil else { fatalError("\(file.path) is not UTF-8") }
    for byte in file.contents where byte < 0x20 && byte != UInt8(ascii: "\n") {
        fatalError("\(file.path) holds control byte \(byte)")
    }
}

/// Every renderer, every option that changes its shape.
func renderedFiles(_ model: OSConfiguration) -> [RenderedFile] {
    let hash = model.password?.cryptHash(salt: "fuzzsaltfuzzsalt")
    var files: [RenderedFile] = []
    for version in [1, 2] {
        for hint in RendererHint.allCases {
            let options = NoCloudOptions(networkConfigVersion: version, rendererHint: hint)
            files += NoCloudSeed(configuration: model, rootPasswordHash: hash, options: options).files
        }
    }
    for cloudInit in ["0.7.5", "20.4", "22.4"] {
        let options = NoCloudOptions(networkConfigVersion: 1, cloudInitVersion: CloudInitVersion(cloudInit))
        files += NoCloudSeed(configuration: model, rootPasswordHash: hash, options: options).files
    }
    files += NetplanConfig(configuration: model).files
    files += NetworkdConfig(configuration: model).files
    files += IfupdownConfig(configuration: model).files
    files += SysconfigConfig(configuration: model).files
    files += NetworkManagerConfig(configuration: model).files
    files += JSONModel(configuration: model, warnings: []).files
    for renderer in [IgnitionNetworkRenderer.networkManager, .networkd] {
        files +=
            IgnitionConfig(configuration: model, rootPasswordHash: hash, spec: .v33, networkRenderer: renderer).files
    }
    return files
}
