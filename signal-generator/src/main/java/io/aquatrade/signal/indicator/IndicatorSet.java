package io.aquatrade.signal.indicator;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Instrument;

/**
 * The standard indicators of one instrument on one timeframe, as of its last closed bar: EMA 9, 20 and 200 and SMA 9
 * of closes, the session VWAP, ATR 14, the high-low range of the last {@value #RANGE_BARS} bars and the volume
 * sentiment. The bar's own VWAP and its buy/sell volume are in the {@link Bar} itself. Strategies that need other
 * periods keep their own indicator objects (see the {@code strategy} package).
 *
 * <p>The engine feeds it every accepted trade ({@link #onTrade}) or input bar ({@link #onInputBar}) and every closed
 * bar ({@link #onBar}) before the strategies see that bar, so a strategy reading it in {@code onBar} sees values that
 * include the bar. Closes enter the averages as doubles in quote units ({@link Instrument#priceToDouble}). With
 * {@code signal-generator.emptyBars: flat} (the default) an interval without trades reaches the indicators as a flat
 * bar (open = high = low = close = the previous close, volume 0), exactly as an exchange's chart and ta4j over its
 * klines see it: EMAs and SMAs take the repeated close, ATR a true range of 0 (the previous close equals the bar's
 * prices), the session VWAP nothing. With {@code skip} such an interval produces no bar and the indicators skip it.
 *
 * <p>Single-threaded; allocation-free after construction.
 */
public final class IndicatorSet {
    /** N of {@link #range()}. */
    public static final int RANGE_BARS = 5;
    /** n of {@link #atr14()}. */
    public static final int ATR_BARS = 14;

    private final Instrument instrument;
    private final long timeframeMs;
    private final Ema ema9 = new Ema(9);
    private final Ema ema20 = new Ema(20);
    private final Ema ema200 = new Ema(200);
    private final Sma sma9 = new Sma(9);
    private final SessionVwap sessionVwap;
    private final Atr atr14;
    private final HighLowRange range;
    private final VolumeSentiment sentiment = new VolumeSentiment();
    private long barCount;
    private long lastClose;
    private long lastOpenTimeNs = Long.MIN_VALUE;
    private long lastCloseTimeNs = Long.MIN_VALUE;

    /**
     * @param instrument  the instrument, for its price scale
     * @param timeframeMs the bars' timeframe, milliseconds
     */
    public IndicatorSet(Instrument instrument, long timeframeMs) {
        this.instrument = instrument;
        this.timeframeMs = timeframeMs;
        this.sessionVwap = new SessionVwap(instrument.priceDecimals());
        this.atr14 = new Atr(ATR_BARS, instrument.priceDecimals());
        this.range = new HighLowRange(RANGE_BARS, instrument.priceDecimals());
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
     * Feeds an accepted input bar (bar input instead of trades) to the trade-based indicators (session VWAP).
     *
     * @param in the input bar of a lower or equal timeframe; read only, not kept
     */
    public void onInputBar(Bar in) {
        sessionVwap.addBar(in.openTimeNs(), in.vwap(), in.volume());
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
        atr14.update(bar.high(), bar.low(), bar.close());
        range.update(bar.high(), bar.low());
        sentiment.update(bar.volume(), bar.buyVolume(), bar.sellVolume());
        lastClose = bar.close();
        lastOpenTimeNs = bar.openTimeNs();
        lastCloseTimeNs = bar.eventTimeNs();
        barCount++;
    }

    /**
     * Writes the standard indicator values as of the last {@link #onBar} into a bar about to be published: EMA 9, 20
     * and 200, SMA 9 and ATR 14 in quote units, each {@code NaN} while it warms up (see {@link Ema}, {@link Sma},
     * {@link Atr}). Call it right after {@code onBar(bar)} so the values include that bar. Allocation-free.
     *
     * @param bar the bar just given to {@link #onBar}; its indicator fields are overwritten
     */
    public void writeTo(Bar bar) {
        bar.ema9(ema9.value())
                .ema20(ema20.value())
                .ema200(ema200.value())
                .sma9(sma9.value())
                .atr14(atr14.value());
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

    /** @return close of the last closed bar, price mantissa; 0 before the first */
    public long lastClose() {
        return lastClose;
    }

    /** @return close of the last closed bar in quote units; {@code NaN} before the first */
    public double lastCloseValue() {
        return barCount == 0 ? Double.NaN : instrument.priceToDouble(lastClose);
    }

    /** @return open time of the last closed bar, UTC epoch ns; {@link Long#MIN_VALUE} before the first */
    public long lastOpenTimeNs() {
        return lastOpenTimeNs;
    }

    /** @return close time (event time) of the last closed bar, UTC epoch ns; {@link Long#MIN_VALUE} before the first */
    public long lastCloseTimeNs() {
        return lastCloseTimeNs;
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

    /**
     * @param length 9, 20 or 200
     * @return that EMA of closes
     * @throws IllegalArgumentException for another length
     */
    public Ema ema(int length) {
        return switch (length) {
            case 9 -> ema9;
            case 20 -> ema20;
            case 200 -> ema200;
            default -> throw new IllegalArgumentException("the indicator set has EMA 9, 20 and 200, not " + length);
        };
    }

    /** @return SMA 9 of closes */
    public Sma sma9() {
        return sma9;
    }

    /** @return session VWAP anchored to the UTC day, as of the last bar close */
    public SessionVwap sessionVwap() {
        return sessionVwap;
    }

    /** @return ATR 14 (Wilder) */
    public Atr atr14() {
        return atr14;
    }

    /** @return the high-low range of the last {@value #RANGE_BARS} bars (and of the ones before the current) */
    public HighLowRange range() {
        return range;
    }

    /** @return the volume sentiment of the last bar */
    public VolumeSentiment sentiment() {
        return sentiment;
    }
}
