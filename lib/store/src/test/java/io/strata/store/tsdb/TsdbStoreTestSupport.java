package io.strata.store.tsdb;

import io.strata.model.Labels;
import io.strata.store.AcceptanceData;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.tsdb.block.LocalBlock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Builds {@link TsdbStore}s over test datasets (shipped in the test-jar). */
public final class TsdbStoreTestSupport {
  private TsdbStoreTestSupport() {}

  /**
   * Writes {@code data} as blocks split at T0+2h into {@code dir} and opens a store over them.
   *
   * @param onOpen receives each opened block, to close it later
   */
  public static TsdbStore open(List<TestSeries> data, Labels externalLabels, Path dir, Consumer<LocalBlock> onOpen)
      throws Exception {
    List<LocalBlock> blocks = new ArrayList<>();
    for (Path p : TestBlocks.write(dir, data, externalLabels, Long.MIN_VALUE,
        AcceptanceData.T0 + 2 * AcceptanceData.HOUR, Long.MAX_VALUE)) {
      LocalBlock b = LocalBlock.open(p);
      onOpen.accept(b);
      blocks.add(b);
    }
    return new TsdbStore(blocks);
  }
}
