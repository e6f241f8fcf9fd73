package io.strata.store.bucket;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.Label;
import io.strata.store.StoreException;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Conversions between StoreAPI messages and the model, and from failures to {@link StoreException}s. */
final class ProtoConversions {
  private ProtoConversions() {}

  /**
   * @throws StoreException INVALID_ARGUMENT for an unknown matcher type or a regex that does not compile
   */
  static List<LabelMatcher> matchers(List<io.strata.proto.thanos.LabelMatcher> in) {
    List<LabelMatcher> out = new ArrayList<>(in.size());
    for (io.strata.proto.thanos.LabelMatcher m : in) {
      LabelMatcher.Type t = switch (m.getType()) {
        case EQ -> LabelMatcher.Type.EQ;
        case NEQ -> LabelMatcher.Type.NEQ;
        case RE -> LabelMatcher.Type.RE;
        case NRE -> LabelMatcher.Type.NRE;
        default -> throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
            "unknown label matcher type " + m.getTypeValue() + " for label " + m.getName());
      };
      try {
        out.add(LabelMatcher.of(t, m.getName(), m.getValue()));
      } catch (IllegalArgumentException e) {
        throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "invalid matcher " + m.getName()
            + t.operator() + "\"" + m.getValue() + "\": " + e.getMessage(), e);
      }
    }
    return out;
  }

  static List<Label> labels(Labels l) {
    List<Label> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      out.add(Label.newBuilder().setName(l.name(i)).setValue(l.value(i)).build());
    }
    return out;
  }

  /**
   * A failure while serving, as the StoreAPI reports it: corrupt data is INTERNAL, other I/O (the bucket) is
   * UNAVAILABLE, StoreExceptions (limits) pass through.
   */
  static StoreException storeError(String what, Throwable e) {
    if (e instanceof StoreException s) {
      return s;
    }
    if (e instanceof CorruptBlockException) {
      return new StoreException(StoreException.Code.INTERNAL, what + ": " + e.getMessage(), e);
    }
    if (e instanceof IOException) {
      return new StoreException(StoreException.Code.UNAVAILABLE, what + ": " + e.getMessage(), e);
    }
    return new StoreException(StoreException.Code.INTERNAL, what + ": " + e, e);
  }
}
