import Testing
@testable import GEMSim
