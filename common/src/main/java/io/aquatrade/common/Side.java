package io.aquatrade.common;

/** Side of an order, a fill or a trade's aggressor (taker). */
public enum Side {
    BUY, SELL;

    /** @return the opposite side */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** @return +1 for {@link #BUY}, -1 for {@link #SELL}: the sign a fill of this side gives a position */
    public int sign() {
        return this == BUY ? 1 : -1;
    }
}
