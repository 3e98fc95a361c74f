package io.aquatrade.notifier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.PositionUpdate;

/**
 * The daily summary per strategy of a UTC day, from the {@code executions} topic: the router's fills
 * ({@link OrderFilled}) and the position it booked after each ({@link PositionUpdate}, the one book of account,
 * {@code PositionBook}), each in the UTC day of its event time.
 * <ul>
 *   <li><b>realised P&amp;L</b> (field {@code realised}): realised P&amp;L net of fees made in the day, per quote
 *       asset: the sum over the strategy's instruments of the change of {@link PositionUpdate#realizedPnl()} across
 *       the day's updates (positions still open are not marked: the notifier keeps no prices). Not status's "P&amp;L
 *       today", which also counts the change of unrealised P&amp;L over the day;</li>
 *   <li><b>fills</b>: the day's {@link OrderFilled} messages; <b>round trips</b>: positions closed in the day (an
 *       update taking the quantity to 0, or across 0), a <b>win</b> one whose realised P&amp;L since the position
 *       was last flat is &gt; 0; <b>win rate</b> = wins / round trips, percent, 1 decimal, half-even;</li>
 *   <li><b>fees</b>: the sum of the day's fill fees, per fee asset;</li>
 *   <li><b>max drawdown</b>: the largest fall of the day's cumulative realised P&amp;L (starting at 0 at 00:00 UTC)
 *       from its running peak, per quote asset, &gt;= 0.</li>
 * </ul>
 * Money is exact: sums of mantissas ({@link Math#addExact}), shown as plain decimals (BigDecimal) at the edge.
 *
 * <p>Not thread-safe: the agent thread's. Memory: the open days (each summarised day is dropped) and one entry per
 * strategy and instrument.
 */
final class DailySummary {
    /** Nanoseconds per UTC day. */
    static final long DAY_NS = 86_400_000_000_000L;

    private final AquatradeConfig config;
    /** Per "strategy instrument": the last realised P&L seen (quote mantissa), the last quantity, and at last flat. */
    private final Map<String, long[]> books = new HashMap<>();
    private final NavigableMap<Long, Map<String, StrategyDay>> days = new TreeMap<>();

    DailySummary(AquatradeConfig config) {
        this.config = config;
    }

    /** @return the UTC epoch day of an event time */
    static long day(long eventTimeNs) {
        return Math.floorDiv(eventTimeNs, DAY_NS);
    }

    /** Counts a fill and its fee in its day. */
    void fill(OrderFilled f) {
        StrategyDay d = strategyDay(day(f.eventTimeNs()), f.strategyId());
        d.fills++;
        if (f.fee() > 0) {
            d.fees.merge(f.feeAsset(), f.fee(), Math::addExact);
        }
    }

    /** Books the change of realised P&amp;L of a position update in its day, and a round trip when it closes. */
    void position(PositionUpdate p) {
        Instrument instrument = config.instruments().get(p.instrument());
        if (instrument == null) {
            return;
        }
        String key = p.strategyId() + ' ' + p.instrument();
        long[] book = books.computeIfAbsent(key, k -> new long[3]); // realised, quantity, realised at last flat
        long delta = Math.subtractExact(p.realizedPnl(), book[0]);
        StrategyDay d = strategyDay(day(p.eventTimeNs()), p.strategyId());
        d.curve(instrument.quote()).add(delta);
        boolean closed = book[1] != 0 && (p.quantity() == 0 || Long.signum(p.quantity()) != Long.signum(book[1]));
        if (closed) {
            d.roundTrips++;
            if (p.realizedPnl() - book[2] > 0) {
                d.wins++;
            }
            book[2] = p.realizedPnl();
        } else if (book[1] == 0) {
            book[2] = book[0];
        }
        book[0] = p.realizedPnl();
        book[1] = p.quantity();
    }

    private StrategyDay strategyDay(long day, String strategy) {
        return days.computeIfAbsent(day, k -> new LinkedHashMap<>())
                .computeIfAbsent(strategy == null ? "-" : strategy, k -> new StrategyDay());
    }

