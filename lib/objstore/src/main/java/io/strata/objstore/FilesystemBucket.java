package io.strata.objstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A bucket in a local directory: object {@code a/b/c} is the file {@code <root>/a/b/c}, so tools such as
 * promtool can read uploaded blocks in place (like Thanos's FILESYSTEM type).
 *
 * <p>Uploads write a hidden temporary file next to the target, flush it to disk and rename it over the target,
 * so readers (which keep the old file open if they had it) never see a partial object, even after a crash.
 * Deletes remove directories they leave empty, so listings match S3, which has no empty directories. Names with
 * empty, {@code .} or {@code ..} segments, or segments starting with {@value #TEMP_PREFIX}, are rejected. An
 * object cannot share its name with a directory ({@code a} and {@code a/b}), which S3 would allow.
 */
public final class FilesystemBucket implements Bucket {
  static final String TEMP_PREFIX = ".strata-upload-";
  private static final int COPY_BUFFER = 64 * 1024;
  private static final int CREATE_ATTEMPTS = 5;

  private final Path root;

  /** Uses {@code root} as the bucket; it is created on the first upload if missing. */
  public FilesystemBucket(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The bucket's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public String name() {
    return root.toString();
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
    String prefix = ObjectNames.directoryPrefix(dir);
    Path start = prefix.isEmpty() ? root : resolve(prefix.substring(0, prefix.length() - 1));
    walk(start, prefix, visitor, recursive);
  }

  private void walk(Path dir, String prefix, Consumer<String> visitor, boolean recursive) throws IOException {
    record Entry(String key, Path path, boolean directory) {
    }
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String fileName = child.getFileName().toString();
        if (fileName.startsWith(TEMP_PREFIX)) {
          continue;
        }
        if (Files.isDirectory(child)) {
          entries.add(new Entry(fileName + DIRECTORY_DELIMITER, child, true));
        } else if (Files.isRegularFile(child)) {
          entries.add(new Entry(fileName, child, false));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return; // a missing directory has no entries; one deleted concurrently neither
    }
    // Sorting children with a '/' appended to directories makes a depth-first walk emit full names in
    // global order: everything under "a/" sorts together, and after "a-b" just as S3 would list it.
    entries.sort(Comparator.comparing(Entry::key, ObjectNames.CODE_POINT_ORDER));
    for (Entry e : entries) {
      if (!e.directory()) {
        visitor.accept(prefix + e.key());
      } else if (recursive) {
        walk(e.path(), prefix + e.key(), visitor, true);
      } else if (containsObject(e.path())) {
        visitor.accept(prefix + e.key());
      }
    }
  }

  /** Whether a directory holds at least one object, so that one with only in-flight uploads stays hidden. */
  private static boolean containsObject(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX) && Files.isRegularFile(p));
    } catch (NoSuchFileException e) {
      return false;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return false;
      }
      throw e.getCause();
    }
  }

  @Override
  public InputStream get(String name) throws IOException {
    return getRange(name, 0, -1);
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    ObjectNames.checkRange(offset, length);
    Path path = resolve(name);
    if (Files.isDirectory(path)) {
      throw new ObjectNotFoundException(name(), name);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(name(), name, e);
    }
    try {
      // A position past the end is allowed: reads then return end-of-stream, which is the contract.
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    InputStream in = Channels.newInputStream(channel);
    return length == -1 ? in : new BoundedInputStream(in, length);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return Files.isRegularFile(resolve(name));
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    Path path = resolve(name);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(name(), name, e);
    }
    if (!attrs.isRegularFile()) {
      throw new ObjectNotFoundException(name(), name);
    }
    return new ObjectAttributes(attrs.size(), attrs.lastModifiedTime().toInstant());
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    Path target = resolve(name);
    try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = source.size();
      store(name, target, out -> {
        long done = 0;
        while (done < size) {
          long n = source.transferTo(done, size - done, out);
          if (n <= 0) {
            throw new IOException("file " + file + " shrank while uploading it as " + name);
          }
          done += n;
        }
      });
    }
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    ObjectNames.checkLength(length);
    Path target = resolve(name);
    store(name, target, out -> {
      byte[] buf = new byte[COPY_BUFFER];
      long done = 0;
      while (length == -1 || done < length) {
        int want = length == -1 ? buf.length : (int) Math.min(buf.length, length - done);
        int n = data.read(buf, 0, want);
        if (n < 0) {
          if (length == -1) {
            break;
          }
          throw new IOException("upload of " + name + ": stream ended after " + done + " of " + length + " bytes");
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        done += n;
      }
    });
  }

  private interface ContentWriter {
    void writeTo(FileChannel out) throws IOException;
  }

  private void store(String name, Path target, ContentWriter writer) throws IOException {
    Path tmp = createTempFile(name, target.getParent());
    boolean stored = false;
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writer.writeTo(out);
        // Without this a crash soon after the rename can leave an empty or truncated file under the
        // final name, which is exactly the half-written object the contract rules out.
        out.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (DirectoryNotEmptyException e) {
        throw new IOException("cannot upload " + name + " to " + name() + ": a directory of that name exists", e);
      }
      stored = true;
      syncDirectory(target.getParent());
    } finally {
      if (!stored) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private Path createTempFile(String name, Path dir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, TEMP_PREFIX, ".tmp");
      } catch (NoSuchFileException e) {
        // A concurrent delete pruned the directory we just created; make it again.
        if (attempt == CREATE_ATTEMPTS) {
          throw e;
        }
      } catch (IOException e) {
        throw new IOException("cannot upload " + name + " to " + name() + ": creating " + dir + " failed"
            + " (is a parent directory an object?)", e);
      }
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename itself durable. Best effort: not every filesystem lets a directory be opened.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // the object is stored; only its durability across a power loss is weaker
    }
  }

  @Override
  public void delete(String name) throws IOException {
    Path path = resolve(name);
    if (Files.isDirectory(path)) {
      return; // a directory is not an object, so there is nothing of that name to delete
    }
    Files.deleteIfExists(path);
    for (Path dir = path.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        break;
      }
    }
  }

  @Override
  public void close() {
  }

  private Path resolve(String name) {
    ObjectNames.requireValid(name);
    for (String segment : name.split(DIRECTORY_DELIMITER, -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("object name must not contain empty, '.' or '..' segments: " + name);
      }
      if (segment.startsWith(TEMP_PREFIX)) {
        throw new IllegalArgumentException("object name segments must not start with " + TEMP_PREFIX + ": " + name);
      }
    }
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("object name escapes the bucket root " + root + ": " + name);
    }
    return path;
  }

  @Override
  public String toString() {
    return "FilesystemBucket[" + root + "]";
  }
}
