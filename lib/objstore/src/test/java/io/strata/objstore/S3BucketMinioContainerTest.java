package io.strata.objstore;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The contract against a real MinIO server; runs only where a Docker engine is available. */
@ExtendWith(S3BucketMinioContainerTest.DockerNotice.class)
@Testcontainers(disabledWithoutDocker = true)
class S3BucketMinioContainerTest extends BucketContractTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  @Container
  static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

  @Override
  protected Bucket createBucket() throws Exception {
    String name = "contract-" + BUCKETS.incrementAndGet();
    MinioClient admin = MinioClient.builder().endpoint(MINIO.getS3URL())
        .credentials(MINIO.getUserName(), MINIO.getPassword()).build();
    if (!admin.bucketExists(BucketExistsArgs.builder().bucket(name).build())) {
      admin.makeBucket(MakeBucketArgs.builder().bucket(name).build());
    }
    return new S3Bucket(S3Config.builder(name)
        .endpoint(MINIO.getS3URL())
        .pathStyle(true)
        .credentials(MINIO.getUserName(), MINIO.getPassword())
        .partSize(S3Config.MIN_PART_SIZE)
        .maxRetries(2)
        .build());
  }

  /** Says on the console why the class is skipped, which surefire's summary alone does not. */
  static final class DockerNotice implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return ConditionEvaluationResult.enabled("Docker is available");
      }
      String why = "S3BucketMinioContainerTest skipped: no Docker engine, so no MinIO container "
          + "(the same contract runs against S3Proxy in S3BucketS3ProxyTest)";
      System.err.println(why);
      return ConditionEvaluationResult.disabled(why);
    }
  }
}
