package io.aquatrade.common;

/** Order type. Paper and live venues treat both as immediate-or-cancel in this version. */
public enum OrderType {
    /** Fill at the best available price. */
    MARKET,
    /** Fill at the limit price or better; a marketable limit crosses the spread at once. */
    LIMIT
}
