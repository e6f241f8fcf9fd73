package io.strata.server;

import io.grpc.BindableService;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What every Strata service gets by depending on {@code strata-server}; each bean is a plain constructor call.
 * The meter registry is created here rather than by Spring Boot Actuator, so {@code /metrics} exists in every
 * context, tests included, with JVM and process meters bound.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServerProperties.class)
public class StrataServerAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public PrometheusMeterRegistry prometheusMeterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }

  /** Where blocking work goes: one virtual thread per task. */
  @Bean(destroyMethod = "shutdownNow")
  @ConditionalOnMissingBean(name = "blockingExecutor")
  public ExecutorService blockingExecutor() {
    return Executors.newVirtualThreadPerTaskExecutor();
  }

  @Bean
  public Readiness readiness(ObjectProvider<ReadinessCheck> checks) {
    return new Readiness(checks.orderedStream().toList());
  }

  @Bean
  public ApplicationListener<ContextClosedEvent> readinessOnShutdown(Readiness readiness) {
    return event -> readiness.stopping();
  }

  @Bean
  public RouterFunction<ServerResponse> probesAndMetrics(Readiness readiness, PrometheusMeterRegistry registry) {
    return ProbesAndMetrics.routes(readiness, registry);
  }

  @Bean
  @ConditionalOnBean(BindableService.class)
  public GrpcServer grpcServer(ServerProperties props, ObjectProvider<BindableService> services,
      ExecutorService blockingExecutor) {
    return new GrpcServer(HostPort.parse(props.grpcAddress()), services.orderedStream().toList(),
        props.grpcGracePeriod(), blockingExecutor);
  }
}
