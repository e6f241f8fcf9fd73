package io.strata.promql.parser;

/** Token kinds of the PromQL lexer, grouped as in Prometheus' {@code ItemType} ranges. */
enum TokenType {
  EOF(Kind.OTHER, null),
  ERROR(Kind.OTHER, null),
  COMMENT(Kind.OTHER, null),
  IDENTIFIER(Kind.OTHER, null),
  METRIC_IDENTIFIER(Kind.OTHER, null),
  STRING(Kind.OTHER, null),
  NUMBER(Kind.OTHER, null),
  DURATION(Kind.OTHER, null),

  LEFT_PAREN(Kind.PUNCTUATION, "("),
  RIGHT_PAREN(Kind.PUNCTUATION, ")"),
  LEFT_BRACE(Kind.PUNCTUATION, "{"),
  RIGHT_BRACE(Kind.PUNCTUATION, "}"),
  LEFT_BRACKET(Kind.PUNCTUATION, "["),
  RIGHT_BRACKET(Kind.PUNCTUATION, "]"),
  COMMA(Kind.PUNCTUATION, ","),
  EQL(Kind.PUNCTUATION, "="),
  COLON(Kind.PUNCTUATION, ":"),

  ADD(Kind.OPERATOR, "+"),
  SUB(Kind.OPERATOR, "-"),
  MUL(Kind.OPERATOR, "*"),
  DIV(Kind.OPERATOR, "/"),
  MOD(Kind.OPERATOR, "%"),
  POW(Kind.OPERATOR, "^"),
  EQLC(Kind.OPERATOR, "=="),
  NEQ(Kind.OPERATOR, "!="),
  LTE(Kind.OPERATOR, "<="),
  LSS(Kind.OPERATOR, "<"),
  GTE(Kind.OPERATOR, ">="),
  GTR(Kind.OPERATOR, ">"),
  TRIM_UPPER(Kind.OPERATOR, "</"),
  TRIM_LOWER(Kind.OPERATOR, ">/"),
  EQL_REGEX(Kind.OPERATOR, "=~"),
  NEQ_REGEX(Kind.OPERATOR, "!~"),
  LAND(Kind.OPERATOR, "and"),
  LOR(Kind.OPERATOR, "or"),
  LUNLESS(Kind.OPERATOR, "unless"),
  ATAN2(Kind.OPERATOR, "atan2"),
  AT(Kind.OPERATOR, "@"),

  AVG(Kind.AGGREGATOR, "avg"),
  BOTTOMK(Kind.AGGREGATOR, "bottomk"),
  COUNT(Kind.AGGREGATOR, "count"),
  COUNT_VALUES(Kind.AGGREGATOR, "count_values"),
  GROUP(Kind.AGGREGATOR, "group"),
  MAX(Kind.AGGREGATOR, "max"),
  MIN(Kind.AGGREGATOR, "min"),
  QUANTILE(Kind.AGGREGATOR, "quantile"),
  STDDEV(Kind.AGGREGATOR, "stddev"),
  STDVAR(Kind.AGGREGATOR, "stdvar"),
  SUM(Kind.AGGREGATOR, "sum"),
  TOPK(Kind.AGGREGATOR, "topk"),
  LIMITK(Kind.AGGREGATOR, "limitk"),
  LIMIT_RATIO(Kind.AGGREGATOR, "limit_ratio"),

  BOOL(Kind.KEYWORD, "bool"),
  BY(Kind.KEYWORD, "by"),
  GROUP_LEFT(Kind.KEYWORD, "group_left"),
  GROUP_RIGHT(Kind.KEYWORD, "group_right"),
  FILL(Kind.KEYWORD, "fill"),
  FILL_LEFT(Kind.KEYWORD, "fill_left"),
  FILL_RIGHT(Kind.KEYWORD, "fill_right"),
  IGNORING(Kind.KEYWORD, "ignoring"),
  OFFSET(Kind.KEYWORD, "offset"),
  SMOOTHED(Kind.KEYWORD, "smoothed"),
  ANCHORED(Kind.KEYWORD, "anchored"),
  ON(Kind.KEYWORD, "on"),
  WITHOUT(Kind.KEYWORD, "without"),

