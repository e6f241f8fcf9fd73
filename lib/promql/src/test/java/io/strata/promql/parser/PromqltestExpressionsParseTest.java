package io.strata.promql.parser;

import io.strata.promql.PromqlTestData;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.promql.ast.Expr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every expression of every eval in Prometheus' conformance files parses (with the experimental options
 * the files assume), and printing it gives text that parses back to the same canonical form.
 */
class PromqltestExpressionsParseTest {
  private static final Pattern EVAL = Pattern.compile(
      "^eval(?:_\\w+)?\\s+(?:instant\\s+(?:at\\s+\\S+\\s+)?|range\\s+from\\s+\\S+\\s+to\\s+\\S+\\s+step\\s+\\S+\\s+)(.+)$");

  @TestFactory
  Stream<DynamicTest> everyExpressionParses() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(PromqlTestData.dir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = EVAL.matcher(lines.get(i).strip());
          if (!m.matches()) {
            continue;
          }
          String expr = m.group(1);
          String name = f.getFileName() + ":" + (i + 1) + " " + expr;
          tests.add(DynamicTest.dynamicTest(name, () -> {
            Expr e = Parser.parse(expr, ParserOptions.allExperimental());
            String printed = e.toString();
            assertThat(Parser.parse(printed, ParserOptions.allExperimental()).toString()).isEqualTo(printed);
          }));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(2000);
    return tests.stream();
  }
}
