// booknowctl: the operator's tool. Dispatch and exit codes live in Tool.
import Foundation

exit(Tool.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