  START(Kind.PREPROCESSOR, "start"),
  END(Kind.PREPROCESSOR, "end"),
  STEP(Kind.PREPROCESSOR, "step"),
  RANGE(Kind.PREPROCESSOR, "range"),
  MAX_OF(Kind.PREPROCESSOR, "max_of"),
  MIN_OF(Kind.PREPROCESSOR, "min_of");

  enum Kind { OTHER, PUNCTUATION, OPERATOR, AGGREGATOR, KEYWORD, PREPROCESSOR }

  final Kind kind;
  /** The canonical text; null for tokens whose text varies. */
  final String text;

  TokenType(Kind kind, String text) {
    this.kind = kind;
    this.text = text;
  }

  /** Words the lexer turns into keyword tokens, lower-cased; {@code inf} and {@code nan} are numbers. */
  static TokenType keyword(String lowerCaseWord) {
    return switch (lowerCaseWord) {
      case "and" -> LAND;
      case "or" -> LOR;
      case "unless" -> LUNLESS;
      case "atan2" -> ATAN2;
      case "sum" -> SUM;
      case "avg" -> AVG;
      case "count" -> COUNT;
      case "min" -> MIN;
      case "max" -> MAX;
      case "group" -> GROUP;
      case "stddev" -> STDDEV;
      case "stdvar" -> STDVAR;
      case "topk" -> TOPK;
      case "bottomk" -> BOTTOMK;
      case "count_values" -> COUNT_VALUES;
      case "quantile" -> QUANTILE;
      case "limitk" -> LIMITK;
      case "limit_ratio" -> LIMIT_RATIO;
      case "offset" -> OFFSET;
      case "smoothed" -> SMOOTHED;
      case "anchored" -> ANCHORED;
      case "by" -> BY;
      case "without" -> WITHOUT;
      case "on" -> ON;
      case "ignoring" -> IGNORING;
      case "group_left" -> GROUP_LEFT;
      case "group_right" -> GROUP_RIGHT;
      case "fill" -> FILL;
      case "fill_left" -> FILL_LEFT;
      case "fill_right" -> FILL_RIGHT;
      case "bool" -> BOOL;
      case "start" -> START;
      case "end" -> END;
      case "step" -> STEP;
      case "range" -> RANGE;
      case "max_of" -> MAX_OF;
      case "min_of" -> MIN_OF;
      case "inf", "nan" -> NUMBER;
      default -> null;
    };
  }

  /** Keywords that may also be a metric name (Prometheus' {@code metric_identifier}). */
  boolean canBeMetricName() {
    return switch (this) {
      case AVG, BOTTOMK, BY, COUNT, COUNT_VALUES, FILL, FILL_LEFT, FILL_RIGHT, GROUP, IDENTIFIER, LAND, LOR,
          LUNLESS, MAX, METRIC_IDENTIFIER, MIN, OFFSET, QUANTILE, STDDEV, STDVAR, SUM, TOPK, WITHOUT, START, END,
          LIMITK, LIMIT_RATIO, STEP, RANGE, ANCHORED, SMOOTHED, MAX_OF, MIN_OF -> true;
      default -> false;
    };
  }

  /** Keywords that may also be a label name in grouping clauses (Prometheus' {@code maybe_label}). */
  boolean canBeLabelName() {
    return switch (this) {
      case AVG, BOOL, BOTTOMK, BY, COUNT, COUNT_VALUES, GROUP, GROUP_LEFT, GROUP_RIGHT, FILL, FILL_LEFT, FILL_RIGHT,
          IDENTIFIER, IGNORING, LAND, LOR, LUNLESS, MAX, METRIC_IDENTIFIER, MIN, OFFSET, ON, QUANTILE, STDDEV,
          STDVAR, SUM, TOPK, START, END, ATAN2, LIMITK, LIMIT_RATIO, STEP, RANGE, ANCHORED, SMOOTHED, MAX_OF,
          MIN_OF -> true;
      default -> false;
    };
  }
}
