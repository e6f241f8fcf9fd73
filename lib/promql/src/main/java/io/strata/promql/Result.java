package io.strata.promql;

/** A successful evaluation: the value and the warnings/infos gathered on the way. */
public record Result(Value value, Annotations annotations) {}
