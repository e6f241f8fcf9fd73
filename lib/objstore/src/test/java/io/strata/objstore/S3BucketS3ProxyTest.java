package io.strata.objstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a real S3 protocol server (S3Proxy in this JVM), cross-checked with the MinIO client. */
class S3BucketS3ProxyTest extends BucketContractTest {
  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.startTransient();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Bucket createBucket() {
    // The 5 MiB minimum part size makes the 20 MiB contract object a 5-part multipart upload.
    return new S3Bucket(server.config(server.createBucket("contract")).partSize(S3Config.MIN_PART_SIZE).maxRetries(2).build());
  }

  @Test
  void anIndependentClientReadsWhatWasWritten() throws Exception {
    byte[] large = randomBytes(LARGE_OBJECT_SIZE, 11);
    put("01H/chunks/000001", large);
    put("01H/index", "index bytes");
    put("01H/meta.json", "{\"ulid\":\"01H\"}");
    put("other", "x");

    MinioClient minio = MinioClient.builder()
        .endpoint(server.endpoint().toString())
        .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
        .region("us-east-1")
        .build();
    String name = bucket.name();

    List<String> recursive = new ArrayList<>();
    for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket(name).recursive(true).build())) {
      recursive.add(r.get().objectName());
    }
    assertThat(recursive).containsExactly("01H/chunks/000001", "01H/index", "01H/meta.json", "other");
    List<String> top = new ArrayList<>();
    for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket(name).build())) {
      top.add(r.get().objectName());
    }
    // The MinIO client yields a page's objects before its prefixes, so only the set is comparable.
    assertThat(top).containsExactlyInAnyOrder("01H/", "other");

    try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(name).object("01H/chunks/000001").build())) {
      assertThat(in.readAllBytes()).isEqualTo(large);
    }
    try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(name).object("01H/index").offset(6L).length(5L).build())) {
      assertThat(new String(in.readAllBytes())).isEqualTo("bytes");
    }
    assertThat(minio.statObject(StatObjectArgs.builder().bucket(name).object("01H/chunks/000001").build()).size())
        .isEqualTo(large.length);
    // A multipart object's ETag is "<md5 of part md5s>-<parts>": it proves the upload really went in parts.
    assertThat(minio.statObject(StatObjectArgs.builder().bucket(name).object("01H/chunks/000001").build()).etag())
        .endsWith("-4");
  }

  @Test
  void userMetadataIsSentWithUploads() throws Exception {
    String name = server.createBucket("metadata");
    try (S3Bucket b = new S3Bucket(server.config(name).putUserMetadata(Map.of("team", "strata")).build())) {
      b.upload("obj", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
    }
    MinioClient minio = MinioClient.builder().endpoint(server.endpoint().toString())
        .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).region("us-east-1").build();
    assertThat(minio.statObject(StatObjectArgs.builder().bucket(name).object("obj").build()).userMetadata())
        .containsEntry("team", "strata");
  }

  @Test
  void listObjectsV1GivesTheSameListing() throws Exception {
    for (int i = 0; i < 1005; i++) {
      put(String.format("v1/%04d", i), "");
    }
    put("v1x", "");
    S3Config v1 = ((S3Bucket) bucket).config().toBuilder().listObjectsV1(true).build();
    try (S3Bucket b = new S3Bucket(v1)) {
      List<String> names = new ArrayList<>();
      b.iter("", names::add, true);
      assertThat(names).hasSize(1006).isSortedAccordingTo(ObjectNames.CODE_POINT_ORDER);
      List<String> top = new ArrayList<>();
      b.iter("", top::add, false);
      assertThat(top).containsExactly("v1/", "v1x");
    }
  }

  @Test
  void missingBucketIsAClearError() {
    try (S3Bucket b = new S3Bucket(server.config("no-such-bucket").maxRetries(0).build())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.iter("", n -> { }, true))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("no-such-bucket");
    }
  }
}
