package io.aquatrade.marketdata;

/**
 * The last {@code capacity} trade ids of one instrument, for duplicate detection in bounded memory: a ring of the ids
 * in insertion order and an open-addressing hash set over it (linear probing, backward-shift deletion), so
 * {@link #contains} and {@link #add} take constant time and allocate nothing. When the ring is full, adding an id
 * forgets the oldest one. Memory: {@code 3 * capacity} longs. Not thread-safe.
 *
 * <p>Ids are trade ids, &gt;= 0: the {@link TickValidator} rejects a negative one before it gets here, so
 * {@code Long.MIN_VALUE} is free to mark an empty slot of the table.
 */
final class TradeIdWindow {
    /** An empty slot of the table: below every trade id. */
    private static final long EMPTY = Long.MIN_VALUE;

    private final long[] ring;
    private final long[] table;
    private final int mask;
    private int next;
    private int size;

    /** @param capacity ids remembered, 1 .. 2^28 */
    TradeIdWindow(int capacity) {
        if (capacity < 1 || capacity > 1 << 28) {
            throw new IllegalArgumentException("capacity must be 1..2^28, was " + capacity);
        }
        ring = new long[capacity];
        int tableSize = Integer.highestOneBit(capacity * 2 - 1) << 1; // a power of two >= 2 * capacity
        table = new long[tableSize];
        java.util.Arrays.fill(table, EMPTY);
        mask = tableSize - 1;
    }

    /**
     * @param id a trade id, &gt;= 0
     * @return true if {@code id} is among the last {@code capacity} ids added
     */
    boolean contains(long id) {
        for (int i = slot(id); ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == EMPTY) {
                return false;
            }
            if (v == id) {
                return true;
            }
        }
    }

    /**
     * Adds an id not {@link #contains contained}, forgetting the oldest if the window is full.
     *
     * @param id a trade id, &gt;= 0
     */
    void add(long id) {
        if (size == ring.length) {
            remove(ring[next]);
            size--;
        }
        ring[next] = id;
        next = next + 1 == ring.length ? 0 : next + 1;
        size++;
        int i = slot(id);
        while (table[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[i] = id;
    }

    private void remove(long id) {
        int i = slot(id);
        while (table[i] != id) {
            i = (i + 1) & mask;
        }
        // Backward-shift deletion (Knuth 6.4, algorithm R): move later members of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(table[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = EMPTY;
    }

    private int slot(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
