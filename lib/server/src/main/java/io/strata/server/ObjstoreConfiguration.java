package io.strata.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.strata.objstore.Bucket;
import io.strata.objstore.BucketFactory;
import io.strata.objstore.MeteredBucket;
import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bucket of a service that reads or writes one, from {@code --objstore.config-file} or {@code --objstore.config}
 * (Thanos bucket YAML), with request metrics ({@link MeteredBucket}). Import it where a bucket is needed; services
 * without one (the querier) never ask for the flags.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObjstoreProperties.class)
public class ObjstoreConfiguration {
  @Bean(destroyMethod = "close")
  public Bucket bucket(ObjstoreProperties props, MeterRegistry registry) throws IOException {
    if (isBlank(props.configFile()) && isBlank(props.config())) {
      throw new IllegalStateException("no bucket configured: pass --objstore.config-file=FILE or "
          + "--objstore.config=YAML (Thanos bucket config, e.g. '{type: FILESYSTEM, config: {directory: ./data/bucket}}')");
    }
    return new MeteredBucket(BucketFactory.fromFlags(props.configFile(), props.config()), registry);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
