package io.strata.promql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The annotations of one query, deduplicated by message as in Prometheus (a repeated message is kept once).
 * Not thread-safe; one evaluation fills it, callers read it afterwards.
 */
public final class Annotations {
  /** An empty, unmodifiable instance. */
  public static final Annotations EMPTY = new Annotations(Collections.emptyMap());

  private final Map<String, Annotation> byMessage;

  public Annotations() {
    this(new LinkedHashMap<>());
  }

  private Annotations(Map<String, Annotation> map) {
    this.byMessage = map;
  }

  public Annotations add(Annotation a) {
    Annotation prev = byMessage.get(a.message());
    byMessage.put(a.message(), prev == null ? a : a.mergeWith(prev));
    return this;
  }

  public Annotations addAll(Annotations other) {
    for (Annotation a : other.byMessage.values()) {
      add(a);
    }
    return this;
  }

  public boolean isEmpty() {
    return byMessage.isEmpty();
  }

  public Collection<Annotation> all() {
    return Collections.unmodifiableCollection(byMessage.values());
  }

  public List<Annotation> warnings() {
    return ofSeverity(Annotation.Severity.WARNING);
  }

  public List<Annotation> infos() {
    return ofSeverity(Annotation.Severity.INFO);
  }

  private List<Annotation> ofSeverity(Annotation.Severity s) {
    List<Annotation> out = new ArrayList<>();
    for (Annotation a : byMessage.values()) {
      if (a.severity() == s) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The HTTP API's {@code warnings} and {@code infos}: at most {@code maxWarnings}/{@code maxInfos} entries
   * (0 = unlimited), then one {@code "N more warning annotations omitted"} entry.
   */
  public Strings asStrings(String query, int maxWarnings, int maxInfos) {
    List<String> warnings = new ArrayList<>();
    List<String> infos = new ArrayList<>();
    int warnSkipped = 0;
    int infoSkipped = 0;
    for (Annotation a : byMessage.values()) {
      if (a.severity() == Annotation.Severity.INFO) {
        if (maxInfos == 0 || infos.size() < maxInfos) {
          infos.add(a.format(query));
        } else {
          infoSkipped++;
        }
      } else if (maxWarnings == 0 || warnings.size() < maxWarnings) {
        warnings.add(a.format(query));
      } else {
        warnSkipped++;
      }
    }
    if (warnSkipped > 0) {
      warnings.add(warnSkipped + " more warning annotations omitted");
    }
    if (infoSkipped > 0) {
      infos.add(infoSkipped + " more info annotations omitted");
    }
    return new Strings(warnings, infos);
  }

  /** Rendered annotations for the HTTP API. */
  public record Strings(List<String> warnings, List<String> infos) {}

  @Override
  public String toString() {
    return byMessage.keySet().toString();
  }
}
