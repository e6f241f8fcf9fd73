package io.strata.store.prometheus;

import com.google.protobuf.ByteString;
import io.strata.model.Labels;
import io.strata.proto.prometheus.Chunk;
import io.strata.proto.prometheus.ChunkedReadResponse;
import io.strata.proto.prometheus.ChunkedSeries;
import io.strata.proto.prometheus.Label;
import io.strata.proto.thanos.AggrChunk;
import io.strata.store.ExternalLabels;
import io.strata.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The series of a streamed remote-read answer, one at a time. Prometheus splits a large series over consecutive
 * frames that repeat its labels (and puts one series in each frame); those are joined here, so a series is
 * whole, as the StoreAPI requires, while nothing beyond one series and one frame is held.
 *
 * <p>Chunks pass through as they came (the bytes are not copied); only the encoding number is translated.
 */
final class StreamedSeriesSource implements SeriesSource {
  private final ChunkedFrameReader frames;
  private final AutoCloseable body;
  private final Labels external;
  private final Set<String> externalNames;
  private final Set<String> without;
  private final String url;
  private ChunkedSeries pending;
  private int pendingIndex;
  private ChunkedReadResponse frame;
  private boolean done;

  StreamedSeriesSource(ChunkedFrameReader frames, AutoCloseable body, Labels external, Set<String> without,
      String url) {
    this.frames = frames;
    this.body = body;
    this.external = external;
    this.externalNames = external.toMap().keySet();
    this.without = without;
    this.url = url;
  }

  @Override
  public RemoteSeries next() throws IOException {
    ChunkedSeries first = nextChunkedSeries();
    if (first == null) {
      return null;
    }
    List<AggrChunk> chunks = new ArrayList<>(first.getChunksCount());
    addChunks(first, chunks);
    // Later frames of the same series carry exactly the same label list.
    ChunkedSeries more;
    while ((more = peekChunkedSeries()) != null && more.getLabelsList().equals(first.getLabelsList())) {
      nextChunkedSeries();
      addChunks(more, chunks);
    }
    Labels received = labels(first.getLabelsList());
    return new RemoteSeries(received.without(externalNames), ExternalLabels.attach(received, external, without),
        chunks);
  }

  private ChunkedSeries peekChunkedSeries() throws IOException {
    if (pending == null && !done) {
      pending = readChunkedSeries();
    }
    return pending;
  }

  private ChunkedSeries nextChunkedSeries() throws IOException {
    ChunkedSeries s = peekChunkedSeries();
    pending = null;
    return s;
  }

  private ChunkedSeries readChunkedSeries() throws IOException {
    while (frame == null || pendingIndex >= frame.getChunkedSeriesCount()) {
      frame = frames.next();
      pendingIndex = 0;
      if (frame == null) {
        done = true;
        return null;
      }
    }
    return frame.getChunkedSeries(pendingIndex++);
  }

  private void addChunks(ChunkedSeries s, List<AggrChunk> out) {
    for (int i = 0; i < s.getChunksCount(); i++) {
      out.add(toAggrChunk(s.getChunks(i), url));
    }
  }

  /**
   * A remote-read chunk as a raw StoreAPI chunk. Prometheus numbers encodings UNKNOWN=0, XOR=1, HISTOGRAM=2,
   * FLOAT_HISTOGRAM=3; the StoreAPI XOR=0, HISTOGRAM=1, FLOAT_HISTOGRAM=2 (thanos-components.md §1.1).
   */
  static AggrChunk toAggrChunk(Chunk c, String url) {
    io.strata.proto.thanos.Chunk.Encoding type = switch (c.getTypeValue()) {
      case 1 -> io.strata.proto.thanos.Chunk.Encoding.XOR;
      case 2 -> io.strata.proto.thanos.Chunk.Encoding.HISTOGRAM;
      case 3 -> io.strata.proto.thanos.Chunk.Encoding.FLOAT_HISTOGRAM;
      default -> throw new StoreException(StoreException.Code.INTERNAL, "remote read from " + url
          + " returned chunk [" + c.getMinTimeMs() + ", " + c.getMaxTimeMs() + "] with encoding " + c.getTypeValue()
          + ", which the StoreAPI cannot carry");
    };
    ByteString data = c.getData();
    return AggrChunk.newBuilder().setMinTime(c.getMinTimeMs()).setMaxTime(c.getMaxTimeMs())
        .setRaw(io.strata.proto.thanos.Chunk.newBuilder().setType(type).setData(data)).build();
  }

  /** Prometheus sends label sets sorted, which is checked in one pass; anything else is normalised. */
  static Labels labels(List<Label> pb) {
    String[] pairs = new String[2 * pb.size()];
    for (int i = 0; i < pb.size(); i++) {
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

  @Override
  public void close() {
    done = true;
    try {
      body.close();
    } catch (Exception e) {
      // Abandoning the connection is all closing means here.
    }
  }
}
