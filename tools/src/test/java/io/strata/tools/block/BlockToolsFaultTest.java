package io.strata.tools.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tools.cli.ToolsCommand;
import io.strata.tools.openmetrics.OpenMetricsImporter;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken blocks give a clear error naming the file, from both dump and verify; never a hang or a trace. */
class BlockToolsFaultTest {
  @TempDir Path tmp;
  Path block;

  @BeforeEach
  void writeBlock() throws Exception {
    StringBuilder om = new StringBuilder();
    for (int s = 0; s < 50; s++) {
      for (int t = 0; t < 200; t++) {
        om.append("m{s=\"").append(s).append("\"} ").append(t * s).append(' ').append(t * 15).append('\n');
      }
    }
    om.append("# EOF\n");
    var r = new OpenMetricsImporter(OpenMetricsImporter.DEFAULT_BLOCK_DURATION).importStream("x",
        new ByteArrayInputStream(om.toString().getBytes(StandardCharsets.UTF_8)), tmp.resolve("data"));
    block = tmp.resolve("data").resolve(r.blocks().get(0).ulid());
  }

  private record Run(int code, String out, String err) {}

  private Run tools(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ToolsCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void healthyBlockVerifiesAndDumps() {
    Run v = tools("block", "verify", block.toString());
    assertThat(v.code()).as(v.err()).isZero();
    Run d = tools("block", "dump", block.toString(), "--match", "{s=\"3\"}");
    assertThat(d.code()).isZero();
    assertThat(d.out().lines()).hasSize(200).first().isEqualTo("{__name__=\"m\", s=\"3\"} 0 0");
  }

  @Test
  void truncatedIndex() throws Exception {
    Path index = block.resolve("index");
    byte[] b = Files.readAllBytes(index);
    Files.write(index, Arrays.copyOf(b, b.length - 30));
    for (Run r : new Run[] {tools("block", "dump", block.toString()), tools("block", "verify", block.toString())}) {
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains(index.toString()).doesNotContain("\tat ");
    }
  }

  @Test
  void bitFlippedChunk() throws Exception {
    Path seg = block.resolve("chunks/000001");
    byte[] b = Files.readAllBytes(seg);
    b[b.length / 3] ^= 0x40;
    Files.write(seg, b);
    Run v = tools("block", "verify", block.toString());
    assertThat(v.code()).isEqualTo(1);
    assertThat(v.err()).contains("000001").contains("CRC32C mismatch");
  }

  @Test
  void wrongMagic() throws Exception {
    Path seg = block.resolve("chunks/000001");
    byte[] b = Files.readAllBytes(seg);
    b[0] = 0x12;
    Files.write(seg, b);
    Run d = tools("block", "dump", block.toString());
    assertThat(d.code()).isEqualTo(1);
    assertThat(d.err()).contains(seg.toString()).contains("wrong magic");
  }

  @Test
  void badUlidInMeta() throws Exception {
    Path meta = block.resolve("meta.json");
    Files.writeString(meta, Files.readString(meta).replaceFirst("\"ulid\" : \"[0-9A-Z]+\"", "\"ulid\" : \"not-a-ulid\""));
    Run d = tools("block", "dump", block.toString());
    assertThat(d.code()).isEqualTo(1);
    assertThat(d.err()).contains(meta.toString()).contains("invalid ULID \"not-a-ulid\"");
  }
}
