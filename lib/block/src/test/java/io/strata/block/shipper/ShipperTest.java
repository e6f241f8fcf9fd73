package io.strata.block.shipper;

import static io.strata.block.shipper.ShipperTestBlocks.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.BlockFiles;
import io.strata.block.BlockUploader;
import io.strata.block.MetaFetcher;
import io.strata.model.Labels;
import io.strata.objstore.InMemoryBucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  static final long T0 = 1_700_000_000_000L;
  static final Labels EXT = Labels.of("cluster", "eu1", "replica", "0");

  @TempDir Path data;
  final RecordingBucket bucket = new RecordingBucket(new InMemoryBucket());
  final AtomicReference<Labels> labels = new AtomicReference<>(EXT);

  Shipper shipper(boolean uploadCompacted) {
    return new Shipper(data, bucket, labels::get, Shipper.Options.sidecar(uploadCompacted), CLOCK,
        new SimpleMeterRegistry());
  }

  BlockMeta bucketMeta(String id) throws IOException {
    try (InputStream in = bucket.get(BlockFiles.meta(id))) {
      return BlockMetaCodec.parse(id, in.readAllBytes());
    }
  }

  @Test
  void uploadsLevelOneBlocksOldestFirstWithMetaLast() throws IOException {
    BlockMeta newer = ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    BlockMeta older = ShipperTestBlocks.write(data, T0, 1);
    Shipper.SyncResult r = shipper(false).sync();
    assertThat(r.uploadedIds()).containsExactly(older.ulid(), newer.ulid());

    for (BlockMeta local : List.of(older, newer)) {
      String id = local.ulid();
      List<String> objects = bucket.uploads.stream().filter(n -> n.startsWith(id + "/")).toList();
      assertThat(objects.get(objects.size() - 1)).as("meta.json goes last").isEqualTo(BlockFiles.meta(id));
      assertThat(objects.get(objects.size() - 2)).as("index before meta").isEqualTo(BlockFiles.index(id));
      assertThat(objects.subList(0, objects.size() - 2)).allMatch(n -> n.startsWith(id + "/chunks/"));

      BlockMeta up = bucketMeta(id);
      assertThat(up.thanos().labels()).isEqualTo(EXT.toMap());
      assertThat(up.thanos().source()).isEqualTo("sidecar");
      assertThat(up.thanos().downsample().resolution()).isZero();
      assertThat(up.thanos().uploadTime()).isEqualTo("2026-11-23T10:00:00Z");
      assertThat(up.stats()).isEqualTo(local.stats());
      List<String> paths = new ArrayList<>();
      for (BlockMeta.File f : up.thanos().files()) {
        paths.add(f.relPath());
        if (!f.relPath().equals("meta.json")) {
          assertThat(f.sizeBytes()).as(f.relPath()).isEqualTo(Files.size(data.resolve(id).resolve(f.relPath())))
              .isEqualTo(bucket.attributes(id + "/" + f.relPath()).size());
        }
      }
      assertThat(paths).isSorted().contains("index", "meta.json").anyMatch(p -> p.startsWith("chunks/"));
      // Prometheus's own meta.json is untouched (the upload dir replaced its hard link, not its content).
      assertThat(BlockMetaCodec.read(data.resolve(id)).thanos()).isNull();
    }
    assertThat(ShipperState.read(data.resolve("thanos.shipper.json"))).containsExactly(older.ulid(), newer.ulid());
    assertThat(data.resolve("thanos/upload")).isEmptyDirectory();
  }

  @Test
  void secondPassAndRestartUploadNothing() throws IOException {
    ShipperTestBlocks.write(data, T0, 1);
    ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    assertThat(shipper(false).sync().uploaded()).isEqualTo(2);
    int objects = bucket.uploads.size();

    assertThat(shipper(false).sync().uploaded()).as("restart").isZero();
    assertThat(bucket.uploads).hasSize(objects);

    BlockMeta third = ShipperTestBlocks.write(data, T0 + 4 * HOUR, 1);
    Shipper s = shipper(false);
    assertThat(s.sync().uploadedIds()).containsExactly(third.ulid());
    assertThat(s.allUploaded()).isTrue();
  }

  @Test
  void lostStateFileIsRebuiltFromTheBucketWithoutUploading() throws IOException {
    BlockMeta a = ShipperTestBlocks.write(data, T0, 1);
    BlockMeta b = ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    shipper(false).sync();
    int objects = bucket.uploads.size();
    Files.delete(data.resolve("thanos.shipper.json"));

    assertThat(shipper(false).sync().uploaded()).isZero();
    assertThat(bucket.uploads).hasSize(objects);
    assertThat(ShipperState.read(data.resolve("thanos.shipper.json"))).containsExactly(a.ulid(), b.ulid());
  }

  @Test
  void corruptStateFileIsTreatedAsEmpty() throws IOException {
    ShipperTestBlocks.write(data, T0, 1);
    shipper(false).sync();
    Files.writeString(data.resolve("thanos.shipper.json"), "{not json");
    int objects = bucket.uploads.size();
    assertThat(shipper(false).sync().uploaded()).isZero();
    assertThat(bucket.uploads).hasSize(objects);
  }

  @Test
  void compactedBlocksOnlyWhenAsked() throws IOException {
    BlockMeta l1 = ShipperTestBlocks.write(data, T0, 1);
    BlockMeta l2 = ShipperTestBlocks.write(data, T0 + 2 * HOUR, 2);
    assertThat(shipper(false).sync().uploadedIds()).containsExactly(l1.ulid());
    assertThat(shipper(false).allUploaded()).isTrue();
    assertThat(shipper(true).allUploaded()).isFalse();
    assertThat(shipper(true).sync().uploadedIds()).containsExactly(l2.ulid());
  }

  @Test
  void compactedBlockOverlappingTheBucketIsRefused() throws IOException {
    BlockMeta l1 = ShipperTestBlocks.write(data, T0, 1);
    shipper(false).sync();
    BlockMeta l2 = ShipperTestBlocks.write(data, T0 + HOUR, 2);
    assertThatThrownBy(() -> shipper(true).sync()).isInstanceOf(IOException.class)
        .hasMessageContaining("compacted block " + l2.ulid())
        .hasMessageContaining("overlaps block " + l1.ulid());
    assertThat(bucket.uploads).noneMatch(n -> n.startsWith(l2.ulid()));
  }

  @Test
  void emptyBlocksAreIgnored() throws IOException {
    ShipperTestBlocks.write(data, T0, 1, 0);
    assertThat(shipper(false).sync().uploaded()).isZero();
    assertThat(bucket.uploads).isEmpty();
  }

  @Test
  void blockAlreadyInTheBucketIsRecordedNotUploaded() throws IOException {
    BlockMeta a = ShipperTestBlocks.write(data, T0, 1);
    new BlockUploader(bucket, CLOCK).upload(data.resolve(a.ulid()), EXT.toMap(), "sidecar");
    int objects = bucket.uploads.size();
    assertThat(shipper(false).sync().uploaded()).isZero();
    assertThat(bucket.uploads).hasSize(objects);
    assertThat(ShipperState.read(data.resolve("thanos.shipper.json"))).containsExactly(a.ulid());
  }

  @Test
  void failedUploadLeavesNoVisibleBlockAndIsRetriedInOrder() throws IOException {
    BlockMeta a = ShipperTestBlocks.write(data, T0, 1);
    BlockMeta b = ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    BlockMeta c = ShipperTestBlocks.write(data, T0 + 4 * HOUR, 1);
    bucket.failUploads = n -> n.equals(BlockFiles.index(b.ulid()));
    assertThatThrownBy(() -> shipper(false).sync()).isInstanceOf(IOException.class)
        .hasMessageContaining("uploading block " + b.ulid())
        .hasMessageContaining("injected failure");

    MetaFetcher.Result seen = new MetaFetcher(bucket).fetch();
    assertThat(seen.blocks()).containsOnlyKeys(a.ulid());
    assertThat(seen.partial()).as("chunks without meta.json: a partial upload, invisible").containsExactly(b.ulid());
    assertThat(bucket.uploads).noneMatch(n -> n.startsWith(c.ulid()));
    assertThat(ShipperState.read(data.resolve("thanos.shipper.json"))).containsExactly(a.ulid());

    bucket.failUploads = null;
    assertThat(shipper(false).sync().uploadedIds()).containsExactly(b.ulid(), c.ulid());
    for (BlockMeta m : List.of(a, b, c)) {
      assertThat(bucket.uploadsOf(BlockFiles.meta(m.ulid()))).as("meta.json of " + m.ulid()).isEqualTo(1);
    }
    assertThat(new MetaFetcher(bucket).fetch().partial()).isEmpty();
  }

  @Test
  void currentExternalLabelsAreUsedAtUploadTime() throws IOException {
    BlockMeta a = ShipperTestBlocks.write(data, T0, 1);
    Shipper s = shipper(false);
    s.sync();
    labels.set(Labels.of("cluster", "eu2", "replica", "0"));
    BlockMeta b = ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    s.sync();
    assertThat(bucketMeta(a.ulid()).thanos().labels()).containsEntry("cluster", "eu1");
    assertThat(bucketMeta(b.ulid()).thanos().labels()).containsEntry("cluster", "eu2");
  }

  @Test
  void refusesToUploadWithoutExternalLabels() throws IOException {
    ShipperTestBlocks.write(data, T0, 1);
    labels.set(Labels.EMPTY);
    assertThatThrownBy(() -> shipper(false).sync()).isInstanceOf(IOException.class)
        .hasMessageContaining("no external labels");
    assertThat(bucket.uploads).isEmpty();
  }

  @Test
  void blocksGoneFromDiskAreDroppedFromTheState() throws IOException {
    BlockMeta a = ShipperTestBlocks.write(data, T0, 1);
    BlockMeta b = ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    shipper(false).sync();
    try (var s = Files.walk(data.resolve(a.ulid()))) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    shipper(false).sync();
    assertThat(ShipperState.read(data.resolve("thanos.shipper.json"))).containsExactly(b.ulid());
  }

  @Test
  void ignoresNonBlockDirectories() throws IOException {
    Files.createDirectories(data.resolve("wal"));
    Files.createDirectories(data.resolve("chunks_head"));
    Files.createDirectories(data.resolve("01HZZZZZZZZZZZZZZZZZZZZZZZ.tmp-for-creation"));
    Files.writeString(data.resolve("queries.active"), "");
    assertThat(shipper(false).sync().uploaded()).isZero();
  }

  @Test
  void metricsCountPassesAndUploads() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Shipper s = new Shipper(data, bucket, labels::get, Shipper.Options.sidecar(false), CLOCK, registry);
    ShipperTestBlocks.write(data, T0, 1);
    s.sync();
    bucket.failUploads = n -> true;
    ShipperTestBlocks.write(data, T0 + 2 * HOUR, 1);
    assertThatThrownBy(s::sync).isInstanceOf(IOException.class);
    assertThat(registry.counter("strata_shipper_uploads_total").count()).isEqualTo(1);
    assertThat(registry.counter("strata_shipper_upload_failures_total").count()).isEqualTo(1);
    assertThat(registry.counter("strata_shipper_dir_syncs_total").count()).isEqualTo(1);
    assertThat(registry.counter("strata_shipper_dir_sync_failures_total").count()).isEqualTo(1);
  }
}
