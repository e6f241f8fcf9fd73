package io.strata.promql;

import io.strata.model.Labels;

/** One element of an instant vector. */
public record Sample(Labels metric, long t, double value) {}
