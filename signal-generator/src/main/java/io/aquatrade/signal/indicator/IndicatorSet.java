package io.aquatrade.signal.indicator;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Instrument;

/**
 * The indicators of one instrument on one timeframe, as of its last closed bar: EMA 9, 20 and 200 and SMA 9 of
 * closes, and the session VWAP. The bar's own VWAP and its buy/sell volume are in the {@link Bar} itself.
 *
 * <p>The engine feeds it every accepted trade ({@link #onTrade}) and every closed bar ({@link #onBar}) before the
 * strategies see that bar, so a strategy reading it in {@code onBar} sees values that include the bar. Closes enter
 * the averages as doubles in quote units ({@link Instrument#priceToDouble}). Indicators only ever see bars that had
 * trades: an interval without trades produces no bar and is skipped, not filled with a flat bar.
 *
 * <p>Single-threaded; allocation-free after construction.
 */
public final class IndicatorSet {
    private final Instrument instrument;
    private final long timeframeMs;
    private final Ema ema9 = new Ema(9);
    private final Ema ema20 = new Ema(20);
    private final Ema ema200 = new Ema(200);
    private final Sma sma9 = new Sma(9);
    private final SessionVwap sessionVwap;
    private long barCount;

    /**
     * @param instrument  the instrument, for its price scale
     * @param timeframeMs the bars' timeframe, milliseconds
     */
    public IndicatorSet(Instrument instrument, long timeframeMs) {
        this.instrument = instrument;
        this.timeframeMs = timeframeMs;
        this.sessionVwap = new SessionVwap(instrument.priceDecimals());
    }

    /**
     * Feeds an accepted trade to the trade-based indicators (session VWAP).
     *
     * @param eventTimeNs trade time, UTC epoch ns
     * @param price       price mantissa
     * @param quantity    quantity mantissa
     */
    public void onTrade(long eventTimeNs, long price, long quantity) {
        sessionVwap.addTrade(eventTimeNs, price, quantity);
    }

    /**
     * Updates every indicator with a closed bar of this instrument and timeframe.
     *
     * @param bar the closed bar; read only, not kept
     */
    public void onBar(Bar bar) {
        double close = instrument.priceToDouble(bar.close());
        ema9.update(close);
        ema20.update(close);
        ema200.update(close);
        sma9.update(close);
        sessionVwap.onBarClose(bar.eventTimeNs());
        barCount++;
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return the timeframe, milliseconds */
    public long timeframeMs() {
        return timeframeMs;
    }

    /** @return closed bars seen */
    public long barCount() {
        return barCount;
    }

    /** @return EMA 9 of closes */
    public Ema ema9() {
        return ema9;
    }

    /** @return EMA 20 of closes */
    public Ema ema20() {
        return ema20;
    }

    /** @return EMA 200 of closes */
    public Ema ema200() {
        return ema200;
    }

    /** @return SMA 9 of closes */
    public Sma sma9() {
        return sma9;
    }

    /** @return session VWAP anchored to the UTC day, as of the last bar close */
    public SessionVwap sessionVwap() {
        return sessionVwap;
    }
}
