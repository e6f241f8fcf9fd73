package io.strata.query.endpoints;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.httpapi.EndpointStatus;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.grpc.GrpcStoreClient;
import io.strata.store.proxy.StoreRef;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StoreAPI endpoints of a querier, kept current like Thanos's {@code EndpointSet}: the specs are resolved to
 * addresses at start and every {@code dnsInterval} (a failed lookup keeps the previous addresses), each address
 * gets one gRPC channel, and every endpoint's Info is polled every {@code infoInterval} with {@code infoTimeout}.
 *
 * <p>{@link #storeRefs()} lists every known endpoint for the proxy, healthy or not, each with the label sets and
 * time range it last announced (an endpoint never heard from announces everything). A healthy endpoint is read
 * over gRPC; an unhealthy one fails at once with UNAVAILABLE naming its last error — so a query that needs an
 * endpoint that is down gets a partial-response warning (or fails under {@code partial_response=false}) instead
 * of silently missing its data, and does not wait for a connection timeout.
 *
 * <p>Thread-safe. {@link #initialized()} turns true after the first resolution and Info round, which is when a
 * querier can answer without spurious "unhealthy" warnings.
 */
public final class EndpointSet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndpointSet.class);
  /** What an endpoint never heard from might serve: anything. */
  private static final StoreInfo UNKNOWN = new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true, "");

  /**
   * @param dnsInterval how often specs are resolved again ({@code --store.sd-dns-interval=30s})
   * @param infoInterval how often every endpoint's Info is asked (Thanos: 5s)
   * @param infoTimeout how long an Info call may take ({@code --endpoint.info-timeout=5s})
   * @param callTimeout deadline of every data call (Series, label calls); the query timeout is a natural choice
   */
  public record Settings(Duration dnsInterval, Duration infoInterval, Duration infoTimeout, Duration callTimeout) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(2));
    }
  }

  private final List<EndpointSpec> specs;
  private final Resolver resolver;
  private final Function<String, ManagedChannel> channels;
  private final Settings settings;
  private final Clock clock;
  private final Map<EndpointSpec, List<String>> resolved = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final ExecutorService infoCalls = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean initialized;
  private volatile boolean closed;
  private ScheduledExecutorService scheduler;

  public EndpointSet(List<EndpointSpec> specs, Resolver resolver, Function<String, ManagedChannel> channels,
      Settings settings, Clock clock, MeterRegistry registry) {
    this.specs = List.copyOf(specs);
    this.resolver = resolver;
    this.channels = channels;
    this.settings = settings;
    this.clock = clock;
    Gauge.builder("strata.querier.endpoints", this, s -> s.count(true)).tag("state", "healthy")
        .description("StoreAPI endpoints by the state of their last Info call.").register(registry);
    Gauge.builder("strata.querier.endpoints", this, s -> s.count(false)).tag("state", "unhealthy")
        .description("StoreAPI endpoints by the state of their last Info call.").register(registry);
  }

  /** Plaintext gRPC channels without an inbound size limit (long series arrive as one message). */
  public static ManagedChannel plaintextChannel(String address) {
    return NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE).build();
  }

  private int count(boolean healthy) {
    int n = 0;
    for (Endpoint e : endpoints.values()) {
      if (e.healthy == healthy) {
        n++;
      }
    }
    return n;
  }

  /** Resolves and polls once in the background now, then on the configured intervals. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("endpoint-set").factory());
    scheduler.execute(() -> {
      resolveQuietly();
      refreshNow();
      initialized = true;
    });
    scheduler.scheduleWithFixedDelay(this::resolveQuietly, settings.dnsInterval().toMillis(),
        settings.dnsInterval().toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::refreshNow, settings.infoInterval().toMillis(),
        settings.infoInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the first resolution and Info round are done. */
  public boolean initialized() {
    return initialized;
  }

  private void resolveQuietly() {
    try {
      resolveNow();
    } catch (RuntimeException e) {
      log.warn("msg=\"endpoint resolution failed\" err=\"{}\"", e.toString());
    }
  }

  /** Resolves every spec; opens channels to new addresses and closes those of addresses that went away. */
  public synchronized void resolveNow() {
    if (closed) {
      return;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (EndpointSpec spec : specs) {
      try {
        List<String> addrs = addresses(spec);
        List<String> before = resolved.put(spec, addrs);
        if (!addrs.equals(before)) {
          log.info("msg=\"endpoint resolved\" endpoint={} addresses={}", spec.text(), addrs);
        }
        wanted.addAll(addrs);
      } catch (IOException | RuntimeException e) {
        List<String> previous = resolved.getOrDefault(spec, List.of());
        log.warn("msg=\"endpoint lookup failed, keeping previous addresses\" endpoint={} addresses={} err=\"{}\"",
            spec.text(), previous, e.getMessage());
        wanted.addAll(previous);
      }
    }
    for (String a : wanted) {
      endpoints.computeIfAbsent(a, this::open);
    }
    for (String a : new ArrayList<>(endpoints.keySet())) {
      if (!wanted.contains(a)) {
        Endpoint gone = endpoints.remove(a);
        log.info("msg=\"endpoint removed\" address={}", a);
        gone.channel.shutdown();
      }
    }
  }

  private List<String> addresses(EndpointSpec spec) throws IOException {
    List<String> out = new ArrayList<>();
    switch (spec.kind()) {
      case STATIC -> out.add(EndpointSpec.address(spec.host(), spec.port()));
      case DNS -> {
        for (String ip : resolver.lookupHost(spec.host())) {
          out.add(EndpointSpec.address(ip, spec.port()));
        }
      }
      case DNS_SRV -> {
        for (Resolver.Srv srv : resolver.lookupSrv(spec.host())) {
          for (String ip : resolver.lookupHost(srv.target())) {
            out.add(EndpointSpec.address(ip, srv.port()));
          }
        }
      }
      case DNS_SRV_NO_A -> {
        for (Resolver.Srv srv : resolver.lookupSrv(spec.host())) {
          out.add(EndpointSpec.address(srv.target(), srv.port()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  private Endpoint open(String address) {
    ManagedChannel ch = channels.apply(address);
    log.info("msg=\"endpoint added\" address={}", address);
    return new Endpoint(address, ch, new GrpcStoreClient(ch, address, settings.infoTimeout()),
        new GrpcStoreClient(ch, address, settings.callTimeout()));
  }

  /** Asks every endpoint's Info in parallel, waiting at most the Info timeout (plus a little) for all. */
  public void refreshNow() {
    if (closed) {
      return;
    }
    List<Endpoint> all = new ArrayList<>(endpoints.values());
    List<Future<?>> calls = new ArrayList<>(all.size());
    for (Endpoint e : all) {
      calls.add(infoCalls.submit(e::check));
    }
    long deadline = System.nanoTime() + settings.infoTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    for (int i = 0; i < calls.size(); i++) {
      try {
        calls.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        calls.get(i).cancel(true);
        all.get(i).fail("Info call did not return within " + settings.infoTimeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        all.get(i).fail(e.getCause().toString());
      }
    }
  }

  /** Every known endpoint for the proxy; see the class comment for unhealthy ones. */
  public List<StoreRef> storeRefs() {
    List<StoreRef> out = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      out.add(e.ref());
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  /** What {@code /api/v1/stores} shows. */
  public List<EndpointStatus> statuses() {
    List<EndpointStatus> out = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      StoreInfo i = e.info;
      out.add(new EndpointStatus(e.address, e.lastCheck, e.healthy ? null : e.lastError,
          i == null ? List.of() : i.labelSets(), i == null ? Long.MIN_VALUE : i.minTime(),
          i == null ? Long.MAX_VALUE : i.maxTime(), i == null ? "" : i.componentType()));
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    infoCalls.shutdownNow();
    for (Endpoint e : endpoints.values()) {
      e.channel.shutdownNow();
    }
    endpoints.clear();
  }

  /** One address: its channel, clients and what its last Info call said. */
  private final class Endpoint {
    final String address;
    final ManagedChannel channel;
    final GrpcStoreClient infoClient;
    final GrpcStoreClient dataClient;
    volatile StoreInfo info;
    volatile Instant lastCheck;
    volatile String lastError = "not checked yet";
    volatile boolean healthy;

    Endpoint(String address, ManagedChannel channel, GrpcStoreClient infoClient, GrpcStoreClient dataClient) {
      this.address = address;
      this.channel = channel;
      this.infoClient = infoClient;
      this.dataClient = dataClient;
    }

    void check() {
      try {
        StoreInfo fresh = infoClient.refreshInfo();
        boolean was = healthy;
        info = fresh;
        lastCheck = clock.instant();
        healthy = true;
        if (!was) {
          log.info("msg=\"endpoint healthy\" address={} component={} label_sets={} min_time={} max_time={}", address,
              fresh.componentType(), fresh.labelSets(), fresh.minTime(), fresh.maxTime());
        }
      } catch (StoreException e) {
        fail(e.getMessage());
      }
    }

    void fail(String error) {
      boolean was = healthy;
      lastCheck = clock.instant();
      lastError = error;
      healthy = false;
      if (was || !initialized) {
        log.warn("msg=\"endpoint unhealthy\" address={} err=\"{}\"", address, error);
      }
    }

    StoreRef ref() {
      StoreInfo i = info;
      if (healthy && i != null) {
        return new StoreRef(address, dataClient, i);
      }
      return new StoreRef(address, new UnavailableStore(lastError), i == null ? UNKNOWN : i);
    }
  }
}
