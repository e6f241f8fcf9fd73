package io.strata.bench;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.model.Utf8Order;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import io.strata.tsdb.chunks.ChunkSegments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Writes a week of node/service metrics as 2-hour blocks, directly with {@link BlockWriter} (a week of
 * OpenMetrics text for thousands of series would be several GB). Deterministic; samples carry scrape jitter.
 *
 * <p>Per instance: {@code http_requests_total} (5 codes × 2 methods, counters), a classic histogram
 * {@code request_duration_seconds} (2 handlers × 11 buckets + sum + count), {@code node_cpu_seconds_total}
 * (8 CPUs × 4 modes) and {@code node_memory_available_bytes}: 69 series per instance.
 *
 * <p>Usage: {@code DashboardData OUTDIR [instances=100] [days=7] [intervalSeconds=30]}.
 */
public final class DashboardData {
  static final String[] CODES = {"200", "201", "404", "500", "503"};
  static final String[] METHODS = {"GET", "POST"};
  static final String[] HANDLERS = {"/api", "/search"};
  static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"};
  static final String[] MODES = {"idle", "user", "system", "iowait"};
  static final long BLOCK = 2 * 3_600_000L;

  private DashboardData() {}

  /** One series: its labels and how to compute its value at scrape {@code k}. */
  private record Spec(Labels labels, int kind, double a, double b) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    long interval = (args.length > 3 ? Long.parseLong(args[3]) : 30) * 1000;
    long end = (System.currentTimeMillis() / BLOCK) * BLOCK;
    long start = end - days * 24 * 3_600_000L;
    Files.createDirectories(out);

    List<Spec> specs = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < instances; i++) {
      String inst = String.format("host-%03d:9100", i);
      String job = "svc-" + (i % 4);
      for (String c : CODES) {
        for (String m : METHODS) {
          specs.add(new Spec(Labels.of("__name__", "http_requests_total", "job", job, "instance", inst, "code", c,
              "method", m), 0, 1 + r.nextDouble() * (c.startsWith("2") ? 50 : 2), 0));
        }
      }
      for (String h : HANDLERS) {
        for (int b = 0; b < LE.length; b++) {
          specs.add(new Spec(Labels.of("__name__", "request_duration_seconds_bucket", "job", job, "instance", inst,
              "handler", h, "le", LE[b]), 1, 20 + r.nextDouble() * 5, b));
        }
        specs.add(new Spec(Labels.of("__name__", "request_duration_seconds_count", "job", job, "instance", inst,
            "handler", h), 1, 25, LE.length - 1));
        specs.add(new Spec(Labels.of("__name__", "request_duration_seconds_sum", "job", job, "instance", inst,
            "handler", h), 2, 25, 0));
      }
      for (int cpu = 0; cpu < 8; cpu++) {
        for (String mode : MODES) {
          specs.add(new Spec(Labels.of("__name__", "node_cpu_seconds_total", "job", "node", "instance", inst, "cpu",
              Integer.toString(cpu), "mode", mode), 0, mode.equals("idle") ? 0.8 : 0.05, 0));
        }
      }
      specs.add(new Spec(Labels.of("__name__", "node_memory_available_bytes", "job", "node", "instance", inst), 3,
          4e9 + r.nextDouble() * 4e9, 0));
    }
    specs.sort((x, y) -> x.labels().compareTo(y.labels()));
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    for (Spec s : specs) {
      s.labels().forEach((n, v) -> {
        symbols.add(n);
        symbols.add(v);
      });
    }
    // Counters carry over between blocks: keep each series' running value.
    double[] value = new double[specs.size()];
    long samples = 0;
    for (long from = start; from < end; from += BLOCK) {
      try (BlockWriter w = new BlockWriter(out, Ulid.generate(from + BLOCK - 1), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
        w.addSymbols(symbols.iterator());
        for (int s = 0; s < specs.size(); s++) {
          Spec spec = specs.get(s);
          SplittableRandom sr = new SplittableRandom(from * 31 + s);
          ChunkCutter cutter = new ChunkCutter(BLOCK);
          for (long t = from; t < from + BLOCK; t += interval) {
            long ts = t + sr.nextInt(50) + (s % 15) * 1000L;
            double v;
            switch (spec.kind()) {
              case 0 -> v = value[s] += Math.floor(spec.a() * interval / 1000.0 * sr.nextDouble() * 2);
              case 1 -> v = value[s] += Math.floor(spec.a() * interval / 1000.0 * (spec.b() + 1) / LE.length);
              case 2 -> v = value[s] += spec.a() * interval / 1000.0 * 0.12 * sr.nextDouble();
              default -> v = spec.a() + 1e9 * Math.sin(t / 3.6e6 + s);
            }
            cutter.append(ts, v);
            samples++;
          }
          w.addSeries(spec.labels(), cutter.finish());
        }
        BlockMeta m = w.finish(null);
        System.out.println("wrote " + m.ulid() + " " + m.stats().numSeries() + " series " + m.stats().numSamples()
            + " samples");
      }
    }
    System.out.println("total: " + specs.size() + " series, " + samples + " samples, " + (end - start) / 3_600_000L
        + " hours ending at " + end);
  }
}
