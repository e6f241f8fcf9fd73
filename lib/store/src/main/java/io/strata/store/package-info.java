/**
 * The StoreAPI as plain Java. Everything that holds series implements {@link io.strata.store.StoreApi}:
 * stores over local blocks (receiver), over a bucket (store gateway), over a Prometheus (sidecar), and the
 * querier's fan-out proxy. The gRPC service and client adapt a {@code StoreApi} to and from the wire
 * protocol (Thanos's {@code thanos.Store} and {@code thanos.info.Info}), so in-process components hand
 * each other {@code StoreApi} objects directly and remote ones are indistinguishable.
 *
 * <p>Shared by every implementation: {@link io.strata.store.ProtoConversions} (labels, matchers, chunks
 * with the XOR 1↔0 encoding renumbering), {@link io.strata.store.ExternalLabels} (how external labels meet
 * stored labels and matchers), {@link io.strata.store.SeriesMerge} (k-way merge of sorted series streams)
 * and {@link io.strata.store.SeriesResponses}. The test-jar carries {@code StoreApiAcceptanceTest}, the
 * contract suite every implementation runs.
 *
 * <p>Protocol: ../shared/reference/thanos-components.md §1.1.
 */
package io.strata.store;
