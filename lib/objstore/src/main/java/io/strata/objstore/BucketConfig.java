package io.strata.objstore;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A parsed Thanos bucket configuration, the YAML given with {@code --objstore.config} or
 * {@code --objstore.config-file}:
 * <pre>{@code
 * type: S3            # or FILESYSTEM; case-insensitive
 * prefix: tenant-a    # optional: keep everything under this directory of the bucket
 * config:
 *   bucket: metrics
 *   endpoint: minio:9000
 *   insecure: true
 *   access_key: $(S3_ACCESS_KEY)   # $(VAR) is replaced by the environment variable, as in Thanos
 *   secret_key: $(S3_SECRET_KEY)
 * }</pre>
 * Keys are checked strictly, as Thanos does, so a typo fails at start-up instead of being silently ignored. Thanos
 * S3 keys that have no effect here ({@code signature_version2}, {@code send_content_md5}, {@code trace}, ...) are
 * accepted and logged; ones whose silent absence would be harmful (server-side encryption, TLS client
 * certificates) are rejected with an explanation.
 *
 * @param type      the storage type
 * @param prefix    directory inside the bucket to confine all objects to, or null
 * @param s3        S3 settings when {@code type} is S3, else null
 * @param directory root directory when {@code type} is FILESYSTEM, else null
 */
public record BucketConfig(Type type, String prefix, S3Config s3, Path directory) {
  private static final Logger log = LoggerFactory.getLogger(BucketConfig.class);
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");
  private static final Set<String> THANOS_ONLY_TYPES =
      Set.of("GCS", "AZURE", "SWIFT", "COS", "ALIYUNOSS", "BOS", "OCI", "OBS");

  /** Storage types Strata implements. */
  public enum Type { S3, FILESYSTEM }

  public BucketConfig {
    if ((type == Type.S3) != (s3 != null) || (type == Type.FILESYSTEM) != (directory != null)) {
      throw new IllegalArgumentException("a " + type + " bucket config needs exactly its own settings");
    }
  }

  /** Parses YAML, expanding {@code $(VAR)} from the process environment. */
  public static BucketConfig parse(String yaml, String source) {
    return parse(yaml, source, System::getenv);
  }

