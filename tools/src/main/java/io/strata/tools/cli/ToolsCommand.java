package io.strata.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code strata tools}: utilities for blocks and buckets, in the spirit of {@code thanos tools} and
 * {@code promtool tsdb}.
 */
@Command(name = "tools", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Utilities for TSDB blocks and object storage buckets.",
    subcommands = {BlockCommand.class, BucketCommand.class})
public final class ToolsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: block or bucket");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command and returns its exit code: 0 success, 1 failure (e.g. verification), 2 usage. */
  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out,
        java.nio.charset.StandardCharsets.UTF_8), true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command writing to the given streams (tests capture them). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new ToolsCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
      return 1;
    });
    return cl.execute(args);
  }
}
