package io.strata.storegateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strata.store.bucket.BucketStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thanos's {@code --selector.relabel-config} in the one form a store gateway uses it for, hashmod sharding:
 * <pre>
 * - action: hashmod
 *   source_labels: [cluster, __block_id]
 *   target_label: shard
 *   modulus: 3
 * - action: keep
 *   source_labels: [shard]
 *   regex: 1
 * </pre>
 * serves the blocks whose hash of the listed external labels ({@code __block_id} is the ULID) is 1 modulo 3, the
 * same blocks a Thanos store gateway with this config serves. Other relabel rules are refused at start-up rather
 * than silently ignored.
 */
final class SelectorRelabelConfig {
  private SelectorRelabelConfig() {}

  /** The shard of the inline config or the file; no sharding when neither is given. */
  static BucketStoreConfig.Shard shard(String inline, Path file) {
    String yaml = inline;
    if (file != null) {
      try {
        yaml = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException("reading --selector.relabel-config-file " + file, e);
      }
    }
    return yaml == null || yaml.isBlank() ? BucketStoreConfig.Shard.NONE : parse(yaml);
  }

  static BucketStoreConfig.Shard parse(String yaml) {
    JsonNode rules;
    try {
      rules = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("selector relabel config is not valid YAML: " + e.getMessage(), e);
    }
    if (rules == null || rules.isNull() || rules.isMissingNode() || rules.isArray() && rules.isEmpty()) {
      return BucketStoreConfig.Shard.NONE;
    }
    if (!rules.isArray() || rules.size() != 2 || !"hashmod".equals(rules.get(0).path("action").asText())
        || !"keep".equals(rules.get(1).path("action").asText())) {
      throw new IllegalArgumentException("unsupported selector relabel config: only hashmod sharding is supported "
          + "(a hashmod rule followed by a keep rule on its target label)");
    }
    JsonNode hashmod = rules.get(0);
    JsonNode keep = rules.get(1);
    List<String> labels = new ArrayList<>();
    hashmod.path("source_labels").forEach(n -> labels.add(n.asText()));
    String target = hashmod.path("target_label").asText();
    int modulus = hashmod.path("modulus").asInt(0);
    String separator = hashmod.path("separator").asText(";");
    if (labels.isEmpty() || target.isEmpty() || modulus < 1 || !";".equals(separator)) {
      throw new IllegalArgumentException("hashmod rule needs source_labels, target_label and a positive modulus "
          + "(and the default separator)");
    }
    List<String> keepSources = new ArrayList<>();
    keep.path("source_labels").forEach(n -> keepSources.add(n.asText()));
    if (!keepSources.equals(List.of(target))) {
      throw new IllegalArgumentException("keep rule must select on the hashmod target label " + target);
    }
    int index;
    try {
      index = Integer.parseInt(keep.path("regex").asText().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("keep rule's regex must be the shard number, e.g. regex: 1");
    }
    return new BucketStoreConfig.Shard(index, modulus, labels);
  }
}
