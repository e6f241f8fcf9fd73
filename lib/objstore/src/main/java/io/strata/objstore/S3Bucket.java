package io.strata.objstore;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * A bucket on S3 or an S3-compatible server (MinIO, Ceph RGW, S3Proxy...), on the AWS SDK v2 with the Apache
 * HTTP client.
 *
 * <p>Objects up to the part size go up in one PUT, larger ones as a multipart upload whose parts are read from the
 * file (or buffered one part at a time from a stream), so every request body can be replayed when the SDK
 * retries it. A failed multipart upload is aborted so it leaves no invisible parts behind to pay for; S3 only makes
 * an object visible when the upload completes, which gives the atomicity the {@link Bucket} contract asks for.
 * Reads are plain or ranged GETs streamed from the connection. Retries use the SDK's standard strategy (5xx,
 * throttling, I/O errors and timeouts) with exponential backoff and full jitter.
 */
public final class S3Bucket implements Bucket {
  private static final Logger log = LoggerFactory.getLogger(S3Bucket.class);
  private static final int MAX_PARTS = 10_000;
  private static final long MAX_BUFFERED_PART = 1L << 30;
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final String STORAGE_CLASS_KEY = "x-amz-storage-class";
  private static final Pattern AWS_REGIONAL_HOST = Pattern.compile("^(?:.*\\.)?s3[.-](?:dualstack\\.)?([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?$");

  private final S3Config config;
  private final String bucket;
  private final SdkHttpClient httpClient;
  private final S3Client client;
  private final Map<String, String> userMetadata;
  private final String storageClass;

  public S3Bucket(S3Config config) {
    this.config = config;
    this.bucket = config.bucket();
    Map<String, String> metadata = new HashMap<>();
    String sc = null;
    for (Map.Entry<String, String> e : config.putUserMetadata().entrySet()) {
      if (e.getKey().equalsIgnoreCase(STORAGE_CLASS_KEY)) {
        sc = e.getValue();
      } else {
        metadata.put(e.getKey(), e.getValue());
      }
    }
    this.userMetadata = Map.copyOf(metadata);
    this.storageClass = sc;
    this.httpClient = buildHttpClient(config);
    this.client = buildClient(config, httpClient);
    log.info("s3 bucket ready bucket={} endpoint={} region={} path_style={} part_size={} max_retries={}",
        bucket, config.endpoint() == null ? "aws" : config.endpoint(), signingRegion(config),
        config.pathStyle(), config.partSize(), config.maxRetries());
  }

  private static SdkHttpClient buildHttpClient(S3Config config) {
    ApacheHttpClient.Builder b = ApacheHttpClient.builder()
        .connectionTimeout(config.connectTimeout())
        .socketTimeout(config.readTimeout())
        .connectionMaxIdleTime(config.idleConnectionTimeout())
        .maxConnections(config.maxConnections())
        .tcpKeepAlive(true)
        // minio-go (hence Thanos) never sends "Expect: 100-continue"; with it every PUT waits a round
        // trip for the interim response, which made small uploads to S3Proxy ten times slower.
        .expectContinueEnabled(false);
    if (config.insecureSkipVerify()) {
      return b.buildWithDefaults(AttributeMap.builder()
          .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build());
    }
    return b.build();
  }

