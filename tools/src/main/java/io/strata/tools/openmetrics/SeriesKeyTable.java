package io.strata.tools.openmetrics;

import java.util.Arrays;

/**
 * Maps the raw bytes of a sample's {@code name{labels}} to a series id, so that the importer decodes
 * labels only the first time it sees a series spelled a given way. Open addressing over a flat array of
 * key offsets into one growing byte arena; no object per key.
 */
final class SeriesKeyTable {
  private byte[] arena = new byte[1 << 20];
  private int arenaUsed;
  private int[] slots = new int[1 << 14];
  private int[] keyOffset = new int[1 << 12];
  private int[] keyLength = new int[1 << 12];
  private int[] keyHash = new int[1 << 12];
  private int[] seriesId = new int[1 << 12];
  private int size;

  SeriesKeyTable() {
    Arrays.fill(slots, -1);
  }

  /** The series id stored for the key, or -1. */
  int get(byte[] b, int from, int to) {
    int h = hash(b, from, to);
    int mask = slots.length - 1;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      int k = slots[s];
      if (k < 0) {
        return -1;
      }
      if (keyHash[k] == h && equal(k, b, from, to)) {
        return seriesId[k];
      }
    }
  }

  void put(byte[] b, int from, int to, int id) {
    int len = to - from;
    if (arenaUsed + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
    }
    System.arraycopy(b, from, arena, arenaUsed, len);
    if (size == keyOffset.length) {
      int n = size * 2;
      keyOffset = Arrays.copyOf(keyOffset, n);
      keyLength = Arrays.copyOf(keyLength, n);
      keyHash = Arrays.copyOf(keyHash, n);
      seriesId = Arrays.copyOf(seriesId, n);
    }
    int k = size++;
    keyOffset[k] = arenaUsed;
    keyLength[k] = len;
    keyHash[k] = hash(b, from, to);
    seriesId[k] = id;
    arenaUsed += len;
    if (size * 2 > slots.length) {
      rehash();
    } else {
      insert(k);
    }
  }

  private void insert(int k) {
    int mask = slots.length - 1;
    int s = keyHash[k] & mask;
    while (slots[s] >= 0) {
      s = (s + 1) & mask;
    }
    slots[s] = k;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    Arrays.fill(slots, -1);
    for (int k = 0; k < size; k++) {
      insert(k);
    }
  }

  private boolean equal(int k, byte[] b, int from, int to) {
    return keyLength[k] == to - from
        && Arrays.equals(arena, keyOffset[k], keyOffset[k] + keyLength[k], b, from, to);
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 0x9E3779B9;
    for (int i = from; i < to; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
