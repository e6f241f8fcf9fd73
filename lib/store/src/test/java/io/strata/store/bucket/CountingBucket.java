package io.strata.store.bucket;

import io.strata.objstore.Bucket;
import io.strata.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every read of a delegate bucket, to check what the store reads and how. */
final class CountingBucket implements Bucket {
  /** One read: {@code length == -1} and {@code ranged == false} for a whole-object GET. */
  record Read(String op, String name, long offset, long length) {}

  private final Bucket delegate;
  final List<Read> reads = new CopyOnWriteArrayList<>();

  CountingBucket(Bucket delegate) {
    this.delegate = delegate;
  }

  void clear() {
    reads.clear();
  }

  List<Read> reads(String op) {
    return reads.stream().filter(r -> r.op().equals(op)).toList();
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
    reads.add(new Read("iter", dir, 0, 0));
    delegate.iter(dir, visitor, recursive);
  }

  @Override
  public InputStream get(String name) throws IOException {
    reads.add(new Read("get", name, 0, -1));
    return delegate.get(name);
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    reads.add(new Read("get_range", name, offset, length));
    return delegate.getRange(name, offset, length);
  }

  @Override
  public boolean exists(String name) throws IOException {
    reads.add(new Read("exists", name, 0, 0));
    return delegate.exists(name);
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    reads.add(new Read("attributes", name, 0, 0));
    return delegate.attributes(name);
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    delegate.upload(name, file);
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    delegate.upload(name, data, length);
  }

  @Override
  public void delete(String name) throws IOException {
    delegate.delete(name);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
