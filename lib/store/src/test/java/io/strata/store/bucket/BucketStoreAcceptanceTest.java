package io.strata.store.bucket;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.BlockUploader;
import io.strata.model.Labels;
import io.strata.objstore.InMemoryBucket;
import io.strata.store.AcceptanceData;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestSeries;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The StoreAPI acceptance suite against a {@link BucketStore}: the dataset is written as blocks split at T0+2h,
 * uploaded to an in-memory bucket like a sidecar does, and served after one sync. A small series batch and a
 * small merge gap make every query take several batches and several ranged reads.
 */
class BucketStoreAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    InMemoryBucket bucket = new InMemoryBucket();
    BlockUploader uploader = new BlockUploader(bucket, TestBlocks.CLOCK);
    for (Path block : io.strata.store.TestBlocks.write(dir.resolve("blocks"), data, externalLabels,
        AcceptanceData.T0 - 24 * AcceptanceData.HOUR, AcceptanceData.T0 + 2 * AcceptanceData.HOUR,
        AcceptanceData.T0 + 48 * AcceptanceData.HOUR)) {
      uploader.upload(block, externalLabels.toMap(), "test");
    }
    BucketStoreConfig cfg = BucketStoreConfig.builder(dir.resolve("data")).seriesBatchSize(3)
        .partitionMaxGapBytes(64).build();
    BlockSyncer syncer = closeAfterAll(new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), TestBlocks.CLOCK));
    syncer.sync();
    return closeAfterAll(new BucketStore(syncer, new InMemoryIndexCache(16 << 20, new SimpleMeterRegistry()), cfg,
        new SimpleMeterRegistry(), TestBlocks.CLOCK));
  }
}
