package io.aquatrade.decision.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.InstrumentFilters;
import io.aquatrade.decision.risk.CrashCandles.Candle;
import org.junit.jupiter.api.Test;

/**
 * Every sizing mode over every 5m close of BTC/USDT on 2021-05-19 (shared data), against an exact BigDecimal oracle
 * written here: the mode's quantity, capped at what the balance buys, rounded down to Binance's 2021 BTCUSDT
 * {@code stepSize} 0.00001 (here 0.0001 to make the step matter), 0 below {@code minQty} 0.0002 or
 * {@code minNotional} 10 USDT. The stop distance of risk-per-trade is the candle's range (high - low), and the ATR of
 * the volatility mode the same range: inputs, not what is under test.
 */
class SizingTest {
    private static final int PD = 2;
    private static final int SD = 5;
    private static final int QD = 8;
    private static final BigDecimal STEP = new BigDecimal("0.0001");
    private static final BigDecimal MIN_QTY = new BigDecimal("0.0002");
    private static final BigDecimal MIN_NOTIONAL = new BigDecimal("10");
    private static final InstrumentFilters.Exact FILTERS = new InstrumentFilters.Exact(1, 10, 20, 1_000_000_000L);

    @Test
    void everyModeOverTheCrashDayMatchesTheOracleAndStaysWithinTheFilters() {
        List<Candle> day = CrashCandles.read("BTC_USDT-5m.json.gz", "2021-05-19T00:00:00Z", "2021-05-20T00:00:00Z");
        assertThat(day).hasSize(288);
        Map<String, Sizing> modes = Map.of(
                "fixed-fraction", Sizing.FIXED_FRACTION,
                "fixed-notional", Sizing.parse("s", Map.of("mode", "fixed-notional", "amount", new BigDecimal("750"))),
                "risk-per-trade", Sizing.parse("s", Map.of("mode", "risk-per-trade", "fraction", new BigDecimal("0.01"))),
                "volatility", Sizing.parse("s", Map.of("mode", "volatility", "fraction", new BigDecimal("0.01"),
                        "atrMultiple", new BigDecimal("2.5"))));
        BigDecimal orderFraction = new BigDecimal("0.5");
        // small balances make some sizes fall below the filters, large ones cap at the balance
        String[] balances = {"15", "400", "2500", "10000"};
        int zeros = 0;
        int capped = 0;
        int checked = 0;
        for (Map.Entry<String, Sizing> mode : modes.entrySet()) {
            Sizing.Exact exact = mode.getValue().exact(QD, orderFraction);
            for (String b : balances) {
                BigDecimal balance = new BigDecimal(b);
                BigDecimal equity = balance.add(new BigDecimal("1000"));
                for (Candle c : day) {
                    BigDecimal range = c.high().subtract(c.low());
                    long got = exact.quantity(usdt(balance), usdt(equity), px(c.close()), PD, SD, px(range),
                            px(range), FILTERS);
                    BigDecimal affordable = balance.divide(c.close(), SD, RoundingMode.FLOOR);
                    BigDecimal want = switch (mode.getKey()) {
                        case "fixed-fraction" -> balance.multiply(orderFraction).setScale(QD, RoundingMode.FLOOR)
                                .divide(c.close(), SD, RoundingMode.FLOOR);
                        case "fixed-notional" -> new BigDecimal("750").min(balance)
                                .divide(c.close(), SD, RoundingMode.FLOOR);
                        case "risk-per-trade" -> range.signum() == 0 ? BigDecimal.ZERO
                                : equity.multiply(new BigDecimal("0.01")).setScale(QD, RoundingMode.FLOOR)
                                .divide(range, SD, RoundingMode.FLOOR);
                        default -> range.signum() == 0 ? BigDecimal.ZERO
                                : equity.multiply(new BigDecimal("0.01")).setScale(QD, RoundingMode.FLOOR)
                                .divide(range.multiply(new BigDecimal("2.5")).setScale(PD, RoundingMode.CEILING), SD,
                                        RoundingMode.FLOOR);
                    };
                    if (want.compareTo(affordable) > 0) {
                        want = affordable;
                        capped++;
                    }
                    want = want.divide(STEP, 0, RoundingMode.FLOOR).multiply(STEP);
                    if (want.compareTo(MIN_QTY) < 0 || want.multiply(c.close()).compareTo(MIN_NOTIONAL) < 0) {
                        want = BigDecimal.ZERO;
                        zeros++;
                    }
                    assertThat(BigDecimal.valueOf(got, SD)).as("%s balance %s at %s", mode.getKey(), b,
                            c.openTimeMs()).isEqualByComparingTo(want);
                    if (got > 0) {
                        assertThat(got % 10).isZero();
                        assertThat(got).isGreaterThanOrEqualTo(20);
                        assertThat(BigDecimal.valueOf(got, SD).multiply(c.close())).isLessThanOrEqualTo(balance)
                                .isGreaterThanOrEqualTo(MIN_NOTIONAL);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 4 * 288);
        assertThat(zeros).as("some sizes below the filters").isPositive();
        assertThat(capped).as("some sizes capped at the balance").isPositive();
    }

    @Test
    void riskPerTradeIsRiskOverStopDistance() {
        // 1 % of 10,000 USDT risked over a 500 USDT stop distance: 0.2 BTC
        Sizing.Exact exact = Sizing.parse("s", Map.of("mode", "risk-per-trade", "fraction", new BigDecimal("0.01")))
                .exact(QD, BigDecimal.ONE);
        assertThat(exact.quantity(usdt(new BigDecimal("10000")), usdt(new BigDecimal("10000")), 4_000_000, PD, SD,
                50_000, 0, InstrumentFilters.Exact.NONE)).isEqualTo(20_000);
        assertThat(exact.quantity(usdt(new BigDecimal("10000")), usdt(new BigDecimal("10000")), 4_000_000, PD, SD,
                0, 0, InstrumentFilters.Exact.NONE)).as("no stop, no size").isZero();
    }

    private static long usdt(BigDecimal v) {
        return v.setScale(QD, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    private static long px(BigDecimal v) {
        return v.setScale(PD, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }
}
