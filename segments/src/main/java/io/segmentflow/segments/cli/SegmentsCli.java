package io.segmentflow.segments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The core's command line: check definitions, generate sample data, evaluate small data sets. */
@Command(
    name = "segments",
    mixinStandardHelpOptions = true,
    versionProvider = SegmentsCli.Version.class,
    description =
        "The segment language's tools: validate definitions, generate sample data, evaluate.",
    subcommands = {
      ValidateCommand.class,
      GenerateCommand.class,
      EvaluateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SegmentsCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new SegmentsCli()).execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SegmentsCli.class.getPackage().getImplementationVersion();
      return new String[] {"segments " + (version == null ? "(development build)" : version)};
    }
  }
}
