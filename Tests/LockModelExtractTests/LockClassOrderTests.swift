import Testing

@testable import LockModelExtract

@Suite("lock class order")
struct LockClassOrderTests {
  @Test("classes of one name, resolved and not, sort the same way from any starting order")
  func sameNameSortsDeterministically() {
    // Graph order ranks the classes of a dictionary's keys: the order must not depend on
    // the order the dictionary hands them out in.
    let unresolved = LockClass("?.obj.lock", isResolved: false)
    let resolved = LockClass("?.obj.lock", isResolved: true)
    let other = LockClass("a.lock")
    let sorted = [other, unresolved, resolved].sorted()
    #expect([resolved, other, unresolved].sorted() == sorted)
    #expect([unresolved, resolved, other].sorted() == sorted)
    #expect(sorted == [unresolved, resolved, other])
  }
}