  /**
   * Parses YAML, expanding {@code $(VAR)} references with {@code env}.
   *
   * @param source where the YAML came from, for error messages (a file name or {@code --objstore.config})
   * @throws IllegalArgumentException naming the source and the offending key or position
   */
  public static BucketConfig parse(String yaml, String source, Function<String, String> env) {
    String where = "invalid objstore config (" + source + "): ";
    try {
      return new Reader(tree(expandEnv(yaml, env)), "").toConfig();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  static String expandEnv(String yaml, Function<String, String> env) {
    Matcher m = ENV_REFERENCE.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) {
        int line = 1 + (int) yaml.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        throw new IllegalArgumentException("line " + line + " refers to environment variable " + m.group(1) + ", which is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static JsonNode tree(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException("the configuration is empty");
    }
    YAMLMapper mapper = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    JsonNode root;
    try {
      root = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(describeSyntaxError(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new IllegalArgumentException("the configuration is empty");
    }
    return root;
  }

  private static String describeSyntaxError(JsonProcessingException e) {
    // SnakeYAML knows where the problem is; Jackson's location is where the enclosing construct started.
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException y && y.getProblemMark() != null) {
        Mark mark = y.getProblemMark();
        return "not valid YAML at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
            + (y.getContext() == null ? "" : y.getContext() + ": ") + y.getProblem();
      }
    }
    JsonLocation loc = e.getLocation();
    String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return "not valid YAML" + at + ": " + e.getOriginalMessage();
  }

  /** Reads one YAML mapping, naming keys by their dotted path in errors. */
  private record Reader(JsonNode node, String path) {
    Reader {
      if (!node.isObject()) {
        throw new IllegalArgumentException((path.isEmpty() ? "the top level" : path)
            + " must be a mapping of keys to values, got " + describe(node));
      }
    }

    BucketConfig toConfig() {
      allowOnly("type", "config", "prefix");
      String typeName = string("type", null);
      if (typeName == null || typeName.isBlank()) {
        throw new IllegalArgumentException("type is required (S3 or FILESYSTEM)");
      }
      String prefix = string("prefix", null);
      if (prefix != null && prefix.replace("/", "").isBlank()) {
        prefix = null;
      }
      String upper = typeName.strip().toUpperCase(Locale.ROOT);
      Reader config = node.hasNonNull("config") ? child("config") : null;
      return switch (upper) {
        case "S3" -> new BucketConfig(Type.S3, prefix, require(config, "S3").s3(), null);
        case "FILESYSTEM" -> new BucketConfig(Type.FILESYSTEM, prefix, null, require(config, "FILESYSTEM").filesystem());
        default -> throw new IllegalArgumentException(THANOS_ONLY_TYPES.contains(upper)
            ? "type " + typeName + " is a Thanos storage type that Strata does not support; supported types: S3, FILESYSTEM"
            : "unknown type " + typeName + "; supported types: S3, FILESYSTEM");
      };
    }

    private static Reader require(Reader config, String type) {
      if (config == null) {
        throw new IllegalArgumentException("config is required for type " + type);
      }
      return config;
    }

    Path filesystem() {
      allowOnly("directory");
      String dir = string("directory", null);
      if (dir == null || dir.isBlank()) {
        throw new IllegalArgumentException(key("directory") + " is required for type FILESYSTEM");
      }
      return Path.of(dir);
    }

    S3Config s3() {
      allowOnly("bucket", "endpoint", "region", "disable_dualstack", "aws_sdk_auth", "access_key", "insecure",
          "signature_version2", "secret_key", "session_token", "put_user_metadata", "http_config", "trace",
          "list_objects_version", "bucket_lookup_type", "send_content_md5", "disable_multipart", "part_size",
          "sse_config", "sts_endpoint", "max_retries");
      String bucket = string("bucket", "");
      if (bucket.isBlank()) {
        throw new IllegalArgumentException(key("bucket") + " is required for type S3");
      }
      S3Config.Builder b = S3Config.builder(bucket);
      boolean insecure = bool("insecure", false);
      String endpoint = string("endpoint", "");
      String host = null;
      if (!endpoint.isBlank()) {
        try {
          b.endpoint(S3Config.endpointUri(endpoint, insecure));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(key("endpoint") + ": " + e.getMessage());
        }
        host = S3Config.endpointUri(endpoint, insecure).getHost();
      }
      b.region(emptyToNull(string("region", null)));

      String accessKey = emptyToNull(string("access_key", null));
      String secretKey = emptyToNull(string("secret_key", null));
      if ((accessKey == null) != (secretKey == null)) {
        throw new IllegalArgumentException(key(accessKey == null ? "access_key" : "secret_key")
            + " is missing while " + key(accessKey == null ? "secret_key" : "access_key")
            + " is set; give both, or neither to use the environment, profile or instance credentials");
      }
      if (bool("aws_sdk_auth", false) && accessKey != null) {
        throw new IllegalArgumentException(key("aws_sdk_auth") + " and " + key("access_key") + " are mutually exclusive");
      }
      b.credentials(accessKey, secretKey).sessionToken(emptyToNull(string("session_token", null)));

      String lookup = string("bucket_lookup_type", "auto");
      switch (lookup) {
        case "auto", "" -> b.pathStyle(!S3Config.isAwsHost(host) && host != null);
        case "path" -> b.pathStyle(true);
        case "virtual-hosted" -> b.pathStyle(false);
        default -> throw new IllegalArgumentException(key("bucket_lookup_type") + ": unsupported value " + lookup
            + "; supported: auto, virtual-hosted, path");
      }
      String listVersion = string("list_objects_version", "");
      if (!Set.of("", "v1", "v2").contains(listVersion)) {
        throw new IllegalArgumentException(key("list_objects_version") + ": unsupported value " + listVersion + "; supported: v1, v2");
      }
      b.listObjectsV1(listVersion.equals("v1"));

      long partSize = number("part_size", S3Config.DEFAULT_PART_SIZE);
      if (partSize == 0) {
        partSize = S3Config.DEFAULT_PART_SIZE; // Thanos treats 0 as "use the default"
      }
      if (partSize < S3Config.MIN_PART_SIZE) {
        throw new IllegalArgumentException(key("part_size") + " must be at least 5242880 bytes (5 MiB, the S3 minimum), got " + partSize);
      }
      b.partSize(partSize).disableMultipart(bool("disable_multipart", false));
      long retries = number("max_retries", 0);
      // As in Thanos (minio-go), 0 or unset means the default of 10 retries.
      b.maxRetries(retries <= 0 ? S3Config.DEFAULT_MAX_RETRIES : (int) Math.min(retries, 100));
      b.putUserMetadata(node.hasNonNull("put_user_metadata") ? child("put_user_metadata").stringMap() : Map.of());

      if (node.hasNonNull("sse_config")) {
        Reader sse = child("sse_config");
        sse.allowOnly("type", "kms_key_id", "kms_encryption_context", "encryption_key");
        String type = sse.string("type", "");
        if (!type.isBlank()) {
          throw new IllegalArgumentException(sse.key("type") + ": server-side encryption (" + type
              + ") is not supported by Strata; use the bucket's default encryption instead");
        }
      }
      if (node.hasNonNull("trace")) {
        Reader trace = child("trace");
        trace.allowOnly("enable");
        ignored(trace.bool("enable", false), trace.key("enable"), "request tracing is not implemented");
      }
      ignored(bool("signature_version2", false), key("signature_version2"), "requests are always signed with SigV4");
      ignored(bool("send_content_md5", false), key("send_content_md5"), "Content-MD5 is not sent");
      ignored(bool("disable_dualstack", false), key("disable_dualstack"), "dual-stack endpoints are never used");
      ignored(!string("sts_endpoint", "").isBlank(), key("sts_endpoint"), "the AWS default credential chain picks its own STS endpoint");
      if (node.hasNonNull("http_config")) {
        child("http_config").http(b);
      }
      try {
        return b.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("config: " + e.getMessage());
      }
    }

    void http(S3Config.Builder b) {
      allowOnly("idle_conn_timeout", "response_header_timeout", "insecure_skip_verify", "tls_handshake_timeout",
          "expect_continue_timeout", "max_idle_conns", "max_idle_conns_per_host", "max_conns_per_host",
          "tls_config", "disable_compression", "max_hedged_requests");
      Duration idle = duration("idle_conn_timeout");
      if (idle != null && !idle.isZero()) {
        b.idleConnectionTimeout(idle);
      }
      Duration header = duration("response_header_timeout");
      if (header != null && !header.isZero()) {
        b.readTimeout(header);
      }
      long maxConns = number("max_conns_per_host", 0);
      if (maxConns > 0) {
        b.maxConnections((int) Math.min(maxConns, 10_000));
      }
      boolean skipVerify = bool("insecure_skip_verify", false);
      // Go transport knobs without an Apache-client counterpart: checked for well-formedness so a typo'd
      // value still fails like it would in Thanos, then left to the client's defaults.
      duration("tls_handshake_timeout");
      duration("expect_continue_timeout");
      number("max_idle_conns", 0);
      number("max_idle_conns_per_host", 0);
      bool("disable_compression", false);
      ignored(number("max_hedged_requests", 0) > 0, key("max_hedged_requests"), "hedged requests are not implemented");
      if (node.hasNonNull("tls_config")) {
        Reader tls = child("tls_config");
        tls.allowOnly("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify");
        for (String k : List.of("ca_file", "cert_file", "key_file")) {
          if (!tls.string(k, "").isBlank()) {
            throw new IllegalArgumentException(tls.key(k) + " is not supported; put the CA or client "
                + "certificate in the JVM's trust/key store (javax.net.ssl.trustStore, javax.net.ssl.keyStore)");
          }
        }
        ignored(!tls.string("server_name", "").isBlank(), tls.key("server_name"), "the endpoint's host name is verified");
        skipVerify |= tls.bool("insecure_skip_verify", false);
      }
      b.insecureSkipVerify(skipVerify);
    }

    Map<String, String> stringMap() {
      Map<String, String> out = new LinkedHashMap<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        out.put(k, string(k, ""));
      }
      return out;
    }

    void allowOnly(String... keys) {
      Set<String> allowed = Set.of(keys);
      List<String> unknown = new ArrayList<>();
      node.fieldNames().forEachRemaining(k -> {
        if (!allowed.contains(k)) {
          unknown.add(k);
        }
      });
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("unknown key" + (unknown.size() > 1 ? "s " : " ")
            + String.join(", ", unknown.stream().map(this::key).toList())
            + "; known keys" + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", keys));
      }
    }

    String key(String k) {
      return path.isEmpty() ? k : path + "." + k;
    }

    Reader child(String k) {
      return new Reader(node.get(k), key(k));
    }

    String string(String k, String absent) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        return absent;
      }
      if (!v.isValueNode()) {
        throw new IllegalArgumentException(key(k) + " must be a single value, got " + describe(v));
      }
      return v.asText();
    }

