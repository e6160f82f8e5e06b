import Foundation
import Testing
@testable import clusterstat
import _Core
import _TestSupport

// Library errors speak in domain terms and name the settings they are about;
// the command line adds its options' names after the message.

@Suite struct OptionHintTests {
  @Test func errorsEndWithTheirOptions() throws {
    let hs = referenceDataset("HolzingerSwineford1939.csv")
    let noMediator = try run(["process", "--data", hs, "--model", "4", "--x", "x1", "--y", "x4"])
    #expect(noMediator.status == 2 && noMediator.stderr.contains("model 4 needs one or more mediators (option: --m)"), "\(noMediator.stderr)")
    let interaction = try run(["sem", "--data", hs, "--syntax", "visual =~ x1+x2+x3; textual =~ x4+x5+x6", "--interaction", "visual"])
    #expect(interaction.status == 2 && interaction.stderr.contains("a latent interaction takes two latent variables")
            && interaction.stderr.contains("(option: --interaction)"), "\(interaction.stderr)")
  }

  /// Every setting a library can name is an option the command line has.
  @Test func everySettingIsAnOption() throws {
    var help = ""
    for command in ClusterStatCommand.configuration.subcommands {
      help += command.helpMessage(columns: 1000)
    }
    for setting in Setting.allCases {
      #expect(help.contains(setting.flag + " ") || help.contains(setting.flag + "\n"), "\(setting) → \(setting.flag)")
    }
  }
}
