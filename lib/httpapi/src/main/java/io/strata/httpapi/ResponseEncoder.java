package io.strata.httpapi;

import io.strata.model.Labels;
import io.strata.promql.Matrix;
import io.strata.promql.Sample;
import io.strata.promql.Scalar;
import io.strata.promql.Series;
import io.strata.promql.StringValue;
import io.strata.promql.Value;
import io.strata.promql.Vector;
import java.util.List;
import java.util.function.Consumer;

/**
 * The response envelope and PromQL values in Prometheus's JSON ({@code web/api/v1/json_codec.go},
 * {@code promql/value.go}): member order {@code status, data, errorType, error, warnings, infos}, empty
 * members omitted; vectors as {@code {"metric":{...},"value":[ts,"v"]}}, matrices as
 * {@code {"metric":{...},"values":[[ts,"v"],...]}}, scalars and strings as {@code [ts,"v"]} where the
 * timestamp is Go's float formatting of {@code t/1000} (not the sample timestamp format).
 */
public final class ResponseEncoder {
  private ResponseEncoder() {}

  /** A success envelope; {@code data} writes the {@code data} member's value, or is null to omit it. */
  public static byte[] success(Consumer<JsonWriter> data, List<String> warnings, List<String> infos) {
    JsonWriter w = new JsonWriter();
    w.beginObject().name("status").value("success");
    if (data != null) {
      w.name("data");
      data.accept(w);
    }
    stringList(w, "warnings", warnings);
    stringList(w, "infos", infos);
    return w.endObject().toBytes();
  }

  /** An error envelope: {@code {"status":"error","errorType":"...","error":"..."}}. */
  public static byte[] error(ApiErrorType type, String message) {
    JsonWriter w = new JsonWriter();
    w.beginObject().name("status").value("error").name("errorType").value(type.apiName());
    if (message != null && !message.isEmpty()) {
      w.name("error").value(message);
    }
    return w.endObject().toBytes();
  }

  private static void stringList(JsonWriter w, String name, List<String> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    w.name(name).beginArray();
    for (String s : values) {
      w.value(s);
    }
    w.endArray();
  }

  /** A PromQL value as the {@code result} member of query data. */
  public static void value(JsonWriter w, Value v) {
    switch (v) {
      case Vector vec -> {
        w.beginArray();
        for (Sample s : vec.samples()) {
          w.beginObject().name("metric").labels(s.metric()).name("value")
              .beginArray().timestamp(s.t()).sampleValue(s.value()).endArray().endObject();
        }
        w.endArray();
      }
      case Matrix m -> {
        w.beginArray();
        for (Series s : m.series()) {
          w.beginObject().name("metric").labels(s.metric());
          if (s.size() > 0) {
            w.name("values").beginArray();
            long[] ts = s.timestamps();
            double[] vs = s.values();
            for (int i = 0; i < ts.length; i++) {
              w.beginArray().timestamp(ts[i]).sampleValue(vs[i]).endArray();
            }
            w.endArray();
          }
          w.endObject();
        }
        w.endArray();
      }
      case Scalar s -> w.beginArray().goNumber(s.t() / 1000.0).value(io.strata.model.GoFloat.formatF(s.value()))
          .endArray();
      case StringValue s -> w.beginArray().goNumber(s.t() / 1000.0).value(s.value()).endArray();
    }
  }

  /** A list of label sets ({@code /api/v1/series}). */
  public static void labelSets(JsonWriter w, List<Labels> sets) {
    w.beginArray();
    for (Labels l : sets) {
      w.labels(l);
    }
    w.endArray();
  }

  /** A list of strings ({@code /api/v1/labels}, label values). */
  public static void strings(JsonWriter w, List<String> values) {
    w.beginArray();
    for (String s : values) {
      w.value(s);
    }
    w.endArray();
  }
}
