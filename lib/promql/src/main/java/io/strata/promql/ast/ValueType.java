package io.strata.promql.ast;

/** The type an expression evaluates to, as in Prometheus' {@code parser.ValueType}. */
public enum ValueType {
  NONE("none", "none"),
  SCALAR("scalar", "scalar"),
  VECTOR("vector", "instant vector"),
  MATRIX("matrix", "range vector"),
  STRING("string", "string");

  private final String apiName;
  private final String documentedName;

  ValueType(String apiName, String documentedName) {
    this.apiName = apiName;
    this.documentedName = documentedName;
  }

  /** The name used in the HTTP API's {@code resultType} field ({@code vector}, {@code matrix}, ...). */
  public String apiName() {
    return apiName;
  }

  /** The name used in error messages ({@code instant vector}, {@code range vector}, ...). */
  public String documentedName() {
    return documentedName;
  }
}
