package io.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.objstore.Bucket;
import io.strata.objstore.MeteredBucket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The bucket bean from the Thanos bucket flags. */
class ObjstoreConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StrataServerAutoConfiguration.class))
      .withUserConfiguration(ObjstoreConfiguration.class);

  @Test
  void inlineConfigGivesAMeteredBucket(@TempDir Path dir) {
    runner.withPropertyValues("objstore.config={type: FILESYSTEM, config: {directory: " + dir + "}}")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(Bucket.class)).isInstanceOf(MeteredBucket.class);
          assertThat(ctx.getBean(ObjstoreProperties.class).configFile()).isNull();
        });
  }

  @Test
  void configFileWins(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bucket.yml");
    java.nio.file.Files.writeString(file, "type: FILESYSTEM\nconfig:\n  directory: " + dir.resolve("b") + "\n");
    runner.withPropertyValues("objstore.config-file=" + file).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(ObjstoreProperties.class).configFile()).isEqualTo(file.toString());
    });
  }

  @Test
  void noBucketFlagsIsAClearStartupError() {
    runner.run(ctx -> assertThat(ctx).getFailure().rootCause()
        .hasMessageContaining("no bucket configured: pass --objstore.config-file=FILE or --objstore.config=YAML"));
  }
}
