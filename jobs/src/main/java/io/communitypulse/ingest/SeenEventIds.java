package io.communitypulse.ingest;

import java.io.IOException;

/**
 * The event ids one key of {@link DuplicateAndLateFilter} remembers: per 128-bit {@link
 * EventIdHash} the time of its latest kept sighting, in an open-addressing hash table (linear
 * probing, at most half full) over one {@code long[]} of {@code [hi, lo, seenAt]} triples, so a
 * lookup is a few array reads and a checkpoint copies or writes three longs per id.
 *
 * <p>Entries are never removed one by one: {@link #forgetSeenUpTo} rebuilds the table from the
 * entries it keeps. {@link #pruneAt} is the one event-time timer the key has pending, {@link #NONE}
 * when none.
 */
final class SeenEventIds {

  /** An unset time; also marks a free slot (no accepted event is dated before 2000). */
  static final long NONE = Long.MIN_VALUE;

  private static final int MIN_CAPACITY = 8;

  private long[] slots;
  private int size;
  private long pruneAt = NONE;

  SeenEventIds() {
    this(0);
  }

  /** An empty table with room for {@code expected} ids before it grows. */
  SeenEventIds(int expected) {
    slots = freeSlots(capacityFor(expected));
  }

  private SeenEventIds(long[] slots, int size, long pruneAt) {
    this.slots = slots;
    this.size = size;
    this.pruneAt = pruneAt;
  }

  /** The latest kept sighting of the id, or {@link #NONE}. */
  long seenAt(EventIdHash id) {
    return seenAt(id.hi, id.lo);
  }

  private long seenAt(long hi, long lo) {
    long[] s = slots;
    int mask = s.length / 3 - 1;
    for (int i = (int) lo & mask; ; i = (i + 1) & mask) {
      long at = s[i * 3 + 2];
      if (at == NONE || (s[i * 3] == hi && s[i * 3 + 1] == lo)) {
        return at;
      }
    }
  }

  /** Remembers {@code at} as the id's latest kept sighting. */
  void put(EventIdHash id, long at) {
    put(id.hi, id.lo, at);
  }

  /** The same, for an entry read back from a checkpoint. */
  void put(long hi, long lo, long at) {
    if (at == NONE) {
      throw new IllegalArgumentException("not a time: " + at);
    }
    if (2 * (size + 1) > slots.length / 3) {
      slots = rehash(slots, capacityFor(size + 1));
    }
    if (insert(slots, hi, lo, at)) {
      size++;
    }
  }

  /** Forgets every id last seen at or before {@code cutoff}. */
  void forgetSeenUpTo(long cutoff) {
    int kept = 0;
    for (int i = 2; i < slots.length; i += 3) {
      if (slots[i] != NONE && slots[i] > cutoff) {
        kept++;
      }
    }
    if (kept == size) {
      return;
    }
    long[] rebuilt = freeSlots(capacityFor(kept));
    for (int i = 0; i < slots.length; i += 3) {
      if (slots[i + 2] != NONE && slots[i + 2] > cutoff) {
        insert(rebuilt, slots[i], slots[i + 1], slots[i + 2]);
      }
    }
    slots = rebuilt;
    size = kept;
  }

  /** The earliest sighting held, or {@link #NONE} when empty. */
  long earliest() {
    long earliest = NONE;
    for (int i = 2; i < slots.length; i += 3) {
      long at = slots[i];
      if (at != NONE && (earliest == NONE || at < earliest)) {
        earliest = at;
      }
    }
    return earliest;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long pruneAt() {
    return pruneAt;
  }

  void pruneAt(long timer) {
    pruneAt = timer;
  }

  /** An independent copy (Flink's copy-on-write snapshots of heap state). */
  SeenEventIds copy() {
    return new SeenEventIds(slots.clone(), size, pruneAt);
  }

  /** Visits the entries in table order (for serialization). */
  void forEach(EntryVisitor visitor) throws IOException {
    for (int i = 0; i < slots.length; i += 3) {
      if (slots[i + 2] != NONE) {
        visitor.visit(slots[i], slots[i + 1], slots[i + 2]);
      }
    }
  }

  /** One entry: the id's hash and its latest kept sighting. */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(long hi, long lo, long seenAt) throws IOException;
  }

  /** Inserts or overwrites; whether the id is new to the table. */
  private static boolean insert(long[] s, long hi, long lo, long at) {
    int mask = s.length / 3 - 1;
    for (int i = (int) lo & mask; ; i = (i + 1) & mask) {
      int base = i * 3;
      if (s[base + 2] == NONE) {
        s[base] = hi;
        s[base + 1] = lo;
        s[base + 2] = at;
        return true;
      }
      if (s[base] == hi && s[base + 1] == lo) {
        s[base + 2] = at;
        return false;
      }
    }
  }

  private static long[] rehash(long[] old, int capacity) {
    long[] s = freeSlots(capacity);
    for (int i = 0; i < old.length; i += 3) {
      if (old[i + 2] != NONE) {
        insert(s, old[i], old[i + 1], old[i + 2]);
      }
    }
    return s;
  }

  /** The smallest power of two at least twice {@code entries} (and at least the minimum). */
  private static int capacityFor(int entries) {
    int capacity = MIN_CAPACITY;
    while (capacity < 2 * entries) {
      capacity <<= 1;
    }
    return capacity;
  }

  private static long[] freeSlots(int capacity) {
    long[] s = new long[capacity * 3];
    for (int i = 2; i < s.length; i += 3) {
      s[i] = NONE;
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SeenEventIds other) || other.size != size || other.pruneAt != pruneAt) {
      return false;
    }
    for (int i = 0; i < slots.length; i += 3) {
      if (slots[i + 2] != NONE) {
        long at = other.seenAt(slots[i], slots[i + 1]);
        if (at != slots[i + 2]) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    long h = 31L * size + pruneAt;
    for (int i = 0; i < slots.length; i += 3) {
      if (slots[i + 2] != NONE) {
        h += slots[i] ^ slots[i + 1] ^ slots[i + 2];
      }
    }
    return Long.hashCode(h);
  }

  @Override
  public String toString() {
    return "SeenEventIds(size="
        + size
        + ", pruneAt="
        + pruneAt
        + ", capacity="
        + slots.length / 3
        + ")";
  }
}
