package io.strata.block.shipper;

import io.strata.objstore.Bucket;
import io.strata.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A bucket decorator for shipper tests: records every successful upload in order, and fails uploads whose
 * name matches {@link #failUploads} (set it to null to heal) or runs {@link #beforeUpload} first.
 */
final class RecordingBucket implements Bucket {
  private final Bucket delegate;
  final List<String> uploads = new CopyOnWriteArrayList<>();
  volatile Predicate<String> failUploads;
  volatile Consumer<String> beforeUpload = name -> {};

  RecordingBucket(Bucket delegate) {
    this.delegate = delegate;
  }

  long uploadsOf(String name) {
    return uploads.stream().filter(name::equals).count();
  }

  private void check(String name) throws IOException {
    beforeUpload.accept(name);
    Predicate<String> f = failUploads;
    if (f != null && f.test(name)) {
      throw new IOException("injected failure uploading " + name);
    }
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
    delegate.iter(dir, visitor, recursive);
  }

  @Override
  public InputStream get(String name) throws IOException {
    return delegate.get(name);
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    return delegate.getRange(name, offset, length);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return delegate.exists(name);
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    return delegate.attributes(name);
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    check(name);
    delegate.upload(name, file);
    uploads.add(name);
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    check(name);
    delegate.upload(name, data, length);
    uploads.add(name);
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
