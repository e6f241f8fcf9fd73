package io.strata.store;

import com.google.protobuf.UnsafeByteOperations;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Label;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunks.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the StoreAPI wire messages and the model/TSDB types: label sets, label matchers and
 * chunks.
 *
 * <p>The one trap is the chunk encoding number: the TSDB (and remote read) store XOR as 1, while the
 * StoreAPI's {@code thanos.Chunk.Encoding} numbers it 0 (thanos-components.md §1.1). Only XOR float chunks
 * cross this boundary; anything else is refused with a message naming the encoding, rather than shipped
 * with a number the other side would misread.
 */
public final class ProtoConversions {
  private ProtoConversions() {}

  /**
   * Label set of a wire message. Thanos sends labels sorted and unique, which is checked in one pass;
   * anything else (unsorted, duplicated, empty values) is normalised the way a label builder does (last
   * value wins, empty values dropped) instead of failing the whole response.
   */
  public static Labels labels(List<Label> pb) {
    int n = pb.size();
    if (n == 0) {
      return Labels.EMPTY;
    }
    String[] pairs = new String[2 * n];
    for (int i = 0; i < n; i++) {
      Label l = pb.get(i);
      pairs[2 * i] = l.getName();
      pairs[2 * i + 1] = l.getValue();
    }
    try {
      return Labels.ofSorted(pairs);
    } catch (IllegalArgumentException notSorted) {
      Labels.Builder b = Labels.builder();
      for (int i = 0; i < pairs.length; i += 2) {
        b.set(pairs[i], pairs[i + 1]);
      }
      return b.build();
    }
  }

  /** Wire form of a label set, in label order. */
  public static List<Label> toProto(Labels labels) {
    List<Label> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
    }
    return out;
  }

  /**
   * Matchers of a request.
   *
   * @throws StoreException INVALID_ARGUMENT for an unknown matcher type or a regex RE2 rejects
   */
  public static List<LabelMatcher> matchers(List<io.strata.proto.thanos.LabelMatcher> pb) {
    List<LabelMatcher> out = new ArrayList<>(pb.size());
    for (io.strata.proto.thanos.LabelMatcher m : pb) {
      out.add(matcher(m));
    }
    return out;
  }

  /** @throws StoreException INVALID_ARGUMENT for an unknown matcher type or a bad regex */
  public static LabelMatcher matcher(io.strata.proto.thanos.LabelMatcher m) {
    LabelMatcher.Type type = switch (m.getType()) {
      case EQ -> LabelMatcher.Type.EQ;
      case NEQ -> LabelMatcher.Type.NEQ;
      case RE -> LabelMatcher.Type.RE;
      case NRE -> LabelMatcher.Type.NRE;
      case UNRECOGNIZED -> throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
          "unknown label matcher type " + m.getTypeValue() + " for label " + m.getName());
    };
    try {
      return LabelMatcher.of(type, m.getName(), m.getValue());
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
          "bad label matcher " + m.getName() + type.operator() + '"' + m.getValue() + "\": " + e.getMessage(), e);
    }
  }

  public static io.strata.proto.thanos.LabelMatcher toProto(LabelMatcher m) {
    io.strata.proto.thanos.LabelMatcher.Type t = switch (m.type()) {
      case EQ -> io.strata.proto.thanos.LabelMatcher.Type.EQ;
      case NEQ -> io.strata.proto.thanos.LabelMatcher.Type.NEQ;
      case RE -> io.strata.proto.thanos.LabelMatcher.Type.RE;
      case NRE -> io.strata.proto.thanos.LabelMatcher.Type.NRE;
    };
    return io.strata.proto.thanos.LabelMatcher.newBuilder().setType(t).setName(m.name()).setValue(m.value()).build();
  }

  public static List<io.strata.proto.thanos.LabelMatcher> toProto(List<LabelMatcher> matchers) {
    List<io.strata.proto.thanos.LabelMatcher> out = new ArrayList<>(matchers.size());
    for (LabelMatcher m : matchers) {
      out.add(toProto(m));
    }
    return out;
  }

  /**
   * A stored chunk as a raw StoreAPI chunk. The bytes are wrapped, not copied: a TSDB chunk's array is
   * never mutated once built.
   *
   * @throws StoreException INTERNAL if the chunk is not XOR-encoded
   */
  public static AggrChunk toAggrChunk(Chunk c) {
    if (c.encoding() != ChunkEncoding.XOR.code()) {
      throw new StoreException(StoreException.Code.INTERNAL, "cannot serve chunk [" + c.minTime() + ", " + c.maxTime()
          + "] with TSDB encoding " + encodingName(c.encoding()) + ": the StoreAPI conversion handles XOR float chunks only");
    }
    io.strata.proto.thanos.Chunk raw = io.strata.proto.thanos.Chunk.newBuilder()
        .setType(io.strata.proto.thanos.Chunk.Encoding.XOR)
        .setData(UnsafeByteOperations.unsafeWrap(c.data()))
        .build();
    return AggrChunk.newBuilder().setMinTime(c.minTime()).setMaxTime(c.maxTime()).setRaw(raw).build();
  }

  /**
   * The raw XOR chunk of a StoreAPI chunk as a TSDB chunk (encoding byte 1). The bytes are copied once, so
   * the decoder can work on a plain array.
   *
   * @throws StoreException INTERNAL if the chunk has no raw part (a downsampled aggregate) or is not XOR
   */
  public static Chunk toTsdbChunk(AggrChunk c) {
    if (!c.hasRaw()) {
      throw new StoreException(StoreException.Code.INTERNAL, "chunk [" + c.getMinTime() + ", " + c.getMaxTime()
          + "] has no raw data (a downsampled aggregate chunk); only raw XOR chunks can be decoded here");
    }
    io.strata.proto.thanos.Chunk raw = c.getRaw();
    if (raw.getType() != io.strata.proto.thanos.Chunk.Encoding.XOR) {
      throw new StoreException(StoreException.Code.INTERNAL, "chunk [" + c.getMinTime() + ", " + c.getMaxTime()
          + "] has StoreAPI encoding " + raw.getType() + "; only XOR float chunks can be decoded here");
    }
    return new Chunk(c.getMinTime(), c.getMaxTime(), ChunkEncoding.XOR.code(), raw.getData().toByteArray());
  }

  private static String encodingName(int code) {
    ChunkEncoding e = ChunkEncoding.lookup(code);
    return e == null ? "0x" + Integer.toHexString(code) : e.name() + " (" + code + ")";
  }
}
