// libFuzzer entry point over the parser and every renderer. Compiled together with the
// library's sources by Tests/Fuzz/run.sh (swiftc -sanitize=fuzzer,address); not part of the
// SwiftPM package. A violated invariant calls fatalError, which libFuzzer reports as a crash
// and saves as a reproducer.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result: OSConfParser.Result
    do {
        result = try OSConfParser(fileName: "fuzz").parse(bytes)
    } catch {
        // Every rejection names a line, except the three that concern the file as a whole.
        switch error.reason {
        case .tooLarge, .noDefaultRoute, .setsNothing: break
        default: guard error.line != nil else { fatalError("error without a line: \(error)") }
        }
        return 0
    }
    checkModel(result.configuration)
    for file in renderedFiles(result.configuration) { checkText(file) }
    return 0
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
    for renderer in [IgnitionNetworkRenderer.networkManager, .networkd] {
        files +=
            IgnitionConfig(configuration: model, rootPasswordHash: hash, spec: .v33, networkRenderer: renderer).files
    }
    return files
}
