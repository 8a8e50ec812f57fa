// booknowd: the BookNow daemon. Everything happens in Daemon; this file only
// hands over the process's arguments and environment and exits with its code.
import Foundation

let status = await Daemon.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(status)
