package io.strata.objstore;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 server in this JVM (S3Proxy) on 127.0.0.1 and an ephemeral port, for tests here and in other modules.
 * The blob store outlives {@link #stop()}, so {@link #restart()} brings the same data back on the same port.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "strata-test-access";
  public static final String SECRET_KEY = "strata-test-secret";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final BlobStore blobStore;
  private S3Proxy proxy;
  private int port;

  private S3ProxyServer(BlobStore blobStore) throws Exception {
    this.blobStore = blobStore;
    start(0);
  }

  /** Starts a server keeping objects in memory. */
  public static S3ProxyServer startTransient() throws Exception {
    return new S3ProxyServer(BlobStores.create("transient", new Properties()));
  }

  /** Starts a server storing object {@code key} of bucket {@code b} as the file {@code baseDir/b/key}. */
  public static S3ProxyServer startFilesystem(Path baseDir) throws Exception {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
    return new S3ProxyServer(BlobStores.create("filesystem", props));
  }

  private void start(int requestedPort) throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .stopTimeout(0)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    port = proxy.getPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public BlobStore blobStore() {
    return blobStore;
  }

  /** Creates a bucket with a name no other test uses and returns the name. */
  public String createBucket(String hint) {
    String name = hint + "-" + BUCKETS.incrementAndGet();
    blobStore.createContainer(name);
    return name;
  }

  /** Settings for an {@link S3Bucket} on this server, as a MinIO user would give them. */
  public S3Config.Builder config(String bucket) {
    return S3Config.builder(bucket)
        .endpoint(endpoint())
        .pathStyle(true)
        .region("us-east-1")
        .credentials(ACCESS_KEY, SECRET_KEY);
  }

  public void stop() throws Exception {
    proxy.stop();
  }

  /** Starts again on the same port after {@link #stop()}. */
  public void restart() throws Exception {
    start(port);
  }

  @Override
  public void close() throws Exception {
    if (proxy != null && !"STOPPED".equals(proxy.getState())) {
      proxy.stop();
    }
  }
}
