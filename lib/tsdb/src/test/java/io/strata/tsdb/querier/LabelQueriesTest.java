package io.strata.tsdb.querier;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.tsdb.index.ChunkMetaList;
import io.strata.tsdb.index.IndexFileReader;
import io.strata.tsdb.index.IndexWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelQueriesTest {
  @TempDir Path tmp;

  @Test
  void valuesAndNamesRestrictedByMatchers() throws Exception {
    List<Labels> series = List.of(
        Labels.of("__name__", "up", "job", "api", "env", "prod"),
        Labels.of("__name__", "up", "job", "db"),
        Labels.of("__name__", "requests", "job", "api", "code", "200"),
        Labels.of("__name__", "requests", "job", "web", "code", "500"));
    List<Labels> sorted = series.stream().sorted().toList();
    TreeSet<String> syms = new TreeSet<>(Utf8Order.COMPARATOR);
    sorted.forEach(l -> l.forEach((n, v) -> {
      syms.add(n);
      syms.add(v);
    }));
    Path f = tmp.resolve("index");
    try (IndexWriter w = new IndexWriter(f)) {
      w.addSymbols(syms.iterator());
      for (Labels l : sorted) {
        w.addSeries(l, new ChunkMetaList());
      }
      w.finish();
    }
    try (IndexFileReader ix = IndexFileReader.open(f)) {
      assertThat(LabelQueries.labelValues(ix, "job", List.of())).containsExactly("api", "db", "web");
      assertThat(LabelQueries.labelValues(ix, "job", List.of(LabelMatcher.equal("__name__", "up"))))
          .containsExactly("api", "db");
      assertThat(LabelQueries.labelValues(ix, "job", List.of(LabelMatcher.regex("job", "a.*|w.*"),
          LabelMatcher.equal("code", "500")))).containsExactly("web");
      assertThat(LabelQueries.labelValues(ix, "nope", List.of())).isEmpty();
      assertThat(LabelQueries.labelNames(ix, List.of())).containsExactly("__name__", "code", "env", "job");
      assertThat(LabelQueries.labelNames(ix, List.of(LabelMatcher.equal("__name__", "up"))))
          .containsExactly("__name__", "env", "job");
      assertThat(LabelQueries.labelNames(ix, List.of(LabelMatcher.equal("job", "db"))))
          .containsExactly("__name__", "job");
    }
  }
}
