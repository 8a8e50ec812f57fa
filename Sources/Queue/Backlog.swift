/// Claimed jobs waiting for a handler thread: first in, first out.
///
/// An array read from a moving head. `Array.removeFirst` moves every element
/// behind the first, and the worker took its jobs one at a time that way, under
/// its lock, hundreds deep. Taken elements are dropped in one move once they are
/// half the array (and at least 64), so a pop costs O(1) amortized and the
/// storage stays within twice what waits.
struct Backlog<Element: Sendable>: Sendable {
    private var elements: [Element] = []
    private var head = 0

    /// What still waits, oldest first.
    var waiting: ArraySlice<Element> { elements[head...] }

    mutating func append(contentsOf new: [Element]) {
        elements.append(contentsOf: new)
    }

    /// The oldest waiting element, taken out; nil when none waits.
    mutating func popFirst() -> Element? {
        guard head < elements.count else { return nil }
        let first = elements[head]
        head += 1
        if head == elements.count {
            elements.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= elements.count {
            elements.removeFirst(head)
            head = 0
        }
        return first
    }

    mutating func removeAll() {
        elements.removeAll()
        head = 0
    }
}
