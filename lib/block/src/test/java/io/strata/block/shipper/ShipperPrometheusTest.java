package io.strata.block.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.BlockFiles;
import io.strata.block.MetaFetcher;
import io.strata.model.Labels;
import io.strata.objstore.Bucket;
import io.strata.objstore.S3Bucket;
import io.strata.objstore.S3ProxyServer;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.testing.Peers;
import io.strata.testing.RealPrometheus;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper next to a real Prometheus 2.42 (block durations 1m/1m, external labels) uploading to a real S3
 * server (S3Proxy, filesystem back end so promtool can read what arrived). The blocks are made by
 * {@code promtool tsdb create-blocks-from openmetrics} and copied into the running Prometheus's data directory,
 * as a backfill is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShipperPrometheusTest {
  static final Labels EXT = Labels.of("cluster", "local", "replica", "0");

  Path tmp;
  Path data;
  RealPrometheus prometheus;
  PrometheusClient client;
  PrometheusMetadata metadata;
  S3ProxyServer s3;
  final List<String> blocks = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    Path promtool = Peers.require("promtool");
    // Three 2h blocks of history ending a few hours ago.
    long start = (System.currentTimeMillis() - 12 * 3_600_000L) / 7_200_000L * 7_200_000L;
    Path om = tmp.resolve("history.om");
    try (Writer w = Files.newBufferedWriter(om)) {
      w.write("# HELP ship_metric Shipper test data.\n# TYPE ship_metric gauge\n");
      for (int s = 0; s < 50; s++) {
        for (long t = start; t < start + 6 * 3_600_000L; t += 15_000) {
          w.write("ship_metric{series=\"" + s + "\",job=\"j" + (s % 3) + "\"} " + (s * 1000 + (t - start) / 15_000)
              + " " + t / 1000 + "\n");
        }
      }
      w.write("# EOF\n");
    }
    Path backfill = tmp.resolve("backfill");
    Process p = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(),
        backfill.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("promtool.log").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("promtool.log"))).isZero();

    data = tmp.resolve("data");
    prometheus = RealPrometheus.start(data, RealPrometheus.config("cluster: local", "replica: \"0\""),
        List.of("--storage.tsdb.min-block-duration=1m", "--storage.tsdb.max-block-duration=1m"));
    try (Stream<Path> s = Files.list(backfill)) {
      for (Path b : s.sorted().toList()) {
        copyTree(b, data.resolve(b.getFileName()));
        blocks.add(b.getFileName().toString());
      }
    }
    assertThat(blocks).hasSize(3);
    client = new PrometheusClient(prometheus.uri(), Duration.ofSeconds(10));
    metadata = new PrometheusMetadata(client);
    s3 = S3ProxyServer.startFilesystem(Files.createDirectories(tmp.resolve("s3")));
  }

  @AfterAll
  void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dst = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(p, dst);
        }
      }
    }
  }

  private S3Bucket newBucket(String name) {
    // Few SDK retries: outages must surface to the shipper quickly, whose own backoff is under test.
    return new S3Bucket(s3.config(name).maxRetries(1).connectTimeout(Duration.ofSeconds(1)).build());
  }

  private Shipper shipper(Bucket bucket, String stateFile) {
    return new Shipper(data, bucket, metadata::externalLabels,
        new Shipper.Options(Shipper.SOURCE_SIDECAR, false, stateFile), Clock.systemUTC(), new SimpleMeterRegistry());
  }

  private BlockMeta meta(Bucket bucket, String id) throws IOException {
    try (InputStream in = bucket.get(BlockFiles.meta(id))) {
      return BlockMetaCodec.parse(id, in.readAllBytes());
    }
  }

  /** Every block complete: meta.json with the files list, each file present with the listed size. */
  private void assertComplete(Bucket bucket) throws IOException {
    MetaFetcher.Result seen = new MetaFetcher(bucket).fetch();
    assertThat(seen.blocks()).containsOnlyKeys(blocks);
    assertThat(seen.partial()).isEmpty();
    for (String id : blocks) {
      BlockMeta up = meta(bucket, id);
      BlockMeta local = BlockMetaCodec.read(data.resolve(id));
      assertThat(up.thanos().labels()).isEqualTo(EXT.toMap());
      assertThat(up.thanos().source()).isEqualTo("sidecar");
      assertThat(up.compaction().level()).isEqualTo(1);
      assertThat(up.minTime()).isEqualTo(local.minTime());
      assertThat(up.stats()).isEqualTo(local.stats());
      List<String> paths = new ArrayList<>();
      for (BlockMeta.File f : up.thanos().files()) {
        paths.add(f.relPath());
        if (!f.relPath().equals("meta.json")) {
          assertThat(bucket.attributes(id + "/" + f.relPath()).size()).as(id + "/" + f.relPath())
              .isEqualTo(f.sizeBytes()).isEqualTo(Files.size(data.resolve(id).resolve(f.relPath())));
        }
      }
      assertThat(paths).contains("index", "meta.json", "chunks/000001");
    }
  }

  @Test
  void shipsBackfilledBlocksAndRestartsUploadNothingTwice() throws Exception {
    UploadPreconditions.verify(client, Duration.ofSeconds(10), Duration.ofMillis(200));
    assertThat(metadata.awaitExternalLabels(Duration.ofSeconds(10), Duration.ofMillis(200))).isEqualTo(EXT);
    String name = s3.createBucket("ship");
    try (S3Bucket s3Bucket = newBucket(name)) {
      RecordingBucket bucket = new RecordingBucket(s3Bucket);
      assertThat(shipper(bucket, "a.shipper.json").sync().uploadedIds()).containsExactlyElementsOf(blocks);
      assertComplete(bucket);
      assertThat(ShipperState.read(data.resolve("a.shipper.json"))).containsExactlyElementsOf(blocks);

      // promtool reads the bucket's copy (S3Proxy stores objects as plain files).
      Process list = new ProcessBuilder(Peers.require("promtool").toString(), "tsdb", "list",
          tmp.resolve("s3").resolve(name).toString()).redirectErrorStream(true).start();
      String out = new String(list.getInputStream().readAllBytes());
      assertThat(list.waitFor()).as(out).isZero();
      assertThat(out).contains(blocks);

      int objects = bucket.uploads.size();
      assertThat(shipper(bucket, "a.shipper.json").sync().uploaded()).as("restart").isZero();
      Files.delete(data.resolve("a.shipper.json"));
      assertThat(shipper(bucket, "a.shipper.json").sync().uploaded()).as("restart without state").isZero();
      assertThat(bucket.uploads).hasSize(objects);
      assertThat(ShipperState.read(data.resolve("a.shipper.json"))).containsExactlyElementsOf(blocks);
    }
  }

  @Test
  void s3OutageDuringUploadEndsWithEveryBlockOnceAndNoHalfBlockVisible() throws Exception {
    metadata.awaitExternalLabels(Duration.ofSeconds(10), Duration.ofMillis(200));
    String name = s3.createBucket("outage");
    try (S3Bucket s3Bucket = newBucket(name); S3Bucket reader = newBucket(name)) {
      RecordingBucket bucket = new RecordingBucket(s3Bucket);
      // First outage: the server goes away after block 2's chunks, before its index.
      AtomicBoolean stopped = new AtomicBoolean();
      bucket.beforeUpload = n -> {
        if (n.equals(BlockFiles.index(blocks.get(1))) && stopped.compareAndSet(false, true)) {
          stopQuietly();
        }
      };
      Shipper shipper = shipper(bucket, "b.shipper.json");
      assertThatThrownBy(shipper::sync).isInstanceOf(IOException.class)
          .hasMessageContaining("uploading block " + blocks.get(1));
      s3.restart();
      MetaFetcher.Result seen = new MetaFetcher(reader).fetch();
      assertThat(seen.blocks()).as("what a store gateway sees").containsOnlyKeys(blocks.get(0));
      assertThat(seen.partial()).containsExactly(blocks.get(1));

      // Second outage, under the loop: the server is down for 2 s while block 3 is on its way.
      AtomicBoolean stoppedAgain = new AtomicBoolean();
      bucket.beforeUpload = n -> {
        if (n.startsWith(blocks.get(2) + "/chunks/") && stoppedAgain.compareAndSet(false, true)) {
          stopQuietly();
          Thread.ofVirtual().start(() -> {
            try {
              Thread.sleep(2000);
              s3.restart();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
        }
      };
      ShipperLoop loop = new ShipperLoop(shipper, Duration.ofSeconds(5), Duration.ofMillis(100));
      Thread t = Thread.ofVirtual().start(loop);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!shipper.allUploaded() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(loop.stop(Duration.ofSeconds(30))).isTrue();
      t.join();
      assertThat(stoppedAgain).isTrue();
      assertThat(shipper.allUploaded()).isTrue();
      Map<String, Long> metaUploads = new TreeMap<>();
      for (String id : blocks) {
        metaUploads.put(id, bucket.uploadsOf(BlockFiles.meta(id)));
      }
      assertThat(metaUploads).as("meta.json uploads per block").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertComplete(reader);
    }
  }

  private void stopQuietly() {
    try {
      s3.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping S3Proxy", e);
    }
  }

  @Test
  void refusesPrometheusThatCompactsOrHasNoExternalLabels() throws Exception {
    try (RealPrometheus other = RealPrometheus.start(tmp.resolve("other"), RealPrometheus.config(),
        List.of("--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=1d"))) {
      PrometheusClient c = new PrometheusClient(other.uri(), Duration.ofSeconds(10));
      assertThatThrownBy(() -> UploadPreconditions.verify(c, Duration.ofSeconds(10), Duration.ofMillis(100)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--storage.tsdb.min-block-duration=2h")
          .hasMessageContaining("--storage.tsdb.max-block-duration=1d")
          .hasMessageContaining("both flags equal");
      assertThatThrownBy(() -> new PrometheusMetadata(c).awaitExternalLabels(Duration.ofSeconds(10),
          Duration.ofMillis(100)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no external labels are configured on Prometheus at " + other.uri())
          .hasMessageContaining("external_labels:");
    }
  }

}
