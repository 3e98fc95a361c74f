package io.aquatrade.router;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.aquatrade.common.Side;

/**
 * The paper fill rules recomputed independently with {@link BigDecimal} on decimal values (not mantissas), for the
 * XRPETH instrument of the sample config: price 8 decimals, size 0, ETH and XRP amounts 8 decimals.
 */
public final class Oracle {
    /** Decimals of XRPETH prices and of ETH/XRP amounts in the sample config. */
    public static final int DECIMALS = 8;

    private final BigDecimal feeRate;
    private final BigDecimal slippage;

    /** @param takerFeeBps fee in basis points; @param slippageBps slippage in basis points */
    public Oracle(int takerFeeBps, int slippageBps) {
        this.feeRate = BigDecimal.valueOf(takerFeeBps).divide(BigDecimal.valueOf(10_000));
        this.slippage = BigDecimal.valueOf(slippageBps).divide(BigDecimal.valueOf(10_000));
    }

    /** @return a price or amount mantissa (8 decimals) as a decimal */
    public static BigDecimal dec(long mantissa) {
        return new BigDecimal(mantissa).divide(BigDecimal.TEN.pow(DECIMALS));
    }

    /** @return a decimal with at most 8 decimals as a mantissa */
    public static long mantissa(BigDecimal value) {
        return value.multiply(BigDecimal.TEN.pow(DECIMALS)).longValueExact();
    }

    /** Price without a quote: last trade moved against the trader, to 8 decimals (buy up, sell down). */
    public BigDecimal priceFromLast(BigDecimal last, Side side) {
        return side == Side.BUY
                ? last.multiply(BigDecimal.ONE.add(slippage)).setScale(DECIMALS, RoundingMode.CEILING)
                : last.multiply(BigDecimal.ONE.subtract(slippage)).setScale(DECIMALS, RoundingMode.FLOOR);
    }

    /** Notional in ETH at 8 decimals: buy rounds up, sell down. */
    public static BigDecimal notional(BigDecimal price, long quantityXrp, Side side) {
        return notional(price, quantityXrp, side, DECIMALS);
    }

    /** Notional in ETH at {@code ethDecimals}: buy rounds up, sell down. */
    public static BigDecimal notional(BigDecimal price, long quantityXrp, Side side, int ethDecimals) {
        return price.multiply(BigDecimal.valueOf(quantityXrp))
                .setScale(ethDecimals, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
    }

    /** Taker fee in ETH at 8 decimals, rounded up. */
    public BigDecimal fee(BigDecimal notional) {
        return fee(notional, DECIMALS);
    }

    /** Taker fee in ETH at {@code ethDecimals}, rounded up. */
    public BigDecimal fee(BigDecimal notional, int ethDecimals) {
        return notional.multiply(feeRate).setScale(ethDecimals, RoundingMode.CEILING);
    }
}
