package io.aquatrade.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Position;
import org.ta4j.core.Strategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeExecutionModel;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;
import org.ta4j.core.backtest.TradeOnNextOpenModel;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;

/**
 * The EMA-cross rule run by ta4j 0.17, the reference the benchmark command times Aquatrade's backtest against:
 * {@code CrossedUpIndicatorRule(ema(fast), ema(slow))} enters long, {@code CrossedDownIndicatorRule(ema(fast),
 * ema(slow))} exits, both EMAs ({@link EMAIndicator}, seeded with the first close) of {@link ClosePriceIndicator},
 * run by {@link BarSeriesManager#run(Strategy)} on a long-only {@link TradingRecord} with no costs
 * (ta4j's default zero cost model).
 *
 * <p>A cross (ta4j's {@code CrossIndicator}): at bar {@code i} the fast EMA is above (below) the slow one, and at the
 * last earlier bar where they were not equal it was below (above). The strategy does not act on bars before
 * {@code unstableBars} ({@link BaseStrategy#setUnstableBars}).
 */
public final class Ta4jEmaCross {
    /** ta4j's number type for the series and indicators. */
    public enum NumType {
        /** {@link DoubleNum}: IEEE doubles, like Aquatrade's indicators. */
        DOUBLE,
        /** {@link DecimalNum}: ta4j's default, BigDecimal with 32 significant digits. */
        DECIMAL
    }

    /** When ta4j fills an order the strategy decided at a bar's close. */
    public enum Fill {
        /** {@link TradeOnCurrentCloseModel}: at the close of the bar that decided it. */
        CLOSE,
        /** {@link TradeOnNextOpenModel} (ta4j's default): at the open of the next bar. */
        NEXT_OPEN
    }

    /**
     * What one run produced.
     *
     * @param symbol     the instrument
     * @param positions  closed positions (round trips); an open position at the end is not counted
     * @param entryTimes open times (UTC epoch ms) of the bars whose close decided each entry, in order, including an
     *                   entry still open at the end
     * @param exitTimes  open times of the bars whose close decided each exit, in order
     */
    public record Result(String symbol, int positions, List<Long> entryTimes, List<Long> exitTimes) {
    }

    private Ta4jEmaCross() {
    }

    /**
     * Builds a ta4j series of an instrument's bars (outside the timed part: it is ta4j's in-memory history, as
     * {@code MarketHistory} is Aquatrade's).
     *
     * @param bars      the bars
     * @param include   which rows (by index) go in, e.g. {@code i -> bars.volume(i) != 0} to leave out volume-0 bars
     *                  as Aquatrade's backtest does
     * @param num       the number type
     * @param timeframe the bars' length
     * @return the series; each ta4j bar ends at {@code open time + timeframe}
     */
    public static BarSeries series(HistoricalBars bars, IntPredicate include, NumType num, Duration timeframe) {
        BarSeries series = new BaseBarSeriesBuilder()
                .withName(bars.instrument().symbol())
                .withNumTypeOf(num == NumType.DOUBLE ? DoubleNum.class : DecimalNum.class)
                .build();
        Instrument instrument = bars.instrument();
        for (int i = 0; i < bars.size(); i++) {
            if (!include.test(i)) {
                continue;
            }
            ZonedDateTime end = Instant.ofEpochMilli(bars.openTimeMs(i)).plus(timeframe).atZone(ZoneOffset.UTC);
            series.addBar(timeframe, end, price(series, bars.open(i), instrument),
                    price(series, bars.high(i), instrument), price(series, bars.low(i), instrument),
                    price(series, bars.close(i), instrument),
                    num(series, bars.volume(i), instrument.sizeDecimals()));
        }
        return series;
    }

    private static Num price(BarSeries series, long mantissa, Instrument instrument) {
        return num(series, mantissa, instrument.priceDecimals());
    }

    private static Num num(BarSeries series, long mantissa, int decimals) {
        if (series.num() instanceof DoubleNum) {
            // the same double Aquatrade's indicators take (Instrument.priceToDouble)
            return series.numOf(FixedPoint.toDouble(mantissa, decimals));
        }
        return series.numOf(FixedPoint.toBigDecimal(mantissa, decimals));
    }

    /**
     * Builds the strategy on a series (fresh indicators, so no cached values carry over between runs).
     *
     * @param series       the bars
     * @param fast         fast EMA length, bars, &gt;= 1
     * @param slow         slow EMA length, bars, &gt; fast
     * @param unstableBars bars at the start where the strategy does not act, &gt;= 0
     * @return the strategy
     */
    public static Strategy strategy(BarSeries series, int fast, int slow, int unstableBars) {
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        EMAIndicator fastEma = new EMAIndicator(close, fast);
        EMAIndicator slowEma = new EMAIndicator(close, slow);
        return new BaseStrategy(String.format(Locale.ROOT, "ema-cross %d/%d", fast, slow),
                new CrossedUpIndicatorRule(fastEma, slowEma), new CrossedDownIndicatorRule(fastEma, slowEma),
                unstableBars);
    }

    /**
     * Runs the strategy over the whole series.
     *
     * @param series       the bars (from {@link #series})
     * @param fast         fast EMA length, bars
     * @param slow         slow EMA length, bars
     * @param unstableBars bars at the start where the strategy does not act
     * @param fill         the execution model
     * @return the trading record
     */
    public static TradingRecord run(BarSeries series, int fast, int slow, int unstableBars, Fill fill) {
        TradeExecutionModel model = fill == Fill.CLOSE ? new TradeOnCurrentCloseModel() : new TradeOnNextOpenModel();
        return new BarSeriesManager(series, model).run(strategy(series, fast, slow, unstableBars));
    }

    /**
     * Summarises a trading record.
     *
     * @param series    the series it ran on
     * @param record    its trading record
     * @param fill      the execution model it ran with (a next-open fill is decided one bar earlier)
     * @return closed positions and the decision bars' open times
     */
    public static Result summarise(BarSeries series, TradingRecord record, Fill fill) {
        int shift = fill == Fill.NEXT_OPEN ? 1 : 0;
        List<Long> entries = new ArrayList<>();
        List<Long> exits = new ArrayList<>();
        for (Position p : record.getPositions()) {
            entries.add(openTimeMs(series, p.getEntry().getIndex() - shift));
            exits.add(openTimeMs(series, p.getExit().getIndex() - shift));
        }
        Position current = record.getCurrentPosition();
        if (current != null && current.isOpened()) {
            entries.add(openTimeMs(series, current.getEntry().getIndex() - shift));
        }
        return new Result(series.getName(), record.getPositionCount(), entries, exits);
    }

    private static long openTimeMs(BarSeries series, int index) {
        return series.getBar(index).getBeginTime().toInstant().toEpochMilli();
    }
}
