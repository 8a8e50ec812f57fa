/// Depth-first traversal of a node tree, for lint and dependency discovery.
enum MustacheWalk {
    /// Calls `visit` for every node with the names of the sections around
    /// it (outermost first), which lint needs to resolve relative names.
    static func visit(_ nodes: [MustacheNode], sections: [MustacheName] = [], _ visit: (MustacheNode, [MustacheName]) -> Void) {
        for node in nodes {
            visit(node, sections)
            switch node {
            case .section(let name, let body, let inverted):
                // An inverted section renders only when its name is absent,
                // so it does not open a context.
                self.visit(body, sections: inverted ? sections : sections + [name], visit)
            case .parent(_, _, let blocks, _):
                for body in blocks.values { self.visit(body, sections: sections, visit) }
            case .block(_, let body, _):
                self.visit(body, sections: sections, visit)
            case .text, .variable, .partial:
                break
            }
        }
    }
}
