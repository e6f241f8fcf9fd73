package io.strata.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The service's gRPC server ({@code --grpc-address}, default {@code 0.0.0.0:10901}) over Netty (the shaded
 * build, so it never meets the web server's Netty), serving every {@link BindableService} bean.
 *
 * <p>Calls run on {@code executor}, a virtual thread per call: StoreAPI handlers block while stores work, which
 * must never happen on the transport's event loop. Starts after the rest of the context (so a client never
 * reaches a half-wired service) and stops first; stopping refuses new calls, lets running ones finish for up to
 * {@code gracePeriod} ({@code --grpc-grace-period}), then cancels the rest.
 */
public final class GrpcServer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  private final HostPort address;
  private final List<BindableService> services;
  private final Duration gracePeriod;
  private final Executor executor;
  private volatile Server server;

  public GrpcServer(HostPort address, List<BindableService> services, Duration gracePeriod, Executor executor) {
    this.address = address;
    this.services = List.copyOf(services);
    this.gracePeriod = gracePeriod;
    this.executor = executor;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(address.host(), address.port()))
        .executor(executor)
        // Series requests are small, but label-value requests with many matchers need not be.
        .maxInboundMessageSize(32 * 1024 * 1024);
    for (BindableService s : services) {
      b.addService(s);
    }
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting the gRPC server on " + address + " (--grpc-address)", e);
    }
    log.info("msg=\"gRPC server listening\" address={} services={}", new HostPort(address.host(), port()),
        services.stream().map(s -> s.bindService().getServiceDescriptor().getName()).toList());
  }

  /** The port the server listens on (the real one when {@code --grpc-address} asked for port 0). */
  public int port() {
    Server s = server;
    return s == null ? address.port() : s.getPort();
  }

  @Override
  public synchronized void stop() {
    Server s = server;
    if (s == null) {
      return;
    }
    s.shutdown();
    try {
      if (!s.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("msg=\"gRPC calls still running after the grace period, cancelling them\" grace_period={}",
            gracePeriod);
        s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.shutdownNow();
    }
    server = null;
    log.info("msg=\"gRPC server stopped\" address={}", address);
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** After the web server (which starts at {@code DEFAULT_PHASE - 2048}); stops before it. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 512;
  }
}
