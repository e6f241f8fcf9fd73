package io.strata.query.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.httpapi.EndpointStatus;
import io.strata.model.Labels;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.grpc.InfoGrpcService;
import io.strata.store.grpc.StoreGrpcService;
import io.strata.store.proxy.StoreRef;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery and Info polling against in-process gRPC servers named like the addresses they stand for. */
class EndpointSetTest {
  private final Map<String, Server> servers = new HashMap<>();
  private final FakeResolver dns = new FakeResolver();
  private EndpointSet set;

  @AfterEach
  void tearDown() {
    if (set != null) {
      set.close();
    }
    servers.values().forEach(Server::shutdownNow);
  }

  private void serve(String address, Labels external) throws IOException {
    StoreApi store = new StaticStore(external);
    servers.put(address, InProcessServerBuilder.forName(address).directExecutor()
        .addService(new StoreGrpcService(store)).addService(new InfoGrpcService(store)).build().start());
  }

  private EndpointSet set(String... specs) {
    List<EndpointSpec> parsed = new ArrayList<>();
    for (String s : specs) {
      parsed.add(EndpointSpec.parse(s));
    }
    set = new EndpointSet(parsed, dns, a -> InProcessChannelBuilder.forName(a).directExecutor().build(),
        new EndpointSet.Settings(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(2),
            Duration.ofSeconds(10)), Clock.systemUTC(), new SimpleMeterRegistry());
    return set;
  }

  private static List<String> names(List<StoreRef> refs) {
    return refs.stream().map(StoreRef::name).toList();
  }