    boolean bool(String k, boolean absent) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        return absent;
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(v.textValue());
      }
      throw new IllegalArgumentException(key(k) + " must be true or false, got " + describe(v));
    }

    long number(String k, long absent) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        return absent;
      }
      if (v.canConvertToExactIntegral() && v.canConvertToLong() && v.isNumber()) {
        return v.longValue();
      }
      if (v.isTextual() && v.textValue().strip().matches("\\d{1,18}")) {
        return Long.parseLong(v.textValue().strip());
      }
      throw new IllegalArgumentException(key(k) + " must be a whole number, got " + describe(v));
    }

    Duration duration(String k) {
      String s = string(k, null);
      if (s == null) {
        return null;
      }
      Duration d = parseDuration(s.strip());
      if (d == null) {
        throw new IllegalArgumentException(key(k) + " must be a duration such as 90s, 2m or 1h30m, got \"" + s + "\"");
      }
      return d;
    }

    private static void ignored(boolean set, String key, String why) {
      if (set) {
        log.warn("ignoring objstore config setting key={} reason=\"{}\"", key, why);
      }
    }

    private static String describe(JsonNode v) {
      if (v.isObject()) {
        return "a mapping";
      }
      if (v.isArray()) {
        return "a list";
      }
      return "\"" + v.asText() + "\"";
    }

    private static String emptyToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  /** Parses a Prometheus/Thanos duration ({@code 1h30m}, {@code 500ms}, {@code 0}); null if malformed. */
  static Duration parseDuration(String s) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofDays(365 * n);
      });
      end = m.end();
    }
    return end == s.length() && end > 0 ? total : null;
  }
}
