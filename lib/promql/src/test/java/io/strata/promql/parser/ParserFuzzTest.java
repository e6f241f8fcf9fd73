package io.strata.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated queries (characters inserted, deleted, replaced, fragments duplicated) either parse or fail with a
 * {@link ParseException} that has a position in the query: never another exception.
 */
class ParserFuzzTest {
  private static final String[] SEEDS = {
    "sum by (job) (rate(http_requests_total{job=~\"api|web\", code!=\"500\"}[5m] offset 1m))",
    "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m] @ 1700000000)))",
    "max_over_time(deriv(rate(foo[1m])[5m:30s])[1h:] offset -5m) > bool on (a) group_left (b) bar",
    "label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\") or vector(1) unless absent(x) and -2 ^ -3 % 4",
    "topk(3, count_values(\"v\", {__name__=~\"a.+\", \"x.y\"=\"z\"})) atan2 1e3 + 0x1F - Inf * NaN / 5m",
    "foo[5m + step()] anchored + bar smoothed * on(a) fill_left(1) fill_right(2) baz",
    "'single\\x41\\u00e9' + `raw` # comment\n + sort_by_label(foo, \"a\")",
  };
  private static final String ALPHABET = "(){}[],:=!~<>+-*/%^@#\"'`\\ \n\tabcdefxyz_09.eEinfNaINFoffsetbysum5m1h";

  @Test
  void mutatedQueriesNeverThrowAnythingButParseExceptions() {
    Random r = new Random(2024);
    int parsed = 0;
    int failed = 0;
    for (int i = 0; i < 200_000; i++) {
      String q = mutate(SEEDS[r.nextInt(SEEDS.length)], r);
      try {
        Parser.parse(q, r.nextBoolean() ? ParserOptions.allExperimental() : ParserOptions.defaults());
        parsed++;
      } catch (ParseException e) {
        failed++;
        assertThat(e.position().start()).as(q).isBetween(0, q.length());
        assertThat(e.getMessage()).as(q).matches("(?s)(\\d+:\\d+|unknown position): parse error: .+");
      } catch (Throwable t) {
        throw new AssertionError("query " + q + " threw " + t, t);
      }
    }
    assertThat(parsed).isPositive();
    assertThat(failed).isPositive();
  }

  private static String mutate(String seed, Random r) {
    StringBuilder b = new StringBuilder(seed);
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int pos = r.nextInt(b.length() + 1);
      switch (r.nextInt(5)) {
        case 0 -> b.insert(pos, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        case 1 -> {
          if (pos < b.length()) {
            b.deleteCharAt(pos);
          }
        }
        case 2 -> {
          if (pos < b.length()) {
            b.setCharAt(pos, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          }
        }
        case 3 -> {
          int end = Math.min(b.length(), pos + r.nextInt(12));
          b.insert(pos, b.substring(pos, end));
        }
        default -> {
          int end = Math.min(b.length(), pos + r.nextInt(12));
          b.delete(pos, end);
        }
      }
    }
    return b.toString();
  }

  @Test
  void randomTokenSoupNeverThrowsAnythingButParseExceptions() {
    Random r = new Random(7);
    List<String> tokens = new ArrayList<>(List.of("(", ")", "{", "}", "[", "]", ",", "=", "=~", "!=", "!~", "+",
        "-", "*", "/", "%", "^", "==", "<", ">=", "and", "or", "unless", "atan2", "bool", "on", "ignoring",
        "group_left", "group_right", "by", "without", "offset", "@", "start()", "end()", "sum", "topk",
        "count_values", "quantile", "rate", "abs", "foo", "bar:baz", "\"s\"", "'t'", "`u`", "1", "0x2", "1e3",
        "5m", "1h30m", "Inf", "NaN", ":", "step()", "anchored", "smoothed", "fill", "limitk", "#c\n"));
    for (int i = 0; i < 100_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + r.nextInt(15);
      for (int k = 0; k < n; k++) {
        b.append(tokens.get(r.nextInt(tokens.size())));
        if (r.nextBoolean()) {
          b.append(' ');
        }
      }
      String q = b.toString();
      try {
        Parser.parse(q, ParserOptions.allExperimental());
      } catch (ParseException e) {
        assertThat(e.position().start()).as(q).isBetween(0, q.length());
      } catch (Throwable t) {
        throw new AssertionError("query " + q + " threw " + t, t);
      }
    }
  }
}
