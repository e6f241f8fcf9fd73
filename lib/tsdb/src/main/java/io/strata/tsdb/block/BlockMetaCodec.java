package io.strata.tsdb.block;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.strata.model.Ulid;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Reads and validates {@code meta.json}, and writes it tab-indented like Prometheus does (readers do not
 * care about layout, people diffing files do).
 */
public final class BlockMetaCodec {
  public static final String FILE_NAME = "meta.json";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
  private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("\t", "\n"))
      .withArrayIndenter(new DefaultIndenter("\t", "\n")));

  private BlockMetaCodec() {}

  /**
   * Parses and validates meta.json bytes.
   *
   * @param name where the bytes came from, for error messages
   * @throws CorruptBlockException for malformed JSON, an unsupported version, a bad ULID or time range
   */
  public static BlockMeta parse(String name, byte[] json) throws CorruptBlockException {
    BlockMeta meta;
    try {
      meta = MAPPER.readValue(json, BlockMeta.class);
    } catch (JsonProcessingException e) {
      throw new CorruptBlockException(name, -1, "malformed meta.json: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")" : ""), e);
    } catch (IOException e) {
      throw new CorruptBlockException(name, -1, "reading meta.json: " + e.getMessage(), e);
    }
    if (meta.version() != BlockMeta.META_VERSION) {
      throw new CorruptBlockException(name, -1, "unsupported meta.json version " + meta.version() + ", want 1");
    }
    try {
      Ulid.parse(meta.ulid());
    } catch (IllegalArgumentException e) {
      throw new CorruptBlockException(name, -1, e.getMessage());
    }
    if (meta.maxTime() < meta.minTime()) {
      throw new CorruptBlockException(name, -1,
          "maxTime " + meta.maxTime() + " before minTime " + meta.minTime());
    }
    if (meta.thanos() != null && meta.thanos().version() > 1) {
      throw new CorruptBlockException(name, -1, "unsupported thanos meta version " + meta.thanos().version());
    }
    if (meta.stats() == null || meta.compaction() == null) {
      BlockMeta.Stats stats = meta.stats() != null ? meta.stats() : new BlockMeta.Stats(0, 0, 0, 0, 0, 0);
      BlockMeta.Compaction c = meta.compaction() != null ? meta.compaction()
          : new BlockMeta.Compaction(0, null, null, false, false, null);
      meta = new BlockMeta(meta.ulid(), meta.minTime(), meta.maxTime(), stats, c, meta.version(), meta.thanos());
    }
    return meta;
  }

  public static BlockMeta read(Path blockDir) throws IOException {
    Path f = blockDir.resolve(FILE_NAME);
    return parse(f.toString(), Files.readAllBytes(f));
  }

  public static byte[] toJson(BlockMeta meta) {
    try {
      return (WRITER.writeValueAsString(meta) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes meta.json atomically (temp file, fsync, rename) so a crash never leaves half a file. */
  public static void write(Path blockDir, BlockMeta meta) throws IOException {
    Path tmp = blockDir.resolve(FILE_NAME + ".tmp");
    Files.write(tmp, toJson(meta), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    Files.move(tmp, blockDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
