/**
 * The Spring wiring every Strata service repeats, and nothing else (DESIGN.md §2, §4): Thanos-style flags
 * ({@code --http-address}, {@code --grpc-address}, {@code --log.level}, {@code --no-<flag>}) mapped onto Spring
 * properties ({@link io.strata.server.ThanosFlagsEnvironmentPostProcessor}), the gRPC server for the service's
 * {@code BindableService} beans ({@link io.strata.server.GrpcServer}), the probes {@code /-/healthy} and
 * {@code /-/ready} over {@link io.strata.server.ReadinessCheck} beans, {@code /metrics} from a Prometheus meter
 * registry with JVM and process metrics, the bucket from the Thanos bucket config
 * ({@link io.strata.server.ObjstoreConfiguration}) and key=value logs ({@link io.strata.server.LogfmtFormatter}).
 *
 * <p>Services get all of it by depending on this module ({@link io.strata.server.StrataServerAutoConfiguration} is
 * an auto-configuration); the bucket only when they import {@code ObjstoreConfiguration}.
 */
package io.strata.server;
