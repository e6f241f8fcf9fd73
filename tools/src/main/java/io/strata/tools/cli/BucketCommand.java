package io.strata.tools.cli;

import io.strata.block.BlockUploader;
import io.strata.block.BucketBlock;
import io.strata.block.MetaFetcher;
import io.strata.objstore.Bucket;
import io.strata.objstore.BucketFactory;
import io.strata.tools.bucket.BlockTable;
import io.strata.tools.bucket.BucketVerifier;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.LocalBlock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata tools bucket}: operations on the blocks in an object storage bucket. */
@Command(name = "bucket", mixinStandardHelpOptions = true, description = "Inspect and verify blocks in a bucket.",
    subcommands = {BucketCommand.Ls.class, BucketCommand.Inspect.class, BucketCommand.Verify.class,
        BucketCommand.Upload.class})
final class BucketCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** The Thanos bucket configuration flags. */
  static final class BucketOptions {
    @Option(names = "--objstore.config-file", paramLabel = "FILE",
        description = "Path to the bucket configuration YAML (Thanos format).")
    String configFile;

    @Option(names = "--objstore.config", paramLabel = "YAML",
        description = "Bucket configuration YAML inline (alternative to --objstore.config-file).")
    String config;

    Bucket open() throws java.io.IOException {
      return BucketFactory.fromFlags(configFile, config);
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the blocks in the bucket.")
  static final class Ls implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BucketOptions bucket;

    @Option(names = {"-o", "--output"}, defaultValue = "", description = "Output format: (empty) ULIDs, wide, json.")
    String output;

    @Override
    public Integer call() throws Exception {
      try (Bucket b = bucket.open()) {
        MetaFetcher.Result r = new MetaFetcher(b).fetch();
        PrintWriter out = spec.commandLine().getOut();
        for (BucketBlock blk : r.blocks().values()) {
          BlockMeta m = blk.meta();
          switch (output) {
            case "" -> out.println(m.ulid());
            case "wide" -> out.println(m.ulid() + " -- " + java.time.Instant.ofEpochMilli(m.minTime()) + " - "
                + java.time.Instant.ofEpochMilli(m.maxTime()) + " Diff: "
                + io.strata.promql.ast.Durations.format(m.maxTime() - m.minTime()) + ", Compaction: "
                + m.compaction().level() + ", Downsample: " + m.resolution() + ", Source: "
                + (m.thanos() == null ? "" : m.thanos().source()));
            case "json" -> out.print(new String(io.strata.tsdb.block.BlockMetaCodec.toJson(m),
                java.nio.charset.StandardCharsets.UTF_8));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown output format " + output);
          }
        }
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Print a table of the blocks in the bucket.")
  static final class Inspect implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BucketOptions bucket;

    @Option(names = {"-l", "--selector"}, description = "Only blocks whose external labels include k=v (repeatable).")
    Map<String, String> selector = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      try (Bucket b = bucket.open()) {
        MetaFetcher.Result r = new MetaFetcher(b).fetch();
        List<BucketBlock> blocks = r.blocks().values().stream()
            .filter(blk -> selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(blk.meta().externalLabels().get(e.getKey()))))
            .toList();
        BlockTable.print(blocks, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify blocks: meta.json, overlaps within a stream, index and chunk integrity. Exits 1 on problems.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BucketOptions bucket;

    @Option(names = "--id", description = "Only check these blocks in depth (repeatable); default all.")
    List<String> ids = List.of();

    @Option(names = "--scratch-dir", defaultValue = "${java.io.tmpdir}",
        description = "Where blocks are downloaded for checking (default: ${DEFAULT-VALUE}).")
    Path scratch;

    @Override
    public Integer call() throws Exception {
      try (Bucket b = bucket.open()) {
        BucketVerifier.Report r = new BucketVerifier(b, scratch).verify(new HashSet<>(ids));
        r.notes().forEach(spec.commandLine().getOut()::println);
        r.problems().forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getOut().println(r.blocksChecked() + " blocks checked, " + r.problems().size()
            + " problems");
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return r.problems().isEmpty() ? 0 : 1;
      }
    }
  }

  @Command(name = "upload", mixinStandardHelpOptions = true,
      description = "Upload local blocks (meta.json last). Blocks without a thanos section get --label labels.")
  static final class Upload implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BucketOptions bucket;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Block directories or directories of blocks.")
    List<Path> dirs;

    @Option(names = "--label", description = "External label k=v for blocks that have none (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      try (Bucket b = bucket.open()) {
        BlockUploader up = new BlockUploader(b, Clock.systemUTC());
        for (Path d : dirs) {
          for (Path blockDir : LocalBlock.blockDirs(d)) {
            BlockMeta m = up.upload(blockDir, labels, "bucket.upload");
            spec.commandLine().getOut().println("uploaded " + m.ulid());
          }
        }
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }
}
