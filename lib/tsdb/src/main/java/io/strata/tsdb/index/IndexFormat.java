package io.strata.tsdb.index;

/** Constants of the index file format. */
public final class IndexFormat {
  public static final int MAGIC = 0xBAAAD700;
  public static final int V1 = 1;
  public static final int V2 = 2;
  /** Reserved by Prometheus for the next format; currently parsed exactly like v2. */
  public static final int V3 = 3;
  public static final int HEADER_SIZE = 5;
  public static final int TOC_SIZE = 6 * 8 + 4;
  /** Series entries are aligned so that {@code ref = offset / 16} fits 32 bits for files up to 64 GiB. */
  public static final int SERIES_ALIGNMENT = 16;
  /** Prometheus keeps every 32nd symbol offset and postings table entry in memory. */
  public static final int SAMPLING = 32;

  private IndexFormat() {}
}
