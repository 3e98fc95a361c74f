package io.aquatrade.common;

/** Whether a fill added liquidity (maker) or took it (taker); decides which fee rate applies. */
public enum LiquiditySide {
    MAKER, TAKER
}
