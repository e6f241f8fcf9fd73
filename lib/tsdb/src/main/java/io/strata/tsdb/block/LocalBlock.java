package io.strata.tsdb.block;

import io.strata.tsdb.chunks.ChunkReader;
import io.strata.tsdb.chunks.ChunkSegmentReader;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.index.IndexFileReader;
import io.strata.tsdb.index.IndexReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A block in a local directory, memory-mapped. */
public final class LocalBlock implements BlockReader {
  private final Path dir;
  private final BlockMeta meta;
  private final IndexFileReader index;
  private final ChunkSegmentReader chunks;
  private final Tombstones tombstones;

  private LocalBlock(Path dir, BlockMeta meta, IndexFileReader index, ChunkSegmentReader chunks,
      Tombstones tombstones) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
  }

  /**
   * Opens a block directory: reads and validates meta.json, opens the index (checking its TOC, symbol
   * and postings offset tables) and the chunk segment headers.
   *
   * @param verifyChunkCrc check every chunk's CRC when it is read (verification tools); queries skip it
   *     like Prometheus does
   */
  public static LocalBlock open(Path dir, boolean verifyChunkCrc) throws IOException {
    BlockMeta meta = BlockMetaCodec.read(dir);
    String dirName = dir.getFileName().toString();
    if (!dirName.equals(meta.ulid())) {
      throw new CorruptBlockException(dir.resolve(BlockMetaCodec.FILE_NAME).toString(), -1,
          "ULID " + meta.ulid() + " does not match the block directory name " + dirName);
    }
    IndexFileReader index = IndexFileReader.open(dir.resolve("index"));
    try {
      ChunkSegmentReader chunks = ChunkSegmentReader.open(dir.resolve("chunks"), verifyChunkCrc);
      return new LocalBlock(dir, meta, index, chunks, Tombstones.read(dir));
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
  }

  public static LocalBlock open(Path dir) throws IOException {
    return open(dir, false);
  }

  /** Whether {@code dir} looks like a block (has a meta.json). */
  public static boolean isBlockDir(Path dir) {
    return Files.isRegularFile(dir.resolve(BlockMetaCodec.FILE_NAME));
  }

  /**
   * The block directories under a data directory (or {@code dir} itself if it is a block), in ULID
   * order. Temporary directories ({@code *.tmp-for-creation}, {@code *.tmp-for-deletion}) are ignored.
   */
  public static List<Path> blockDirs(Path dir) throws IOException {
    if (isBlockDir(dir)) {
      return List.of(dir);
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> !p.getFileName().toString().contains(".tmp")).filter(LocalBlock::isBlockDir)
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).forEach(out::add);
    }
    return out;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public BlockMeta meta() {
    return meta;
  }

  @Override
  public IndexReader index() {
    return index;
  }

  public IndexFileReader indexFile() {
    return index;
  }

  @Override
  public ChunkReader chunks() {
    return chunks;
  }

  public ChunkSegmentReader chunkSegments() {
    return chunks;
  }

  @Override
  public Tombstones tombstones() {
    return tombstones;
  }

  @Override
  public void close() throws IOException {
    try {
      index.close();
    } finally {
      chunks.close();
    }
  }

  @Override
  public String toString() {
    return "block " + meta.ulid() + " (" + dir + ")";
  }
}
