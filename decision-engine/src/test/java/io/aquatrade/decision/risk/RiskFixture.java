package io.aquatrade.decision.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.PositionBook;
import io.aquatrade.common.Side;
import io.aquatrade.decision.DecisionConfig;

/**
 * A {@link RiskEngine} made from YAML as a process makes it, over BTCUSDT and ETHUSDT with Binance's 2021 precision
 * (prices 2 decimals, BTC 5 and ETH 4 size decimals, USDT 8 decimals), and fills without fees so that P&amp;L is
 * price x quantity alone.
 */
final class RiskFixture {
    static final int PRICE_DECIMALS = 2;
    static final int BTC_SIZE_DECIMALS = 5;
    static final int USDT_DECIMALS = 8;

    final AquatradeConfig config;
    final RiskEngine engine;
    final int s;
    final int btc;
    final int eth;

    /**
     * @param runtime  the runtime section's body (e.g. {@code "  sequencing: arrival\n"}), or ""
     * @param risk     the body of decision-engine.risk (indented 4), or "" for none
     * @param strategy flow map entries added to strategy {@code s} (e.g. {@code ", risk: {maxOpenPositions: 1}"})
     */
    RiskFixture(String runtime, String risk, String strategy) {
        config = AquatradeConfig.parse(Path.of("risk-test.yaml"), "runtime:\n  queueDir: var/queues\n" + runtime + """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5,
                     filters: {tickSize: 0.01, stepSize: 0.00001, minQty: 0.0001, minNotional: 10}}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 2, sizeDecimals: 4}
                assets: {BTC: 8, ETH: 8, USDT: 8}
                decision-engine:
                """ + (risk.isEmpty() ? "" : "  risk:\n" + risk)
                + "  strategies:\n"
                + "    - {id: s, capital: 10000, orderFraction: 0.5" + strategy + "}\n"
                + "    - {id: t, capital: 10000, orderFraction: 0.5}\n");
        engine = RiskEngine.from(config, DecisionConfig.from(config));
        s = engine.strategyIndex("s");
        btc = engine.instrumentIndex("BTCUSDT");
        eth = engine.instrumentIndex("ETHUSDT");
    }

    static long price(BigDecimal p) {
        return FixedPoint.fromBigDecimal(p, PRICE_DECIMALS);
    }

    static long usdt(String amount) {
        return FixedPoint.fromBigDecimal(new BigDecimal(amount), USDT_DECIMALS);
    }

    static long usdt(BigDecimal amount) {
        return FixedPoint.fromBigDecimal(amount, USDT_DECIMALS);
    }

    static long ns(String isoUtc) {
        Instant t = Instant.parse(isoUtc);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Books a fee-free fill of {@code qty} (size mantissa) at {@code price} (price mantissa). */
    void fill(int strategy, int instrument, Side side, long price, long qty, int sizeDecimals, long timeNs) {
        long notional = FixedPoint.multiply(qty, sizeDecimals, price, PRICE_DECIMALS, USDT_DECIMALS,
                side == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN);
        engine.onFill(strategy, instrument, side, price, qty, PositionBook.cashOut(side, notional, 0), timeNs);
    }
}
