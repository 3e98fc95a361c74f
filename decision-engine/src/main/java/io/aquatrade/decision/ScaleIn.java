package io.aquatrade.decision;

import io.aquatrade.common.Direction;

/**
 * Scale-in ({@code scaleIn: {maxAdds: N}}): when a repeated entry signal may add to a winning position. Owns, per
 * strategy and instrument, how many adds were filled into the open position. The add itself goes through the
 * engine's entry path. Not thread-safe: the engine's thread only.
 */
final class ScaleIn {
    /** Per {@link Strategy#index} and {@link Market#index}: adds filled into the open position; 0 while flat. */
    private final int[][] adds;

    /**
     * @param strategies  how many strategies are configured
     * @param instruments how many instruments are configured
     */
    ScaleIn(int strategies, int instruments) {
        this.adds = new int[strategies][instruments];
    }

    /**
     * An entry signal in the position's direction may add to it while its mark is beyond the average entry price (a
     * long's best bid, else last trade, above it; a short's best ask, else last trade, below it) and fewer than N
     * adds were filled into this position. Allocation-free.
     *
     * @param direction the signal's direction, the position's
     * @return true if an add may be sent
     */
    boolean allows(Strategy st, Market m, Position p, Direction direction) {
        if (st.config.scaleInMaxAdds() == 0 || adds[st.index][m.index] >= st.config.scaleInMaxAdds()) {
            return false;
        }
        long mark = direction == Direction.LONG ? (m.bid > 0 ? m.bid : m.lastPrice) : (m.ask > 0 ? m.ask : m.lastPrice);
        return mark > 0 && (direction == Direction.LONG ? mark > p.avgEntryPrice() : mark < p.avgEntryPrice());
    }

    /**
     * After a fill was booked: the adds start over once the position is flat; an add is counted at its first fill
     * (so a replay after a restart counts it again).
     *
     * @param firstFillOfAdd true if the fill is the first of an add ({@link OrderContext#scaleIn})
     */
    void filled(Strategy st, Market m, boolean firstFillOfAdd) {
        if (st.positions[m.index].isFlat()) {
            adds[st.index][m.index] = 0;
        }
        if (firstFillOfAdd) {
            adds[st.index][m.index]++;
        }
    }
}
