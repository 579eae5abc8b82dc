import OSConfKit

// ProcessArguments rather than CommandLine.arguments: the latter is empty without /proc.
let status = OSConf2SeedTool(environment: .system, boot: .toolExecutable).run(Array(ProcessArguments.all.dropFirst()))
exit(status.rawValue)
