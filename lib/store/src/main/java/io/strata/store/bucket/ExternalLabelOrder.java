package io.strata.store.bucket;

import io.strata.model.Labels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores label order after a block's external labels are added to its series, buffering as little as possible.
 *
 * <p>The index lists series in label order, but adding the same external labels to every series can change that
 * order. Example with external label {@code zone="a"}: the index has {@code {job="x"}} before
 * {@code {job="x", pod="p"}}; served, they are {@code {job="x", zone="a"}} and {@code {job="x", pod="p", zone="a"}},
 * and the second now sorts first ({@code pod < zone}).
 *
 * <p>That happens only when one stored label set is a prefix of the other: when two sets first differ by a name or
 * a value, the same external labels are inserted at the same places in both and the difference decides as before.
 * Series sharing a prefix set {@code P} come right after {@code P} in index order. So a series is held back only
 * while the following ones extend it (a stack of open prefixes tracks this); when a series extends nothing held,
 * everything held is sorted and released. Usual blocks, where no stored set is a prefix of another, pass straight
 * through; Thanos instead buffers and sorts a block's whole response.
 *
 * <p>If the index itself carries an external label's name, the external value overrides the stored one, and if a
 * request drops a stored label ({@code without_replica_labels}), the argument fails; those (unusual) blocks are
 * sorted whole.
 */
final class ExternalLabelOrder {
  private final boolean passThrough;
  private final boolean sortAll;
  private final List<BlockSeries> held = new ArrayList<>();
  private final ArrayDeque<Labels> openPrefixes = new ArrayDeque<>();
  private final ArrayDeque<BlockSeries> ready = new ArrayDeque<>();

  /**
   * @param externalLabels the labels added to every series (external labels minus those a request drops)
   * @param sortAll whether served labels can differ from stored ones by more than added labels (an external label
   *     overriding a stored one, a stored label dropped), so the block's series must be sorted whole
   */
  ExternalLabelOrder(Labels externalLabels, boolean sortAll) {
    this.passThrough = externalLabels.isEmpty() && !sortAll;
    this.sortAll = sortAll;
  }

  /** Adds the next series in index order. */
  void add(BlockSeries s) {
    if (passThrough) {
      ready.add(s);
      return;
    }
    if (sortAll) {
      held.add(s);
      return;
    }
    while (!openPrefixes.isEmpty() && !isPrefix(openPrefixes.peek(), s.indexLabels)) {
      openPrefixes.pop();
    }
    if (openPrefixes.isEmpty()) {
      release();
    }
    held.add(s);
    openPrefixes.push(s.indexLabels);
  }

  /** No more series: releases everything held. */
  void finish() {
    release();
    openPrefixes.clear();
  }

  /** Up to {@code max} series in served order, or an empty list if none is ready yet. */
  List<BlockSeries> drain(int max) {
    List<BlockSeries> out = new ArrayList<>(Math.min(max, ready.size()));
    while (out.size() < max && !ready.isEmpty()) {
      out.add(ready.poll());
    }
    return out;
  }

  int readyCount() {
    return ready.size();
  }

  private void release() {
    if (held.size() > 1) {
      held.sort((a, b) -> a.labels.compareTo(b.labels));
    }
    ready.addAll(held);
    held.clear();
  }

  /** Whether {@code p}'s labels are the first labels of {@code l}. */
  static boolean isPrefix(Labels p, Labels l) {
    if (p.size() > l.size()) {
      return false;
    }
    for (int i = 0; i < p.size(); i++) {
      if (!p.name(i).equals(l.name(i)) || !p.value(i).equals(l.value(i))) {
        return false;
      }
    }
    return true;
  }
}
