import Booking
import Runtime

/// The availability cache's figures at `/metrics`, read at each scrape.
enum AvailabilityCacheMetrics {
    static func register(_ cache: AvailabilityCache, on registry: MetricsRegistry) {
        registry.callbackCounters("booknow_availability_cache_lookups_total",
                                  help: "Provider-days availability looked up in this daemon's cache, by result.") {
            let figures = cache.statistics
            return [["result": "hit"]: Double(figures.hits), ["result": "miss"]: Double(figures.misses)]
        }
        registry.callbackCounters("booknow_availability_cache_invalidations_total",
                                  help: "Cached provider-days dropped: a version moved on (changed), outlived the TTL (expired), or made room (evicted).") {
            let figures = cache.statistics
            return [["reason": "changed"]: Double(figures.invalidations), ["reason": "expired"]: Double(figures.expirations),
                    ["reason": "evicted"]: Double(figures.evictions)]
        }
        registry.callbackGauge("booknow_availability_cache_entries", help: "Provider-days in this daemon's availability cache.") {
            Double(cache.statistics.entries)
        }
        registry.callbackGauge("booknow_availability_cache_bytes", help: "Estimated memory of this daemon's availability cache.") {
            Double(cache.statistics.bytes)
        }
    }
}
