package io.strata.store.prometheus;

import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import java.util.List;

/**
 * One series read from Prometheus: its labels as Prometheus stores them (the order Prometheus sends series in),
 * the labels it is served with (external labels set over them, replica labels removed), and its chunks in time
 * order.
 */
record RemoteSeries(Labels stored, Labels served, List<AggrChunk> chunks) {}