  private static S3Client buildClient(S3Config config, SdkHttpClient httpClient) {
    AwsCredentialsProvider credentials;
    if (config.accessKey() != null && !config.accessKey().isEmpty()) {
      credentials = StaticCredentialsProvider.create(config.sessionToken() == null || config.sessionToken().isEmpty()
          ? AwsBasicCredentials.create(config.accessKey(), config.secretKey())
          : AwsSessionCredentials.create(config.accessKey(), config.secretKey(), config.sessionToken()));
    } else {
      credentials = DefaultCredentialsProvider.builder().build();
    }
    RetryStrategy retry = config.maxRetries() == 0
        ? AwsRetryStrategy.doNotRetry()
        : AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(config.maxRetries() + 1)
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
            .build();
    S3ClientBuilder b = S3Client.builder()
        .httpClient(httpClient)
        .credentialsProvider(credentials)
        .region(Region.of(signingRegion(config)))
        .forcePathStyle(config.pathStyle())
        // Checksums only where S3 demands them: many S3-compatible servers reject the SDK's default
        // aws-chunked CRC trailers, and TLS plus SigV4 already protect the bytes in transit.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(retry));
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    } else if (config.region() == null || config.region().isEmpty()) {
      b.crossRegionAccessEnabled(true);
    }
    return b.build();
  }

  /** The configured region, else the one named in an AWS endpoint, else us-east-1 (any value suits MinIO). */
  static String signingRegion(S3Config config) {
    if (config.region() != null && !config.region().isEmpty()) {
      return config.region();
    }
    if (config.endpoint() != null && config.endpoint().getHost() != null) {
      Matcher m = AWS_REGIONAL_HOST.matcher(config.endpoint().getHost());
      if (m.matches()) {
        return m.group(1);
      }
    }
    return "us-east-1";
  }

  public S3Config config() {
    return config;
  }

  @Override
  public String name() {
    return bucket;
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
    String prefix = ObjectNames.directoryPrefix(dir);
    String delimiter = recursive ? null : DIRECTORY_DELIMITER;
    String action = "listing " + (prefix.isEmpty() ? "the root" : prefix);
    String last = null;
    String token = null;
    do {
      List<String> names = new ArrayList<>();
      if (config.listObjectsV1()) {
        String marker = token;
        ListObjectsResponse page = call(action, prefix, () -> client.listObjects(
            r -> r.bucket(bucket).prefix(prefix).delimiter(delimiter).marker(marker)));
        collect(page.contents(), page.commonPrefixes(), prefix, names);
        token = null;
        if (Boolean.TRUE.equals(page.isTruncated())) {
          // v1 only returns NextMarker when a delimiter is used; otherwise the last key is the marker.
          token = page.nextMarker() != null ? page.nextMarker() : lastKey(page.contents(), page.commonPrefixes());
        }
      } else {
        String continuation = token;
        ListObjectsV2Response page = call(action, prefix, () -> client.listObjectsV2(
            r -> r.bucket(bucket).prefix(prefix).delimiter(delimiter).continuationToken(continuation)));
        collect(page.contents(), page.commonPrefixes(), prefix, names);
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      }
      // S3 returns objects and common prefixes as two sorted lists; pages partition the key space in order,
      // so merging within a page keeps the whole listing sorted.
      names.sort(ObjectNames.CODE_POINT_ORDER);
      for (String n : names) {
        if (!n.equals(last)) {
          visitor.accept(n);
          last = n;
        }
      }
    } while (token != null);
  }

  private static void collect(List<S3Object> contents, List<CommonPrefix> prefixes, String prefix, List<String> into) {
    for (S3Object o : contents) {
      // Keys ending in '/' are folder markers written by consoles and other tools, not objects.
      if (!o.key().endsWith(DIRECTORY_DELIMITER) && o.key().startsWith(prefix)) {
        into.add(o.key());
      }
    }
    for (CommonPrefix p : prefixes) {
      if (!p.prefix().equals(prefix)) {
        into.add(p.prefix());
      }
    }
  }

  private static String lastKey(List<S3Object> contents, List<CommonPrefix> prefixes) {
    String last = null;
    for (S3Object o : contents) {
      last = last == null || ObjectNames.compareCodePoints(o.key(), last) > 0 ? o.key() : last;
    }
    for (CommonPrefix p : prefixes) {
      last = last == null || ObjectNames.compareCodePoints(p.prefix(), last) > 0 ? p.prefix() : last;
    }
    return last;
  }

  @Override
  public InputStream get(String name) throws IOException {
    return getRange(name, 0, -1);
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    ObjectNames.requireValid(name);
    ObjectNames.checkRange(offset, length);
    if (length == 0) {
      attributes(name); // an empty range cannot be expressed in HTTP, but a missing object must still fail
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(name);
    if (length == -1 || length > Long.MAX_VALUE - offset) {
      if (offset > 0) {
        request.range("bytes=" + offset + "-");
      }
    } else {
      request.range("bytes=" + offset + "-" + (offset + length - 1));
    }
    try {
      return new ObjectStream(client.getObject(request.build()), name);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return InputStream.nullInputStream(); // the object exists; the range starts at or past its end
      }
      throw translate("getting", name, e);
    } catch (SdkException e) {
      throw translate("getting", name, e);
    }
  }

  @Override
  public boolean exists(String name) throws IOException {
    try {
      head(name);
      return true;
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    HeadObjectResponse head = head(name);
    return new ObjectAttributes(head.contentLength(), head.lastModified());
  }

  private HeadObjectResponse head(String name) throws IOException {
    ObjectNames.requireValid(name);
    return call("reading attributes of", name, () -> client.headObject(r -> r.bucket(bucket).key(name)));
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    ObjectNames.requireValid(name);
    long size = Files.size(file);
    if (size <= config.partSize() || config.disableMultipart()) {
      putObject(name, RequestBody.fromContentProvider(fileRange(file, 0, size), size, CONTENT_TYPE));
      return;
    }
    long partSize = effectivePartSize(size);
    long[] offset = {0};
    multipartUpload(name, () -> {
      if (offset[0] >= size) {
        return null;
      }
      long len = Math.min(partSize, size - offset[0]);
      RequestBody body = RequestBody.fromContentProvider(fileRange(file, offset[0], len), len, CONTENT_TYPE);
      offset[0] += len;
      return body;
    });
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    ObjectNames.requireValid(name);
    ObjectNames.checkLength(length);
    if (config.disableMultipart() && (length == -1 || length > config.partSize())) {
      uploadSpooled(name, data, length);
      return;
    }
    // Parts of a stream are buffered, so they must fit in a byte array.
    long partSize = Math.min(MAX_BUFFERED_PART, length == -1 ? config.partSize() : effectivePartSize(length));
    byte[] first = readPart(name, data, length == -1 ? partSize : Math.min(partSize, length), length, 0);
    if (first.length < partSize || first.length == length) {
      putObject(name, bytesBody(first));
      return;
    }
    long[] done = {0};
    byte[][] pending = {first};
    multipartUpload(name, () -> {
      byte[] part = pending[0];
      pending[0] = null;
      if (part == null) {
        long want = length == -1 ? partSize : Math.min(partSize, length - done[0]);
        if (want == 0) {
          return null;
        }
        part = readPart(name, data, want, length, done[0]);
        if (part.length == 0) {
          return null;
        }
      }
      done[0] += part.length;
      return bytesBody(part);
    });
  }

  /** Reads up to {@code want} bytes; failing if a stream of known length ends early. */
  private static byte[] readPart(String name, InputStream data, long want, long length, long done) throws IOException {
    byte[] part = data.readNBytes((int) want);
    if (length != -1 && part.length < want) {
      throw new IOException("upload of " + name + ": stream ended after " + (done + part.length) + " of " + length + " bytes");
    }
    return part;
  }

  private void uploadSpooled(String name, InputStream data, long length) throws IOException {
    // One PUT needs the length up front and a body the SDK can replay on retry: a temp file gives both
    // without holding up to 5 GiB in memory.
    Path tmp = Files.createTempFile("strata-s3-upload-", ".tmp");
    try {
      try (var out = Files.newOutputStream(tmp)) {
        long copied = length == -1 ? data.transferTo(out) : copyExactly(data, out, length);
        if (length != -1 && copied < length) {
          throw new IOException("upload of " + name + ": stream ended after " + copied + " of " + length + " bytes");
        }
      }
      upload(name, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static long copyExactly(InputStream in, java.io.OutputStream out, long length) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long done = 0;
    while (done < length) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, length - done));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      done += n;
    }
    return done;
  }

  /** The part size, grown when needed so the object fits in S3's 10,000 parts (rounded up to whole MiB). */
  private long effectivePartSize(long size) {
    long minimum = (size + MAX_PARTS - 1) / MAX_PARTS;
    long mib = 1L << 20;
    return Math.max(config.partSize(), (minimum + mib - 1) / mib * mib);
  }

  private static RequestBody bytesBody(byte[] bytes) {
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length, CONTENT_TYPE);
  }

  private static ContentStreamProvider fileRange(Path file, long offset, long length) {
    // A new stream per call, so the SDK can replay the body when it retries without buffering it.
    return () -> {
      try {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        return new BoundedInputStream(Channels.newInputStream(ch), length);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file + " to upload it", e);
      }
    };
  }

  private void putObject(String name, RequestBody body) throws IOException {
    call("uploading", name, () -> client.putObject(r -> r.bucket(bucket).key(name).contentType(CONTENT_TYPE)
        .metadata(userMetadata).storageClass(storageClass), body));
  }

  private interface PartSource {
    /** The next part's body, or null when all parts were given. */
    RequestBody next() throws IOException;
  }

  private void multipartUpload(String name, PartSource parts) throws IOException {
    String uploadId = call("starting multipart upload of", name, () -> client.createMultipartUpload(
        r -> r.bucket(bucket).key(name).contentType(CONTENT_TYPE).metadata(userMetadata).storageClass(storageClass)))
        .uploadId();
    List<CompletedPart> completed = new ArrayList<>();
    try {
      for (RequestBody body = parts.next(); body != null; body = parts.next()) {
        int partNumber = completed.size() + 1;
        RequestBody partBody = body;
        String etag = call("uploading part " + partNumber + " of", name, () -> client.uploadPart(
            r -> r.bucket(bucket).key(name).uploadId(uploadId).partNumber(partNumber), partBody)).eTag();
        completed.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      call("completing multipart upload of", name, () -> client.completeMultipartUpload(
          r -> r.bucket(bucket).key(name).uploadId(uploadId).multipartUpload(m -> m.parts(completed))));
    } catch (IOException | RuntimeException | Error e) {
      try {
        client.abortMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId));
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
        log.warn("aborting multipart upload failed; a lifecycle rule must clean it up bucket={} object={} upload_id={} error=\"{}\"",
            bucket, name, uploadId, abortFailure.getMessage());
      }
      throw e;
    }
  }

  @Override
  public void delete(String name) throws IOException {
    ObjectNames.requireValid(name);
    call("deleting", name, () -> client.deleteObject(r -> r.bucket(bucket).key(name)));
  }

  @Override
  public void close() {
    client.close();
    httpClient.close();
  }

  private <T> T call(String action, String key, Supplier<T> op) throws IOException {
    try {
      return op.get();
    } catch (SdkException e) {
      throw translate(action, key, e);
    } catch (UncheckedIOException e) {
      throw new IOException(action + " " + key + " in S3 bucket " + bucket + " failed: " + e.getMessage(), e.getCause());
    }
  }

  private IOException translate(String action, String key, SdkException e) {
    String where = action + " " + key + " in S3 bucket " + bucket
        + (config.endpoint() == null ? "" : " at " + config.endpoint());
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code)) {
        return new IOException(where + " failed: the bucket does not exist", e);
      }
      if (s3 instanceof NoSuchKeyException || s3.statusCode() == 404) {
        return new ObjectNotFoundException(bucket, key, e);
      }
      return new IOException(where + " failed: HTTP " + s3.statusCode() + (code == null ? "" : " " + code)
          + ": " + s3.getMessage(), e);
    }
    return new IOException(where + " failed: " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "S3Bucket[" + bucket + (config.endpoint() == null ? "" : " at " + config.endpoint()) + "]";
  }

  /**
   * A GET's body. Closing it before the end aborts the connection: the default close would read (and
   * download) the rest of a possibly huge object just to reuse the connection.
   */
  private final class ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private final String name;
    private boolean eof;

    ObjectStream(ResponseInputStream<GetObjectResponse> response, String name) {
      super(response);
      this.response = response;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        eof |= b < 0;
        return b;
      } catch (SdkException e) {
        throw translate("reading", name, e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        eof |= n < 0;
        return n;
      } catch (SdkException e) {
        throw translate("reading", name, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (!eof) {
        response.abort();
      }
      super.close();
    }
  }
}
