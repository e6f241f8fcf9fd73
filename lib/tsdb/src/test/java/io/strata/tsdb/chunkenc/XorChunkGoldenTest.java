package io.strata.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks written by real Prometheus code: every chunk must decode, and re-encoding its samples must give
 * the same bytes.
 *
 * <p>Prometheus before v3.0 (prometheus/prometheus#14854) appended one surplus zero byte when a field
 * written with whole-byte writes ended on a byte boundary, i.e. when the last sample's last field is a
 * multiple of 8 bits wide and ends the stream aligned. {@link #expectedLegacyBytes} reproduces exactly that
 * rule, so the comparison stays byte-exact for the older writers available here.
 */
class XorChunkGoldenTest {

  @Test
  void decodesAndReencodesPrometheusIndexFormatV1Fixture() throws IOException {
    byte[] file;
    try (InputStream in = getClass().getResourceAsStream("/prometheus/index_format_v1/chunks/000001")) {
      assertThat(in).as("fixture on the test class path").isNotNull();
      file = in.readAllBytes();
    }
    List<SegmentFile.Chunk> chunks = SegmentFile.chunks(file);

    assertThat(chunks).hasSize(102);
    List<String> samples = new ArrayList<>();
    for (SegmentFile.Chunk c : chunks) {
      assertThat(c.encoding()).isEqualTo(ChunkEncoding.XOR);
      TestSeries s = TestSeries.decode(c.data(), 0, c.data().length);
      assertThat(s.size()).isOne();
      samples.add(s.t()[0] + "=" + Double.longBitsToDouble(s.v()[0]));
      assertThat(expectedLegacyBytes(s)).as("chunk at offset %d", c.fileOffset()).isEqualTo(c.data());
    }
    assertThat(samples).containsOnly("0=0.0", "1=2.0", "3=4.0");
    assertThat(samples).filteredOn("0=0.0"::equals).hasSize(100);
  }

  @Test
  void decodesAndReencodesBlocksMadeByPromtool(@TempDir Path dir) throws Exception {
    Path promtool = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
    assumeTrue(Files.isExecutable(promtool), "promtool not installed at " + promtool + "; skipping");

    List<long[]> expected = new ArrayList<>();
    Path input = dir.resolve("input.om");
    Files.writeString(input, openMetrics(new SplittableRandom(2024), expected), StandardCharsets.UTF_8);
    Path out = dir.resolve("blocks");
    Process p =
        new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", input.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();

    List<Path> segmentFiles;
    try (Stream<Path> files = Files.walk(out)) {
      segmentFiles = files.filter(f -> f.getParent().getFileName().toString().equals("chunks")).sorted().toList();
    }
    assertThat(segmentFiles).isNotEmpty();

    List<long[]> decoded = new ArrayList<>();
    int chunkCount = 0;
    int legacyPadded = 0;
    for (Path f : segmentFiles) {
      for (SegmentFile.Chunk c : SegmentFile.chunks(Files.readAllBytes(f))) {
        assertThat(c.encoding()).isEqualTo(ChunkEncoding.XOR);
        TestSeries s = TestSeries.decode(c.data(), 0, c.data().length);
        assertThat(s.size()).isEqualTo(XorChunk.numSamples(c.data()));
        byte[] reencoded = s.encode();
        byte[] legacy = expectedLegacyBytes(s);
        assertThat(legacy).as("%s chunk at offset %d", f, c.fileOffset()).isEqualTo(c.data());
        if (legacy.length != reencoded.length) {
          legacyPadded++;
        }
        for (int i = 0; i < s.size(); i++) {
          decoded.add(new long[] {s.t()[i], s.v()[i]});
        }
        chunkCount++;
      }
    }
    System.out.printf(
        "promtool golden: %d chunks, %d samples, %d with the pre-3.0 padding byte%n",
        chunkCount, decoded.size(), legacyPadded);
    assertThat(chunkCount).isGreaterThan(20);
    assertThat(sorted(decoded)).containsExactlyElementsOf(sorted(expected));
  }

  /** Our encoding of {@code s}, plus the zero byte a pre-3.0 Prometheus would have appended. */
  static byte[] expectedLegacyBytes(TestSeries s) {
    byte[] modern = s.encode();
    XorChunkIterator it = new XorChunkIterator(modern);
    while (it.next() != ValueType.NONE) {
      // Decode to the end to learn the final bit length and value window.
    }
    int n = s.size();
    boolean aligned = it.bitPosition() % 8 == 0;
    boolean lastFieldWholeBytes;
    if (n == 1) {
      lastFieldWholeBytes = true; // the raw 64-bit value
    } else if (s.v()[n - 1] == s.v()[n - 2]) {
      lastFieldWholeBytes = false; // a single '0' bit
    } else {
      lastFieldWholeBytes = (64 - it.leading() - it.trailing()) % 8 == 0;
    }
    return aligned && lastFieldWholeBytes ? Arrays.copyOf(modern, modern.length + 1) : modern;
  }

  /**
   * Six kinds of series over about five hours, so that promtool writes several 2h blocks: a jittered
   * counter, a random-walk gauge, a constant, a series with gaps of minutes to an hour, one with special
   * floats, and a single sample.
   */
  private static String openMetrics(SplittableRandom r, List<long[]> expected) {
    StringBuilder sb = new StringBuilder("# TYPE golden gauge\n");
    long start = 1_700_000_000_000L;
    for (int kind = 0; kind < 6; kind++) {
      long t = start + r.nextInt(15_000);
      double v = kind == 1 ? 1000 * r.nextGaussian() : 0;
      int n = kind == 5 ? 1 : 1200;
      for (int i = 0; i < n; i++) {
        String value;
        switch (kind) {
          case 0 -> value = Double.toString(v += r.nextInt(0, 50));
          case 1 -> value = Double.toString(v += r.nextGaussian());
          case 2 -> value = "42.0";
          case 3 -> value = Double.toString(r.nextDouble());
          case 4 -> {
            String[] specials = {"NaN", "+Inf", "-Inf", "-0.0", "0.0", "1.5", "-1.5", "4.9E-324"};
            value = specials[r.nextInt(specials.length)];
          }
          default -> value = "7.0";
        }
        String ts = (t / 1000) + "." + String.format("%03d", t % 1000);
        sb.append("golden{kind=\"").append(kind).append("\"} ").append(value).append(' ').append(ts).append('\n');
        // promtool converts seconds to milliseconds as int64(ts * 1000); Java's double arithmetic is the same.
        expected.add(new long[] {(long) (Double.parseDouble(ts) * 1000), goBits(value)});
        t += kind == 3 && r.nextInt(20) == 0 ? r.nextInt(60_000, 3_600_000) : 15_000 + r.nextInt(-5, 6);
      }
    }
    return sb.append("# EOF\n").toString();
  }

  /** Bits Go's strconv.ParseFloat gives, with Prometheus' parser mapping NaN to math.NaN(). */
  private static long goBits(String value) {
    return switch (value) {
      case "NaN" -> TestSeries.PROMETHEUS_NAN;
      case "+Inf" -> Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
      case "-Inf" -> Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
      default -> Double.doubleToRawLongBits(Double.parseDouble(value));
    };
  }

  private static List<String> sorted(List<long[]> samples) {
    return samples.stream().map(s -> s[0] + "/" + Long.toHexString(s[1])).sorted().toList();
  }
}
