package io.strata.store.bucket;

import io.strata.proto.thanos.LabelMatcher;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreApi;
import java.util.ArrayList;
import java.util.List;

/** Request builders and a drain helper for store tests. */
final class Requests {
  private Requests() {}

  static LabelMatcher eq(String name, String value) {
    return m(LabelMatcher.Type.EQ, name, value);
  }

  static LabelMatcher neq(String name, String value) {
    return m(LabelMatcher.Type.NEQ, name, value);
  }

  static LabelMatcher re(String name, String value) {
    return m(LabelMatcher.Type.RE, name, value);
  }

  static LabelMatcher nre(String name, String value) {
    return m(LabelMatcher.Type.NRE, name, value);
  }

  static LabelMatcher m(LabelMatcher.Type type, String name, String value) {
    return LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
  }

  static SeriesRequest.Builder series(long mint, long maxt, LabelMatcher... matchers) {
    return SeriesRequest.newBuilder().setMinTime(mint).setMaxTime(maxt).addAllMatchers(List.of(matchers));
  }

  static List<SeriesResponse> drain(StoreApi store, SeriesRequest req) {
    List<SeriesResponse> out = new ArrayList<>();
    try (CloseableIterator<SeriesResponse> it = store.series(req)) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }
}
