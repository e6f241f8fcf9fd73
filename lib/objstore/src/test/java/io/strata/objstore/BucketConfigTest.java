package io.strata.objstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BucketConfigTest {
  private static final Map<String, String> ENV = Map.of("S3_ACCESS", "env-access", "S3_SECRET", "env-secret");

  private static BucketConfig parse(String yaml) {
    return BucketConfig.parse(yaml, "test", ENV::get);
  }

  static Stream<Arguments> validConfigs() {
    return Stream.of(
        valid("minimal MinIO (Thanos docs example)", """
                        type: S3
                        config:
                          bucket: thanos
                          endpoint: minio:9000
                          access_key: minio
                          secret_key: melovethanos
                          insecure: true
                        """, c -> {
          assertThat(c.type()).isEqualTo(BucketConfig.Type.S3);
          assertThat(c.s3().bucket()).isEqualTo("thanos");
          assertThat(c.s3().endpoint()).isEqualTo(URI.create("http://minio:9000"));
          assertThat(c.s3().pathStyle()).isTrue();
          assertThat(c.s3().accessKey()).isEqualTo("minio");
          assertThat(c.s3().partSize()).isEqualTo(64L << 20);
          assertThat(c.s3().maxRetries()).isEqualTo(10);
          assertThat(c.prefix()).isNull();
        }),
        valid("AWS endpoint is https and virtual-hosted; lower-case type", """
                        type: s3
                        config:
                          bucket: metrics
                          endpoint: s3.eu-west-1.amazonaws.com
                        """, c -> {
          assertThat(c.s3().endpoint()).isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
          assertThat(c.s3().pathStyle()).isFalse();
          assertThat(c.s3().accessKey()).as("default credential chain").isNull();
          assertThat(S3Bucket.signingRegion(c.s3())).isEqualTo("eu-west-1");
        }),
        valid("every Thanos S3 key", """
                        type: S3
                        prefix: /tenant-a/
                        config:
                          bucket: b
                          endpoint: "https://ceph.internal:7480"
                          region: eu-central-1
                          disable_dualstack: false
                          aws_sdk_auth: false
                          access_key: $(S3_ACCESS)
                          insecure: false
                          signature_version2: true
                          secret_key: $(S3_SECRET)
                          session_token: ""
                          put_user_metadata:
                            team: strata
                            X-Amz-Storage-Class: STANDARD_IA
                          http_config:
                            idle_conn_timeout: 1m30s
                            response_header_timeout: 15s
                            insecure_skip_verify: true
                            tls_handshake_timeout: 10s
                            expect_continue_timeout: 1s
                            max_idle_conns: 100
                            max_idle_conns_per_host: 100
                            max_conns_per_host: 20
                            disable_compression: false
                            tls_config:
                              server_name: ""
                              insecure_skip_verify: false
                          trace:
                            enable: false
                          list_objects_version: v1
                          bucket_lookup_type: path
                          send_content_md5: true
                          disable_multipart: false
                          part_size: 16777216
                          sse_config:
                            type: ""
                          sts_endpoint: ""
                          max_retries: 3
                        """, c -> {
          S3Config s3 = c.s3();
          assertThat(c.prefix()).isEqualTo("/tenant-a/");
          assertThat(s3.endpoint()).isEqualTo(URI.create("https://ceph.internal:7480"));
          assertThat(s3.region()).isEqualTo("eu-central-1");
          assertThat(s3.accessKey()).isEqualTo("env-access");
          assertThat(s3.secretKey()).isEqualTo("env-secret");
          assertThat(s3.putUserMetadata()).containsEntry("team", "strata").containsKey("X-Amz-Storage-Class");
          assertThat(s3.idleConnectionTimeout()).isEqualTo(Duration.ofSeconds(90));
          assertThat(s3.readTimeout()).isEqualTo(Duration.ofSeconds(15));
          assertThat(s3.maxConnections()).isEqualTo(20);
          assertThat(s3.insecureSkipVerify()).isTrue();
          assertThat(s3.listObjectsV1()).isTrue();
          assertThat(s3.pathStyle()).isTrue();
          assertThat(s3.partSize()).isEqualTo(16L << 20);
          assertThat(s3.maxRetries()).isEqualTo(3);
        }),
        valid("virtual-hosted lookup forced on a custom endpoint", """
                        type: S3
                        config: {bucket: b, endpoint: "storage.example.com", bucket_lookup_type: virtual-hosted, part_size: 0}
                        """, c -> {
          assertThat(c.s3().pathStyle()).isFalse();
          assertThat(c.s3().partSize()).as("0 means default").isEqualTo(64L << 20);
        }),
        valid("no endpoint means AWS", """
                        type: S3
                        config:
                          bucket: b
                        """, c -> assertThat(c.s3().endpoint()).isNull()),
        valid("filesystem", """
                        type: FILESYSTEM
                        config:
                          directory: /var/strata/bucket
                        """, c -> {
          assertThat(c.type()).isEqualTo(BucketConfig.Type.FILESYSTEM);
          assertThat(c.directory()).isEqualTo(Path.of("/var/strata/bucket"));
        }),
        valid("filesystem mixed case with prefix", """
                        type: FileSystem
                        prefix: a/b
                        config: {directory: data}
                        """, c -> assertThat(c.prefix()).isEqualTo("a/b")),
        valid("empty prefix is no prefix", """
                        type: FILESYSTEM
                        prefix: ""
                        config: {directory: data}
                        """, c -> assertThat(c.prefix()).isNull()));
  }

  private static Arguments valid(String name, String yaml, Consumer<BucketConfig> check) {
    return arguments(named(name, yaml), check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validConfigs")
  void parsesValidConfigs(String yaml, Consumer<BucketConfig> check) {
    check.accept(parse(yaml));
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("empty", "", "configuration is empty"),
        invalid("only a comment", "# nothing\n", "configuration is empty"),
        invalid("not YAML", "type: S3\nconfig: {bucket: [unclosed\n", "not valid YAML at line"),
        invalid("tab indentation", "type: S3\nconfig:\n\tbucket: b\n", "not valid YAML at line 3"),
        invalid("a list at the top", "- type: S3\n", "top level must be a mapping"),
        invalid("no type", "config:\n  bucket: b\n", "type is required"),
        invalid("unknown type", "type: FTP\nconfig: {}\n", "unknown type FTP; supported types: S3, FILESYSTEM"),
        invalid("Thanos type we lack", "type: GCS\nconfig: {bucket: b}\n", "type GCS is a Thanos storage type that Strata does not support"),
        invalid("unknown top-level key", "type: S3\nbucket: b\n", "unknown key bucket; known keys: type, config, prefix"),
        invalid("duplicate key", "type: S3\ntype: FILESYSTEM\n", "Duplicate field 'type'"),
        invalid("no config", "type: S3\n", "config is required for type S3"),
        invalid("missing bucket", "type: S3\nconfig:\n  endpoint: minio:9000\n", "config.bucket is required for type S3"),
        invalid("typo in a key", "type: S3\nconfig:\n  bucket: b\n  endpont: minio:9000\n", "unknown key config.endpont"),
        invalid("typo in http_config", "type: S3\nconfig:\n  bucket: b\n  http_config: {idle_timeout: 1s}\n",
            "unknown key config.http_config.idle_timeout"),
        invalid("access key without secret", "type: S3\nconfig: {bucket: b, access_key: a}\n",
            "config.secret_key is missing while config.access_key is set"),
        invalid("aws_sdk_auth with access key", "type: S3\nconfig: {bucket: b, access_key: a, secret_key: s, aws_sdk_auth: true}\n",
            "mutually exclusive"),
        invalid("part size below the S3 minimum", "type: S3\nconfig: {bucket: b, part_size: 1024}\n",
            "config.part_size must be at least 5242880"),
        invalid("part size not a number", "type: S3\nconfig: {bucket: b, part_size: big}\n",
            "config.part_size must be a whole number, got \"big\""),
        invalid("insecure not a boolean", "type: S3\nconfig: {bucket: b, insecure: maybe}\n",
            "config.insecure must be true or false"),
        invalid("bad duration", "type: S3\nconfig: {bucket: b, http_config: {response_header_timeout: soon}}\n",
            "config.http_config.response_header_timeout must be a duration"),
        invalid("bad lookup type", "type: S3\nconfig: {bucket: b, bucket_lookup_type: dns}\n",
            "config.bucket_lookup_type: unsupported value dns"),
        invalid("bad list version", "type: S3\nconfig: {bucket: b, list_objects_version: v3}\n",
            "config.list_objects_version: unsupported value v3"),
        invalid("server-side encryption", "type: S3\nconfig: {bucket: b, sse_config: {type: SSE-KMS, kms_key_id: k}}\n",
            "config.sse_config.type: server-side encryption (SSE-KMS) is not supported"),
        invalid("TLS CA file", "type: S3\nconfig: {bucket: b, http_config: {tls_config: {ca_file: /ca.pem}}}\n",
            "config.http_config.tls_config.ca_file is not supported"),
        invalid("bucket is a mapping", "type: S3\nconfig: {bucket: {name: b}}\n", "config.bucket must be a single value"),
        invalid("config is a string", "type: S3\nconfig: bucket\n", "config must be a mapping"),
        invalid("filesystem without directory", "type: FILESYSTEM\nconfig: {}\n", "config.directory is required for type FILESYSTEM"),
        invalid("unset environment variable", "type: S3\nconfig:\n  bucket: b\n  access_key: $(NOT_SET)\n",
            "line 4 refers to environment variable NOT_SET, which is not set"));
  }

  private static Arguments invalid(String name, String yaml, String message) {
    return arguments(named(name, yaml), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void rejectsInvalidConfigsSayingWhatAndWhere(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid objstore config (test): ")
        .hasMessageContaining(message);
  }

  @Test
  void parsesDurationsLikePrometheus() {
    assertThat(BucketConfig.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(BucketConfig.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(BucketConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(BucketConfig.parseDuration("2m1ms")).isEqualTo(Duration.ofMillis(120_001));
    assertThat(BucketConfig.parseDuration("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(BucketConfig.parseDuration("0")).isZero();
    assertThat(BucketConfig.parseDuration("")).isNull();
    assertThat(BucketConfig.parseDuration("5")).isNull();
    assertThat(BucketConfig.parseDuration("1.5s")).isNull();
  }

  @Test
  void secretsStayOutOfToString() {
    BucketConfig c = parse("type: S3\nconfig: {bucket: b, access_key: AKIA, secret_key: topsecret}\n");
    assertThat(c.s3().toString()).doesNotContain("topsecret").doesNotContain("AKIA").contains("static");
  }
}
