package io.strata.tools.openmetrics;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a synthetic but realistic OpenMetrics file: counters with resets, gauges with decimals and
 * extreme values, classic histograms, a high-cardinality metric and series that start late or stop
 * early. Deterministic for a seed. Used by tests against promtool and by benchmarks.
 *
 * <p>Timestamps are seconds with millisecond fractions and jitter, so samples do not fall on round
 * query boundaries.
 */
public final class OpenMetricsGenerator {
  private final long startMillis;
  private final long durationMillis;
  private final long intervalMillis;
  private final int scale;
  private final long seed;

  /**
   * @param scale multiplies the number of series (1 = about 2,100 series)
   */
  public OpenMetricsGenerator(long startMillis, long durationMillis, long intervalMillis, int scale, long seed) {
    this.startMillis = startMillis;
    this.durationMillis = durationMillis;
    this.intervalMillis = intervalMillis;
    this.scale = scale;
    this.seed = seed;
  }

  /** Writes the file and returns the number of samples written. */
  public long write(Writer w) throws IOException {
    long n = 0;
    int instances = 20 * scale;
    Random r = new Random(seed);

    w.write("# HELP http_requests A counter of HTTP requests.\n# TYPE http_requests counter\n");
    String[] methods = {"GET", "POST", "PUT"};
    String[] codes = {"200", "404", "500", "503"};
    for (int i = 0; i < instances; i++) {
      for (String m : methods) {
        for (String c : codes) {
          String series = "http_requests_total{job=\"api-" + (i % 5) + "\",instance=\"10.0." + (i / 250) + "."
              + (i % 250) + ":8080\",method=\"" + m + "\",code=\"" + c + "\"}";
          double v = r.nextInt(1000);
          double rate = 0.1 + r.nextDouble() * 20;
          long resetAt = r.nextInt(10) == 0 ? startMillis + r.nextLong(durationMillis) : Long.MAX_VALUE;
          for (long t = startMillis; t < startMillis + durationMillis; t += intervalMillis) {
            long ts = jitter(t, r);
            if (ts >= resetAt) {
              v = 0;
              resetAt = Long.MAX_VALUE;
            }
            v += Math.floor(rate * intervalMillis / 1000.0 * r.nextDouble() * 2);
            line(w, series, fmt(v), ts);
            n++;
          }
        }
      }
    }

    w.write("# HELP node_memory_bytes A gauge.\n# TYPE node_memory_bytes gauge\n# UNIT node_memory_bytes bytes\n");
    String[] kinds = {"free", "cached", "buffers", "active", "inactive", "dirty", "slab", "mapped", "shmem", "swap"};
    for (int i = 0; i < instances; i++) {
      for (String k : kinds) {
        String series = "node_memory_bytes{instance=\"node-" + i + "\",type=\"" + k + "\"}";
        double v = 1e9 * (1 + r.nextDouble());
        long from = startMillis + (i % 7 == 0 ? durationMillis / 3 : 0);
        long to = startMillis + durationMillis - (i % 11 == 0 ? durationMillis / 4 : 0);
        for (long t = from; t < to; t += intervalMillis) {
          v += (r.nextDouble() - 0.5) * 1e7;
          line(w, series, fmt(Math.round(v * 1000) / 1000.0), jitter(t, r));
          n++;
        }
      }
    }

    w.write("# HELP request_duration_seconds A classic histogram.\n# TYPE request_duration_seconds histogram\n");
    double[] les = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    String[] handlers = {"/", "/api", "/login", "/metrics", "/search"};
    for (int i = 0; i < instances; i++) {
      for (String h : handlers) {
        String base = "instance=\"node-" + i + "\",handler=\"" + h + "\"";
        long samples = (durationMillis + intervalMillis - 1) / intervalMillis;
        double[][] buckets = new double[les.length + 1][(int) samples];
        double[] sum = new double[(int) samples];
        double[] count = new double[les.length + 1];
        double total = 0;
        for (int s = 0; s < samples; s++) {
          int obs = r.nextInt(50);
          for (int o = 0; o < obs; o++) {
            double d = Math.exp(r.nextGaussian() - 3);
            total += d;
            for (int b = 0; b <= les.length; b++) {
              if (b == les.length || d <= les[b]) {
                count[b]++;
              }
            }
          }
          for (int b = 0; b <= les.length; b++) {
            buckets[b][s] = count[b];
          }
          sum[s] = total;
        }
        long[] ts = new long[(int) samples];
        for (int s = 0; s < samples; s++) {
          ts[s] = jitter(startMillis + s * intervalMillis, r);
        }
        for (int b = 0; b <= les.length; b++) {
          String le = b == les.length ? "+Inf" : fmt(les[b]);
          String series = "request_duration_seconds_bucket{" + base + ",le=\"" + le + "\"}";
          for (int s = 0; s < samples; s++) {
            line(w, series, fmt(buckets[b][s]), ts[s]);
            n++;
          }
        }
        for (int s = 0; s < samples; s++) {
          line(w, "request_duration_seconds_sum{" + base + "}", fmt(sum[s]), ts[s]);
          line(w, "request_duration_seconds_count{" + base + "}", fmt(buckets[les.length][s]), ts[s]);
          n += 2;
        }
      }
    }

    w.write("# HELP many_values A metric with many label values.\n# TYPE many_values gauge\n");
    int many = 500 * scale;
    for (int i = 0; i < many; i++) {
      String series = "many_values{id=\"" + String.format(Locale.ROOT, "%06d", i) + "\",path=\"/a\\\\b\\\"c\\nd-"
          + (i % 3) + "\"}";
      long step = intervalMillis * (1 + i % 4);
      for (long t = startMillis; t < startMillis + durationMillis; t += step) {
        double v = switch ((int) ((t / step + i) % 9)) {
          case 0 -> Double.NaN;
          case 1 -> Double.POSITIVE_INFINITY;
          case 2 -> -1.5e-12;
          case 3 -> 3.0e21;
          case 4 -> -0.0;
          default -> r.nextGaussian() * 100;
        };
        line(w, series, fmt(v), jitter(t, r));
        n++;
      }
    }
    w.write("# EOF\n");
    return n;
  }

  private long jitter(long t, Random r) {
    return t + 1 + r.nextInt((int) Math.max(1, Math.min(intervalMillis / 10, 5000)));
  }

  private static void line(Writer w, String series, String value, long tsMillis) throws IOException {
    w.write(series);
    w.write(' ');
    w.write(value);
    w.write(' ');
    w.write(Long.toString(tsMillis / 1000));
    w.write('.');
    String ms = Long.toString(tsMillis % 1000);
    w.write("000", 0, 3 - ms.length());
    w.write(ms);
    w.write('\n');
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (Double.doubleToRawLongBits(v) < 0 && v == 0) ? "-0" : Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
