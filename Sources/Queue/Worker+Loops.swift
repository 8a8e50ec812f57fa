import Foundation
import Postgres
import Synchronization

/// The worker's thread bodies: the claim loop, the handler threads and maintenance.
extension Worker {
    /// Claims for every queue with free capacity, hands the jobs to the handler
    /// threads, then sleeps until a notification, freed capacity, the next
    /// `run_at` or the poll interval, whichever comes first. No busy loop: when
    /// nothing was claimed, the shortest sleep is 50 ms. While fenced (no
    /// heartbeat for half the timeout) it claims nothing; the next heartbeat wakes it.
    func claimLoop() {
        let queues = configuration.queues.sorted { $0.key < $1.key }
        while state.withLock({ $0.phase == .running }) {
            let writeSequence = state.withLock { $0.writeSequence }
            var claimed = 0
            var open: [String] = []
            var wait = configuration.pollInterval
            if isFenced {
                skipFencedPass()
                // Short enough to notice the clock passing the fence's end when
                // the heartbeat thread's wake-up is missed.
                wait = min(wait, configuration.heartbeatInterval)
            } else { do {
                for (queue, capacity) in queues {
                    let inFlight = state.withLock { $0.inFlight[queue, default: 0] }
                    if inFlight >= capacity { continue }
                    let jobs = try store.claim(queue: queue, capacity: capacity, inFlight: inFlight, lease: configuration.lease)
                    dispatch(jobs, queue: queue)
                    claimed += jobs.count
                    if jobs.count < capacity - inFlight { open.append(queue) }
                }
                // Queues that filled up are woken by freed capacity; the others by
                // their next due job. Due work left unclaimed (locked by a claim in
                // flight elsewhere) is retried shortly rather than spun on.
                if !open.isEmpty, let next = try store.secondsUntilNextDue(queues: open) {
                    let floor = claimed > 0 ? 0 : 0.05
                    wait = min(wait, .milliseconds(Int64(max(floor, next) * 1000)))
                }
                let now = configuration.clock.now()
                state.update { state in
                    state.passes += 1
                    state.lastPassClaimed = claimed
                    state.lastPassWriteSequence = writeSequence
                    state.lastPassAt = now
                    state.consecutiveFailures = 0
                }
                failures.succeeded(.claim)
            } catch {
                state.withLock { $0.consecutiveFailures += 1 }
                recorder.withLock { $0.claimErrors += 1 }
                failures.failed(.claim, error)
                wait = .seconds(1)
            } }
            if wait > .zero {
                wakeup.wait(timeout: wait) { signalled in
                    defer { signalled = false }
                    return signalled
                }
            }
        }
        state.update { $0.claimLoopStopped = true }
    }

    private func dispatch(_ jobs: [Job], queue: String) {
        if jobs.isEmpty { return }
        let claimedAt = jobs[0].claimedAt
        recorder.withLock { metrics in
            metrics.claimStatements += 1
            metrics.claimed[queue, default: 0] += jobs.count
            for job in jobs { metrics.lateness.observe(max(0, claimedAt.timeIntervalSince(job.runAt))) }
        }
        // Each job carries its claim, for reads its handler can share with the others'.
        var handed = jobs
        if jobs.count > 1 {
            let batch = ClaimedBatch(jobs)
            for index in handed.indices { handed[index].batch = batch }
        }
        state.withLock { state in
            state.inFlight[queue, default: 0] += jobs.count
            state.queued.append(contentsOf: handed)
        }
        for _ in jobs { available.signal() }
    }

    /// One handler thread: takes claimed jobs one at a time until shutdown.
    func handlerLoop() {
        while true {
            available.wait()
            let next = state.withLock { state -> Job? in
                guard let job = state.queued.popFirst() else { return nil }
                state.started.insert(job.id)
                return job
            }
            guard let job = next else {
                if state.withLock({ $0.phase == .stopped }) { return }
                continue
            }
            // The fence may have come since the claim: a peer may soon take the job.
            if isFenced {
                abandon(job)
                continue
            }
            run(job)
        }
    }

