import Testing
@testable import LockModelExtract
