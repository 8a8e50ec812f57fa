import Synchronization
public import Vocabulary

/// Finds, parses, caches and renders the templates of a message.
///
/// Resolution order for a request: the business's overrides in the
/// customer's locale (then its language), in the business's default locale;
/// then the shipped defaults in the customer's locale (then its language),
/// in the business's default locale, and finally in `defaultLocale`. The
/// first origin that has any part of the set is used; when it is broken
/// (does not parse, lacks a required part or a partial, fails to render)
/// the next one is tried and the failure is reported in
/// `RenderedMessage.fallbacks`, so a bad override never drops a message.
///
/// Parsed sets are cached; call `invalidate` when an override changes.
public final class TemplateCatalog: Sendable {
    public let defaultLocale: String
    public let options: RenderOptions
    private let defaults: any TemplateStore
    private let overrides: (any TemplateStore)?
    private let cache = Mutex<[CacheKey: Loaded]>([:])

    private struct CacheKey: Hashable {
        let origin: TemplateOrigin
        let kind: MessageKind
        let channel: Channel
    }

    private enum Loaded {
        case absent
        case failed(TemplateError)
        case ready(TemplateSet)
    }

    public init(defaults: any TemplateStore, overrides: (any TemplateStore)? = nil, defaultLocale: String = "en", options: RenderOptions = RenderOptions()) {
        self.defaults = defaults
        self.overrides = overrides
        self.defaultLocale = defaultLocale
        self.options = options
    }

    /// Renders the message, falling back past broken templates. Throws only
    /// when no origin at all yields a renderable set.
    public func render(_ request: TemplateRequest, context: MustacheValue) throws(TemplateError) -> RenderedMessage {
        var fallbacks: [TemplateFallback] = []
        for origin in origins(for: request) {
            switch load(origin, request) {
            case .absent:
                continue
            case .failed(let error):
                fallbacks.append(TemplateFallback(skipped: origin, error: error))
            case .ready(let set):
                do {
                    let parts = try set.render(context, options: options)
                    return RenderedMessage(parts: parts, origin: origin, fallbacks: fallbacks)
                } catch {
                    fallbacks.append(TemplateFallback(skipped: origin, error: error))
                }
            }
        }
        if let last = fallbacks.last {
            throw last.error
        }
        throw TemplateError(.notFound, "no \(request.kind.rawValue) \(request.channel.rawValue) template for locale \(request.locale)")
    }

    /// Renders a message from its input: builds the context, then `render`.
    public func render(_ input: MessageInput, channel: Channel, business: String? = nil, businessLocale: String? = nil) throws(TemplateError) -> RenderedMessage {
        let request = TemplateRequest(kind: input.kind, channel: channel, locale: input.customer.locale, business: business, businessLocale: businessLocale)
        return try render(request, context: RenderContext.make(input))
    }

    /// The set that `render` would start with, for preview and inspection.
    public func templateSet(for request: TemplateRequest) throws(TemplateError) -> TemplateSet {
        var lastError: TemplateError?
        for origin in origins(for: request) {
            switch load(origin, request) {
            case .absent: continue
            case .failed(let error): lastError = error
            case .ready(let set): return set
            }
        }
        throw lastError ?? TemplateError(.notFound, "no \(request.kind.rawValue) \(request.channel.rawValue) template for locale \(request.locale)")
    }

    /// Forgets cached sets of `business` (all of them when nil), so the next
    /// render reads the stores again.
    public func invalidate(business: String? = nil) {
        cache.withLock { cache in
            if let business {
                cache = cache.filter { $0.key.origin.business != business }
            } else {
                cache.removeAll()
            }
        }
    }

    /// Origins in resolution order, without repeats.
    func origins(for request: TemplateRequest) -> [TemplateOrigin] {
        var locales = [request.locale, LanguageCode.of(request.locale)]
        if let businessLocale = request.businessLocale {
            locales += [businessLocale, LanguageCode.of(businessLocale)]
        }
        var result: [TemplateOrigin] = []
        func add(_ origin: TemplateOrigin) {
            if !result.contains(origin) { result.append(origin) }
        }
        if let business = request.business, overrides != nil {
            for locale in locales { add(TemplateOrigin(business: business, locale: locale)) }
        }
        for locale in locales + [defaultLocale] { add(TemplateOrigin(business: nil, locale: locale)) }
        return result
    }

    private func load(_ origin: TemplateOrigin, _ request: TemplateRequest) -> Loaded {
        let key = CacheKey(origin: origin, kind: request.kind, channel: request.channel)
        if let cached = cache.withLock({ $0[key] }) {
            return cached
        }
        let loaded: Loaded
        do {
            if let set = try TemplateSetLoader(store: store(for: origin), fallbackStore: defaults, origin: origin, defaultLocale: defaultLocale).load(request) {
                loaded = .ready(set)
            } else {
                loaded = .absent
            }
        } catch {
            loaded = .failed(error)
        }
        cache.withLock { $0[key] = loaded }
        return loaded
    }

    private func store(for origin: TemplateOrigin) -> any TemplateStore {
        origin.business == nil ? defaults : (overrides ?? defaults)
    }
}
