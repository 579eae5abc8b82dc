/// A minimal option scanner for the subcommands: `--name value`, `--name=value`, flags,
/// positionals, and `--` to end options. Unknown options are usage errors.
struct ArgumentList {
    private(set) var options: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// `valued` lists the options that take a value; `flagNames` those that do not.
    init(_ arguments: [String], valued: Set<String>, flagNames: Set<String>) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flagNames.contains(name) && inlineValue == nil {
                flags.insert(name)
            } else if valued.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value") }
                    value = arguments[index]
                    index += 1
                }
                if options[name] != nil { throw UsageError("\(name) given twice") }
                options[name] = value
            } else {
                throw UsageError("unknown option \(name)")
            }
        }
    }

    /// Scans a subcommand's arguments; prints `help` and returns nil for `-h`/`--help`.
    /// Every subcommand starts this way, so usage errors and help look the same everywhere.
    /// `flagNames` are the subcommand's own options without a value (`--json`).
    static func parse(
        _ arguments: [String], valued: Set<String>, flagNames: Set<String> = [], help: String, console: Console
    ) throws(CommandFailure) -> ArgumentList? {
        let list: ArgumentList
        let helpFlags: Set<String> = ["--help", "-h"]
        do {
            list = try ArgumentList(arguments, valued: valued, flagNames: helpFlags.union(flagNames))
        } catch {
            throw CommandFailure(error)
        }
        guard list.flags.isDisjoint(with: helpFlags) else {
            console.writeOutput(Array(help.utf8))
            return nil
        }
        return list
    }
}
