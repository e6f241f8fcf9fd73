package io.strata.tools.cli;

import io.strata.model.LabelMatcher;
import io.strata.promql.ast.Durations;
import io.strata.promql.parser.ParseException;
import io.strata.promql.parser.Parser;
import io.strata.tools.block.BlockDumper;
import io.strata.tools.block.BlockVerifier;
import io.strata.tools.openmetrics.OpenMetricsImporter;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.LocalBlock;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata tools block}: local block operations. */
@Command(name = "block", mixinStandardHelpOptions = true, description = "Create, dump and verify local TSDB blocks.",
    subcommands = {BlockCommand.ImportOpenMetrics.class, BlockCommand.Dump.class, BlockCommand.Verify.class,
        BlockCommand.GenerateOpenMetrics.class})
final class BlockCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  static long duration(CommandLine cl, String flag, String value) {
    try {
      return Durations.parseMillis(value);
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(cl, "invalid " + flag + " " + value + ": " + e.getMessage());
    }
  }

  @Command(name = "import-openmetrics", mixinStandardHelpOptions = true,
      description = "Create blocks from an OpenMetrics file (like promtool tsdb create-blocks-from openmetrics).")
  static final class ImportOpenMetrics implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "OpenMetrics input file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTDIR", defaultValue = "data/",
        description = "Directory to write blocks into (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--block-duration", defaultValue = "2h",
        description = "Duration of each block (default: ${DEFAULT-VALUE}).")
    String blockDuration;

    @Option(names = "--quiet", description = "Do not print the created blocks.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
      long d = duration(spec.commandLine(), "--block-duration", blockDuration);
      OpenMetricsImporter.Result r = new OpenMetricsImporter(d).importFile(input, output);
      if (!quiet) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-26s  %-13s  %-13s  %-10s  %12s  %10s  %8s%n", "BLOCK ULID", "MIN TIME", "MAX TIME",
            "DURATION", "NUM SAMPLES", "NUM CHUNKS", "NUM SERIES");
        for (BlockMeta m : r.blocks()) {
          out.printf("%-26s  %-13d  %-13d  %-10s  %12d  %10d  %8d%n", m.ulid(), m.minTime(), m.maxTime(),
              Durations.format(m.maxTime() - m.minTime()), m.stats().numSamples(), m.stats().numChunks(),
              m.stats().numSeries());
        }
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = "Print samples of a block or of all blocks in a directory (output like promtool tsdb dump).")
  static final class Dump implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BLOCKDIR", defaultValue = "data/",
        description = "A block directory, or a directory of blocks (default: ${DEFAULT-VALUE}).")
    Path path;

    @Option(names = "--min-time", defaultValue = "" + Long.MIN_VALUE, description = "Minimum timestamp to dump.")
    long minTime;

    @Option(names = "--max-time", defaultValue = "" + Long.MAX_VALUE, description = "Maximum timestamp to dump.")
    long maxTime;

    @Option(names = "--match", defaultValue = "{__name__=~'(?s:.*)'}", description = "Series selector.")
    String match;

    @Override
    public Integer call() throws Exception {
      List<LabelMatcher> matchers;
      try {
        matchers = Parser.parseSelector(match);
      } catch (ParseException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "invalid --match: " + e.getMessage());
      }
      BufferedWriter w = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
      BlockDumper.dump(path, minTime, maxTime, matchers, w);
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check a block (or every block in a directory): CRCs, ordering, chunk bounds, stats.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A block directory, or a directory of blocks.")
    Path path;

    @Override
    public Integer call() throws Exception {
      List<String> problems = new ArrayList<>();
      int blocks = 0;
      for (Path dir : LocalBlock.blockDirs(path)) {
        problems.addAll(BlockVerifier.verify(dir));
        blocks++;
      }
      PrintWriter out = spec.commandLine().getOut();
      problems.forEach(spec.commandLine().getErr()::println);
      out.println(blocks + " blocks checked, " + problems.size() + " problems");
      out.flush();
      return problems.isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "generate-openmetrics", mixinStandardHelpOptions = true,
      description = "Write a synthetic OpenMetrics file (counters, gauges, classic histograms) for demos and benchmarks.")
  static final class GenerateOpenMetrics implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Output file.")
    Path output;

    @Option(names = "--start", description = "Start time in ms since the epoch (default: 2 days ago, hour-aligned).")
    Long start;

    @Option(names = "--duration", defaultValue = "1d", description = "Time covered (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--interval", defaultValue = "60s", description = "Scrape interval (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--scale", defaultValue = "1", description = "Series multiplier; 1 = about 2,100 series.")
    int scale;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
    long seed;

    @Override
    public Integer call() throws Exception {
      long d = duration(spec.commandLine(), "--duration", duration);
      long i = duration(spec.commandLine(), "--interval", interval);
      long s = start != null ? start : (System.currentTimeMillis() / 3_600_000L - 48) * 3_600_000L;
      try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        long n = new io.strata.tools.openmetrics.OpenMetricsGenerator(s, d, i, scale, seed).write(w);
        spec.commandLine().getOut().println("wrote " + n + " samples to " + output);
      }
      return 0;
    }
  }
}
