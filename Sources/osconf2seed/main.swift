import OSConfKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

let status = OSConf2SeedTool(environment: .system).run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
