package io.strata.block.shipper;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The shipper's memory, {@code thanos.shipper.json} in the TSDB directory: {@code {"version":1,"uploaded":[ULID…]}},
 * the format Thanos writes, so either sidecar can take over from the other.
 *
 * <p>Writes are atomic: a temporary file is written and fsynced, renamed over the old one, and the directory
 * fsynced, so a crash leaves either the old or the new list, never a torn file. The file is an optimisation —
 * the shipper also asks the bucket before uploading — so an unreadable file is treated as empty.
 */
public final class ShipperState {
  public static final String DEFAULT_FILE_NAME = "thanos.shipper.json";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  // Laid out like Go's json.Encoder with a tab indent, as Thanos writes it.
  private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withObjectIndenter(new DefaultIndenter("\t", "\n"))
      .withArrayIndenter(new DefaultIndenter("\t", "\n")));

  /** The file's content. */
  public record Content(@JsonProperty("version") int version, @JsonProperty("uploaded") List<String> uploaded) {
    public Content {
      uploaded = uploaded == null ? List.of() : List.copyOf(uploaded);
    }
  }

  private ShipperState() {}

  /**
   * The ULIDs recorded as uploaded.
   *
   * @throws NoSuchFileException if there is no state file yet
   * @throws IOException if it cannot be read or has another version
   */
  public static List<String> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Content c;
    try {
      c = MAPPER.readValue(bytes, Content.class);
    } catch (IOException e) {
      throw new IOException("parsing shipper state " + file + ": " + e.getMessage(), e);
    }
    if (c.version() != VERSION) {
      throw new IOException("shipper state " + file + " has version " + c.version() + ", want " + VERSION);
    }
    return c.uploaded();
  }

  /** Replaces the file atomically with {@code uploaded}. */
  public static void write(Path file, List<String> uploaded) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] json = WRITER.writeValueAsBytes(new Content(VERSION, uploaded));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(json));
      ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(file.toAbsolutePath().getParent());
  }

  /** Persists the rename itself; not every platform can open a directory, which is then best effort. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows cannot open directories; the rename is still atomic there.
    }
  }
}
