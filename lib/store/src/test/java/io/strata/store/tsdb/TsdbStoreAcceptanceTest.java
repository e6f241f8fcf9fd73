package io.strata.store.tsdb;

import io.strata.model.Labels;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestSeries;
import java.nio.file.Path;
import java.util.List;

/** The acceptance suite over blocks split at T0+2h, so series spanning both are merged across blocks. */
class TsdbStoreAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    return TsdbStoreTestSupport.open(data, externalLabels, dir, this::closeAfterAll);
  }
}
