import Testing
@testable import ReviewCore
