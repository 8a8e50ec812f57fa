import Bootstrap
import Runtime

/// `booknowctl clock show|set OFFSET`: the database clock's test offset, which
/// moves `booknow_now()` for every daemon. Setting a non-zero offset is refused
/// unless the configuration says `testing.allow_clock_offset = true`.
enum ClockCommand {
    static let command = Command(
        name: "clock",
        summary: "show or (test configurations only) set the database clock's offset",
        usage: """
            usage: booknowctl clock show
                   booknowctl clock set OFFSET     (for example 30m, 25h, 0s)

            Moves booknow_now() for every daemon on the database, so a test can jump
            ahead without waiting. Refused unless testing.allow_clock_offset = true.
            """
    ) { args, context in
        let action = try args.positional("show or set")
        guard action == "show" || action == "set" else { throw CLIError(.usage, "clock takes show or set, not '\(action)'") }
        let connection = try context.connect()
        let clock = SystemClock(config: try context.config())
        switch action {
        case "show":
            try args.finish()
            let offset = try DatabaseClock.offset(connection)
            try context.output(["offset_seconds": Double(offset.components.seconds)]) { "offset \(offset)" }
        default: // "set", checked above
            let text = try args.positional("OFFSET")
            try args.finish()
            guard case .duration(let offset)? = try? ConfigType.duration.parse(text) else {
                throw CLIError(.usage, "'\(text)' is not a duration such as 30m or 25h")
            }
            do {
                try DatabaseClock.setOffset(offset, connection: connection, clock: clock)
            } catch let error as RuntimeError where error.code == .clockOffsetRefused {
                let current = (try? DatabaseClock.offset(connection)).map { "\($0)" } ?? "unknown"
                throw CLIError(.config, "clock set refused: nothing was changed (the offset is still \(current)); "
                               + "only a configuration with testing.allow_clock_offset = true may move time")
            }
            try context.output(["offset_seconds": Double(offset.components.seconds)]) { "offset set to \(offset)" }
        }
    }
}
