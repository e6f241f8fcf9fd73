package io.strata.promql.engine;

import io.strata.promql.PromqlTestData;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.promql.EngineOptions;
import io.strata.promql.PromQLException;
import io.strata.promql.QueryOptions;
import io.strata.promql.parser.ParseException;
import io.strata.promql.parser.ParserOptions;
import io.strata.promql.storage.InMemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every expression of Prometheus' conformance files, evaluated as instant and range query over unrelated
 * data, ends in a value or a PromQL error that Prometheus could also raise: no internal failure
 * ("unexpected error") in either name-removal mode.
 */
class EvaluationRobustnessTest {
  private static final Pattern EVAL = Pattern.compile(
      "^eval(?:_\\w+)?\\s+(?:instant\\s+(?:at\\s+\\S+\\s+)?|range\\s+from\\s+\\S+\\s+to\\s+\\S+\\s+step\\s+\\S+\\s+)(.+)$");

  @Test
  void conformanceExpressionsNeverFailInternally() throws Exception {
    List<String> exprs = new ArrayList<>();
    try (Stream<Path> files = Files.list(PromqlTestData.dir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          Matcher m = EVAL.matcher(line.strip());
          if (m.matches()) {
            exprs.add(m.group(1));
          }
        }
      }
    }
    InMemoryStorage s = new InMemoryStorage();
    Random r = new Random(3);
    String[] names = {"http_requests", "foo", "bar", "metric", "testmetric", "data", "x_bucket", "some_metric"};
    for (String name : names) {
      for (int i = 0; i < 3; i++) {
        Labels l = Labels.of("__name__", name, "job", "j" + i, "le", i == 2 ? "+Inf" : Integer.toString(i));
        for (int k = 0; k < 60; k++) {
          s.append(l, k * 30_000L + r.nextInt(1000), r.nextInt(5) == 0 ? Double.NaN : r.nextInt(100));
        }
      }
    }
    int errors = 0;
    for (boolean delayed : new boolean[] {false, true}) {
      DefaultQueryEngine engine = new DefaultQueryEngine(EngineOptions.defaults().withDelayedNameRemoval(delayed)
          .withParserOptions(ParserOptions.allExperimental()));
      for (String e : exprs) {
        for (boolean range : new boolean[] {false, true}) {
          try {
            if (range) {
              engine.range(s, e, 0, 1_800_000, 60_000, QueryOptions.DEFAULT).exec();
            } else {
              engine.instant(s, e, 900_000, QueryOptions.DEFAULT).exec();
            }
          } catch (ParseException x) {
            throw new AssertionError(e + " does not parse: " + x.getMessage());
          } catch (PromQLException x) {
            errors++;
            assertThat(x.getMessage()).as(e).doesNotStartWith("unexpected error");
          }
        }
      }
    }
    assertThat(errors).isLessThan(exprs.size());
  }
}
