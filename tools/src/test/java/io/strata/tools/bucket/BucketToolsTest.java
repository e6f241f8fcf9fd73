package io.strata.tools.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tools.cli.ToolsCommand;
import io.strata.tools.openmetrics.OpenMetricsImporter;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bucket commands end to end over a filesystem bucket given as inline Thanos YAML. */
class BucketToolsTest {
  @TempDir Path tmp;
  String config;
  List<BlockMeta> blocks;

  @BeforeEach
  void uploadTwoBlocks() throws Exception {
    config = "type: FILESYSTEM\nconfig:\n  directory: " + tmp.resolve("bucket") + "\n";
    StringBuilder om = new StringBuilder();
    for (int t = 0; t < 4 * 3600; t += 60) {
      om.append("up{job=\"a\"} 1 ").append(t).append('\n');
    }
    om.append("# EOF\n");
    blocks = new OpenMetricsImporter(OpenMetricsImporter.DEFAULT_BLOCK_DURATION).importStream("x",
        new ByteArrayInputStream(om.toString().getBytes(StandardCharsets.UTF_8)), tmp.resolve("local")).blocks();
    Run up = tools("bucket", "upload", "--objstore.config", config, "--label", "cluster=eu1", tmp.resolve("local").toString());
    assertThat(up.code()).as(up.err()).isZero();
  }

  private record Run(int code, String out, String err) {}

  private Run tools(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ToolsCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void uploadWritesThanosMetaWithFilesAndLabels() throws Exception {
    BlockMeta m = BlockMetaCodec.read(tmp.resolve("bucket").resolve(blocks.get(0).ulid()));
    assertThat(m.externalLabels()).containsEntry("cluster", "eu1");
    assertThat(m.thanos().source()).isEqualTo("bucket.upload");
    assertThat(m.thanos().files()).extracting(BlockMeta.File::relPath).containsExactly("chunks/000001", "index", "meta.json");
    assertThat(m.thanos().files().get(1).sizeBytes()).isEqualTo(
        Files.size(tmp.resolve("local").resolve(m.ulid()).resolve("index")));
    assertThat(tmp.resolve("bucket").resolve(m.ulid()).resolve("tombstones")).doesNotExist();
  }

  @Test
  void lsAndInspectShowTheBlocks() {
    Run ls = tools("bucket", "ls", "--objstore.config", config);
    assertThat(ls.out().lines()).containsExactlyInAnyOrder(blocks.get(0).ulid(), blocks.get(1).ulid());
    Run inspect = tools("bucket", "inspect", "--objstore.config", config);
    assertThat(inspect.code()).isZero();
    List<String> lines = inspect.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ULID").contains("#SERIES").contains("RESOLUTION").contains("LABELS");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains(blocks.get(0).ulid()).contains("1970-01-01T00:00:00Z").contains("1h59m")
        .contains("cluster=eu1").contains("bucket.upload");
  }

  @Test
  void verifyPassesThenReportsOverlapsCorruptMetaAndPartialUploads() throws Exception {
    Run ok = tools("bucket", "verify", "--objstore.config", config, "--scratch-dir", tmp.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("2 blocks checked, 0 problems");

    // A second copy of the first block under another ULID overlaps it in the same stream.
    Path bucket = tmp.resolve("bucket");
    String dup = "01HZZZZZZZZZZZZZZZZZZZZZZZ";
    copyBlock(bucket.resolve(blocks.get(0).ulid()), bucket.resolve(dup));
    Path dupMeta = bucket.resolve(dup).resolve("meta.json");
    Files.writeString(dupMeta, Files.readString(dupMeta).replace(blocks.get(0).ulid(), dup));
    // A partial upload (no meta.json) and a block whose meta.json is garbage.
    Files.createDirectories(bucket.resolve("01HYYYYYYYYYYYYYYYYYYYYYYY/chunks"));
    Files.write(bucket.resolve("01HYYYYYYYYYYYYYYYYYYYYYYY/chunks/000001"), new byte[] {1});
    Files.createDirectories(bucket.resolve("01HXXXXXXXXXXXXXXXXXXXXXXX"));
    Files.writeString(bucket.resolve("01HXXXXXXXXXXXXXXXXXXXXXXX/meta.json"), "{not json");

    Run bad = tools("bucket", "verify", "--objstore.config", config, "--scratch-dir", tmp.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("overlapping blocks in stream {cluster=eu1}").contains(dup)
        .contains("01HXXXXXXXXXXXXXXXXXXXXXXX").contains("malformed meta.json");
    assertThat(bad.out()).contains("01HYYYYYYYYYYYYYYYYYYYYYYY: partial upload");
  }

  @Test
  void badConfigSaysWhy() {
    Run r = tools("bucket", "ls", "--objstore.config", "type: NOPE\nconfig: {}\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).containsIgnoringCase("NOPE");
  }

  private static void copyBlock(Path src, Path dest) throws Exception {
    try (var s = Files.walk(src)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path d = dest.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(d);
        } else {
          Files.copy(p, d);
        }
      }
    }
  }
}
