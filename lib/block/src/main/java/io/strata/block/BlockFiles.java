package io.strata.block;

/** Object names of a block in a bucket. */
public final class BlockFiles {
  public static final String META = "meta.json";
  public static final String INDEX = "index";
  public static final String CHUNKS_DIR = "chunks";
  public static final String DELETION_MARK = "deletion-mark.json";
  public static final String NO_COMPACT_MARK = "no-compact-mark.json";

  private BlockFiles() {}

  public static String meta(String ulid) {
    return ulid + "/" + META;
  }

  public static String index(String ulid) {
    return ulid + "/" + INDEX;
  }

  public static String chunksDir(String ulid) {
    return ulid + "/" + CHUNKS_DIR + "/";
  }

  public static String deletionMark(String ulid) {
    return ulid + "/" + DELETION_MARK;
  }
}
