package io.segmentflow.batch.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The batch commands data engineers schedule and run: the nightly recompute and the commands around
 * it. Submitted with {@code spark-submit --class io.segmentflow.batch.cli.BatchCli JOB_JAR ...} on
 * a cluster, or run locally with an embedded Spark ({@code bin/segmentflow-batch ...}).
 *
 * <p>Several commands may follow one another on one command line ({@code ingest ... ingest ...
 * recompute ...}): they run in the order given in one Spark application, and the first that does
 * not end with exit code 0 stops the rest and gives the exit code.
 */
@Command(
    name = "segmentflow-batch",
    mixinStandardHelpOptions = true,
    subcommandsRepeatable = true,
    description = {
      "Segment recompute and lakehouse commands on Spark and Delta Lake.",
      "Several commands may follow one another (segmentflow-batch ingest ... ingest ... recompute"
          + " ...): they run in the order given, in one Spark application, and the first that"
          + " fails stops the rest and gives the exit code."
    },
    subcommands = {
      DefinitionsCommand.class,
      IngestCommand.class,
      RecomputeCommand.class,
      PreviewCommand.class,
      ExplainCommand.class,
      ExportCommand.class,
      FreezeCommand.class,
      PublishCommand.class,
      HandoverCommand.class,
      CheckCommand.class,
      MaintainCommand.class,
      RestoreCommand.class,
      BenchmarkCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BatchCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line {@link #main} executes: commands run in the order given, an option value may
   * be a command's name ({@code --segment export}). {@code execute} returns the exit code {@code
   * main} would exit with.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BatchCli());
    cli.setAllowSubcommandsAsOptionParameters(true);
    cli.setExecutionStrategy(BatchCli::runInOrder);
    return cli;
  }

  private static int runInOrder(ParseResult parsed) {
    CommandLine cli = parsed.commandSpec().commandLine();
    List<ParseResult> commands = parsed.subcommands();
    if (commands.size() > 1
        && commands.get(0).commandSpec().userObject() instanceof CommandLine.HelpCommand) {
      // help COMMAND: with repeatable commands, COMMAND is parsed as a command of its own
      commands.get(1).commandSpec().commandLine().usage(cli.getOut());
      return 0;
    }
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    if (commands.isEmpty()) {
      throw new ParameterException(cli, "Missing required subcommand");
    }
    PrintWriter out = cli.getOut();
    for (int i = 0; i < commands.size(); i++) {
      ParseResult command = commands.get(i);
      if (commands.size() > 1) {
        out.printf(
            "== [%d/%d] %s %s%n",
            i + 1, commands.size(), command.commandSpec().name(), ownArguments(commands, i));
        out.flush();
      }
      int exitCode = new CommandLine.RunLast().execute(command);
      if (exitCode != 0) {
        if (i + 1 < commands.size()) {
          List<String> notRun =
              commands.subList(i + 1, commands.size()).stream()
                  .map(c -> c.commandSpec().name())
                  .toList();
          cli.getErr()
              .printf(
                  "segmentflow-batch: %s ended with exit code %d, so these did not run: %s%n",
                  command.commandSpec().name(), exitCode, String.join(", ", notRun));
          cli.getErr().flush();
        }
        return exitCode;
      }
    }
    return 0;
  }

  /** The arguments of the i-th command: up to the name of the next one. */
  private static String ownArguments(List<ParseResult> commands, int i) {
    List<String> rest = commands.get(i).expandedArgs();
    int end =
        i + 1 < commands.size() ? rest.size() - commands.get(i + 1).expandedArgs().size() - 1 : -1;
    return String.join(" ", end < 0 ? rest : rest.subList(0, end));
  }
}
