package io.strata.objstore;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings for an {@link S3Bucket}. Build one with {@link #builder(String)}; {@link BucketConfig} builds one from
 * the Thanos {@code type: S3} YAML.
 *
 * @param bucket                bucket name
 * @param endpoint              endpoint with scheme (for MinIO, Ceph, S3Proxy...), or null for AWS's regional one
 * @param region                signing region; null derives it from an AWS endpoint or uses us-east-1
 * @param pathStyle             address the bucket as {@code endpoint/bucket} rather than {@code bucket.endpoint}
 * @param accessKey             static access key, or null to use the AWS default credential chain
 * @param secretKey             static secret key, with {@code accessKey}
 * @param sessionToken          optional session token for temporary static credentials
 * @param partSize              multipart part size in bytes (at least 5 MiB); larger objects go in parts
 * @param disableMultipart      always upload with one PUT (S3 limits those to 5 GiB)
 * @param maxRetries            retries after a failed attempt (5xx, throttling, I/O errors); 0 disables them
 * @param putUserMetadata       {@code x-amz-meta-*} metadata added to every upload; the key
 *                              {@code X-Amz-Storage-Class} sets the storage class instead, as in Thanos
 * @param listObjectsV1         list with ListObjects (v1) for stores that lack ListObjectsV2
 * @param connectTimeout        TCP connect timeout
 * @param readTimeout           socket read timeout: how long a response (or the next bytes of one) may stall
 * @param idleConnectionTimeout how long an unused pooled connection is kept
 * @param maxConnections        connection pool size
 * @param insecureSkipVerify    accept any TLS certificate (test setups with self-signed certificates)
 */
public record S3Config(
    String bucket,
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKey,
    String secretKey,
    String sessionToken,
    long partSize,
    boolean disableMultipart,
    int maxRetries,
    Map<String, String> putUserMetadata,
    boolean listObjectsV1,
    Duration connectTimeout,
    Duration readTimeout,
    Duration idleConnectionTimeout,
    int maxConnections,
    boolean insecureSkipVerify) {

  /** S3's smallest allowed part (except the last). */
  public static final long MIN_PART_SIZE = 5L << 20;
  /** Thanos's default part size. */
  public static final long DEFAULT_PART_SIZE = 64L << 20;
  /** minio-go's default, which Thanos uses. */
  public static final int DEFAULT_MAX_RETRIES = 10;

  public S3Config {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket name must not be empty");
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("S3 part size must be at least " + MIN_PART_SIZE + " bytes (5 MiB), got " + partSize);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("S3 max retries must not be negative, got " + maxRetries);
    }
    if ((accessKey == null || accessKey.isEmpty()) != (secretKey == null || secretKey.isEmpty())) {
      throw new IllegalArgumentException("S3 access key and secret key must be given together (or neither, to use the default credential chain)");
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new IllegalArgumentException("S3 endpoint must be an absolute http(s) URI, got " + endpoint);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(idleConnectionTimeout, "idleConnectionTimeout");
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("S3 max connections must be positive, got " + maxConnections);
    }
    putUserMetadata = putUserMetadata == null ? Map.of() : Map.copyOf(putUserMetadata);
  }

  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  public Builder toBuilder() {
    Builder b = new Builder(bucket);
    b.endpoint = endpoint;
    b.region = region;
    b.pathStyle = pathStyle;
    b.accessKey = accessKey;
    b.secretKey = secretKey;
    b.sessionToken = sessionToken;
    b.partSize = partSize;
    b.disableMultipart = disableMultipart;
    b.maxRetries = maxRetries;
    b.putUserMetadata = new TreeMap<>(putUserMetadata);
    b.listObjectsV1 = listObjectsV1;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.idleConnectionTimeout = idleConnectionTimeout;
    b.maxConnections = maxConnections;
    b.insecureSkipVerify = insecureSkipVerify;
    return b;
  }

  /**
   * Turns a Thanos-style endpoint into a URI: {@code host:port} gets {@code http://} when {@code insecure} and
   * {@code https://} otherwise (as minio-go does); an endpoint that already has a scheme is kept as given.
   */
  public static URI endpointUri(String endpoint, boolean insecure) {
    String e = endpoint.strip();
    if (!e.contains("://")) {
      e = (insecure ? "http://" : "https://") + e;
    }
    URI uri = URI.create(e);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("not a valid S3 endpoint: " + endpoint);
    }
    return uri;
  }

  /** Whether the host is AWS S3, which prefers virtual-hosted addressing; other S3 servers get path style. */
  public static boolean isAwsHost(String host) {
    return host != null && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
  }

  /** Fluent builder with Thanos's defaults. */
  public static final class Builder {
    private final String bucket;
    private URI endpoint;
    private String region;
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private String sessionToken;
    private long partSize = DEFAULT_PART_SIZE;
    private boolean disableMultipart;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Map<String, String> putUserMetadata = new TreeMap<>();
    private boolean listObjectsV1;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofMinutes(2);
    private Duration idleConnectionTimeout = Duration.ofSeconds(90);
    private int maxConnections = 100;
    private boolean insecureSkipVerify;

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder endpoint(String endpoint) {
      return endpoint(endpoint == null ? null : URI.create(endpoint));
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    public Builder sessionToken(String sessionToken) {
      this.sessionToken = sessionToken;
      return this;
    }

    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    public Builder disableMultipart(boolean disableMultipart) {
      this.disableMultipart = disableMultipart;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder putUserMetadata(Map<String, String> metadata) {
      this.putUserMetadata = new TreeMap<>(metadata);
      return this;
    }

    public Builder listObjectsV1(boolean listObjectsV1) {
      this.listObjectsV1 = listObjectsV1;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    public Builder idleConnectionTimeout(Duration timeout) {
      this.idleConnectionTimeout = timeout;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder insecureSkipVerify(boolean insecureSkipVerify) {
      this.insecureSkipVerify = insecureSkipVerify;
      return this;
    }

    public S3Config build() {
      return new S3Config(bucket, endpoint, region, pathStyle, accessKey, secretKey, sessionToken, partSize,
          disableMultipart, maxRetries, putUserMetadata, listObjectsV1, connectTimeout, readTimeout,
          idleConnectionTimeout, maxConnections, insecureSkipVerify);
    }
  }

  @Override
  public String toString() {
    // Keeps secrets out of logs and exception messages.
    return "S3Config[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
        + ", credentials=" + (accessKey == null || accessKey.isEmpty() ? "default chain" : "static") + ", partSize=" + partSize
        + ", disableMultipart=" + disableMultipart + ", maxRetries=" + maxRetries + ", listObjectsV1=" + listObjectsV1 + "]";
  }
}
