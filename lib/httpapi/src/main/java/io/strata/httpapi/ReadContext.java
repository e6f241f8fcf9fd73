package io.strata.httpapi;

import io.strata.model.LabelMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How one API request wants its data read (the Thanos querier's per-request parameters), and the state it
 * shares with the storage while it runs: warnings from calls that have no other way to report them (label
 * names and values), and cancellation of the reads in flight when the query times out or the client leaves.
 *
 * <p>Thread-safe: storage may report from the threads it fans out on.
 */
public final class ReadContext {
  private final boolean dedup;
  private final List<String> replicaLabels;
  private final boolean partialResponse;
  private final long maxSourceResolutionMillis;
  private final List<List<LabelMatcher>> storeMatchers;
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Set<Runnable> cancelListeners = ConcurrentHashMap.newKeySet();
  private volatile boolean canceled;

  /**
   * @param dedup whether replicas are merged ({@code dedup}, default true)
   * @param replicaLabels labels that tell replicas apart ({@code replicaLabels[]} or {@code --query.replica-label})
   * @param partialResponse true: failed stores become warnings; false: they fail the request
   * @param maxSourceResolutionMillis the coarsest downsampling resolution to read, 0 for raw data only
   * @param storeMatchers {@code storeMatch[]}: only stores matching one of these sets are asked; empty for all
   */
  public ReadContext(boolean dedup, List<String> replicaLabels, boolean partialResponse, long maxSourceResolutionMillis,
      List<List<LabelMatcher>> storeMatchers) {
    this.dedup = dedup;
    this.replicaLabels = List.copyOf(replicaLabels);
    this.partialResponse = partialResponse;
    this.maxSourceResolutionMillis = maxSourceResolutionMillis;
    this.storeMatchers = storeMatchers.stream().map(List::copyOf).toList();
  }

  /** Defaults for reads outside an HTTP request: dedup without replica labels, partial response on. */
  public static ReadContext defaults() {
    return new ReadContext(true, List.of(), true, 0, List.of());
  }

  public boolean dedup() {
    return dedup;
  }

  public List<String> replicaLabels() {
    return replicaLabels;
  }

  /** The replica labels to deduplicate by: none when dedup is off. */
  public List<String> effectiveReplicaLabels() {
    return dedup ? replicaLabels : List.of();
  }

  public boolean partialResponse() {
    return partialResponse;
  }

  public long maxSourceResolutionMillis() {
    return maxSourceResolutionMillis;
  }

  public List<List<LabelMatcher>> storeMatchers() {
    return storeMatchers;
  }

  /** Reports a warning for the response (e.g. a store that failed under partial response). */
  public void addWarning(String warning) {
    if (!warnings.contains(warning)) {
      warnings.add(warning);
    }
  }

  /** The warnings reported so far. */
  public List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  /** Stops every read registered with {@link #onCancel}, and any registered later. */
  public void cancel() {
    canceled = true;
    for (Runnable r : cancelListeners) {
      r.run();
    }
  }

  public boolean isCanceled() {
    return canceled;
  }

  /**
   * Registers a read to stop on {@link #cancel()} (run at once if already canceled). Close the returned handle
   * when the read ends, so long queries do not accumulate listeners.
   */
  public AutoCloseable onCancel(Runnable r) {
    cancelListeners.add(r);
    if (canceled) {
      r.run();
    }
    return () -> cancelListeners.remove(r);
  }
}
