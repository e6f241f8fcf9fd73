package io.strata.promql.conformance;

import io.strata.model.Labels;
import io.strata.promql.ast.Durations;
import io.strata.promql.parser.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed promqltest file: {@code load}, {@code clear} and {@code eval} commands, per the language described
 * in {@code shared/reference/promqltest/README.md}.
 */
final class TestScript {
  private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
  private static final Pattern EVAL_INSTANT =
      Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern EVAL_RANGE =
      Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT =
      Pattern.compile("^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
  private static final Pattern EXPECT_RANGE =
      Pattern.compile("^expect range vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");

  sealed interface Command permits Load, Clear, Eval {}

  /** A series to load: labels and values at {@code k × step} ({@code null} = omitted). */
  record LoadedSeries(Labels labels, List<Double> values, boolean hasHistograms) {}

  record Load(int line, long stepMillis, boolean withNhcb, List<LoadedSeries> series, boolean startTimestamps)
      implements Command {}

  record Clear(int line) implements Command {}

  /** An {@code expect warn|info|fail ...} line: {@code message} or {@code regex}, or neither (any). */
  record Expectation(String type, String message, com.google.re2j.Pattern regex) {
    boolean matches(String s) {
      if (message != null) {
        return message.equals(s);
      }
      return regex == null || regex.matcher(s).find();
    }
  }

  record ExpectedSeries(Labels labels, List<Double> values, int position) {}

  static final class Eval implements Command {
    final int line;
    final String expr;
    final boolean range;
    long start;
    long end;
    long step;
    long evalTime;
    boolean ordered;
    boolean fail;
    boolean warn;
    boolean info;
    final List<Expectation> expects = new ArrayList<>();
    final List<ExpectedSeries> series = new ArrayList<>();
    Double scalar;
    String string;
    boolean rangeVector;
    boolean excludeFromRangeQuery;
    boolean expectsHistogram;

    Eval(int line, String expr, boolean range) {
      this.line = line;
      this.expr = expr;
      this.range = range;
    }

    List<Expectation> expectations(String type) {
      return expects.stream().filter(e -> e.type().equals(type)).toList();
    }

    boolean isOrdered() {
      return ordered || !expectations("ordered").isEmpty();
    }

    boolean isFail() {
      return fail || !expectations("fail").isEmpty();
    }

    @Override
    public String toString() {
      return "line " + line + ": " + expr;
    }
  }

  final List<Command> commands = new ArrayList<>();

  static TestScript parse(String content) {
    TestScript t = new TestScript();
    String[] raw = content.split("\n", -1);
    String[] lines = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      String l = raw[i].strip();
      lines[i] = l.startsWith("#") ? "" : l;
    }
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) {
        continue;
      }
      String cmd = l.split("[\\t ]+", 2)[0].toLowerCase(java.util.Locale.ROOT);
      if (cmd.equals("clear")) {
        t.commands.add(new Clear(i + 1));
      } else if (cmd.startsWith("load")) {
        i = parseLoad(t, lines, i);
      } else if (cmd.startsWith("eval")) {
        i = parseEval(t, lines, i);
      } else {
        throw new IllegalArgumentException("line " + (i + 1) + ": invalid command " + l);
      }
    }
    return t;
  }

  private static int parseLoad(TestScript t, String[] lines, int i) {
    Matcher m = LOAD.matcher(lines[i]);
    if (!m.matches()) {
      throw new IllegalArgumentException("line " + (i + 1) + ": invalid load command");
    }
    long step = Durations.parseMillis(m.group(2).strip());
    int line = i + 1;
    List<LoadedSeries> series = new ArrayList<>();
    boolean startTimestamps = false;
    while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
      i++;
      String def = lines[i];
      int split = metricEnd(def);
      String metric = def.substring(0, split);
      if (metric.endsWith("@st")) {
        startTimestamps = true; // Start timestamps are not supported; the sample line follows.
        continue;
      }
      List<Double> values = SequenceValues.expand(def.substring(split));
      boolean hist = values.stream().anyMatch(SequenceValues::isHistogram);
      series.add(new LoadedSeries(Parser.parseMetric(metric), values, hist));
    }
    t.commands.add(new Load(line, step, m.group(1) != null, series, startTimestamps));
    return i;
  }

  /** Where the metric of a series line ends: the first blank outside braces and quotes. */
  static int metricEnd(String s) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if ((c == ' ' || c == '\t') && depth == 0) {
        return i;
      }
    }
    return s.length();
  }

  private static int parseEval(TestScript t, String[] lines, int i) {
    String l = lines[i];
    Matcher mi = EVAL_INSTANT.matcher(l);
    Matcher mr = EVAL_RANGE.matcher(l);
    Eval e;
    String mod;
    if (mi.matches()) {
      mod = mi.group(1);
      e = new Eval(i + 1, mi.group(3), false);
      String at = mi.group(2) == null ? "0" : mi.group(2);
      e.start = Durations.parseMillis(at);
      e.end = e.start;
      e.evalTime = e.start;
    } else if (mr.matches()) {
      mod = mr.group(1);
      e = new Eval(i + 1, mr.group(5), true);
      e.start = Durations.parseMillis(mr.group(2));
      e.end = Durations.parseMillis(mr.group(3));
      e.step = Durations.parseMillis(mr.group(4));
    } else {
      throw new IllegalArgumentException("line " + (i + 1) + ": invalid eval command " + l);
    }
    if (mod != null) {
      switch (mod) {
        case "ordered" -> e.ordered = true;
        case "fail" -> e.fail = true;
        case "warn" -> e.warn = true;
        case "info" -> e.info = true;
        default -> throw new IllegalArgumentException(mod);
      }
    }
    int position = 1;
    while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
      i++;
      String def = lines[i];
      Matcher er = EXPECT_RANGE.matcher(def);
      if (def.startsWith("expect range vector")) {
        if (!er.matches()) {
          throw new IllegalArgumentException("line " + (i + 1) + ": invalid range vector definition");
        }
        e.rangeVector = true;
        e.start = Durations.parseMillis(er.group(1).strip());
        e.end = Durations.parseMillis(er.group(2).strip());
        e.step = Durations.parseMillis(er.group(3).strip());
        e.evalTime = e.end;
        e.excludeFromRangeQuery = true;
        continue;
      }
      if (def.startsWith("expect string")) {
        String s = def.substring("expect string".length()).strip();
        e.string = unquoteGo(s);
        e.excludeFromRangeQuery = true;
        continue;
      }
      if (def.split(" ")[0].equals("expect")) {
        Matcher m = EXPECT.matcher(def.strip());
        if (!m.matches()) {
          throw new IllegalArgumentException("line " + (i + 1) + ": invalid expect statement " + def);
        }
        String message = null;
        com.google.re2j.Pattern regex = null;
        if (m.group(2) != null) {
          if (m.group(2).equals("msg")) {
            message = m.group(3).strip();
          } else {
            regex = com.google.re2j.Pattern.compile(m.group(3).strip());
          }
        }
        e.expects.add(new Expectation(m.group(1), message, regex));
        continue;
      }
      Double number = parseNumber(def);
      if (number != null) {
        e.scalar = number;
        break;
      }
      int split = metricEnd(def);
      List<Double> values = SequenceValues.expand(def.substring(split));
      if (values.stream().anyMatch(SequenceValues::isHistogram)) {
        e.expectsHistogram = true;
      }
      e.series.add(new ExpectedSeries(Parser.parseMetric(def.substring(0, split)), values, position++));
    }
    t.commands.add(e);
    return i;
  }

  /** A bare number line (Go {@code ParseInt(s, 0, 64)} then {@code ParseFloat}), or null. */
  private static Double parseNumber(String s) {
    try {
      return io.strata.promql.parser.Numbers.parse(s.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String unquoteGo(String s) {
    return io.strata.promql.ast.GoStrings.unquote(s);
  }
}
