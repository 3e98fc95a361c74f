package io.aquatrade.backtest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.PositionBook;
import io.aquatrade.common.Side;

/**
 * The backtest's own books for one strategy in one instrument, from its fills: the position by average cost (the
 * common {@link PositionBook}, so P&amp;L is booked exactly as the router and decision engine book it), fees, time
 * in the market, round trips and the equity samples. Equity = capital + realised P&amp;L + {@code quantity x mark - cost basis}, in the
 * quote asset's decimals (fees are in the cost basis and the realised P&amp;L; a base-asset fee reduces the quantity,
 * as the router and the decision engine book it, and is counted in {@link #fees} at its fill price).
 *
 * <p>Single-threaded, owned by one backtest run.
 */
final class StrategyBook {
    final String strategyId;
    final Instrument instrument;
    /** Index of the instrument in the config's instrument list (for the run's mark prices). */
    final int instrumentIndex;
    final String quoteAsset;
    final int quoteDecimals;
    final long capital;
    final PositionBook position;
    long fees;
    long inMarketNs;
    private long lastChangeNs;
    double[] curve = new double[256];

    private boolean tripOpen;
    private Side tripSide;
    private long tripEntryNs;
    private BigDecimal entryValue;
    private long entryQuantity;
    private BigDecimal exitValue;
    private long exitQuantity;
    private long tripFees;
    private long tripRealizedBefore;
    private long tripMaxQuantity;

    /** Decimals of the base asset; the sellable step (stepSize, else 1) in size units and in base units. */
    private final int baseDecimals;
    private final long step;
    private final long stepInBase;

    /**
     * @param quoteDecimals decimals of the instrument's quote asset
     * @param baseDecimals  decimals of its base asset (base fees are booked at them)
     * @param capital       the strategy's capital, quote mantissa
     */
    StrategyBook(String strategyId, Instrument instrument, int instrumentIndex, int quoteDecimals, int baseDecimals,
                 long capital) {
        this.strategyId = strategyId;
        this.instrument = instrument;
        this.instrumentIndex = instrumentIndex;
        this.quoteAsset = instrument.quote();
        this.quoteDecimals = quoteDecimals;
        this.baseDecimals = baseDecimals;
        this.capital = capital;
        this.position = new PositionBook();
        long s = instrument.exactFilters(quoteDecimals).stepSize();
        this.step = s > 0 ? s : 1;
        this.stepInBase = FixedPoint.rescale(step, instrument.sizeDecimals(), baseDecimals, RoundingMode.UNNECESSARY);
    }

    /**
     * Books a fill; a round trip that it closes is added to {@code trips}.
     *
     * @return +1 if the position went from flat to open, -1 if from open to flat, else 0
     */
    int onFill(OrderFilled f, List<RoundTrip> trips) {
        long before = position.quantity();
        long t = f.eventTimeNs();
        if (before != 0) {
            inMarketNs += t - lastChangeNs;
        }
        lastChangeNs = t;
        long quoteFee = quoteAsset.equals(f.feeAsset()) ? f.fee() : 0;
        long baseFee = instrument.base().equals(f.feeAsset()) ? f.fee() : 0;
        long baseChange = FixedPoint.rescale(f.fillQuantity(), instrument.sizeDecimals(), baseDecimals,
                RoundingMode.UNNECESSARY);
        baseChange = (f.side() == Side.BUY ? baseChange : -baseChange) - baseFee;
        // the fee as counted in the statistics, in the quote asset: a base fee valued at the fill price, rounded up
        long fee = quoteFee + (baseFee == 0 ? 0 : FixedPoint.multiply(baseFee, baseDecimals, f.fillPrice(),
                instrument.priceDecimals(), quoteDecimals, RoundingMode.UP));
        fees += fee;
        long realizedBefore = position.realizedPnl();
        position.fill(f.side(), f.fillPrice(), f.fillQuantity(),
                PositionBook.cashOut(f.side(), f.quoteQuantity(), quoteFee), baseChange, step, stepInBase);
        long after = position.quantity();
        long q = f.fillQuantity();
        if (before == 0 && after == 0) {
            // a buy that its base fee left as dust below a step: no position, no round trip (its cost is realised)
        } else if (before == 0) {
            open(f, q, fee, t, realizedBefore);
        } else if ((before > 0) == (f.side() == Side.BUY)) {
            entryValue = entryValue.add(value(f.fillPrice(), q));
            entryQuantity += q;
            tripFees += fee;
        } else {
            long closed = Math.min(q, Math.abs(before));
            long closeFee = closed == q ? fee : fee * closed / q;
            exitValue = exitValue.add(value(f.fillPrice(), closed));
            exitQuantity += closed;
            tripFees += closeFee;
            if (after == 0 || (after > 0) != (before > 0)) {
                trips.add(new RoundTrip(strategyId, instrument.symbol(), quoteAsset, tripSide, tripEntryNs,
                        average(entryValue, entryQuantity), t, average(exitValue, exitQuantity),
                        FixedPoint.toBigDecimal(tripMaxQuantity, instrument.sizeDecimals()),
                        FixedPoint.toBigDecimal(position.realizedPnl() - tripRealizedBefore, quoteDecimals),
                        FixedPoint.toBigDecimal(tripFees, quoteDecimals)));
                tripOpen = false;
                if (after != 0) {
                    open(f, q - closed, fee - closeFee, t, position.realizedPnl());
                }
            }
        }
        tripMaxQuantity = Math.max(tripMaxQuantity, Math.abs(after));
        if (before == 0 && after != 0) {
            return 1;
        }
        return before != 0 && after == 0 ? -1 : 0;
    }

