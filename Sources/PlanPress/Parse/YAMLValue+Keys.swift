import Yams

extension YAMLValue {
  /// The key of a mapping's entry, for mistakes in the key itself (an id that does not exist),
  /// which belong at the key's line rather than at its value's.
  public func key(named name: String) -> YAMLValue? {
    guard case .mapping(let mapping) = node else { return nil }
    for (keyNode, _) in mapping where keyNode.scalar?.string == name { return child(keyNode) }
    return nil
  }
}
