package io.strata.promql.engine;

import static io.strata.promql.ast.ValueType.MATRIX;
import static io.strata.promql.ast.ValueType.SCALAR;
import static io.strata.promql.ast.ValueType.STRING;
import static io.strata.promql.ast.ValueType.VECTOR;

import io.strata.promql.ast.FunctionSignature;
import io.strata.promql.ast.ValueType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one table of PromQL functions: name → signature (checked by the parser) and implementation. Adding a
 * function is one entry here plus its implementation.
 *
 * <p>Element-wise functions ({@link Kind#INSTANT}) and range-vector functions ({@link Kind#RANGE}) are plain
 * lambdas run by generic operators; the few functions that look at whole vectors, labels or the query itself
 * ({@link Kind#SPECIAL}) get their own operator in {@link SpecialFunctions}.
 */
public final class Functions {
  /** How the engine runs a function. */
  enum Kind { INSTANT, RANGE, SPECIAL }

  /**
   * One table entry.
   *
   * @param keepsName whether the result keeps {@code __name__} ({@code last_over_time}, {@code first_over_time})
   */
  record Def(FunctionSignature signature, Kind kind, InstantFn instant, RangeFn range, boolean keepsName) {}

  private static final Map<String, Def> TABLE = new TreeMap<>();

  static {
    // Element-wise math.
    instant("abs", (v, a) -> Math.abs(v));
    instant("ceil", (v, a) -> Math.ceil(v));
    instant("floor", (v, a) -> Math.floor(v));
    instant("exp", (v, a) -> Math.exp(v));
    instant("sqrt", (v, a) -> Math.sqrt(v));
    instant("ln", (v, a) -> Math.log(v));
    instant("log2", (v, a) -> log2(v));
    instant("log10", (v, a) -> Math.log(v) * (1 / 2.30258509299404568401799145468436421));
    instant("sgn", InstantFunctions::sgn);
    instant("sin", (v, a) -> Math.sin(v));
    instant("cos", (v, a) -> Math.cos(v));
    instant("tan", (v, a) -> Math.tan(v));
    instant("asin", (v, a) -> Math.asin(v));
    instant("acos", (v, a) -> Math.acos(v));
    instant("atan", (v, a) -> Math.atan(v));
    instant("sinh", (v, a) -> Math.sinh(v));
    instant("cosh", (v, a) -> Math.cosh(v));
    instant("tanh", (v, a) -> Math.tanh(v));
    instant("asinh", (v, a) -> asinh(v));
    instant("acosh", (v, a) -> acosh(v));
    instant("atanh", (v, a) -> atanh(v));
    instant("rad", InstantFunctions::rad);
    instant("deg", InstantFunctions::deg);
    def("clamp", Kind.INSTANT, InstantFunctions::clamp, null, false, List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR,
        false);
    def("clamp_max", Kind.INSTANT, InstantFunctions::clampMax, null, false, List.of(VECTOR, SCALAR), 0, VECTOR,
        false);
    def("clamp_min", Kind.INSTANT, InstantFunctions::clampMin, null, false, List.of(VECTOR, SCALAR), 0, VECTOR,
        false);
    def("round", Kind.INSTANT, InstantFunctions::round, null, false, List.of(VECTOR, SCALAR), 1, VECTOR, false);

    // Dates of a value in seconds, or of the evaluation time without argument.
    date("days_in_month", InstantFunctions::daysInMonth);
    date("day_of_month", InstantFunctions::dayOfMonth);
    date("day_of_week", InstantFunctions::dayOfWeek);
    date("day_of_year", InstantFunctions::dayOfYear);
    date("hour", InstantFunctions::hour);
    date("minute", InstantFunctions::minute);
    date("month", InstantFunctions::month);
    date("year", InstantFunctions::year);

    // Range vectors.
    range("rate", RangeFunctions::rate);
    range("increase", RangeFunctions::increase);
    range("delta", RangeFunctions::delta);
    range("irate", RangeFunctions::irate);
    range("idelta", RangeFunctions::idelta);
    range("avg_over_time", RangeFunctions::avgOverTime);
    range("sum_over_time", RangeFunctions::sumOverTime);
    range("count_over_time", RangeFunctions::countOverTime);
    range("min_over_time", RangeFunctions::minOverTime);
    range("max_over_time", RangeFunctions::maxOverTime);
    range("stddev_over_time", RangeFunctions::stddevOverTime);
    range("stdvar_over_time", RangeFunctions::stdvarOverTime);
    range("present_over_time", RangeFunctions::presentOverTime);
    range("changes", RangeFunctions::changes);
    range("resets", RangeFunctions::resets);
    range("deriv", RangeFunctions::deriv);
    def("last_over_time", Kind.RANGE, null, RangeFunctions::lastOverTime, true, List.of(MATRIX), 0, VECTOR, false);
    def("first_over_time", Kind.RANGE, null, RangeFunctions::firstOverTime, true, List.of(MATRIX), 0, VECTOR,
        false);
    def("quantile_over_time", Kind.RANGE, null, RangeFunctions::quantileOverTime, false, List.of(SCALAR, MATRIX), 0,
        VECTOR, false);
    def("predict_linear", Kind.RANGE, null, RangeFunctions::predictLinear, false, List.of(MATRIX, SCALAR), 0,
        VECTOR, false);
    def("double_exponential_smoothing", Kind.RANGE, null, RangeFunctions::doubleExponentialSmoothing, false,
        List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, true);
    def("mad_over_time", Kind.RANGE, null, RangeFunctions::madOverTime, false, List.of(MATRIX), 0, VECTOR, true);
    def("ts_of_min_over_time", Kind.RANGE, null, RangeFunctions::tsOfMinOverTime, false, List.of(MATRIX), 0,
        VECTOR, true);
    def("ts_of_max_over_time", Kind.RANGE, null, RangeFunctions::tsOfMaxOverTime, false, List.of(MATRIX), 0,
        VECTOR, true);
    def("ts_of_first_over_time", Kind.RANGE, null, RangeFunctions::tsOfFirstOverTime, false, List.of(MATRIX), 0,
        VECTOR, true);
    def("ts_of_last_over_time", Kind.RANGE, null, RangeFunctions::tsOfLastOverTime, false, List.of(MATRIX), 0,
        VECTOR, true);

    // Functions with their own operator (see SpecialFunctions).
    special("absent", List.of(VECTOR), 0, VECTOR, false);
    special("absent_over_time", List.of(MATRIX), 0, VECTOR, false);
    special("histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR, false);
    special("histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR, false);
    special("histogram_quantiles", List.of(VECTOR, STRING, SCALAR, SCALAR), 9, VECTOR, true);
    special("histogram_avg", List.of(VECTOR), 0, VECTOR, false);
    special("histogram_count", List.of(VECTOR), 0, VECTOR, false);
    special("histogram_sum", List.of(VECTOR), 0, VECTOR, false);
    special("histogram_stddev", List.of(VECTOR), 0, VECTOR, false);
    special("histogram_stdvar", List.of(VECTOR), 0, VECTOR, false);
    special("label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR, false);
    special("label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR, false);
    special("sort", List.of(VECTOR), 0, VECTOR, false);
    special("sort_desc", List.of(VECTOR), 0, VECTOR, false);
    special("sort_by_label", List.of(VECTOR, STRING), -1, VECTOR, true);
    special("sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR, true);
    special("scalar", List.of(VECTOR), 0, SCALAR, false);
    special("vector", List.of(SCALAR), 0, VECTOR, false);
    special("time", List.of(), 0, SCALAR, false);
    special("pi", List.of(), 0, SCALAR, false);
    special("timestamp", List.of(VECTOR), 0, VECTOR, false);
    special("start", List.of(), 0, SCALAR, true);
    special("end", List.of(), 0, SCALAR, true);
    special("range", List.of(), 0, SCALAR, true);
    special("step", List.of(), 0, SCALAR, true);
    special("min_of", List.of(SCALAR, SCALAR), 0, SCALAR, true);
    special("max_of", List.of(SCALAR, SCALAR), 0, SCALAR, true);
    special("info", List.of(VECTOR, VECTOR), 1, VECTOR, true);
    special("start_timestamp", List.of(VECTOR), 0, VECTOR, true);
  }

  private Functions() {}

  /** The signature of a function, or null if there is none of that name; what the parser type-checks with. */
  public static FunctionSignature signature(String name) {
    Def d = TABLE.get(name);
    return d == null ? null : d.signature();
  }

  /** All function names, sorted. */
  public static List<String> names() {
    return List.copyOf(Collections.unmodifiableMap(TABLE).keySet());
  }

  static Def get(String name) {
    return TABLE.get(name);
  }

  private static void instant(String name, InstantFn fn) {
    def(name, Kind.INSTANT, fn, null, false, List.of(VECTOR), 0, VECTOR, false);
  }

  private static void date(String name, InstantFn fn) {
    def(name, Kind.INSTANT, fn, null, false, List.of(VECTOR), 1, VECTOR, false);
  }

  private static void range(String name, RangeFn fn) {
    def(name, Kind.RANGE, null, fn, false, List.of(MATRIX), 0, VECTOR, false);
  }

  private static void special(String name, List<ValueType> args, int variadic, ValueType ret, boolean experimental) {
    def(name, Kind.SPECIAL, null, null, false, args, variadic, ret, experimental);
  }

  private static void def(String name, Kind kind, InstantFn instant, RangeFn range, boolean keepsName,
      List<ValueType> args, int variadic, ValueType ret, boolean experimental) {
    TABLE.put(name, new Def(new FunctionSignature(name, args, variadic, ret, experimental), kind, instant, range,
        keepsName));
  }

  // Go's inverse hyperbolic functions, which java.lang.Math lacks, and Go's exact-for-powers-of-two log2.

  private static double log2(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      return Math.log(x) * (1 / 0.693147180559945309417232121458176568);
    }
    double scaled = x;
    int bias = 0;
    if (x < Double.MIN_NORMAL) {
      scaled = x * 0x1p52;
      bias = 52;
    }
    int exp = Math.getExponent(scaled) + 1;
    double frac = Math.scalb(scaled, -exp);
    if (frac == 0.5) {
      return exp - 1 - bias;
    }
    return Math.log(frac) * (1 / 0.693147180559945309417232121458176568) + (exp - bias);
  }


  private static double asinh(double x) {
    if (Double.isInfinite(x) || x == 0 || Double.isNaN(x)) {
      return x;
    }
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    if (a > 1e8) {
      r = Math.log(a) + Math.log(2);
    } else if (a < 1e-8) {
      r = a;
    } else if (a <= 2) {
      r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    }
    return x < 0 ? -r : r;
  }

  private static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= 1 << 28) {
      return Math.log(x) + Math.log(2);
    }
    if (x > 2) {
      return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  private static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    double a = Math.abs(x);
    double r;
    if (a < 0.5) {
      r = 0.5 * Math.log1p(2 * a + 2 * a * a / (1 - a));
    } else {
      r = 0.5 * Math.log1p(2 * a / (1 - a));
    }
    return x < 0 ? -r : r;
  }
}
