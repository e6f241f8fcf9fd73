package io.strata.tsdb.chunks;

import io.strata.tsdb.encoding.ByteSource;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.encoding.MappedFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads chunk records from a block's segment files, one {@link ByteSource} per segment. Like
 * Prometheus, it takes every numerically named file in {@code chunks/} in numeric order as segments
 * 0, 1, ... and requires them to be consecutive from {@code 000001}.
 */
public final class ChunkSegmentReader implements ChunkReader {
  private final List<ByteSource> segments;
  private final boolean verifyCrc;

  /** Opens the segments of a local block's {@code chunks} directory (memory-mapped). */
  public static ChunkSegmentReader open(Path chunksDir, boolean verifyCrc) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(chunksDir)) {
      try (Stream<Path> s = Files.list(chunksDir)) {
        s.filter(p -> p.getFileName().toString().matches("[0-9]+")).sorted().forEach(files::add);
      }
    }
    List<ByteSource> sources = new ArrayList<>(files.size());
    try {
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        if (Integer.parseInt(f.getFileName().toString()) != i + 1) {
          throw new CorruptBlockException(chunksDir.toString(), -1,
              "chunk segment files not consecutive from 000001: found " + f.getFileName()
                  + " as file number " + (i + 1));
        }
        sources.add(new MappedFileSource(f));
      }
      return new ChunkSegmentReader(sources, verifyCrc);
    } catch (IOException | RuntimeException e) {
      for (ByteSource s : sources) {
        s.close();
      }
      throw e;
    }
  }

  /** Reads from already opened segment sources; checks each segment header. */
  public ChunkSegmentReader(List<ByteSource> segments, boolean verifyCrc) throws IOException {
    this.segments = List.copyOf(segments);
    this.verifyCrc = verifyCrc;
    for (ByteSource s : segments) {
      if (s.size() < ChunkSegments.HEADER_SIZE) {
        throw new CorruptBlockException(s.name(), 0, "segment file shorter than its 8-byte header");
      }
      ChunkSegments.checkHeader(s.name(), s.read(0, ChunkSegments.HEADER_SIZE));
    }
  }

  public int segmentCount() {
    return segments.size();
  }

  public ByteSource segment(int index) {
    return segments.get(index);
  }

  @Override
  public Chunk chunk(long ref, long minTime, long maxTime) throws IOException {
    int seg = ChunkRef.segment(ref);
    long off = ChunkRef.offset(ref);
    if (seg >= segments.size()) {
      throw new CorruptBlockException(segments.isEmpty() ? "chunks" : segments.get(0).name(), -1,
          "chunk reference " + ChunkRef.toString(ref) + " points to a missing segment file (have "
              + segments.size() + ")");
    }
    ByteSource src = segments.get(seg);
    long size = src.size();
    if (off < ChunkSegments.HEADER_SIZE || off >= size) {
      throw new CorruptBlockException(src.name(), off, "chunk reference " + ChunkRef.toString(ref)
          + " outside the file (size " + size + ")");
    }
    ByteBuffer head = src.read(off, (int) Math.min(5, size - off));
    DecodeBuffer d = new DecodeBuffer(src.name(), off, head);
    int len = d.uvarint32();
    int lenSize = d.position();
    long total = (long) lenSize + 1 + len + 4;
    if (off + total > size) {
      throw new CorruptBlockException(src.name(), off, "chunk record of " + len
          + " bytes runs past the end of the file (size " + size + ")");
    }
    d.reset(src.name(), off, src.read(off, (int) total));
    int[] enc = new int[1];
    byte[] data = ChunkSegments.decodeRecord(d, enc, verifyCrc);
    return new Chunk(minTime, maxTime, enc[0], data);
  }

  @Override
  public void close() throws IOException {
    for (ByteSource s : segments) {
      s.close();
    }
  }
}
