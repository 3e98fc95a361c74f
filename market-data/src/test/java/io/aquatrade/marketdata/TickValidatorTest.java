package io.aquatrade.marketdata;

import static io.aquatrade.marketdata.TickValidator.Outcome.ACCEPT;
import static io.aquatrade.marketdata.TickValidator.Outcome.DROP_HELD_THEN_ACCEPT;
import static io.aquatrade.marketdata.TickValidator.Outcome.DROP_HELD_THEN_HOLD;
import static io.aquatrade.marketdata.TickValidator.Outcome.HOLD;
import static io.aquatrade.marketdata.TickValidator.Outcome.REJECT;
import static io.aquatrade.marketdata.TickValidator.Outcome.RELEASE_HELD_THEN_ACCEPT;
import static io.aquatrade.marketdata.TickValidator.Outcome.RELEASE_HELD_THEN_HOLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.aquatrade.common.Instrument;
import io.aquatrade.marketdata.TickValidator.Limits;
import io.aquatrade.marketdata.TickValidator.Reason;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of {@link TickValidator}, on the first real BTCUSDT trade of the 2024-08-08 capture (61837.63,
 * 0.02 BTC, trade time 1723161255342 ms, received 1.25 s earlier by the recorder's clock) and hand-worked limits.
 */
class TickValidatorTest {
    /** BTCUSDT with Binance's tick and lot (2 and 5 decimals) and its LOT_SIZE maxQty of 9000 BTC. */
    private static final Instrument BTC = new Instrument("BTCUSDT", "BTC", "USDT", 2, 5, 9000_00000L);
    private static final Instrument ETH = new Instrument("ETHUSDT", "ETH", "USDT", 2, 4);
    private static final long P = 61837_63;
    private static final long Q = 2000;
    private static final long T = 1_723_161_255_342_000_000L;
    private static final long R = 1_723_161_254_087_896_568L;
    private static final long S = 1_000_000_000L;
    private static final TickValidator.Where HERE = () -> "test";

    private final TickValidator v = new TickValidator("test", List.of(BTC, ETH), Limits.DEFAULT);

    private TickValidator.Outcome trade(long price, long quantity, long id, long eventNs, long receivedNs) {
        return v.trade(v.indexOf(BTC), price, quantity, id, eventNs, receivedNs, HERE);
    }

    private TickValidator.Outcome quote(long bid, long bidSize, long ask, long askSize, long eventNs) {
        return v.quote(v.indexOf(BTC), bid, bidSize, ask, askSize, eventNs, eventNs, HERE);
    }

    @Test
    void acceptsRealTicks() {
        assertThat(trade(P, Q, 3735683259L, T, R)).isEqualTo(ACCEPT);
        assertThat(quote(P, 378826, P + 1, 154698, R)).isEqualTo(ACCEPT);
        assertThat(v.rejectedCount()).isZero();
        assertThat(v.summary()).isEqualTo("none");
    }

    @Test
    void rejectsZeroAndNegativeValues() {
        assertThat(trade(0, Q, 1, T, R)).isEqualTo(REJECT);
        assertThat(trade(P, -Q, 2, T, R)).isEqualTo(REJECT);
        assertThat(quote(P, 0, P + 1, 1, R)).isEqualTo(REJECT);
        assertThat(quote(0, 1, P + 1, 1, R)).isEqualTo(REJECT);
        assertThat(v.rejectedCount(Reason.NOT_POSITIVE)).isEqualTo(4);
    }

    @Test
    void rejectsAQuantityAboveTheInstrumentsMaximum() {
        assertThat(trade(P, 9000_00000L, 1, T, R)).isEqualTo(ACCEPT);
        assertThat(trade(P, 9000_00001L, 2, T, R)).isEqualTo(REJECT);
        assertThat(trade(P, 1_000_000_00000L, 3, T, R)).isEqualTo(REJECT); // 1,000,000 BTC
        assertThat(v.rejectedCount(Reason.ABOVE_MAX_QUANTITY)).isEqualTo(2);
        // Without a configured maximum: Long.MAX_VALUE / 1,000,000, so a million such trades still sum.
        assertThat(new Instrument("BTCUSDT", "BTC", "USDT", 2, 5).maxQuantity()).isEqualTo(9_223_372_036_854L);
    }

    @Test
    void rejectsANotionalThatDoesNotFitALongAtThePriceScale() {
        Instrument unbounded = new Instrument("BTCUSDT", "BTC", "USDT", 2, 5, Long.MAX_VALUE);
        TickValidator w = new TickValidator("test", List.of(unbounded), new Limits(5000, 0));
        // 1000.00 x 92233720368547.75807: notional 92233720368547758.07 USDT, mantissa Long.MAX_VALUE exactly.
        assertThat(w.trade(w.indexOf(unbounded), 1000_00, Long.MAX_VALUE, 1, T, R, HERE)).isEqualTo(ACCEPT);
        // 1000.01 x the same quantity: one cent more per BTC, beyond a long.
        assertThat(w.trade(w.indexOf(unbounded), 1000_01, Long.MAX_VALUE, 2, T, R, HERE)).isEqualTo(REJECT);
        assertThat(w.quote(w.indexOf(unbounded), 1000_00, 1, 1000_01, Long.MAX_VALUE, R, R, HERE)).isEqualTo(REJECT);
        assertThat(w.rejectedCount(Reason.NOTIONAL_OVERFLOW)).isEqualTo(2);
    }

    @Test
    void rejectsCrossedAndLockedQuotes() {
        assertThat(quote(99999_99, 1, 1_00, 1, R)).isEqualTo(REJECT);
        assertThat(quote(P, 1, P, 1, R)).isEqualTo(REJECT);
        assertThat(v.rejectedCount(Reason.CROSSED_QUOTE)).isEqualTo(2);
    }

    @Test
    void rejectsATimeFurtherThanTheSkewFromItsReceiveTime() {
        long skew = 5000 * 1_000_000L;
        assertThat(trade(P, Q, 1, R + skew, R)).isEqualTo(ACCEPT);
        assertThat(trade(P, Q, 2, R - skew, R)).isEqualTo(ACCEPT);
        assertThat(trade(P, Q, 3, R + skew + 1, R)).isEqualTo(REJECT);
        assertThat(trade(P, Q, 4, 4_102_444_800_000_000_000L, R)).isEqualTo(REJECT); // 2100-01-01
        assertThat(v.rejectedCount(Reason.CLOCK_SKEW)).isEqualTo(2);
        assertThat(trade(P, Q, 5, 1_000_000L, R)).isEqualTo(REJECT); // 1970-01-01T00:00:00.001
        assertThat(trade(P, Q, 6, 0, 0)).isEqualTo(REJECT);
        assertThat(v.rejectedCount(Reason.TIME_IMPLAUSIBLE)).isEqualTo(2);
    }

    @Test
    void withoutReceiveTimesALeapIsHeldUntilTheNextTickAndATimeBelowTheWatermarkRejected() {
        // The first tick has no watermark to compare with: held, and confirmed by the next.
        assertThat(trade(P, Q, 1, T, 0)).isEqualTo(HOLD);
        assertThat(trade(P, Q, 2, T + S, 0)).isEqualTo(RELEASE_HELD_THEN_ACCEPT);
        // More than 5 s below the watermark (T + 1 s): rejected; 5 s below: accepted.
        assertThat(trade(P, Q, 3, T + S - 5 * S - 1, 0)).isEqualTo(REJECT);
        assertThat(trade(P, Q, 4, T + S - 5 * S, 0)).isEqualTo(ACCEPT);
        assertThat(v.rejectedCount(Reason.TIME_BACKWARDS)).isEqualTo(1);
        // One trade in 2100: held, then contradicted by the next real one and dropped; the clock never moved.
        assertThat(trade(P, Q, 5, 4_102_444_800_000_000_000L, 0)).isEqualTo(HOLD);
        assertThat(trade(P, Q, 6, T + 2 * S, 0)).isEqualTo(DROP_HELD_THEN_ACCEPT);
        assertThat(v.rejectedCount(Reason.TIME_LEAP)).isEqualTo(1);
        assertThat(trade(P, Q, 7, T + 3 * S, 0)).isEqualTo(ACCEPT);
        // A quiet market: 8 minutes without a trade, then two trades; each leap is confirmed by the next tick.
        assertThat(trade(P, Q, 8, T + 483 * S, 0)).isEqualTo(HOLD);
        assertThat(trade(P, Q, 9, T + 700 * S, 0)).isEqualTo(RELEASE_HELD_THEN_HOLD);
        assertThat(trade(P, Q, 10, T + 701 * S, 0)).isEqualTo(RELEASE_HELD_THEN_ACCEPT);
        // A leap at the end of the stream: nothing contradicts it, so it is published.
        assertThat(trade(P, Q, 11, T + 800 * S, 0)).isEqualTo(HOLD);
        assertThat(v.endOfStream(v.indexOf(BTC))).isTrue();
        assertThat(v.holds(v.indexOf(BTC))).isFalse();
        assertThat(v.rejectedCount()).isEqualTo(2);
    }

    @Test
    void rejectsATradeIdSeenWithinTheWindowPerInstrument() {
        assertThat(trade(P, Q, 42, T, R)).isEqualTo(ACCEPT);
        assertThat(trade(P, Q, 42, T, R)).isEqualTo(REJECT);
        assertThat(v.trade(v.indexOf(ETH), 2683_80, 1_0000, 42, T, R, HERE)).isEqualTo(ACCEPT); // another instrument
        for (long id = 1000; id < 1000 + TickValidator.TRADE_ID_WINDOW; id++) {
            assertThat(trade(P, Q, id, T, R)).isEqualTo(ACCEPT);
        }
        assertThat(trade(P, Q, 42, T, R)).as("forgotten after %d later ids", TickValidator.TRADE_ID_WINDOW)
                .isEqualTo(ACCEPT);
        assertThat(v.rejectedCount(Reason.DUPLICATE_TRADE_ID)).isEqualTo(1);
    }

    @Test
    void rejectsANegativeTradeIdWhichWouldOtherwiseMatchAQuotesMissingId() {
        assertThat(trade(P, Q, 0, T, R)).isEqualTo(ACCEPT);
        assertThat(trade(P, Q, -1, T, R)).isEqualTo(REJECT);
        assertThat(trade(P, Q, -3735683259L, T, R)).isEqualTo(REJECT);
        // Long.MIN_VALUE is the validator's "no id" of a quote: as a trade id it must not pass either.
        assertThat(trade(P, Q, Long.MIN_VALUE, T, R)).isEqualTo(REJECT);
        assertThat(trade(P, Q, Long.MIN_VALUE, T, R)).isEqualTo(REJECT);
        assertThat(v.rejectedCount(Reason.NEGATIVE_TRADE_ID)).isEqualTo(4);
        assertThat(v.rejectedCount()).isEqualTo(4);
        assertThat(v.summary()).isEqualTo("negative-trade-id=4");
    }

    @Test
    void holdsAPriceJumpUntilTheNextTickConfirmsItElseDropsIt() {
        assertThat(trade(P, Q, 1, T, R)).isEqualTo(ACCEPT);
        // 10 % of 61837.63 is 6183.763: 68021.39 is within, 68021.40 beyond (hand-worked: 618376 vs 618377 cents).
        assertThat(trade(68021_39, Q, 2, T, R)).isEqualTo(ACCEPT);
        assertThat(trade(P, Q, 3, T, R)).isEqualTo(ACCEPT);
        assertThat(trade(68021_40, Q, 4, T, R)).isEqualTo(HOLD);
        // A duplicate of the held trade's id is rejected, and decides nothing.
        assertThat(trade(68021_40, Q, 4, T, R)).isEqualTo(REJECT);
        // Confirmation is judged from the held tick: 61837.63 is within 10 % of 68021.40, so both are published.
        assertThat(trade(P, Q, 5, T, R)).isEqualTo(RELEASE_HELD_THEN_ACCEPT);
        // 9,999,999,999.99 and 0.01 beside 61,837.63: both dropped.
        assertThat(trade(9_999_999_999_99L, Q, 6, T, R)).isEqualTo(HOLD);
        assertThat(trade(1, Q, 7, T, R)).isEqualTo(DROP_HELD_THEN_HOLD);
        // A quote bid 0.01 / ask 1.00 is no confirmation of 0.01 (its ask is 100x) and itself jumps.
        assertThat(quote(1, 1, 1_00, 1, R)).isEqualTo(DROP_HELD_THEN_HOLD);
        assertThat(quote(P, 1, P + 1, 1, R)).isEqualTo(DROP_HELD_THEN_ACCEPT);
        assertThat(v.rejectedCount(Reason.PRICE_JUMP)).isEqualTo(3);
        // A real move of 20 %: held for one tick, then confirmed by the next and both published.
        assertThat(trade(74205_16, Q, 8, T, R)).isEqualTo(HOLD);
        assertThat(quote(74205_00, 1, 74205_01, 1, R)).isEqualTo(RELEASE_HELD_THEN_ACCEPT);
        assertThat(trade(74205_16, Q, 9, T, R)).isEqualTo(ACCEPT);
        // Held for its price at the end of the stream: dropped.
        assertThat(trade(P, Q, 10, T, R)).isEqualTo(HOLD);
        assertThat(v.endOfStream(v.indexOf(BTC))).isFalse();
        assertThat(v.rejectedCount(Reason.PRICE_JUMP)).isEqualTo(4);
        assertThat(v.rejectedCount(Reason.DUPLICATE_TRADE_ID)).isEqualTo(1);
    }

    @Test
    void aJumpLimitOfZeroTurnsTheCheckOff() {
        TickValidator w = new TickValidator("test", List.of(BTC), new Limits(5000, 0));
        assertThat(w.trade(w.indexOf(BTC), P, Q, 1, T, R, HERE)).isEqualTo(ACCEPT);
        assertThat(w.trade(w.indexOf(BTC), 1, Q, 2, T, R, HERE)).isEqualTo(ACCEPT);
    }

    @Test
    void countsParseFailuresByReasonAndSummarisesThem() {
        v.reject(Reason.DUPLICATE_KEY, HERE, "key 'p' given twice");
        v.reject(Reason.SYNTAX, HERE, "truncated");
        v.reject(Reason.SYNTAX, HERE, "garbage");
        assertThat(v.rejectedCount(Reason.SYNTAX)).isEqualTo(2);
        assertThat(v.rejectedCount()).isEqualTo(3);
        assertThat(v.summary()).isEqualTo("syntax=2 duplicate-key=1");
    }

    /** Every text FixedPoint refuses, classified from the text; the expected reasons are hand-worked. */
    @Test
    void classifiesDecimalsThatDoNotParseByTheirText() {
        assertThat(reasonOf("NaN", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("Infinity", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("-Infinity", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("1e5", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("+61800", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("1.2.3", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("-", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf(".", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("", 2)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("0.02a", 8)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(reasonOf("61837.635", 2)).isEqualTo(Reason.TOO_MANY_DECIMALS);
        assertThat(reasonOf("0.000000001", 8)).isEqualTo(Reason.TOO_MANY_DECIMALS);
        assertThat(reasonOf("92233720368547.75808", 5)).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reasonOf("-92233720368547.75809", 5)).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reasonOf("99999999999999999999", 0)).isEqualTo(Reason.OUT_OF_RANGE);
        // A region of a longer text, as a CSV column is read.
        assertThat(Reason.ofDecimal("7,61837.635,1", 2, 11, 2, false)).isEqualTo(Reason.TOO_MANY_DECIMALS);
        // Exponent forms, where the parse takes them (trade lists): 1 or 2 exponent digits.
        assertThat(Reason.ofDecimal("1.5e-9", 0, 6, 8, true)).isEqualTo(Reason.TOO_MANY_DECIMALS);
        assertThat(Reason.ofDecimal("1e99", 0, 4, 8, true)).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(Reason.ofDecimal("1e999", 0, 5, 8, true)).isEqualTo(Reason.NOT_A_NUMBER);
        assertThat(Reason.ofDecimal("1e5x", 0, 4, 8, true)).isEqualTo(Reason.NOT_A_NUMBER);
    }

    /** @return the reason for a text FixedPoint.parse refuses (checked: it must refuse it) */
    private static Reason reasonOf(String text, int decimals) {
        try {
            io.aquatrade.common.FixedPoint.parse(text, decimals);
            throw new AssertionError(text + " parsed");
        } catch (NumberFormatException e) {
            return Reason.ofDecimal(text, 0, text.length(), decimals, false);
        }
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new Limits(0, 1000)).hasMessageContaining("maxClockSkewMs");
        assertThatThrownBy(() -> new Limits(5000, -1)).hasMessageContaining("maxJumpBps");
        assertThatThrownBy(() -> v.indexOf(new Instrument("XRPETH", "XRP", "ETH", 8, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptingATickAllocatesNothing() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) threads;
        long thread = Thread.currentThread().getId();
        long id = 0;
        for (int i = 0; i < 50_000; i++) { // warm up: the trade id window is made on the first trade
            assertThat(trade(P + i % 100, Q, id++, T, R)).isEqualTo(ACCEPT);
            assertThat(quote(P, 1, P + 1, 1, R)).isEqualTo(ACCEPT);
        }
        long before = hotspot.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            if (trade(P + i % 100, Q, id++, T, R) != ACCEPT || quote(P, 1, P + 1, 1, R) != ACCEPT) {
                throw new AssertionError("not accepted at " + i);
            }
        }
        long allocated = hotspot.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by 200,000 accepted ticks").isLessThan(1024);
    }

    @Test
    void rejectingOrDroppingATickAfterTheLoggedOnesAllocatesNothing() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) threads;
        long thread = Thread.currentThread().getId();
        assertThat(trade(P, Q, 1, T, R)).isEqualTo(ACCEPT);
        long skew = 5000 * 1_000_000L;
        // Past the logged ones of each reason (their log lines are built, later ones only counted), and warm.
        int warmUp = 20_000;
        for (int i = 0; i < warmUp; i++) {
            rejectEachReasonOnce(skew);
        }
        long before = hotspot.getThreadAllocatedBytes(thread);
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            rejectEachReasonOnce(skew);
        }
        long allocated = hotspot.getThreadAllocatedBytes(thread) - before;
        // Not one object per tick (16 bytes at least; building the log texts took 624 bytes a tick): less than a byte
        // per 6 ticks leaves room for the JIT's and the bean's own few allocations.
        assertThat(allocated).as("bytes allocated by %d rejected and dropped ticks", 6 * rounds).isLessThan(rounds);
        long each = warmUp + rounds;
        assertThat(v.rejectedCount(Reason.DUPLICATE_TRADE_ID)).isEqualTo(each);
        assertThat(v.rejectedCount(Reason.NOT_POSITIVE)).isEqualTo(each);
        assertThat(v.rejectedCount(Reason.CLOCK_SKEW)).isEqualTo(each);
        assertThat(v.rejectedCount(Reason.CROSSED_QUOTE)).isEqualTo(each);
        assertThat(v.rejectedCount(Reason.PRICE_JUMP)).isEqualTo(2 * each - 1); // the first hold was not dropped
    }

    /** A duplicate id, a zero price, a 2100 time, a crossed quote, and two absurd prices, each dropping the other. */
    private void rejectEachReasonOnce(long skew) {
        if (trade(P, Q, 1, T, R) != REJECT || trade(0, Q, 2, T, R) != REJECT
                || trade(P, Q, 3, R + skew + 1, R) != REJECT || quote(P, 1, P - 1, 1, R) != REJECT) {
            throw new AssertionError("not rejected");
        }
        TickValidator.Outcome o = trade(9_999_999_999_99L, Q, 4, T, R);
        if (o != HOLD && o != DROP_HELD_THEN_HOLD || trade(1, Q, 5, T, R) != DROP_HELD_THEN_HOLD) {
            throw new AssertionError("not held and dropped");
        }
    }
}