  @Test
  void resolvesEveryKindOfSpecAndPollsInfo() throws Exception {
    serve("store-a:10901", Labels.of("cluster", "a"));
    serve("10.0.0.1:10901", Labels.of("cluster", "b"));
    serve("10.0.0.3:10905", Labels.of("cluster", "c"));
    serve("store-x.local:10905", Labels.of("cluster", "d"));
    dns.hosts.put("stores.local", List.of("10.0.0.2", "10.0.0.1"));
    dns.hosts.put("store-x.local", List.of("10.0.0.3"));
    dns.srv.put("_grpc._tcp.stores", List.of(new Resolver.Srv("store-x.local", 10905)));
    EndpointSet s = set("store-a:10901", "dns+stores.local:10901", "dnssrv+_grpc._tcp.stores",
        "dnssrvnoa+_grpc._tcp.stores");
    s.resolveNow();
    s.refreshNow();

    assertThat(names(s.storeRefs())).containsExactly("10.0.0.1:10901", "10.0.0.2:10901", "10.0.0.3:10905",
        "store-a:10901", "store-x.local:10905");
    Map<String, EndpointStatus> byName = new HashMap<>();
    s.statuses().forEach(st -> byName.put(st.name(), st));
    assertThat(byName.get("store-a:10901").lastError()).isNull();
    assertThat(byName.get("store-a:10901").labelSets()).containsExactly(Labels.of("cluster", "a"));
    assertThat(byName.get("store-a:10901").componentType()).isEqualTo("store");
    assertThat(byName.get("store-a:10901").minTime()).isEqualTo(1000);
    assertThat(byName.get("10.0.0.2:10901").lastError()).contains("UNAVAILABLE");
    assertThat(byName.get("10.0.0.2:10901").componentType()).isEmpty();

    StoreRef healthy = s.storeRefs().get(0);
    assertThat(healthy.info().labelSets()).containsExactly(Labels.of("cluster", "b"));
    assertThat(healthy.store().labelValues(LabelValuesRequest.newBuilder().setLabel("x").build()).getValuesList())
        .containsExactly("v");
    StoreRef down = s.storeRefs().get(1);
    assertThat(down.info().minTime()).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> down.store().labelValues(LabelValuesRequest.newBuilder().setLabel("x").build()))
        .isInstanceOf(StoreException.class).hasMessageContaining("endpoint is unhealthy: info from 10.0.0.2:10901 failed with UNAVAILABLE");
  }

  @Test
  void followsDnsChangesAndKeepsAddressesWhenALookupFails() throws Exception {
    dns.hosts.put("stores.local", List.of("10.0.0.1", "10.0.0.2"));
    EndpointSet s = set("dns+stores.local:10901");
    s.resolveNow();
    assertThat(names(s.storeRefs())).containsExactly("10.0.0.1:10901", "10.0.0.2:10901");
    dns.hosts.put("stores.local", List.of("10.0.0.2"));
    s.resolveNow();
    assertThat(names(s.storeRefs())).containsExactly("10.0.0.2:10901");
    dns.hosts.remove("stores.local");
    s.resolveNow();
    assertThat(names(s.storeRefs())).containsExactly("10.0.0.2:10901");
  }

  @Test
  void anEndpointGoingDownAndComingBackIsTracked() throws Exception {
    serve("store-a:10901", Labels.of("cluster", "a"));
    EndpointSet s = set("store-a:10901");
    s.start();
    long until = System.currentTimeMillis() + 5_000;
    while (!s.initialized() && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    assertThat(s.initialized()).isTrue();
    assertThat(s.statuses().get(0).lastError()).isNull();

    servers.remove("store-a:10901").shutdownNow().awaitTermination();
    s.refreshNow();
    EndpointStatus down = s.statuses().get(0);
    assertThat(down.lastError()).isNotNull();
    assertThat(down.labelSets()).containsExactly(Labels.of("cluster", "a")); // last known, used for selection
    assertThat(s.storeRefs().get(0).info().labelSets()).containsExactly(Labels.of("cluster", "a"));

    serve("store-a:10901", Labels.of("cluster", "a"));
    // The channel reconnects after its backoff (about a second), as a real one does.
    until = System.currentTimeMillis() + 10_000;
    do {
      s.refreshNow();
      Thread.sleep(100);
    } while (s.statuses().get(0).lastError() != null && System.currentTimeMillis() < until);
    assertThat(s.statuses().get(0).lastError()).isNull();
  }

  @Test
  void specsParse() {
    assertThat(EndpointSpec.parse("host:10901")).isEqualTo(
        new EndpointSpec(EndpointSpec.Kind.STATIC, "host", 10901, "host:10901"));
    assertThat(EndpointSpec.parse("dns+store.ns.svc:10901").kind()).isEqualTo(EndpointSpec.Kind.DNS);
    assertThat(EndpointSpec.parse("dnssrv+_grpc._tcp.store").host()).isEqualTo("_grpc._tcp.store");
    assertThat(EndpointSpec.parse("dnssrvnoa+_grpc._tcp.store").kind()).isEqualTo(EndpointSpec.Kind.DNS_SRV_NO_A);
    assertThat(EndpointSpec.parse("[::1]:10901").host()).isEqualTo("::1");
    assertThat(EndpointSpec.address("::1", 10901)).isEqualTo("[::1]:10901");
    assertThatThrownBy(() -> EndpointSpec.parse("host")).hasMessageContaining("expected host:port");
    assertThatThrownBy(() -> EndpointSpec.parse("host:x")).hasMessageContaining("port is not a number");
    assertThatThrownBy(() -> EndpointSpec.parse("file+x:1")).hasMessageContaining("unknown lookup type");
    assertThatThrownBy(() -> EndpointSpec.parse("dnssrv+x:1")).hasMessageContaining("takes no port");
  }

  /** A fixed DNS table; a missing name fails the lookup. */
  static final class FakeResolver implements Resolver {
    final Map<String, List<String>> hosts = new HashMap<>();
    final Map<String, List<Srv>> srv = new HashMap<>();

    @Override
    public List<String> lookupHost(String host) throws IOException {
      List<String> r = hosts.get(host);
      if (r == null) {
        throw new IOException("no such host " + host);
      }
      return r;
    }

    @Override
    public List<Srv> lookupSrv(String name) throws IOException {
      List<Srv> r = srv.get(name);
      if (r == null) {
        throw new IOException("no SRV records for " + name);
      }
      return r;
    }
  }

  /** A store that serves nothing but its info and one label value. */
  private record StaticStore(Labels external) implements StoreApi {
    @Override
    public StoreInfo info() {
      return new StoreInfo(List.of(external), 1000, 2000, true, "store");
    }

    @Override
    public io.strata.store.CloseableIterator<io.strata.proto.thanos.SeriesResponse> series(
        io.strata.proto.thanos.SeriesRequest request) {
      return io.strata.store.CloseableIterator.empty();
    }

    @Override
    public io.strata.proto.thanos.LabelNamesResponse labelNames(io.strata.proto.thanos.LabelNamesRequest request) {
      return io.strata.proto.thanos.LabelNamesResponse.getDefaultInstance();
    }

    @Override
    public io.strata.proto.thanos.LabelValuesResponse labelValues(LabelValuesRequest request) {
      return io.strata.proto.thanos.LabelValuesResponse.newBuilder().addValues("v").build();
    }
  }
}
