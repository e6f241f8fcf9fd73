package io.strata.objstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link Bucket} from Thanos-style flags or a parsed {@link BucketConfig}. */
public final class BucketFactory {
  private static final Logger log = LoggerFactory.getLogger(BucketFactory.class);

  private BucketFactory() {
  }

  /**
   * Reads the bucket configuration the way Thanos's {@code --objstore.config-file} and {@code --objstore.config}
   * flags do: exactly one of them must be given (blank counts as not given, as Spring binds unset properties).
   *
   * @throws IllegalArgumentException if both or neither are given, or the YAML is invalid
   * @throws IOException              if the file cannot be read
   */
  public static BucketConfig configFromFlags(String configFile, String inlineConfig) throws IOException {
    boolean hasFile = configFile != null && !configFile.isBlank();
    boolean hasInline = inlineConfig != null && !inlineConfig.isBlank();
    if (hasFile && hasInline) {
      throw new IllegalArgumentException("both --objstore.config-file and --objstore.config are given; use only one");
    }
    if (!hasFile && !hasInline) {
      throw new IllegalArgumentException("no object storage configured: give --objstore.config-file=<file> or --objstore.config=<yaml>");
    }
    if (hasInline) {
      return BucketConfig.parse(inlineConfig, "--objstore.config");
    }
    Path file = Path.of(configFile.strip());
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("objstore config file " + file.toAbsolutePath() + " (--objstore.config-file) does not exist", e);
    } catch (IOException e) {
      throw new IOException("reading objstore config file " + file.toAbsolutePath() + " (--objstore.config-file) failed: " + e, e);
    }
    return BucketConfig.parse(yaml, "--objstore.config-file " + file);
  }

  /** {@link #configFromFlags} followed by {@link #create}. */
  public static Bucket fromFlags(String configFile, String inlineConfig) throws IOException {
    return create(configFromFlags(configFile, inlineConfig));
  }

  /** Creates the bucket the configuration describes, wrapped in a {@link PrefixedBucket} when it has a prefix. */
  public static Bucket create(BucketConfig config) {
    Bucket bucket = switch (config.type()) {
      case S3 -> new S3Bucket(config.s3());
      case FILESYSTEM -> new FilesystemBucket(config.directory());
    };
    log.info("object storage configured type={} bucket={} prefix={}", config.type(), bucket.name(),
        config.prefix() == null ? "" : config.prefix());
    return config.prefix() == null ? bucket : new PrefixedBucket(bucket, config.prefix());
  }
}
