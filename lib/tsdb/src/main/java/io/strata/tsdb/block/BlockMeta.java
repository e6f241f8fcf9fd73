package io.strata.tsdb.block;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A block's {@code meta.json}: Prometheus's {@code BlockMeta} plus the Thanos {@code thanos} section.
 * Field names, omission rules and the meaning of every value follow
 * docs/format/tsdb-block-format.md §3. {@code minTime} is inclusive, {@code maxTime} exclusive.
 *
 * <p>Read and written by {@link BlockMetaCodec}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockMeta(
    @JsonProperty("ulid") String ulid,
    @JsonProperty("minTime") long minTime,
    @JsonProperty("maxTime") long maxTime,
    @JsonProperty("stats") Stats stats,
    @JsonProperty("compaction") Compaction compaction,
    @JsonProperty("version") int version,
    @JsonProperty("thanos") Thanos thanos) {

  public static final int META_VERSION = 1;

  public BlockMeta withThanos(Thanos t) {
    return new BlockMeta(ulid, minTime, maxTime, stats, compaction, version, t);
  }

  /** Whether the block holds samples in the closed range {@code [mint, maxt]}. */
  public boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint < maxTime;
  }

  /** Thanos external labels, empty for a plain Prometheus block. */
  public Map<String, String> externalLabels() {
    return thanos == null || thanos.labels() == null ? Map.of() : thanos.labels();
  }

  /** Downsampling resolution in ms; 0 for raw data. */
  public long resolution() {
    return thanos == null || thanos.downsample() == null ? 0 : thanos.downsample().resolution();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Stats(
      @JsonProperty("numSamples") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long numSamples,
      @JsonProperty("numFloatSamples") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long numFloatSamples,
      @JsonProperty("numHistogramSamples") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long numHistogramSamples,
      @JsonProperty("numSeries") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long numSeries,
      @JsonProperty("numChunks") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long numChunks,
      @JsonProperty("numTombstones") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long numTombstones) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Compaction(
      @JsonProperty("level") int level,
      @JsonProperty("sources") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> sources,
      @JsonProperty("parents") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Parent> parents,
      @JsonProperty("deletable") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deletable,
      @JsonProperty("failed") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean failed,
      @JsonProperty("hints") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> hints) {

    /** A level-1 block whose only source is itself. */
    public static Compaction level1(String ulid) {
      return new Compaction(1, List.of(ulid), null, false, false, null);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Parent(
      @JsonProperty("ulid") String ulid,
      @JsonProperty("minTime") long minTime,
      @JsonProperty("maxTime") long maxTime) {}

  /** The {@code thanos} section. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Thanos(
      @JsonProperty("version") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int version,
      @JsonProperty("labels") Map<String, String> labels,
      @JsonProperty("downsample") Downsample downsample,
      @JsonProperty("source") String source,
      @JsonProperty("segment_files") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> segmentFiles,
      @JsonProperty("files") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<File> files,
      @JsonProperty("rewrites") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JsonNode> rewrites,
      @JsonProperty("index_stats") IndexStats indexStats,
      @JsonProperty("extensions") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode extensions,
      @JsonProperty("upload_time") String uploadTime) {

    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public static Thanos of(Map<String, String> labels, long resolution, String source) {
      return new Thanos(1, labels, new Downsample(resolution), source, null, null, null, new IndexStats(0, 0), null,
          ZERO_TIME);
    }

    public Thanos withFiles(List<File> f) {
      return new Thanos(version, labels, downsample, source, segmentFiles, f, rewrites, indexStats, extensions,
          uploadTime);
    }

    public Thanos withUploadTime(String t) {
      return new Thanos(version, labels, downsample, source, segmentFiles, files, rewrites, indexStats, extensions, t);
    }

    public Thanos withIndexStats(IndexStats s) {
      return new Thanos(version, labels, downsample, source, segmentFiles, files, rewrites, s, extensions,
          uploadTime);
    }
  }

  public record Downsample(@JsonProperty("resolution") long resolution) {}

  public record IndexStats(
      @JsonProperty("series_max_size") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long seriesMaxSize,
      @JsonProperty("chunk_max_size") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long chunkMaxSize) {}

  /** One file of the block as uploaded; {@code sizeBytes} 0 is omitted (meta.json itself). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record File(
      @JsonProperty("rel_path") String relPath,
      @JsonProperty("size_bytes") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long sizeBytes,
      @JsonProperty("hash") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode hash) {}
}
