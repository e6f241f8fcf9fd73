package io.strata.objstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A bucket held in memory, for tests and for wiring components together without storage. Thread-safe: objects
 * are immutable byte arrays in a concurrent sorted map, so an upload replaces an object atomically and listings
 * come out in bucket order without sorting.
 */
public final class InMemoryBucket implements Bucket {
  private record StoredObject(byte[] data, Instant lastModified) {
  }

  private final String name;
  private final Clock clock;
  private final ConcurrentSkipListMap<String, StoredObject> objects =
      new ConcurrentSkipListMap<>(ObjectNames.CODE_POINT_ORDER);

  public InMemoryBucket() {
    this("in-memory", Clock.systemUTC());
  }

  /** A bucket that reports {@code name} and stamps objects with {@code clock}'s time. */
  public InMemoryBucket(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) {
    String prefix = ObjectNames.directoryPrefix(dir);
    String lastDirectory = null;
    for (String key : objects.tailMap(prefix, true).keySet()) {
      if (!key.startsWith(prefix)) {
        break; // keys sharing a prefix are contiguous in code point order
      }
      int slash = recursive ? -1 : key.indexOf('/', prefix.length());
      if (slash < 0) {
        visitor.accept(key);
        continue;
      }
      String directory = key.substring(0, slash + 1);
      if (!directory.equals(lastDirectory)) {
        visitor.accept(directory);
        lastDirectory = directory;
      }
    }
  }

  @Override
  public InputStream get(String name) throws IOException {
    return new ByteArrayInputStream(load(name).data());
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    ObjectNames.checkRange(offset, length);
    byte[] data = load(name).data();
    int from = (int) Math.min(offset, data.length);
    int to = length == -1 ? data.length : from + (int) Math.min(data.length - from, length);
    return new ByteArrayInputStream(data, from, to - from);
  }

  @Override
  public boolean exists(String name) {
    return objects.containsKey(ObjectNames.requireValid(name));
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    StoredObject o = load(name);
    return new ObjectAttributes(o.data().length, o.lastModified());
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    ObjectNames.requireValid(name);
    put(name, Files.readAllBytes(file));
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    ObjectNames.requireValid(name);
    ObjectNames.checkLength(length);
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("upload of " + name + ": " + length + " bytes do not fit in an in-memory bucket");
    }
    byte[] bytes = length == -1 ? data.readAllBytes() : data.readNBytes((int) length);
    if (length != -1 && bytes.length != length) {
      throw new IOException("upload of " + name + ": stream ended after " + bytes.length + " of " + length + " bytes");
    }
    put(name, bytes);
  }

  private void put(String name, byte[] bytes) {
    objects.put(name, new StoredObject(bytes, clock.instant()));
  }

  @Override
  public void delete(String name) {
    objects.remove(ObjectNames.requireValid(name));
  }

  /** A snapshot of every object, in bucket order; handy for assertions. */
  public Map<String, byte[]> objects() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    objects.forEach((k, v) -> copy.put(k, v.data().clone()));
    return copy;
  }

  /** The names of every object, in bucket order. */
  public List<String> names() {
    return new ArrayList<>(objects.keySet());
  }

  @Override
  public void close() {
  }

  private StoredObject load(String name) throws ObjectNotFoundException {
    StoredObject o = objects.get(ObjectNames.requireValid(name));
    if (o == null) {
      throw new ObjectNotFoundException(this.name, name);
    }
    return o;
  }

  @Override
  public String toString() {
    return "InMemoryBucket[" + name + ", " + objects.size() + " objects]";
  }
}