    /// Runs one job's handler (unless the job is past its deadline or out of
    /// attempts) and hands the outcome to the completion writer: at once for a
    /// blocking handler, when it calls `finish` for a finishing one.
    private func run(_ job: Job) {
        // Claimed jobs always have a handler: the claim filters on registered kinds.
        guard let kind = registry.kinds[job.kind] else {
            return complete(job, Completion(refusing: job, Failure("unknown_kind", "no handler for \(job.kind)")))
        }
        if let deadline = job.deadline, deadline < job.claimedAt {
            return complete(job, Completion(refusing: job, Failure(Failure.expiredCode, "claimed after its deadline \(deadline)")))
        }
        if job.attempt > (job.maxAttempts ?? kind.retry.maxAttempts) {
            return complete(job, Completion(refusing: job, Failure(Failure.exhaustedCode, "attempt \(job.attempt) exceeds the limit")))
        }
        let started = ContinuousClock.now
        // The duration reaches `handlerDuration` with the written batch
        // (`recordWrite`): observed here, under the metrics lock once per job,
        // hundreds of handler threads queued on that lock.
        let finish = JobFinish { [self] outcome in
            complete(job, Completion(job: job, outcome: outcome, policy: kind.retry, random: configuration.random(),
                                     duration: started.duration(to: .now)))
        }
        do {
            switch kind.handler {
            case .blocking(let handler): finish(try handler(job))
            case .finishing(let handler): try handler(job, finish)
            }
        } catch {
            if !finish.isFinished { finish(.retry(Failure("handler_error", String(describing: error)))) }
        }
    }

    /// Ends a job's attempt: its outcome to the completer, its capacity freed.
    private func complete(_ job: Job, _ completion: Completion) {
        let capacity = configuration.queues[job.queue] ?? 1
        state.withLock { state in
            state.started.remove(job.id)
            state.unwritten += 1
        }
        // Handed to the completer before the attempt stops counting as in
        // flight: shutdown drains the completer once nothing is in flight, and
        // an outcome added after that drain would never be written.
        completer?.add(completion)
        let (wakeLoop, empty) = state.withLock { state -> (Bool, Bool) in
            state.inFlight[job.queue, default: 1] -= 1
            let free = capacity - state.inFlight[job.queue, default: 0]
            let empty = state.totalInFlight == 0
            return (free == max(1, capacity / 2) || empty, empty)
        }
        // Shutdown waits for nothing to be in flight.
        if empty { state.signal() }
        if wakeLoop { wake() }
    }

    /// Rescues once at start, then runs maintenance every `maintenanceInterval`
    /// until shutdown. The first rescue does not wait for an interval: a daemon
    /// restarted more often than that (a crash loop, or daemons replaced one
    /// after another, as `resilience/run`'s kill scenario does) would otherwise
    /// never rescue, and a killed worker's claims stayed `running` until some
    /// daemon happened to live a whole interval.
    ///
    /// Between maintenance runs the rescuer alone runs every `rescueInterval`,
    /// so a dead worker's jobs return soon after its heartbeat times out.
    func maintenanceLoop() {
        let rescue = { [self] in
            let rescue = try maintenance.rescue()
            recordRescue(rescued: rescue.rescued, lost: rescue.lost)
        }
        maintain(rescue)
        var nextRun = ContinuousClock.now + configuration.maintenanceInterval
        while true {
            let tick = min(configuration.rescueInterval, nextRun - .now)
            let stopping = state.wait(timeout: max(tick, .zero)) { $0.phase != .running }
            if stopping { return }
            if ContinuousClock.now >= nextRun {
                maintain { try runMaintenance() }
                nextRun = .now + configuration.maintenanceInterval
            } else {
                maintain(rescue)
            }
        }
    }

    private func maintain(_ body: () throws -> Void) {
        do {
            try body()
            failures.succeeded(.maintenance)
        } catch {
            recorder.withLock { $0.maintenanceErrors += 1 }
            failures.failed(.maintenance, error)
        }
    }
}
