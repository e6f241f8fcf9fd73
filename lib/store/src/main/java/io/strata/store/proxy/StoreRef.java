package io.strata.store.proxy;

import io.strata.store.StoreApi;
import io.strata.store.StoreInfo;

/**
 * One endpoint the proxy may fan out to: a name for warnings and errors (an address, or a component name
 * in process), the store, and what it last announced. Whoever discovers endpoints refreshes the
 * {@code info} (Thanos polls every few seconds); the proxy only reads it to select stores.
 */
public record StoreRef(String name, StoreApi store, StoreInfo info) {
  /** A reference with the store's current info. */
  public static StoreRef of(String name, StoreApi store) {
    return new StoreRef(name, store, store.info());
  }

  @Override
  public String toString() {
    return name;
  }
}
