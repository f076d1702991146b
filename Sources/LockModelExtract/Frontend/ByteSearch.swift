extension UnsafeBufferPointer where Element == UInt8 {
  /// The index of the first byte from `start` on that is `a`, `b` or `c` (`count` if none).
  ///
  /// Sixteen bytes at a time: two thirds of a kernel tree's bytes are preprocessor lines
  /// and comments (the amdgpu register headers alone are tens of megabytes of `#define`s),
  /// which the lexer only has to skip.
  func firstIndex(of a: UInt8, _ b: UInt8, _ c: UInt8, from start: Int) -> Int {
    var k = start
    if let base = baseAddress {
      let (va, vb, vc) = (SIMD16(repeating: a), SIMD16(repeating: b), SIMD16(repeating: c))
      while k + 16 <= count {
        let v = UnsafeRawPointer(base + k).loadUnaligned(as: SIMD16<UInt8>.self)
        if any((v .== va) .| (v .== vb) .| (v .== vc)) { break }
        k += 16
      }
    }
    while k < count {
      let d = self[k]
      if d == a || d == b || d == c { return k }
      k += 1
    }
    return k
  }
}
