import Booking
import Runtime

/// The caches' figures at `/metrics`, read at each scrape.
enum CacheMetrics {
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
        registry.callbackGauge("booknow_availability_cache_places",
                               help: "Places (a location's zone, policy, service and who offers it, with their versions) kept while changes are heard.") {
            Double(cache.statistics.places)
        }
        registry.callbackCounters("booknow_availability_cache_heard_reads_total",
                                  help: "Availability reads answered from memory with no database round trip (heard places, every day kept).") {
            [[:]: Double(cache.statistics.heardReads)]
        }
        registry.callbackCounters("booknow_availability_cache_changes_heard_total",
                                  help: "Changes to a business heard on availability_changed, each dropping that business's places.") {
            [[:]: Double(cache.statistics.changesHeard)]
        }
        registry.callbackGauge("booknow_availability_cache_trusted",
                               help: "1 while this daemon hears every availability change and may answer from memory; 0: every read validates.") {
            cache.isTrusted ? 1 : 0
        }
    }

    static func register(_ cache: APIKeyCache, on registry: MetricsRegistry) {
        registry.callbackCounters("booknow_api_key_cache_lookups_total",
                                  help: "API keys looked up in this daemon's cache, by result (a miss reads the database).") {
            let figures = cache.statistics
            return [["result": "hit"]: Double(figures.hits), ["result": "miss"]: Double(figures.misses)]
        }
        registry.callbackCounters("booknow_api_key_cache_drops_total",
                                  help: "Times every cached key was dropped: a key or business changed, or the change listener (re)connected or was lost.") {
            [[:]: Double(cache.statistics.drops)]
        }
        registry.callbackGauge("booknow_api_key_cache_heard_change",
                               help: "The highest key change number this daemon has heard (the database's is the api_key_changes sequence).") {
            Double(cache.heard)
        }
        registry.callbackGauge("booknow_api_key_cache_trusted", help: "1 while this daemon hears every key change and serves keys from memory.") {
            cache.isTrusted ? 1 : 0
        }
    }
}
