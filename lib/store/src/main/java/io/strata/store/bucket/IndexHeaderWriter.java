package io.strata.store.bucket;

import io.strata.block.BlockFiles;
import io.strata.objstore.Bucket;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.EncodeBuffer;
import io.strata.tsdb.index.IndexFormat;
import io.strata.tsdb.index.Toc;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Builds a block's index-header from its index in the bucket with four ranged reads and never the whole index:
 * the 5-byte header (magic and version), the 52-byte TOC at the end, the symbol table {@code [TOC.symbols,
 * TOC.series)} and the postings offset table {@code [TOC.postingsTable, size - 52)}. The two tables are streamed
 * to disk, so building needs a 64 KiB buffer whatever the index size.
 *
 * <p>The file is Thanos's binary index-header, version 1 (docs/operating/binary-index-header.md in Thanos), so the
 * two are interchangeable:
 * <pre>
 *   magic 0xBAAAD792 (be32) | version 1 (byte) | index version (byte) | TOC.postingsTable of the index (be64)
 *   symbol table, copied verbatim
 *   postings offset table, copied verbatim (its entries hold absolute offsets into the index)
 *   TOC: offset of the symbol table (be64) | offset of the postings offset table (be64) | CRC32C of both (be32)
 * </pre>
 * The index's {@code TOC.postingsTable} bounds the last postings list, whose end no table entry gives.
 *
 * <p>The file is written under a temporary name, fsynced and renamed, so a crash never leaves a header that looks
 * complete.
 */
public final class IndexHeaderWriter {
  private IndexHeaderWriter() {}

  /**
   * Builds {@code dest} for block {@code blockId}.
   *
   * @param indexSize the index's size if known (meta.json's file list), else -1 for one attributes call
   * @throws CorruptBlockException if the index's header or TOC do not decode
   * @throws IOException for bucket or disk failures (including a missing index)
   */
  public static void build(Bucket bucket, String blockId, long indexSize, Path dest) throws IOException {
    String name = BlockFiles.index(blockId);
    String where = bucket.name() + "/" + name;
    long size = indexSize > 0 ? indexSize : bucket.attributes(name).size();
    if (size < IndexFormat.HEADER_SIZE + IndexFormat.TOC_SIZE) {
      throw new CorruptBlockException(where, 0, "index of " + size + " bytes is too short");
    }
    ByteBuffer head = ByteBuffer.wrap(readExactly(bucket, name, 0, IndexFormat.HEADER_SIZE, where));
    int magic = head.getInt(0);
    if (magic != IndexFormat.MAGIC) {
      throw new CorruptBlockException(where, 0,
          String.format("wrong magic %08x, want %08x (not an index file)", magic, IndexFormat.MAGIC));
    }
    int version = head.get(4);
    if (version != IndexFormat.V2 && version != IndexFormat.V3) {
      throw new CorruptBlockException(where, 4, "unsupported index format version " + version
          + " (the store gateway reads v2 indexes, written by Prometheus 2.x and later)");
    }
    long tocAt = size - IndexFormat.TOC_SIZE;
    Toc toc = Toc.read(where, size,
        ByteBuffer.wrap(readExactly(bucket, name, tocAt, IndexFormat.TOC_SIZE, where)));
    if (toc.symbols() < IndexFormat.HEADER_SIZE || toc.series() <= toc.symbols() || toc.postingsTable() <= toc.series()
        || toc.postingsTable() >= tocAt) {
      throw new CorruptBlockException(where, tocAt, "TOC sections out of order: symbols " + toc.symbols()
          + ", series " + toc.series() + ", postings offset table " + toc.postingsTable() + ", TOC " + tocAt);
    }
    long symbolsLen = toc.series() - toc.symbols();
    long postingsTableLen = tocAt - toc.postingsTable();

    Files.createDirectories(dest.getParent());
    // A unique temporary name: two loads of the same block (an old instance still serving a query, a new one
    // loading) may build at once; each renames a complete file over the destination.
    Path tmp = dest.resolveSibling(dest.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime())
        + "-" + Thread.currentThread().threadId());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
      EncodeBuffer hdr = new EncodeBuffer(IndexHeaderReader.HEADER_LEN);
      hdr.putBe32(IndexHeaderReader.MAGIC).putByte(IndexHeaderReader.VERSION).putByte(version)
          .putBe64(toc.postingsTable());
      out.write(hdr.array(), 0, hdr.length());
      copyRange(bucket, name, toc.symbols(), symbolsLen, out, where, "symbol table");
      copyRange(bucket, name, toc.postingsTable(), postingsTableLen, out, where, "postings offset table");
      EncodeBuffer t = new EncodeBuffer(IndexHeaderReader.TOC_LEN);
      int start = t.length();
      t.putBe64(IndexHeaderReader.HEADER_LEN).putBe64(IndexHeaderReader.HEADER_LEN + symbolsLen);
      t.putCrc32c(start);
      out.write(t.array(), 0, t.length());
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] readExactly(Bucket bucket, String name, long offset, int length, String where)
      throws IOException {
    try (InputStream in = bucket.getRange(name, offset, length)) {
      byte[] b = in.readNBytes(length);
      if (b.length != length) {
        throw new CorruptBlockException(where, offset, "read " + b.length + " of " + length + " bytes: index truncated");
      }
      return b;
    }
  }

  private static void copyRange(Bucket bucket, String name, long offset, long length, OutputStream out, String where,
      String what) throws IOException {
    long copied;
    try (InputStream in = bucket.getRange(name, offset, length)) {
      copied = in.transferTo(out);
    }
    if (copied != length) {
      throw new CorruptBlockException(where, offset, what + ": read " + copied + " of " + length
          + " bytes: index truncated");
    }
  }
}
