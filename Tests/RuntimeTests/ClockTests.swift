import Foundation
import Runtime
import Testing

@Suite struct ClockTests {
    @Test func aNonZeroOffsetIsRefusedUnlessTestingAllowsIt() throws {
        let clock = SystemClock(config: try Config.load(file: nil, environment: [:]))
        let error = try #require(#expect(throws: RuntimeError.self) { try clock.setOffset(.seconds(1800)) })
        #expect(error.code == .clockOffsetRefused)
        #expect(error.key == "testing.allow_clock_offset")
        #expect(clock.offset == .zero)
        try clock.setOffset(.zero)
    }

    @Test func anAllowedOffsetMovesNow() throws {
        let config = try Config.load(file: nil, environment: ["BOOKNOW_TESTING_ALLOW_CLOCK_OFFSET": "true"])
        let clock = SystemClock(config: config)
        try clock.setOffset(.seconds(1800))
        let skew = clock.now().timeIntervalSince(Date())
        #expect(abs(skew - 1800) < 5)
        #expect(clock.offset == .seconds(1800))
    }

    @Test func aManualClockMovesOnlyWhenTold() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ManualClock(start)
        #expect(clock.now() == start)
        clock.advance(by: .seconds(90))
        #expect(clock.now() == start + 90)
        clock.set(start)
        #expect(clock.now() == start)
    }

    @Test func codeTakesAnyWallClock() {
        func isDue(_ at: Date, clock: any WallClock) -> Bool { clock.now() >= at }
        let clock = ManualClock()
        let due = clock.now() + 60
        #expect(!isDue(due, clock: clock))
        clock.advance(by: .seconds(60))
        #expect(isDue(due, clock: clock))
    }
}
