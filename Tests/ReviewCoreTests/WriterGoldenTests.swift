import Foundation
import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

@Suite("writers")
struct WriterGoldenTests {
  let settings = WriterFixtures.settings

  @Test("the reply mail to a pwrite patch matches its golden byte for byte")
  func replyGolden() throws {
    let review = WriterFixtures.run.reviews[1]
    let reply = try #require(ReplyWriter(settings: settings).reply(to: review))
    expectGolden(reply, "pwrite-reply.eml")
  }

  @Test("the reply to a reclaim inversion with a removed cycle matches its golden")
  func reclaimReplyGolden() throws {
    let review = WriterFixtures.run.reviews[0]
    let reply = try #require(ReplyWriter(settings: settings).reply(to: review))
    expectGolden(reply, "create-reply.eml")
  }

  @Test("the JSON of a run matches its golden, every examined patch listed")
  func jsonGolden() {
    expectGolden(JSONWriter(settings: settings).write(WriterFixtures.run), "run.json")
  }

  @Test("the SARIF of a run matches its golden")
  func sarifGolden() {
    expectGolden(SARIFWriter(settings: settings).write(WriterFixtures.run), "run.sarif")
  }

  @Test("the JUnit XML of a run matches its golden")
  func junitGolden() {
    expectGolden(JUnitWriter(settings: settings).write(WriterFixtures.run), "run.junit.xml")
  }

  @Test("the dot graph of a run matches its golden")
  func dotGolden() {
    expectGolden(DotWriter.write(WriterFixtures.run), "run.dot")
  }

  @Test("every format gives the same bytes for the same run, whatever the finding order")
  func sameRunSameBytes() {
    var shuffled = WriterFixtures.run
    shuffled.reviews[1].findings.reverse()
    shuffled.reviews[0].findings.reverse()
    for format in OutputFormat.allCases {
      let first = format.render(WriterFixtures.run, settings: settings)
      #expect(first == format.render(shuffled, settings: settings), "\(format)")
      #expect(first == format.render(WriterFixtures.run, settings: settings), "\(format)")
    }
  }
}
