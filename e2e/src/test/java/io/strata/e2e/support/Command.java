package io.strata.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion, capturing stdout and stderr in files (outputs can be large). */
public final class Command {
  /** Exit code and the paths of captured output. */
  public record Result(int exitCode, Path stdout, Path stderr) {
    public String stdoutText() throws IOException {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() throws IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }
  }

  private Command() {}

  public static Result run(Path workDir, Duration timeout, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "cmd-", ".out");
    Path err = Files.createTempFile(workDir, "cmd-", ".err");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out after " + timeout + ": " + String.join(" ", command));
    }
    return new Result(p.exitValue(), out, err);
  }

  /** Runs and requires exit code 0, failing with the command's stderr otherwise. */
  public static Result check(Path workDir, Duration timeout, List<String> command) throws IOException, InterruptedException {
    Result r = run(workDir, timeout, command);
    if (r.exitCode() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderrText());
    }
    return r;
  }
}
