import Testing
@testable import PatchParse
