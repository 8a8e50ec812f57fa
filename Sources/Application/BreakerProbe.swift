import Delivery
import Notifications
import Runtime
import Synchronization

/// Lets a paused channel try again: when a circuit breaker's probe is due, its
/// queue is resumed so the worker claims messages again; the first one is the
/// probe (`CircuitBreaker.permitsAttempt`), the others snooze without using an
/// attempt. The probe's success keeps the queue running; its failure pauses it
/// again until the next probe.
final class BreakerProbe: Service {
    let name = "breaker-probe"
    private let breakers: [CircuitBreaker]
    private let control: QueueChannelControl
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(breakers: [CircuitBreaker], control: QueueChannelControl) {
        self.breakers = breakers
        self.control = control
    }

    func start() async throws {
        let breakers = self.breakers, control = self.control
        let loop = Task {
            while !Task.isCancelled {
                for breaker in breakers where breaker.probeIsDue {
                    let channel = breaker.channel
                    _ = try? await BlockingThread.run("breaker-probe") { control.resume(channel) }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        task.withLock { $0 = loop }
    }

    func stop() async throws {
        task.withLock { $0?.cancel() }
    }
}