    /** @return the earliest day with activity not yet summarised, or null */
    Long firstOpenDay() {
        return days.isEmpty() ? null : days.firstKey();
    }

    /**
     * Summarises a day and forgets it.
     *
     * @param epochDay the UTC epoch day
     * @return the summary: text (one line per strategy) and facts
     */
    Summary close(long epochDay) {
        Map<String, StrategyDay> day = days.remove(epochDay);
        String date = LocalDate.ofEpochDay(epochDay).toString();
        StringBuilder text = new StringBuilder("daily summary " + date + " (UTC)");
        Map<String, Object> strategies = new LinkedHashMap<>();
        if (day == null || day.isEmpty()) {
            text.append(": no fills");
        } else {
            for (Map.Entry<String, StrategyDay> e : day.entrySet()) {
                StrategyDay s = e.getValue();
                Map<String, Object> facts = new LinkedHashMap<>();
                Map<String, String> pnl = new LinkedHashMap<>();
                Map<String, String> dd = new LinkedHashMap<>();
                s.curves.forEach((asset, c) -> {
                    pnl.put(asset, amount(asset, c.pnl));
                    dd.put(asset, amount(asset, c.maxDrawdown));
                });
                Map<String, String> fees = new LinkedHashMap<>();
                s.fees.forEach((asset, fee) -> fees.put(asset, amount(asset, fee)));
                String winRate = s.roundTrips == 0 ? null : BigDecimal.valueOf(s.wins).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(s.roundTrips), 1, RoundingMode.HALF_EVEN).toPlainString();
                facts.put("realised", pnl);
                facts.put("fills", s.fills);
                facts.put("roundTrips", s.roundTrips);
                facts.put("wins", s.wins);
                facts.put("winRatePct", winRate);
                facts.put("fees", fees);
                facts.put("maxDrawdown", dd);
                strategies.put(e.getKey(), facts);
                text.append('\n').append(e.getKey()).append(": realised P&L ").append(join(pnl)).append(", fills ")
                        .append(s.fills).append(", round trips ").append(s.roundTrips).append(", win rate ")
                        .append(winRate == null ? "n/a" : winRate + "% (" + s.wins + "/" + s.roundTrips + ")")
                        .append(", fees ").append(fees.isEmpty() ? "0" : join(fees)).append(", max drawdown ")
                        .append(dd.isEmpty() ? "0" : join(dd));
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("day", date);
        fields.put("strategies", strategies);
        return new Summary(date, text.toString(), fields);
    }

    private String amount(String asset, long mantissa) {
        return FixedPoint.toBigDecimal(mantissa, config.assetDecimals(asset)).toPlainString();
    }

    private static String join(Map<String, String> byAsset) {
        StringBuilder b = new StringBuilder();
        byAsset.forEach((asset, v) -> b.append(b.length() == 0 ? "" : ", ").append(v).append(' ').append(asset));
        return b.toString();
    }

    /**
     * One day's summary.
     *
     * @param date   ISO date, UTC
     * @param text   for humans
     * @param fields for machines: {@code day}, {@code strategies: {id: {pnl, fills, roundTrips, wins, winRatePct,
     *               fees, maxDrawdown}}}, amounts as exact decimal strings per asset
     */
    record Summary(String date, String text, Map<String, Object> fields) {
    }

    /** One strategy's day. */
    private static final class StrategyDay {
        long fills;
        long roundTrips;
        long wins;
        final Map<String, Long> fees = new LinkedHashMap<>();
        final Map<String, Curve> curves = new LinkedHashMap<>();

        Curve curve(String asset) {
            return curves.computeIfAbsent(asset, a -> new Curve());
        }
    }

    /** The day's cumulative realised P&amp;L in one asset, its running peak and largest fall from it (mantissas). */
    private static final class Curve {
        long pnl;
        long peak;
        long maxDrawdown;

        void add(long delta) {
            pnl = Math.addExact(pnl, delta);
            peak = Math.max(peak, pnl);
            maxDrawdown = Math.max(maxDrawdown, Math.subtractExact(peak, pnl));
        }
    }
}
