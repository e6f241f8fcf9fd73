package io.strata.model;

/** One label pair. An empty value means the label is absent, so label sets never store one. */
public record Label(String name, String value) {
  public Label {
    if (name == null || value == null) {
      throw new NullPointerException("label name and value must not be null");
    }
  }

  @Override
  public String toString() {
    return name + "=" + GoQuote.quote(value);
  }
}
