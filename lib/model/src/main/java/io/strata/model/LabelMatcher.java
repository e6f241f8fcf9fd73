package io.strata.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A label matcher with Prometheus semantics.
 *
 * <ul>
 *   <li>An absent label has the value {@code ""}: {@code foo=""} selects series without {@code foo},
 *       {@code foo!=""} requires it, {@code foo=~".*"} matches everything.
 *   <li>Regexes are RE2 (via RE2/J, linear time, same syntax as Prometheus), fully anchored, with
 *       {@code .} matching newlines: Prometheus compiles {@code ^(?s:re)$}.
 *   <li>Common regex shapes skip the regex engine: literals, alternations of literals ({@code a|b|c},
 *       whose values {@link #setMatches()} exposes for postings lookups), {@code .*}, {@code .+},
 *       prefixes ({@code foo.*}), suffixes ({@code .*foo}) and substrings ({@code .*foo.*}).
 * </ul>
 *
 * Instances are immutable and thread-safe.
 */
public final class LabelMatcher {
  public enum Type {
    EQ("="),
    NEQ("!="),
    RE("=~"),
    NRE("!~");

    private final String operator;

    Type(String operator) {
      this.operator = operator;
    }

    public String operator() {
      return operator;
    }

    public boolean isNegative() {
      return this == NEQ || this == NRE;
    }

    public boolean isRegex() {
      return this == RE || this == NRE;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final StringPredicate predicate;
  private final List<String> setMatches;
  private final String prefix;

  private LabelMatcher(Type type, String name, String value) {
    this.type = Objects.requireNonNull(type, "type");
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    if (type.isRegex()) {
      RegexShape shape = RegexShape.analyse(value);
      this.predicate = shape.predicate();
      this.setMatches = shape.alternatives();
      this.prefix = shape.prefix();
    } else {
      this.predicate = value::equals;
      this.setMatches = List.of(value);
      this.prefix = value;
    }
  }

  /**
   * Creates a matcher.
   *
   * @throws IllegalArgumentException if a regex does not compile, with RE2's reason
   */
  public static LabelMatcher of(Type type, String name, String value) {
    return new LabelMatcher(type, name, value);
  }

  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(Type.EQ, name, value);
  }

  public static LabelMatcher notEqual(String name, String value) {
    return new LabelMatcher(Type.NEQ, name, value);
  }

  public static LabelMatcher regex(String name, String value) {
    return new LabelMatcher(Type.RE, name, value);
  }

  public static LabelMatcher notRegex(String name, String value) {
    return new LabelMatcher(Type.NRE, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether a label with value {@code v} ({@code ""} = absent) is selected. */
  public boolean matches(String v) {
    boolean m = predicate.test(v);
    return type.isNegative() != m;
  }

  /** Whether a series without this label is selected. */
  public boolean matchesEmpty() {
    return matches("");
  }

  /**
   * For {@code =} and for regexes that are an alternation of literals: the exact values that the
   * positive form matches, so an index can look up postings directly instead of scanning values.
   * Empty when the values cannot be enumerated.
   */
  public List<String> setMatches() {
    return setMatches;
  }

  /**
   * A literal prefix every matching value of the positive form starts with ({@code ""} if none), so
   * an index can skip to it in its sorted values.
   */
  public String prefix() {
    return prefix;
  }

  /** Returns the matcher with the inverse type ({@code =} ↔ {@code !=}, {@code =~} ↔ {@code !~}). */
  public LabelMatcher inverse() {
    Type t = switch (type) {
      case EQ -> Type.NEQ;
      case NEQ -> Type.EQ;
      case RE -> Type.NRE;
      case NRE -> Type.RE;
    };
    return new LabelMatcher(t, name, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  /** PromQL form, e.g. {@code job=~"api|web"}. */
  @Override
  public String toString() {
    return name + type.operator + GoQuote.quote(value);
  }

  @FunctionalInterface
  private interface StringPredicate {
    boolean test(String s);
  }

  /** What a regex looks like, so that common shapes can avoid the regex engine. */
  private record RegexShape(StringPredicate predicate, List<String> alternatives, String prefix) {
    static RegexShape analyse(String re) {
      Pattern pattern;
      try {
        pattern = Pattern.compile("(?s:" + re + ")");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regular expression " + GoQuote.quote(re) + ": "
            + e.getDescription(), e);
      }
      if (re.equals(".*")) {
        return new RegexShape(s -> true, List.of(), "");
      }
      if (re.equals(".+")) {
        return new RegexShape(s -> !s.isEmpty(), List.of(), "");
      }
      List<String> alts = literalAlternatives(re);
      if (alts != null) {
        if (alts.size() == 1) {
          String lit = alts.get(0);
          return new RegexShape(lit::equals, alts, lit);
        }
        Set<String> set = new HashSet<>(alts);
        return new RegexShape(set::contains, Collections.unmodifiableList(alts), commonPrefix(alts));
      }
      if (re.endsWith(".*") && !re.startsWith(".*")) {
        String lit = literal(re.substring(0, re.length() - 2));
        if (lit != null) {
          return new RegexShape(s -> s.startsWith(lit), List.of(), lit);
        }
      }
      if (re.startsWith(".*") && re.length() > 2) {
        String rest = re.substring(2);
        if (rest.endsWith(".*") && rest.length() > 2) {
          String lit = literal(rest.substring(0, rest.length() - 2));
          if (lit != null) {
            return new RegexShape(s -> s.contains(lit), List.of(), "");
          }
        }
        String lit = literal(rest);
        if (lit != null) {
          return new RegexShape(s -> s.endsWith(lit), List.of(), "");
        }
      }
      return new RegexShape(pattern::matches, List.of(), literalPrefix(re));
    }

    /** The literals of {@code a|b|c} (optionally in one non-capturing or capturing group), or null. */
    private static List<String> literalAlternatives(String re) {
      String body = re;
      if (body.startsWith("(?:") && body.endsWith(")")) {
        body = body.substring(3, body.length() - 1);
      } else if (body.startsWith("(") && body.endsWith(")") && !body.startsWith("(?")) {
        body = body.substring(1, body.length() - 1);
      }
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '\\') {
          if (i + 1 >= body.length() || !isEscapablePunct(body.charAt(i + 1))) {
            return null;
          }
          cur.append(body.charAt(++i));
        } else if (c == '|') {
          out.add(cur.toString());
          cur.setLength(0);
        } else if (isMeta(c)) {
          return null;
        } else {
          cur.append(c);
        }
      }
      out.add(cur.toString());
      return out;
    }

    private static String literal(String re) {
      List<String> alts = literalAlternatives(re);
      return alts != null && alts.size() == 1 && re.indexOf('(') < 0 ? alts.get(0) : null;
    }

    /** The literal characters a regex starts with, stopping before anything that could repeat them. */
    private static String literalPrefix(String re) {
      if (re.indexOf('|') >= 0) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < re.length(); i++) {
        char c = re.charAt(i);
        char next = i + 1 < re.length() ? re.charAt(i + 1) : 0;
        if (next == '*' || next == '?' || next == '{' || next == '+') {
          break;
        }
        if (c == '\\' && next != 0 && isEscapablePunct(next)) {
          char after = i + 2 < re.length() ? re.charAt(i + 2) : 0;
          if (after == '*' || after == '?' || after == '{' || after == '+') {
            break;
          }
          b.append(next);
          i++;
        } else if (isMeta(c) || c == '\\') {
          break;
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }

    private static String commonPrefix(List<String> values) {
      String p = values.get(0);
      for (String v : values) {
        int n = 0;
        while (n < p.length() && n < v.length() && p.charAt(n) == v.charAt(n)) {
          n++;
        }
        p = p.substring(0, n);
      }
      return p;
    }

    private static boolean isMeta(char c) {
      return ".+*?()|[]{}^$".indexOf(c) >= 0;
    }

    private static boolean isEscapablePunct(char c) {
      return c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ';
    }
  }
}
