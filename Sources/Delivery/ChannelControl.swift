public import Vocabulary

/// Pauses and resumes a channel's queue; the Queue module implements it.
/// Both block (a database write) and run on the calling worker thread.
///
/// A paused queue is skipped by the claim query: its messages stay queued and
/// burn no attempts while the provider is down.
public protocol ChannelControl: Sendable {
    func pause(_ channel: Channel)
    func resume(_ channel: Channel)
}
