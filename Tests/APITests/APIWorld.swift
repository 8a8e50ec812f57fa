// `@_exported`: the suites' files use the world's members without importing its module each.
@_exported import APITestSupport

/// The public API's live world (`LiveWorld`): requests carry the salon's
/// public key unless a test names another.
typealias APIWorld = LiveWorld<PublicKeyByDefault>
