package io.strata.promql.engine;

import io.strata.promql.EngineOptions;
import io.strata.promql.PromQLException;
import io.strata.promql.Query;
import io.strata.promql.QueryEngine;
import io.strata.promql.QueryOptions;
import io.strata.promql.Result;
import io.strata.promql.Scalar;
import io.strata.promql.Series;
import io.strata.promql.StringValue;
import io.strata.promql.Value;
import io.strata.model.Labels;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.ValueType;
import io.strata.promql.parser.Parser;
import io.strata.promql.storage.Querier;
import io.strata.promql.storage.Queryable;
import java.util.List;

/** The PromQL engine. Thread-safe; queries are independent. */
public final class DefaultQueryEngine implements QueryEngine {
  private final EngineOptions options;

  public DefaultQueryEngine(EngineOptions options) {
    this.options = options;
  }

  public DefaultQueryEngine() {
    this(EngineOptions.defaults());
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public Query instant(Queryable queryable, String expr, long time, QueryOptions queryOptions) {
    Expr e = Parser.parse(expr, options.parserOptions());
    return new DefaultQuery(queryable, expr, e, time, time, 0, queryOptions);
  }

  @Override
  public Query range(Queryable queryable, String expr, long start, long end, long step, QueryOptions queryOptions) {
    if (end < start) {
      throw PromQLException.badData("end timestamp must not be before start time");
    }
    if (step <= 0) {
      throw PromQLException.badData(
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if ((end - start) / step > options.maxPointsPerSeries()) {
      throw PromQLException.badData("exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
    Expr e = Parser.parse(expr, options.parserOptions());
    if (e.type() != ValueType.VECTOR && e.type() != ValueType.SCALAR) {
      throw PromQLException.badData("invalid expression type \"" + e.type().documentedName()
          + "\" for range query, must be Scalar or instant Vector");
    }
    return new DefaultQuery(queryable, expr, e, start, end, step, queryOptions);
  }

  private final class DefaultQuery implements Query {
    private final Queryable queryable;
    private final String text;
    private final Expr expr;
    private final long start;
    private final long end;
    private final long step;
    private final QueryOptions queryOptions;
    private volatile QueryContext running;
    private volatile boolean canceled;

    DefaultQuery(Queryable queryable, String text, Expr expr, long start, long end, long step, QueryOptions o) {
      this.queryable = queryable;
      this.text = text;
      this.expr = expr;
      this.start = start;
      this.end = end;
      this.step = step;
      this.queryOptions = o == null ? QueryOptions.DEFAULT : o;
    }

    @Override
    public Result exec() {
      long lookback = queryOptions.lookbackDelta().toMillis() > 0 ? queryOptions.lookbackDelta().toMillis()
          : options.lookbackDelta().toMillis();
      long timeoutNanos = options.timeout().toNanos();
      if (queryOptions.timeout().toNanos() > 0) {
        timeoutNanos = Math.min(timeoutNanos, queryOptions.timeout().toNanos());
      }
      long[] minMax = TimeRange.of(expr, start, end, step, lookback);
      Querier querier;
      try {
        querier = queryable.querier(minMax[0], minMax[1]);
      } catch (PromQLException e) {
        throw e;
      } catch (RuntimeException e) {
        throw PromQLException.storage("opening querier: " + e.getMessage(), e);
      }
      QueryContext ctx = new QueryContext(querier, options, lookback, timeoutNanos, start, end);
      running = ctx;
      if (canceled) {
        ctx.cancel();
      }
      try (querier) {
        ctx.checkCanceled();
        Steps steps = step == 0 ? Steps.instant(start) : new Steps(start, end, step);
        Evaluator ev = new Evaluator(ctx, expr, step);
        Value v = evaluate(ctx, ev, steps);
        return new Result(v, ctx.annotations, ctx.peakSamples());
      } catch (PromQLException e) {
        throw e.withAnnotations(ctx.annotations);
      } catch (StackOverflowError e) {
        throw PromQLException.execution("query too complex to evaluate").withAnnotations(ctx.annotations);
      } catch (RuntimeException e) {
        throw new PromQLException(io.strata.promql.ErrorType.EXECUTION, "unexpected error: " + e, e)
            .withAnnotations(ctx.annotations);
      } finally {
        running = null;
      }
    }

    private Value evaluate(QueryContext ctx, Evaluator ev, Steps steps) {
      switch (expr.type()) {
        case SCALAR -> {
          double[] v = ev.scalar(expr, steps);
          if (step == 0) {
            return new Scalar(start, v[0]);
          }
          long[] ts = new long[v.length];
          for (int k = 0; k < v.length; k++) {
            ts[k] = steps.time(k);
          }
          return new io.strata.promql.Matrix(List.of(new Series(Labels.EMPTY, ts, v)));
        }
        case STRING -> {
          return new StringValue(start, ev.string(expr));
        }
        case MATRIX -> {
          return Results.rawMatrix(ctx, ev.matrix(expr, steps));
        }
        default -> {
          SeriesStream s = ev.vector(expr, steps);
          return step == 0 ? Results.vector(ctx, s, start) : Results.matrix(ctx, s, steps);
        }
      }
    }

    @Override
    public void cancel() {
      canceled = true;
      QueryContext ctx = running;
      if (ctx != null) {
        ctx.cancel();
      }
    }

    @Override
    public Expr expr() {
      return expr;
    }

    @Override
    public String query() {
      return text;
    }
  }
}
