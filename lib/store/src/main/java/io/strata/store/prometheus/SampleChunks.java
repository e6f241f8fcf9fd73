package io.strata.store.prometheus;

import com.google.protobuf.UnsafeByteOperations;
import io.strata.proto.prometheus.Sample;
import io.strata.proto.prometheus.TimeSeries;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the samples of a {@code SAMPLES} remote-read answer into XOR chunks of at most 120 samples, the size
 * Prometheus's head cuts at (Thanos's {@code MaxSamplesPerChunk}), so downstream code sees the same kind of chunks
 * either way.
 */
final class SampleChunks {
  static final int MAX_SAMPLES_PER_CHUNK = 120;

  private SampleChunks() {}

  static List<AggrChunk> chunks(TimeSeries ts, XorChunkEncoder enc) {
    List<Sample> samples = ts.getSamplesList();
    List<AggrChunk> out = new ArrayList<>((samples.size() + MAX_SAMPLES_PER_CHUNK - 1) / MAX_SAMPLES_PER_CHUNK);
    for (int from = 0; from < samples.size(); from += MAX_SAMPLES_PER_CHUNK) {
      int to = Math.min(samples.size(), from + MAX_SAMPLES_PER_CHUNK);
      enc.reset();
      for (int i = from; i < to; i++) {
        Sample s = samples.get(i);
        enc.append(s.getTimestamp(), s.getValue());
      }
      Chunk raw = Chunk.newBuilder().setType(Chunk.Encoding.XOR)
          .setData(UnsafeByteOperations.unsafeWrap(enc.bytes())).build();
      out.add(AggrChunk.newBuilder().setMinTime(samples.get(from).getTimestamp())
          .setMaxTime(samples.get(to - 1).getTimestamp()).setRaw(raw).build());
    }
    return out;
  }
}
