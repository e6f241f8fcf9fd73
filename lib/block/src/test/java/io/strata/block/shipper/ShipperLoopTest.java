package io.strata.block.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.BlockFiles;
import io.strata.model.Labels;
import io.strata.objstore.InMemoryBucket;
import io.strata.tsdb.block.BlockMeta;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperLoopTest {
  @TempDir Path data;

  @Test
  void backoffDoublesUpToTheInterval() {
    ShipperLoop loop = new ShipperLoop(null, Duration.ofSeconds(30), Duration.ofSeconds(1));
    assertThat(loop.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(loop.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(loop.backoff(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(loop.backoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(loop.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retriesWhileTheBucketFailsAndUploadsOnceItHeals() throws Exception {
    RecordingBucket bucket = new RecordingBucket(new InMemoryBucket());
    bucket.failUploads = n -> true;
    BlockMeta m = ShipperTestBlocks.write(data, ShipperTest.T0, 1);
    Shipper shipper = new Shipper(data, bucket, () -> Labels.of("cluster", "a"), Shipper.Options.sidecar(false),
        ShipperTest.CLOCK, new SimpleMeterRegistry());
    ShipperLoop loop = new ShipperLoop(shipper, Duration.ofSeconds(10), Duration.ofMillis(20));
    Thread t = Thread.ofVirtual().start(loop);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (loop.consecutiveFailures() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(loop.consecutiveFailures()).isGreaterThanOrEqualTo(3);
    bucket.failUploads = null;
    while (!bucket.exists(BlockFiles.meta(m.ulid())) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(bucket.uploadsOf(BlockFiles.meta(m.ulid()))).isEqualTo(1);
    assertThat(loop.stop(Duration.ofSeconds(5))).isTrue();
    t.join(5000);
    assertThat(t.isAlive()).isFalse();
    assertThat(loop.consecutiveFailures()).isZero();
  }
}
