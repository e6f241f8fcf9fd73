package io.strata.tsdb.index;

import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.encoding.EncodeBuffer;
import java.nio.ByteBuffer;

/** The index's table of contents: absolute offsets of its sections, in the last 52 bytes. */
public record Toc(long symbols, long series, long labelIndices, long labelIndicesTable, long postings,
    long postingsTable) {

  public void writeTo(EncodeBuffer b) {
    int start = b.length();
    b.putBe64(symbols).putBe64(series).putBe64(labelIndices).putBe64(labelIndicesTable)
        .putBe64(postings).putBe64(postingsTable);
    b.putCrc32c(start);
  }

  /** Decodes and checks the TOC from the last {@link IndexFormat#TOC_SIZE} bytes of an index. */
  public static Toc read(String file, long fileSize, ByteBuffer tocBytes) throws CorruptBlockException {
    DecodeBuffer d = new DecodeBuffer(file, fileSize - IndexFormat.TOC_SIZE, tocBytes);
    Toc toc = new Toc(d.be64(), d.be64(), d.be64(), d.be64(), d.be64(), d.be64());
    d.checkCrc32c(0, "TOC");
    long limit = fileSize - IndexFormat.TOC_SIZE;
    long[] offsets = {toc.symbols, toc.series, toc.labelIndices, toc.labelIndicesTable, toc.postings,
        toc.postingsTable};
    for (long o : offsets) {
      if (o < 0 || o > limit) {
        throw new CorruptBlockException(file, fileSize - IndexFormat.TOC_SIZE,
            "TOC offset " + o + " outside the file (size " + fileSize + ")");
      }
    }
    return toc;
  }
}
