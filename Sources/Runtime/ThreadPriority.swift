import Glibc

/// The CPU priority of the calling thread. On Linux the nice value belongs to
/// each thread, not to the process (setpriority(2), NOTES), and a new thread
/// starts with its creator's; so a daemon can let its background threads give
/// way to the ones that answer requests.
public enum ThreadPriority {
    /// Lowers the calling thread's priority to the nice value `nice` (0–19; 0
    /// changes nothing). It never raises a priority, which would need
    /// privilege, and a refusal leaves the thread as it was: priority is a
    /// preference, not something correctness depends on.
    public static func lowerCurrentThread(to nice: Int32) {
        guard nice > 0, currentNice() < min(nice, 19) else { return }
        _ = setpriority(which, 0, min(nice, 19))
    }

    /// The calling thread's nice value.
    public static func currentNice() -> Int32 {
        getpriority(which, 0)
    }

    /// `who` 0 with `PRIO_PROCESS` is the calling thread on Linux.
    private static var which: __priority_which_t { __priority_which_t(PRIO_PROCESS.rawValue) }
}
