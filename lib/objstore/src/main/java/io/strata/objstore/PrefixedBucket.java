package io.strata.objstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Confines a bucket to the objects under one prefix, like Thanos's top-level {@code prefix:} setting, so several
 * clusters or tenants can share one bucket. Names in and out are relative to the prefix.
 */
public final class PrefixedBucket implements Bucket {
  private final Bucket delegate;
  private final String prefix;

  /** {@code prefix} may have leading or trailing slashes; {@code "a/b"}, {@code "/a/b/"} are the same. */
  public PrefixedBucket(Bucket delegate, String prefix) {
    String p = prefix == null ? "" : prefix.strip();
    while (p.startsWith(DIRECTORY_DELIMITER)) {
      p = p.substring(1);
    }
    while (p.endsWith(DIRECTORY_DELIMITER)) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("bucket prefix must not be empty");
    }
    this.delegate = delegate;
    this.prefix = p + DIRECTORY_DELIMITER;
  }

  /** The prefix, ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  private String full(String name) {
    return prefix + ObjectNames.requireValid(name);
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
    int cut = prefix.length();
    delegate.iter(prefix + ObjectNames.directoryPrefix(dir), n -> visitor.accept(n.substring(cut)), recursive);
  }

  @Override
  public InputStream get(String name) throws IOException {
    return delegate.get(full(name));
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    return delegate.getRange(full(name), offset, length);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return delegate.exists(full(name));
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    return delegate.attributes(full(name));
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    delegate.upload(full(name), file);
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    delegate.upload(full(name), data, length);
  }

  @Override
  public void delete(String name) throws IOException {
    delegate.delete(full(name));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "PrefixedBucket[" + prefix + " in " + delegate + "]";
  }
}
