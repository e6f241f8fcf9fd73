package io.strata.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.objstore.Bucket;
import io.strata.objstore.InMemoryBucket;
import io.strata.objstore.S3Bucket;
import io.strata.objstore.S3ProxyServer;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import io.strata.tsdb.block.LocalBlock;
import io.strata.tsdb.chunks.ChunkSegments;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockUploadDownloadTest {
  @TempDir Path tmp;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  /** A small block; a tiny segment size gives it several chunk files. */
  private Path writeBlock(long t0) throws Exception {
    Path parent = Files.createDirectories(tmp.resolve("local"));
    try (BlockWriter w = new BlockWriter(parent, Ulid.generate(t0), 4096)) {
      List<String> symbols = new ArrayList<>(List.of("__name__", "i", "up"));
      for (int i = 0; i < 10; i++) {
        symbols.add(Integer.toString(i));
      }
      symbols.sort(null);
      w.addSymbols(symbols.iterator());
      for (int i = 0; i < 10; i++) {
        ChunkCutter c = new ChunkCutter(7_200_000L);
        for (int s = 0; s < 480; s++) {
          c.append(t0 + s * 15_000L, s * i);
        }
        w.addSeries(Labels.of("__name__", "up", "i", Integer.toString(i)), c.finish());
      }
      return parent.resolve(w.finish(null).ulid());
    }
  }

  private void roundTrip(Bucket bucket) throws Exception {
    Path local = writeBlock(1_700_000_000_000L);
    BlockMeta up = new BlockUploader(bucket, CLOCK).upload(local, Map.of("cluster", "eu1"), "sidecar");
    assertThat(up.thanos().labels()).isEqualTo(Map.of("cluster", "eu1"));
    assertThat(up.thanos().uploadTime()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(up.thanos().files()).hasSizeGreaterThan(3);
    assertThat(up.thanos().files().get(up.thanos().files().size() - 1).relPath()).isEqualTo("meta.json");

    MetaFetcher.Result r = new MetaFetcher(bucket).fetch();
    assertThat(r.blocks()).containsOnlyKeys(up.ulid());
    assertThat(r.blocks().get(up.ulid()).meta()).isEqualTo(up);

    Path back = new BlockDownloader(bucket).download(up.ulid(), tmp.resolve("downloaded"));
    for (BlockMeta.File f : up.thanos().files()) {
      if (!f.relPath().equals("meta.json")) {
        assertThat(Files.readAllBytes(back.resolve(f.relPath()))).as(f.relPath())
            .isEqualTo(Files.readAllBytes(local.resolve(f.relPath())));
      }
    }
    try (LocalBlock b = LocalBlock.open(back, true)) {
      assertThat(b.meta().externalLabels()).containsEntry("cluster", "eu1");
      assertThat(b.meta().stats().numSamples()).isEqualTo(4800);
    }
  }

  @Test
  void roundTripThroughAnInMemoryBucket() throws Exception {
    roundTrip(new InMemoryBucket());
  }

  @Test
  void roundTripThroughARealS3Server() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.startTransient();
        S3Bucket bucket = new S3Bucket(s3.config(s3.createBucket("blocks")).build())) {
      roundTrip(bucket);
    }
  }

  @Test
  void metaFetcherSeparatesPartialCorruptAndMarkedBlocks() throws Exception {
    InMemoryBucket bucket = new InMemoryBucket();
    Path a = writeBlock(1_700_000_000_000L);
    Path b = writeBlock(1_700_007_200_000L);
    String ida = new BlockUploader(bucket, CLOCK).upload(a, Map.of("r", "1"), "test").ulid();
    String idb = new BlockUploader(bucket, CLOCK).upload(b, Map.of("r", "1"), "test").ulid();
    byte[] mark = ("{\"id\":\"" + idb + "\",\"version\":1,\"deletion_time\":1700000000}").getBytes(StandardCharsets.UTF_8);
    bucket.upload(BlockFiles.deletionMark(idb), new ByteArrayInputStream(mark), mark.length);
    String partial = Ulid.generate(1).toString();
    bucket.upload(partial + "/index", new ByteArrayInputStream(new byte[] {1}), 1);
    String corrupt = Ulid.generate(2).toString();
    byte[] bad = BlockMetaCodec.toJson(BlockMetaCodec.read(a)).clone();
    bucket.upload(BlockFiles.meta(corrupt), new ByteArrayInputStream(bad), bad.length); // ULID mismatch
    bucket.upload("not-a-block/file", new ByteArrayInputStream(new byte[] {1}), 1);

    MetaFetcher fetcher = new MetaFetcher(bucket, 4);
    MetaFetcher.Result r = fetcher.fetch();
    assertThat(r.blocks()).containsOnlyKeys(ida, idb);
    assertThat(r.blocks().get(ida).markedForDeletion()).isFalse();
    assertThat(r.blocks().get(idb).deletionMark().deletionTime()).isEqualTo(1_700_000_000L);
    assertThat(r.partial()).containsExactly(partial);
    assertThat(r.corrupt()).containsOnlyKeys(corrupt);
    assertThat(r.corrupt().get(corrupt)).contains("does not match its directory");

    // Metas are remembered; a second sync sees a new deletion mark, and ignores an unreadable one.
    bucket.upload(BlockFiles.deletionMark(ida), new ByteArrayInputStream(mark), mark.length);
    bucket.upload(BlockFiles.deletionMark(idb), new ByteArrayInputStream(new byte[] {'{'}), 1);
    MetaFetcher.Result again = fetcher.fetch();
    assertThat(again.blocks().get(ida).markedForDeletion()).isTrue();
    assertThat(again.blocks().get(idb).markedForDeletion()).isFalse();
  }
}
