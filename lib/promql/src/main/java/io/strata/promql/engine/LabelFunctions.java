package io.strata.promql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.strata.model.Labels;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.GoStrings;

/** {@code label_replace} and {@code label_join}: rewrite labels, merging series that end up identical. */
final class LabelFunctions {
  private LabelFunctions() {}

  // === label_replace(v instant-vector, dst string, replacement string, src string, regex string) ===

  static SeriesStream labelReplace(Evaluator ev, Call c, Steps steps) {
    String dst = ev.string(c.args().get(1));
    String repl = ev.string(c.args().get(2));
    String src = ev.string(c.args().get(3));
    String regex = ev.string(c.args().get(4));
    Pattern p;
    try {
      p = Pattern.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw PromQLException.execution("invalid regular expression in label_replace(): " + regex);
    }
    if (!GoStrings.isValidLabelName(dst)) {
      throw PromQLException.execution("invalid destination label name in label_replace(): " + dst);
    }
    SeriesStream in = ev.vector(c.args().get(0), steps);
    LabelMerger merger = new LabelMerger(ev.ctx, false);
    for (StepSeries s = in.next(); s != null; s = in.next()) {
      ev.ctx.checkCanceled();
      Matcher m = p.matcher(s.labels.get(src));
      if (m.find()) {
        String value = expand(repl, m);
        StepSeries copy = s.copy();
        copy.labels = s.labels.toBuilder().set(dst, value).build();
        copy.dropName = !dst.equals(Labels.METRIC_NAME) && s.dropName;
        merger.add(copy, true);
      } else {
        merger.add(s, false);
      }
    }
    return merger.stream();
  }

  /**
   * Go's {@code Regexp.ExpandString}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and
   * {@code $$}; a name is the longest run of letters, digits and underscores, so {@code $1x} means group
   * {@code 1x}; groups that did not match expand to nothing; a malformed reference is kept literally.
   */
  static String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char ch = template.charAt(i);
      if (ch != '$') {
        out.append(ch);
        i++;
        continue;
      }
      i++;
      if (i < n && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < n && template.charAt(i) == '{';
      int nameStart = brace ? i + 1 : i;
      int j = nameStart;
      while (j < n) {
        int cp = template.codePointAt(j);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        j += Character.charCount(cp);
      }
      if (j == nameStart || (brace && (j >= n || template.charAt(j) != '}'))) {
        out.append('$');
        continue;
      }
      String name = template.substring(nameStart, j);
      i = brace ? j + 1 : j;
      int num = groupNumber(name);
      String g = null;
      if (num >= 0) {
        if (num <= m.groupCount()) {
          g = m.group(num);
        }
      } else {
        try {
          g = m.group(name);
        } catch (IllegalArgumentException e) {
          g = null;
        }
      }
      if (g != null) {
        out.append(g);
      }
    }
    return out.toString();
  }

  private static int groupNumber(String name) {
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return num;
  }

  // === label_join(v instant-vector, dst string, separator string, src string...) ===

  static SeriesStream labelJoin(Evaluator ev, Call c, Steps steps) {
    String dst = ev.string(c.args().get(1));
    String sep = ev.string(c.args().get(2));
    String[] srcs = new String[c.args().size() - 3];
    for (int i = 3; i < c.args().size(); i++) {
      String src = ev.string(c.args().get(i));
      if (!GoStrings.isValidLabelName(src)) {
        throw PromQLException.execution("invalid source label name in label_join(): " + src);
      }
      srcs[i - 3] = src;
    }
    if (!GoStrings.isValidLabelName(dst)) {
      throw PromQLException.execution("invalid destination label name in label_join(): " + dst);
    }
    SeriesStream in = ev.vector(c.args().get(0), steps);
    LabelMerger merger = new LabelMerger(ev.ctx, false);
    StringBuilder b = new StringBuilder();
    for (StepSeries s = in.next(); s != null; s = in.next()) {
      ev.ctx.checkCanceled();
      b.setLength(0);
      for (int i = 0; i < srcs.length; i++) {
        if (i > 0) {
          b.append(sep);
        }
        b.append(s.labels.get(srcs[i]));
      }
      StepSeries copy = s.copy();
      copy.labels = s.labels.toBuilder().set(dst, b.toString()).build();
      copy.dropName = !dst.equals(Labels.METRIC_NAME) && s.dropName;
      merger.add(copy, true);
    }
    return merger.stream();
  }
}
