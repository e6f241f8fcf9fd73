package io.strata.promql.conformance;

import io.strata.promql.PromqlTestData;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.Expr;
import io.strata.promql.parser.Parser;
import io.strata.promql.parser.ParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Prometheus' own PromQL conformance files ({@code shared/reference/promqltest/*.test}, read in place)
 * against the engine over an in-memory storage, with the engine settings those files assume, and prints
 * pass/fail/skip counts per file.
 *
 * <p>Evals are skipped only through {@link #SKIP_LIST}: every entry names what it skips and why, and all of
 * them concern native histograms or experimental PromQL features. Set {@code -Dpromqltest.runSkipped=true}
 * to run the skipped evals anyway (they then count as pass or fail).
 */
class PromqlConformanceTest {
  /** Where the reference files live, relative to the repository (overridable with -Dpromqltest.dir). */
  private static final boolean RUN_SKIPPED = Boolean.getBoolean("promqltest.runSkipped");

  /** One named reason to skip evals. */
  record Skip(String name, String reason, BiPredicate<TestScript.Eval, Runner.State> applies) {}

  /** Whole files about features outside this engine's scope. */
  private static final Map<String, String> SKIPPED_FILES = Map.of(
      "native_histograms.test", "native histograms only",
      "info.test", "experimental info() function",
      "start_timestamps.test", "start timestamps (@st) and start_timestamp(), with native histograms");

  /** The skip list for evals inside the other files. */
  static final List<Skip> SKIP_LIST = List.of(
      new Skip("expects-native-histogram",
          "the expected result contains native histogram samples ({{...}})",
          (e, s) -> e.expectsHistogram),
      new Skip("reads-native-histograms",
          "the query selects series loaded with native histogram samples ({{...}})",
          (e, s) -> Runner.State.selects(parse(e), s.nativeSeries)),
      new Skip("reads-nhcb",
          "load_with_nhcb: the query selects the native histograms with custom buckets made from classic ones",
          (e, s) -> Runner.State.selects(parse(e), s.nhcbSeries)),
      new Skip("experimental-info-and-start-timestamp",
          "experimental info() and start_timestamp() functions",
          (e, s) -> uses(parse(e), "info") || uses(parse(e), "start_timestamp")));

  private static final Map<String, int[]> COUNTS = new TreeMap<>();
  private static final Map<String, AtomicInteger> SKIPS_BY_RULE = new TreeMap<>();

  private static Expr parse(TestScript.Eval e) {
    return Parser.parse(e.expr, ParserOptions.allExperimental());
  }

  private static boolean uses(Expr e, String function) {
    if (e instanceof Call c && c.name().equals(function)) {
      return true;
    }
    return e.children().stream().anyMatch(c -> uses(c, function));
  }

  @TestFactory
  Stream<DynamicNode> promqltest() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(PromqlTestData.dir())) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no .test files in " + PromqlTestData.dir().toAbsolutePath());
    }
    List<DynamicNode> containers = new ArrayList<>();
    for (Path f : files) {
      containers.add(container(f));
    }
    return containers.stream();
  }

  private DynamicContainer container(Path file) throws IOException {
    String name = file.getFileName().toString();
    TestScript script = TestScript.parse(Files.readString(file));
    int[] counts = new int[3]; // pass, fail, skip
    COUNTS.put(name, counts);
    Runner runner = new Runner();
    List<DynamicNode> tests = new ArrayList<>();
    Runner.State[] state = {new Runner.State()};
    String fileSkip = SKIPPED_FILES.get(name);
    for (TestScript.Command cmd : script.commands) {
      switch (cmd) {
        case TestScript.Clear c -> state[0] = new Runner.State();
        case TestScript.Load l -> {
          // Loads are applied to a fresh copy so that earlier evals keep the state they ran against.
          Runner.State next = new Runner.State();
          state[0] = copyAndLoad(state[0], next, l);
        }
        case TestScript.Eval e -> {
          Runner.State s = state[0];
          String skip = fileSkip != null ? "file: " + fileSkip : skipReason(e, s);
          tests.add(DynamicTest.dynamicTest("line " + e.line + ": " + e.expr, () -> {
            if (skip != null && !RUN_SKIPPED) {
              counts[2]++;
              SKIPS_BY_RULE.computeIfAbsent(fileSkip != null ? "whole-file " + name : skip.split(":")[0],
                  k -> new AtomicInteger()).incrementAndGet();
              Assumptions.abort("skipped: " + skip);
            }
            try {
              runner.run(e, s);
              counts[0]++;
              if (skip != null) {
                System.out.println("promqltest skipped-but-passes " + name + ":" + e.line + " [" + skip + "] " + e.expr);
              }
            } catch (Throwable t) {
              counts[1]++;
              if (skip == null || Boolean.getBoolean("promqltest.verbose")) {
                System.out.println("promqltest FAIL " + name + ":" + e.line + " " + e.expr + " :: "
                    + String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
              }
              throw t;
            }
          }));
        }
      }
    }
    tests.add(DynamicTest.dynamicTest("summary", () -> System.out.printf(
        "promqltest %-28s pass %4d  fail %4d  skip %4d%n", name, counts[0], counts[1], counts[2])));
    return DynamicContainer.dynamicContainer(name, tests);
  }

  /** Loads are cumulative until {@code clear}: replay the previous state's loads, then this one. */
  private static Runner.State copyAndLoad(Runner.State previous, Runner.State next, TestScript.Load load) {
    next.history.addAll(previous.history);
    next.history.add(load);
    for (TestScript.Load l : next.history) {
      next.load(l);
    }
    return next;
  }

  private static String skipReason(TestScript.Eval e, Runner.State s) {
    for (Skip skip : SKIP_LIST) {
      if (skip.applies().test(e, s)) {
        return skip.name() + ": " + skip.reason();
      }
    }
    return null;
  }

  @AfterAll
  static void printTotals() {
    int[] total = new int[3];
    System.out.println("promqltest summary (pass/fail/skip per file):");
    COUNTS.forEach((f, c) -> {
      System.out.printf("  %-28s pass %4d  fail %4d  skip %4d%n", f, c[0], c[1], c[2]);
      for (int i = 0; i < 3; i++) {
        total[i] += c[i];
      }
    });
    System.out.printf("  %-28s pass %4d  fail %4d  skip %4d%n", "TOTAL", total[0], total[1], total[2]);
    System.out.println("skipped evals by skip-list entry:");
    SKIPS_BY_RULE.forEach((k, v) -> System.out.printf("  %-40s %d%n", k, v.get()));
  }
}
