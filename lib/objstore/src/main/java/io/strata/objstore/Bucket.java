package io.strata.objstore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A bucket of objects addressed by name, modelled on Thanos's {@code objstore.Bucket}.
 *
 * <p><b>Names.</b> An object name is a non-empty string that neither starts nor ends with {@code /}; {@code /}
 * separates "directories", which exist only as common prefixes of object names (there are no empty
 * directories). Implementations may reject further names (the filesystem rejects {@code ..} segments).
 *
 * <p><b>Consistency.</b> Every operation is strongly consistent for a single object: once {@link #upload}
 * returns, {@link #get}, {@link #exists} and {@link #iter} from any thread see the new object. Uploads are atomic
 * per object: readers see either the old content or the whole new content, never a partial object, and a
 * failed upload leaves the previous object (or its absence) untouched.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use by many threads. Streams returned by
 * {@link #get} and {@link #getRange} are not thread-safe, hold resources (a file handle or an HTTP connection)
 * and must be closed by the caller; they stream and never hold the whole object in memory unless the
 * implementation itself is in memory.
 *
 * <p><b>Errors.</b> Operations on a missing object throw {@link ObjectNotFoundException}; use
 * {@link #isObjectNotFound(Throwable)} to test a caught exception, since decorators may wrap it.
 */
public interface Bucket extends Closeable {

  /** The separator that models directories in object names. */
  String DIRECTORY_DELIMITER = "/";

  /**
   * Calls {@code visitor} with the full name of each entry under {@code dir}, in ascending order of the
   * names' Unicode code points (which is UTF-8 byte order, the order S3 lists in).
   *
   * <p>{@code dir} is {@code ""} for the whole bucket; a trailing {@code /} is optional. When
   * {@code recursive} is false only direct children are visited: objects by name and sub-directories by their
   * prefix ending in {@code /} (for example {@code "01H.../chunks/"}), each once. When {@code recursive} is
   * true every object below {@code dir} is visited and directories are not. A directory with no objects yields
   * no calls and no error. The visitor runs on the calling thread; an exception it throws stops the iteration
   * and propagates. Objects uploaded or deleted during the iteration may or may not be visited.
   */
  void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException;

  /** Same as {@link #iter(String, Consumer, boolean)} with {@code recursive = false}, like Thanos's default. */
  default void iter(String dir, Consumer<String> visitor) throws IOException {
    iter(dir, visitor, false);
  }

  /** Opens the whole object for reading. Throws {@link ObjectNotFoundException} if it does not exist. */
  InputStream get(String name) throws IOException;

  /**
   * Opens {@code length} bytes of the object starting at {@code offset}; {@code length == -1} reads to the end.
   * Like an S3 ranged GET, a range that extends past the end returns only the bytes that exist, and an
   * {@code offset} at or past the end returns an empty stream. Throws {@link ObjectNotFoundException} if the
   * object does not exist and {@link IllegalArgumentException} for a negative offset or a length below -1.
   */
  InputStream getRange(String name, long offset, long length) throws IOException;

  /** Whether an object (not a directory prefix) with this exact name exists. */
  boolean exists(String name) throws IOException;

  /** Size and modification time of the object. Throws {@link ObjectNotFoundException} if it does not exist. */
  ObjectAttributes attributes(String name) throws IOException;

  /**
   * Stores the file's content as object {@code name}, replacing any previous object atomically. Uploading the
   * same content again is harmless, so callers may retry a failed upload.
   */
  void upload(String name, Path file) throws IOException;

  /**
   * Stores {@code length} bytes read from {@code data} as object {@code name}, atomically as for
   * {@link #upload(String, Path)}. Exactly {@code length} bytes are read; {@code length == -1} means unknown and
   * reads to the end of the stream. If the stream ends before {@code length} bytes the upload fails and nothing
   * is stored. The stream is not closed. S3 buffers a stream one part (64 MiB by default) at a time so that a
   * failed request can be retried; prefer {@link #upload(String, Path)} for large objects.
   */
  void upload(String name, InputStream data, long length) throws IOException;

  /** Removes the object. Removing a missing object is not an error, so deletes can be retried. */
  void delete(String name) throws IOException;

  /** A short human-readable name for logs and metric labels, such as the S3 bucket name or the directory. */
  String name();

  /** Whether {@code t} or one of its causes is an {@link ObjectNotFoundException}. */
  static boolean isObjectNotFound(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ObjectNotFoundException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
