package io.strata.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an S3 outage looks like to callers: a prompt, descriptive IOException, and recovery afterwards. */
class S3BucketFaultTest {
  private static final Duration NO_HANG = Duration.ofSeconds(30);

  private S3ProxyServer server;
  private S3Bucket bucket;

  @BeforeEach
  void start() throws Exception {
    server = S3ProxyServer.startTransient();
    bucket = new S3Bucket(server.config(server.createBucket("fault"))
        .partSize(S3Config.MIN_PART_SIZE)
        .maxRetries(2)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5))
        .build());
  }

  @AfterEach
  void stop() throws Exception {
    bucket.close();
    server.close();
  }

  @Test
  void stoppedServerGivesClearErrorsAndRestartRecovers() throws Exception {
    bucket.upload("before", new ByteArrayInputStream("kept".getBytes(UTF_8)), 4);
    server.stop();

    assertTimeoutPreemptively(NO_HANG, () -> {
      assertThatThrownBy(() -> bucket.exists("before")).isInstanceOf(IOException.class)
          .hasMessageContaining("before").hasMessageContaining(bucket.name());
      assertThatThrownBy(() -> bucket.get("before")).isInstanceOf(IOException.class)
          .isNotInstanceOf(ObjectNotFoundException.class);
      assertThatThrownBy(() -> bucket.upload("after", new ByteArrayInputStream(new byte[3]), 3))
          .isInstanceOf(IOException.class).hasMessageContaining("uploading after");
      assertThatThrownBy(() -> bucket.iter("", n -> { }, true)).isInstanceOf(IOException.class);
    });

    server.restart();
    assertThat(bucket.exists("before")).isTrue();
    try (InputStream in = bucket.get("before")) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("kept");
    }
    bucket.upload("after", new ByteArrayInputStream(new byte[3]), 3);
    assertThat(bucket.exists("after")).isTrue();
  }

  @Test
  void serverStoppingDuringARead() throws Exception {
    byte[] content = new byte[64 << 20];
    new Random(1).nextBytes(content);
    bucket.upload("big", new ByteArrayInputStream(content), content.length);

    assertTimeoutPreemptively(NO_HANG, () -> {
      try (InputStream in = bucket.get("big")) {
        assertThat(in.readNBytes(1024)).isEqualTo(java.util.Arrays.copyOf(content, 1024));
        server.stop();
        assertThatThrownBy(() -> {
          // Whatever the socket buffers held is returned; then the cut connection must surface.
          byte[] rest = in.readAllBytes();
          if (rest.length < content.length - 1024) {
            throw new IOException("stream ended early after " + rest.length + " bytes without an error");
          }
        }).isInstanceOf(IOException.class);
      }
    });
  }

  @Test
  void serverStoppingDuringAMultipartUploadLeavesNoObject() throws Exception {
    int size = 20 << 20;
    AtomicBoolean stopped = new AtomicBoolean();
    InputStream stopsServerMidway = new InputStream() {
      private int position;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= size) {
          return -1;
        }
        if (position >= (7 << 20) && stopped.compareAndSet(false, true)) {
          // From another thread: stopping Jetty waits for in-flight requests, which wait for us.
          CompletableFuture.runAsync(() -> {
            try {
              server.stop();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }).join();
        }
        int n = Math.min(len, size - position);
        position += n;
        return n;
      }
    };

    assertTimeoutPreemptively(NO_HANG, () ->
        assertThatThrownBy(() -> bucket.upload("partial", stopsServerMidway, size))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("partial"));

    server.restart();
    assertThat(bucket.exists("partial")).isFalse();
    assertThatThrownBy(() -> bucket.get("partial")).isInstanceOf(ObjectNotFoundException.class);
  }
}
