package io.strata.store.dedup;

import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.tsdb.chunkenc.SampleIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a StoreAPI series stream into deduplicated series for the PromQL engine: (labels, sample iterator)
 * pairs, like Thanos's querier ({@code dedup.NewSeriesSet} over {@code NewOverlapSplit}).
 *
 * <p>The input must be sorted by labels without the replica labels — what a {@code ProxyStore} returns for
 * a request with {@code without_replica_labels} set to them. Consecutive series whose labels are equal once
 * the replica labels are removed are replicas of one series; each is further split into runs of
 * non-overlapping chunks ({@link OverlapSplit}), since stores that drop replica labels deliver replicas as
 * one series with overlapping chunks. All runs are then merged into one sample stream by the chosen
 * {@link DedupAlgorithm}; the result carries the labels without replica labels.
 *
 * <p>With no replica labels nothing is grouped: every series is returned as it is, overlapping chunks
 * merged by timestamp. Samples are clipped to {@code [mint, maxt]}. Warning frames are collected in
 * {@link #warnings()}. Holds one group of series in memory. Not thread-safe.
 */
public final class DedupSeriesSet implements AutoCloseable {
  private final CloseableIterator<SeriesResponse> in;
  private final Set<String> replicaLabels;
  private final DedupAlgorithm algorithm;
  private final boolean counter;
  private final long mint;
  private final long maxt;
  private final List<String> warnings = new ArrayList<>();
  private final ArrayDeque<Series> unpacked = new ArrayDeque<>();
  private final List<Series> group = new ArrayList<>();
  private Series peek;
  private Labels peekKey;
  private Labels labels;
  private boolean started;

  /**
   * @param in label-sorted series (sorted without the replica labels); closed with this set
   * @param replicaLabels labels that tell replicas apart; empty disables dedup
   * @param func the PromQL function around the selector ({@code SelectHints.func}); {@code rate},
   *     {@code increase}, {@code irate} and {@code resets} mark counters for the penalty algorithm
   * @param mint first sample time wanted, inclusive
   * @param maxt last sample time wanted, inclusive
   */
  public DedupSeriesSet(CloseableIterator<SeriesResponse> in, Collection<String> replicaLabels,
      DedupAlgorithm algorithm, String func, long mint, long maxt) {
    this.in = in;
    this.replicaLabels = Set.copyOf(new HashSet<>(replicaLabels));
    this.algorithm = algorithm;
    this.counter = isCounter(func);
    this.mint = mint;
    this.maxt = maxt;
  }

  /** Thanos {@code isCounter}: functions whose input dedup should treat as a counter. */
  static boolean isCounter(String func) {
    return "increase".equals(func) || "rate".equals(func) || "irate".equals(func) || "resets".equals(func);
  }

  /** Reads the next series of the input, collecting warnings; null at the end. */
  private Series read() {
    while (unpacked.isEmpty()) {
      if (!in.hasNext()) {
        return null;
      }
      SeriesResponse r = in.next();
      switch (r.getResultCase()) {
        case SERIES -> unpacked.add(r.getSeries());
        case BATCH -> unpacked.addAll(r.getBatch().getSeriesList());
        case WARNING -> warnings.add(r.getWarning());
        default -> { }
      }
    }
    return unpacked.poll();
  }

  private void advancePeek() {
    peek = read();
    peekKey = peek == null ? null : ProtoConversions.labels(peek.getLabelsList()).without(replicaLabels);
  }

  /** Moves to the next (deduplicated) series; false at the end of the input. */
  public boolean next() {
    if (!started) {
      started = true;
      advancePeek();
    }
    group.clear();
    if (peek == null) {
      labels = null;
      return false;
    }
    labels = peekKey;
    group.add(peek);
    advancePeek();
    while (!replicaLabels.isEmpty() && peek != null && peekKey.equals(labels)) {
      group.add(peek);
      advancePeek();
    }
    return true;
  }

  /** Labels of the current series, without replica labels. */
  public Labels labels() {
    return labels;
  }

  /** How many input series make up the current one. */
  public int replicas() {
    return group.size();
  }

  /**
   * A new iterator over the current series' samples in {@code [mint, maxt]}; valid until {@link #next()}.
   *
   * @throws io.strata.store.StoreException INTERNAL for chunks that are not raw XOR
   */
  public SampleIterator iterator() {
    if (replicaLabels.isEmpty()) {
      return ChunkSampleIterators.of(group.get(0).getChunksList(), mint, maxt);
    }
    List<SampleIterator> runs = new ArrayList<>();
    for (Series s : group) {
      for (List<AggrChunk> run : OverlapSplit.split(s.getChunksList())) {
        runs.add(ChunkSampleIterators.of(run, mint, maxt));
      }
    }
    if (runs.size() == 1) {
      return runs.get(0);
    }
    return algorithm == DedupAlgorithm.CHAIN ? new ChainSampleIterator(runs) : PenaltyDedupIterator.of(runs, counter);
  }

  /** Warnings from the input so far (partial responses); complete once {@link #next()} returned false. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public void close() {
    in.close();
  }
}
