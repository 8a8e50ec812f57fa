public import Postgres

/// BookNow's database schema: the numbered migrations under `Migrations/`,
/// compiled into the binaries so they work without the source tree.
public enum Schema {
    /// Every migration file, by name. SwiftPM's `embedInCode` gives each file a
    /// property but no list, so each new file is added here once; a test checks
    /// this list against the folder.
    static let files: [(name: String, bytes: [UInt8])] = [
        ("0001_clock.sql", PackageResources._001_clock_sql),
        ("0002_jobs.sql", PackageResources._002_jobs_sql),
        ("0003_booking.sql", PackageResources._003_booking_sql),
        ("0005_template_overrides.sql", PackageResources._005_template_overrides_sql),
        ("0006_admin.sql", PackageResources._006_admin_sql),
        ("0007_receipts.sql", PackageResources._007_receipts_sql),
        ("0008_reminder_planning.sql", PackageResources._008_reminder_planning_sql),
        ("0009_waitlist.sql", PackageResources._009_waitlist_sql),
        ("0010_pages.sql", PackageResources._010_pages_sql),
        ("0011_audit_actors.sql", PackageResources._011_audit_actors_sql),
        ("0012_worker_heartbeats.sql", PackageResources._012_worker_heartbeats_sql),
        ("0013_operator_console.sql", PackageResources._013_operator_console_sql),
        ("0014_public_limits.sql", PackageResources._014_public_limits_sql),
        ("0015_availability_cache.sql", PackageResources._015_availability_cache_sql),
        ("0016_business_console.sql", PackageResources._016_business_console_sql),
        ("0017_console_waitlist.sql", PackageResources._017_console_waitlist_sql),
        ("0018_console_calendar.sql", PackageResources._018_console_calendar_sql),
        ("0019_service_details.sql", PackageResources._019_service_details_sql),
        ("0020_api_key_changes.sql", PackageResources._020_api_key_changes_sql),
        ("0021_availability_changes.sql", PackageResources._021_availability_changes_sql),
        ("0022_claimable_by_queue.sql", PackageResources._022_claimable_by_queue_sql),
        ("0023_reminder_scan.sql", PackageResources._023_reminder_scan_sql),
    ]

    /// The migrations, parsed. A malformed file is a packaging error caught by tests.
    public static let migrations: [Migration] = files.map { file in
        do {
            return try Migration(fileName: file.name, contents: String(decoding: file.bytes, as: UTF8.self))
        } catch {
            preconditionFailure("embedded migration \(file.name) is malformed: \(error)")
        }
    }

    /// The migrator for this release's schema.
    public static let migrator = Migrator(migrations)

    /// The names of the embedded files, for the test that compares them with the folder.
    public static var fileNames: [String] { files.map(\.name) }
}
