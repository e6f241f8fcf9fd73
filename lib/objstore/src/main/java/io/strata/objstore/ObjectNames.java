package io.strata.objstore;

import java.util.Comparator;

/** Name rules and argument checks shared by the bucket implementations. */
final class ObjectNames {

  /**
   * Orders strings by Unicode code point, which equals the UTF-8 byte order S3 lists in. {@link String#compareTo}
   * compares UTF-16 units and would put supplementary characters before U+E000..U+FFFF.
   */
  static final Comparator<String> CODE_POINT_ORDER = ObjectNames::compareCodePoints;

  private ObjectNames() {
  }

  /** Checks the rules every bucket shares (see {@link Bucket}) and returns the name. */
  static String requireValid(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("object name must not be empty");
    }
    if (name.startsWith(Bucket.DIRECTORY_DELIMITER) || name.endsWith(Bucket.DIRECTORY_DELIMITER)) {
      throw new IllegalArgumentException("object name must not start or end with '/': " + name);
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("object name must not contain NUL: " + name);
    }
    return name;
  }

  /** Turns an iter directory argument into the key prefix to list: "" or a string ending in '/'. */
  static String directoryPrefix(String dir) {
    if (dir == null || dir.isEmpty() || dir.equals(Bucket.DIRECTORY_DELIMITER)) {
      return "";
    }
    if (dir.startsWith(Bucket.DIRECTORY_DELIMITER)) {
      throw new IllegalArgumentException("directory must not start with '/': " + dir);
    }
    return dir.endsWith(Bucket.DIRECTORY_DELIMITER) ? dir : dir + Bucket.DIRECTORY_DELIMITER;
  }

  static void checkRange(long offset, long length) {
    if (offset < 0) {
      throw new IllegalArgumentException("negative range offset " + offset);
    }
    if (length < -1) {
      throw new IllegalArgumentException("range length must be -1 (to the end) or >= 0, got " + length);
    }
  }

  static void checkLength(long length) {
    if (length < -1) {
      throw new IllegalArgumentException("upload length must be -1 (unknown) or >= 0, got " + length);
    }
  }

  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates (D800..DFFF) encode code points above FFFF, so they must sort after E000..FFFF.
        boolean xs = Character.isSurrogate(x);
        boolean ys = Character.isSurrogate(y);
        if (xs != ys) {
          return xs ? 1 : -1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
