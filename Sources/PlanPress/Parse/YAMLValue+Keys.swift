import Yams

extension YAMLValue {
  /// The key of a mapping's entry, for mistakes in the key itself (an id that does not exist),
  /// which belong at the key's line rather than at its value's.
  public func key(named name: String) -> YAMLValue? {
    guard case .mapping(let mapping) = node else { return nil }
    for (keyNode, _) in mapping where keyNode.scalar?.string == name { return child(keyNode) }
    return nil
  }

  /// The text of a mapping's entry, if it is one: what can still be read of an entry that failed
  /// (the id of a rejected target or department), so that what follows from it is not reported.
  public func text(ofKey name: String) -> String? {
    guard case .mapping(let mapping) = node else { return nil }
    for (keyNode, valueNode) in mapping where keyNode.scalar?.string == name { return valueNode.scalar?.string }
    return nil
  }
}
