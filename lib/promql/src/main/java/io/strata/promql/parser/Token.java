package io.strata.promql.parser;

import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.PositionRange;

/** A lexed token: kind, start index in the query and the exact text (or an error message). */
record Token(TokenType type, int pos, String val) {

  int end() {
    return pos + val.length();
  }

  PositionRange range() {
    return new PositionRange(pos, end());
  }

  /** How Prometheus names the token in "unexpected ..." messages. */
  String describe() {
    if (type == TokenType.EOF) {
      return "end of input";
    }
    return switch (type.kind) {
      case OPERATOR -> "<op:" + val + ">";
      case AGGREGATOR -> "<aggr:" + val + ">";
      case KEYWORD -> "<" + val + ">";
      case PUNCTUATION, PREPROCESSOR -> quoted();
      case OTHER -> switch (type) {
        case IDENTIFIER -> "identifier " + GoStrings.quote(val);
        case METRIC_IDENTIFIER -> "metric identifier " + GoStrings.quote(val);
        case STRING -> "string " + quoted();
        case NUMBER -> "number " + quoted();
        case DURATION -> "duration " + quoted();
        default -> quoted();
      };
    };
  }

  private String quoted() {
    if (val.codePointCount(0, val.length()) > 10) {
      return GoStrings.quoteTruncated(val, 10) + "...";
    }
    return GoStrings.quote(val);
  }
}
