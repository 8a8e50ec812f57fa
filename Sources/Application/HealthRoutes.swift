import Bootstrap
import Foundation
import HTTPServer
import Postgres
import Runtime
import Schema

/// `GET /healthz` (the process answers), `GET /readyz` (the database answers
/// and the schema is one this release runs on) and `GET /metrics`. Readiness
/// and `booknow_build_info` name the build (`BuildInfo`), so a rolling
/// upgrade can be watched daemon by daemon.
struct HealthRoutes {
    /// The API's pool: readiness asks it, because it is what requests need.
    let pool: ConnectionPool
    /// Every pool of the daemon by name (`api`, `worker`), for the pool gauges.
    let pools: [String: ConnectionPool]
    let metrics: MetricsRegistry

    struct Readiness: Encodable {
        var status: String
        var database: String
        var schema: String
        var schemaVersion: Int
        var version: String
        var commit: String
    }

    func register(on router: inout Router) {
        metrics.gauge(
            "booknow_build_info", help: "Always 1; the labels name the release, its commit and the schema version it needs.",
            labels: ["version": BuildInfo.version, "commit": BuildInfo.commit, "schema": String(BuildInfo.schemaVersion)]
        ).set(1)
        router.get("/healthz") { _ in try .json(["status": "ok"]) }
        router.get("/readyz") { _ in try readiness() }
        router.get("/metrics") { _ in
            var headers = Headers()
            headers["Content-Type"] = MetricsRegistry.contentType
            return Response(status: 200, headers: headers, body: Array(metrics.render().utf8))
        }
        // Linux lists a process's threads under /proc/self/task; every thread the daemon starts counts.
        metrics.callbackGauge("booknow_process_threads", help: "Threads of this daemon (from /proc/self/task).") {
            Double((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task"))?.count ?? 0)
        }
        let pools = self.pools
        metrics.callbackGauges("booknow_db_pool_connections", help: "Open database connections, per pool.") {
            Dictionary(uniqueKeysWithValues: pools.map { (["pool": $0.key], Double($0.value.statistics.open)) })
        }
        metrics.callbackGauges("booknow_db_pool_waiting", help: "Threads waiting for a database connection, per pool.") {
            Dictionary(uniqueKeysWithValues: pools.map { (["pool": $0.key], Double($0.value.statistics.waiting)) })
        }
    }

    /// 200 when ready; 503 problem+json naming what is wrong, so a load
    /// balancer stops sending traffic to a daemon whose database is gone.
    private func readiness() throws -> Response {
        do {
            try pool.withConnection { try Schema.migrator.checkCompatibility($0) }
            return try .json(Readiness(
                status: "ready", database: "ok", schema: "ok", schemaVersion: BuildInfo.schemaVersion,
                version: BuildInfo.version, commit: BuildInfo.commit))
        } catch let error as PostgresError where error.code == .incompatibleSchema {
            return .problem(Problem(status: 503, code: "schema_incompatible", title: "Schema not usable", detail: error.message))
        } catch let error as PostgresError {
            return .problem(Problem(status: 503, code: "database_unavailable", title: "Database unavailable", detail: error.code.rawValue))
        }
    }
}