    private void open(OrderFilled f, long quantity, long fee, long t, long realizedBefore) {
        tripOpen = true;
        tripSide = f.side();
        tripEntryNs = t;
        entryValue = value(f.fillPrice(), quantity);
        entryQuantity = quantity;
        exitValue = BigDecimal.ZERO;
        exitQuantity = 0;
        tripFees = fee;
        tripRealizedBefore = realizedBefore;
        tripMaxQuantity = 0; // the position it opens, net of a base fee, is taken as the fill is booked
    }

    private BigDecimal value(long price, long quantity) {
        return FixedPoint.toBigDecimal(price, instrument.priceDecimals())
                .multiply(FixedPoint.toBigDecimal(quantity, instrument.sizeDecimals()));
    }

    private BigDecimal average(BigDecimal value, long quantity) {
        if (quantity == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal avg = value.divide(FixedPoint.toBigDecimal(quantity, instrument.sizeDecimals()),
                instrument.priceDecimals() + 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return avg.scale() < instrument.priceDecimals() ? avg.setScale(instrument.priceDecimals()) : avg;
    }

    /** @return true while a round trip is open */
    boolean inTrip() {
        return tripOpen;
    }

    /**
     * @param mark the instrument's mark price mantissa; 0 if none known (the position is then valued at cost)
     * @return P&amp;L so far, quote mantissa: realised plus the open position's value at the mark minus its cost
     */
    long pnl(long mark) {
        long q = position.quantity();
        if (q == 0) {
            return position.realizedPnl();
        }
        long value = mark <= 0 ? position.costBasis() : FixedPoint.multiply(q, instrument.sizeDecimals(), mark,
                instrument.priceDecimals(), quoteDecimals, RoundingMode.HALF_EVEN);
        return position.realizedPnl() + value - position.costBasis();
    }

    /**
     * @param mark the instrument's mark price mantissa; 0 if none known (the position is then valued at cost)
     * @return the open position's value at the mark minus its cost basis, quote mantissa; 0 when flat
     */
    long unrealizedPnl(long mark) {
        return pnl(mark) - position.realizedPnl();
    }

    /** @return P&amp;L of closed quantity net of fees, quote mantissa */
    long realizedPnl() {
        return position.realizedPnl();
    }

    /**
     * @param mark the instrument's mark price mantissa; 0 if none known
     * @return the position still open, valued at the mark, or null when flat
     */
    OpenPosition openPosition(long mark) {
        long q = position.quantity();
        if (q == 0) {
            return null;
        }
        return new OpenPosition(strategyId, instrument.symbol(), quoteAsset, q > 0 ? Side.BUY : Side.SELL,
                tripEntryNs, average(entryValue, entryQuantity),
                FixedPoint.toBigDecimal(Math.abs(q), instrument.sizeDecimals()),
                FixedPoint.toBigDecimal(Math.max(mark, 0), instrument.priceDecimals()),
                FixedPoint.toBigDecimal(unrealizedPnl(mark), quoteDecimals));
    }

    /** Time in the market up to {@code endNs}, counting a position still open. */
    long inMarketNs(long endNs) {
        return position.quantity() != 0 ? inMarketNs + Math.max(0, endNs - lastChangeNs) : inMarketNs;
    }

    /** Makes room for {@code n} equity samples up front, so that sampling never copies the curve. */
    void reserve(int n) {
        if (curve.length < n) {
            curve = Arrays.copyOf(curve, n);
        }
    }

    /** Stores equity sample {@code k}. */
    void sample(int k, long mark) {
        if (k >= curve.length) {
            curve = Arrays.copyOf(curve, Math.max(k + 1, curve.length * 2));
        }
        curve[k] = FixedPoint.toDouble(capital + pnl(mark), quoteDecimals);
    }
}
