package io.strata.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bucket flags, as Thanos names them.
 *
 * @param configFile {@code --objstore.config-file}: path of a Thanos bucket YAML ({@code type: S3|FILESYSTEM})
 * @param config {@code --objstore.config}: the same YAML inline; used when no file is given
 */
@ConfigurationProperties(prefix = "objstore")
public record ObjstoreProperties(String configFile, String config) {}
