package io.strata.tools.block;

import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.LocalBlock;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.CorruptChunkException;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.chunks.ChunkRef;
import io.strata.tsdb.index.ChunkMetaList;
import io.strata.tsdb.index.IndexFileReader;
import io.strata.tsdb.index.Postings;
import io.strata.tsdb.index.SeriesEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks one block thoroughly, the way {@code thanos tools bucket verify} and {@code promtool tsdb
 * analyze} would notice problems: every CRC (index sections, series entries, postings lists, chunks),
 * symbol and series order, postings consistency, chunk bounds against each other and against
 * meta.json, chunk contents against their index entries, and meta.json stats.
 *
 * <p>It never stops at the first problem unless the file cannot be read at all; every problem names
 * the block, the file and, where there is one, the series or offset.
 */
public final class BlockVerifier {
  /** Stop listing after this many problems in one block: the block is broken either way. */
  private static final int MAX_PROBLEMS = 50;

  private BlockVerifier() {}

  public static List<String> verify(Path blockDir) {
    List<String> problems = new ArrayList<>();
    String id = blockDir.getFileName().toString();
    try (LocalBlock b = LocalBlock.open(blockDir, true)) {
      check(b, id, problems);
    } catch (IOException | RuntimeException e) {
      problems.add("block " + id + ": " + e.getMessage());
    }
    return problems;
  }

  private static void check(LocalBlock b, String id, List<String> problems) throws IOException {
    BlockMeta meta = b.meta();
    IndexFileReader ix = b.indexFile();
    String prefix = "block " + id + ": ";

    String prevSym = null;
    for (Iterator<String> it = ix.symbols(); it.hasNext(); ) {
      String s = it.next();
      if (prevSym != null && Utf8Order.compare(prevSym, s) >= 0) {
        problems.add(prefix + "index symbol table out of order: \"" + prevSym + "\" before \"" + s + "\"");
        break;
      }
      prevSym = s;
    }

    long[] all = Postings.toArray(ix.allPostings());
    SeriesEntry e = new SeriesEntry();
    Labels prev = null;
    long series = 0;
    long chunks = 0;
    long samples = 0;
    XorChunkIterator xor = new XorChunkIterator();
    long prevRef = 0;
    for (long ref : all) {
      if (problems.size() >= MAX_PROBLEMS) {
        problems.add(prefix + "too many problems, stopped");
        return;
      }
      ix.series(ref, e);
      Labels l = e.labels();
      series++;
      if (prev != null && prev.compareTo(l) >= 0) {
        problems.add(prefix + "index series out of order: " + l + " after " + prev);
      }
      prev = l;
      ChunkMetaList metas = e.chunks();
      if (metas.size() == 0) {
        problems.add(prefix + "series " + l + " has no chunks");
      }
      for (int i = 0; i < metas.size(); i++) {
        long cmin = metas.minTime(i);
        long cmax = metas.maxTime(i);
        long cref = metas.ref(i);
        chunks++;
        if (cmax < cmin) {
          problems.add(prefix + "series " + l + " chunk " + i + " has maxTime " + cmax + " < minTime " + cmin);
        }
        if (i > 0 && cmin <= metas.maxTime(i - 1)) {
          problems.add(prefix + "series " + l + " chunk " + i + " [" + cmin + ", " + cmax
              + "] overlaps the previous chunk ending at " + metas.maxTime(i - 1));
        }
        if (cmin < meta.minTime() || cmax >= meta.maxTime()) {
          problems.add(prefix + "series " + l + " chunk " + i + " [" + cmin + ", " + cmax
              + "] outside the block's range [" + meta.minTime() + ", " + meta.maxTime() + ") from meta.json");
        }
        if (Long.compareUnsigned(cref, prevRef) < 0) {
          problems.add(prefix + "series " + l + " chunk reference " + ChunkRef.toString(cref)
              + " lower than the previous one; chunks are not in index order");
        }
        prevRef = cref;
        Chunk c;
        try {
          c = b.chunks().chunk(cref, cmin, cmax);
        } catch (IOException ex) {
          problems.add(prefix + "series " + l + " chunk " + i + ": " + ex.getMessage());
          continue;
        }
        samples += checkChunk(c, xor, prefix + "series " + l + " chunk " + i + " (" + ChunkRef.toString(cref) + ")",
            problems);
      }
    }
    if (meta.stats().numSeries() != 0 && meta.stats().numSeries() != series) {
      problems.add(prefix + "meta.json says " + meta.stats().numSeries() + " series, the index has " + series);
    }
    if (meta.stats().numChunks() != 0 && meta.stats().numChunks() != chunks) {
      problems.add(prefix + "meta.json says " + meta.stats().numChunks() + " chunks, the index has " + chunks);
    }
    if (meta.stats().numSamples() != 0 && meta.stats().numSamples() != samples && meta.resolution() == 0) {
      problems.add(prefix + "meta.json says " + meta.stats().numSamples() + " samples, the chunks hold " + samples);
    }

    // Every label postings list must reference only series that carry that label pair.
    for (String name : ix.labelNames()) {
      for (String value : ix.labelValues(name)) {
        Postings p = ix.postings(name, List.of(value));
        long last = -1;
        while (p.next()) {
          long ref = p.at();
          if (ref <= last) {
            problems.add(prefix + "postings of " + name + "=\"" + value + "\" not strictly ascending at " + ref);
            break;
          }
          last = ref;
          ix.series(ref, e);
          if (!e.labels().get(name).equals(value)) {
            problems.add(prefix + "postings of " + name + "=\"" + value + "\" reference series " + e.labels()
                + " which lacks that label");
            break;
          }
        }
        if (problems.size() >= MAX_PROBLEMS) {
          return;
        }
      }
    }
  }

  /** Decodes a chunk and checks its first/last timestamps against the index entry. */
  private static long checkChunk(Chunk c, XorChunkIterator xor, String where, List<String> problems) {
    if (c.encoding() != ChunkEncoding.XOR.code()) {
      // Histogram and aggregate chunks are checked by CRC only.
      return (c.data().length >= 2) ? ((c.data()[0] & 0xFF) << 8 | (c.data()[1] & 0xFF)) : 0;
    }
    try {
      xor.reset(c.data(), 0, c.data().length);
      long n = 0;
      long first = 0;
      long last = 0;
      long prevT = Long.MIN_VALUE;
      while (xor.next() == ValueType.FLOAT) {
        long t = xor.atT();
        if (n == 0) {
          first = t;
        } else if (t <= prevT) {
          problems.add(where + ": sample timestamps not increasing (" + t + " after " + prevT + ")");
          return n;
        }
        prevT = t;
        last = t;
        n++;
      }
      if (n == 0) {
        problems.add(where + ": empty chunk");
      } else if (first != c.minTime() || last != c.maxTime()) {
        problems.add(where + ": samples span [" + first + ", " + last + "] but the index says [" + c.minTime() + ", "
            + c.maxTime() + "]");
      }
      return n;
    } catch (CorruptChunkException ex) {
      problems.add(where + ": " + ex.getMessage());
      return 0;
    }
  }
}
