package io.strata.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares two Prometheus API query results: same result type, same series in the same order with the same
 * labels, same timestamps, and values equal within a relative tolerance (NaN equals NaN). Returns the
 * differences as text, empty when equal.
 */
public final class ResultComparison {
  private ResultComparison() {}

  public static List<String> differences(JsonNode expected, JsonNode actual, double relTolerance) {
    List<String> out = new ArrayList<>();
    JsonNode e = expected.path("data");
    JsonNode a = actual.path("data");
    if (!e.path("resultType").equals(a.path("resultType"))) {
      out.add("resultType " + a.path("resultType") + ", want " + e.path("resultType"));
      return out;
    }
    String type = e.path("resultType").asText();
    JsonNode er = e.path("result");
    JsonNode ar = a.path("result");
    if (type.equals("scalar") || type.equals("string")) {
      compareSample("", er, ar, relTolerance, out);
      return out;
    }
    if (er.size() != ar.size()) {
      out.add(ar.size() + " series, want " + er.size() + ": got " + metrics(ar) + " want " + metrics(er));
      return out;
    }
    for (int i = 0; i < er.size() && out.size() < 20; i++) {
      JsonNode es = er.get(i);
      JsonNode as = ar.get(i);
      if (!es.path("metric").equals(as.path("metric"))) {
        out.add("series " + i + ": labels " + as.path("metric") + ", want " + es.path("metric"));
        continue;
      }
      String where = "series " + es.path("metric");
      if (type.equals("vector")) {
        compareSample(where, es.path("value"), as.path("value"), relTolerance, out);
      } else {
        JsonNode ev = es.path("values");
        JsonNode av = as.path("values");
        if (ev.size() != av.size()) {
          out.add(where + ": " + av.size() + " points, want " + ev.size());
          continue;
        }
        for (int k = 0; k < ev.size() && out.size() < 20; k++) {
          compareSample(where, ev.get(k), av.get(k), relTolerance, out);
        }
      }
    }
    return out;
  }

  private static String metrics(JsonNode result) {
    List<String> m = new ArrayList<>();
    for (Iterator<JsonNode> it = result.elements(); it.hasNext() && m.size() < 5; ) {
      m.add(it.next().path("metric").toString());
    }
    return m.toString();
  }

  private static void compareSample(String where, JsonNode e, JsonNode a, double tol, List<String> out) {
    if (e.get(0).asDouble() != a.get(0).asDouble()) {
      out.add(where + ": timestamp " + a.get(0) + ", want " + e.get(0));
      return;
    }
    String es = e.get(1).asText();
    String as = a.get(1).asText();
    if (es.equals(as)) {
      return;
    }
    double ev = parse(es);
    double av = parse(as);
    if (Double.isNaN(ev) && Double.isNaN(av)) {
      return;
    }
    if (Math.abs(ev - av) > tol * Math.max(Math.abs(ev), Math.abs(av))) {
      out.add(where + " at " + e.get(0) + ": " + as + ", want " + es);
    }
  }

  private static double parse(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
