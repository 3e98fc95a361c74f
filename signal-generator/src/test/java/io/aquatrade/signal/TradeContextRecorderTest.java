package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.Bar;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.indicator.IndicatorSet;
import io.aquatrade.signal.strategy.EmaCrossStrategy;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trade context capture on the real sample: fills at known times give files with exactly the 50 bars that closed at
 * or before the fill and the 25 after it, of the fill's strategy's timeframe, whose values are the engine's bars and
 * indicator values, however late the fill arrives; fills near the edges of the data are written with what there is.
 */
class TradeContextRecorderTest {
    private static final long MS = 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The 5m default, an ema-cross on 5m and an ma-cross on 1m. */
    static SignalConfig config(Path dir) {
        return new SignalConfig(300_000L, List.of(
                new StrategyConfig("ema", List.of("XRPETH"), new EmaCrossStrategy.Params(9, 20)),
                new StrategyConfig("ma-1m", List.of("XRPETH"), 60_000L, List.of(), new MaCrossStrategy.Params(9, 5))),
                new TradeContextConfig(dir, 50, 25, 300));
    }

    /** A fill of a real trade's price and quantity at its time. */
    static OrderFilled fill(String clientOrderId, String strategyId, TradeTick trade) {
        return new OrderFilled().clientOrderId(clientOrderId).venueOrderId("v-" + clientOrderId)
                .tradeId("t" + trade.tradeId()).strategyId(strategyId).instrument("XRPETH").side(Side.BUY)
                .fillPrice(trade.price()).fillQuantity(trade.quantity())
                .quoteQuantity(trade.price() * trade.quantity()).fee(0).feeAsset("ETH")
                .cumulativeQuantity(trade.quantity()).leavesQuantity(0)
                .liquiditySide(LiquiditySide.TAKER).last(true).eventTimeNs(trade.eventTimeNs());
    }

    /** A copy of the indicator values the engine had when a bar closed. */
    record Values(double ema9, double ema20, double ema200, double sma9, double sessionVwap, double atr14,
                  double rangeHigh, double rangeLow, String sentiment, double imbalance) {
        static Values of(IndicatorSet s) {
            return new Values(s.ema9().value(), s.ema20().value(), s.ema200().value(), s.sma9().value(),
                    s.sessionVwap().value(), s.atr14().value(), s.range().highest(), s.range().lowest(),
                    s.sentiment().reading() == null ? null : s.sentiment().reading().name(), s.sentiment().value());
        }
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static double number(JsonNode n) {
        return n.isNull() ? Double.NaN : n.asDouble();
    }

    /**
     * Checks a file against the bars (of the fill's timeframe, as the bars output has them) and the indicator values
     * the engine had for each.
     */
    static void assertFile(Path file, OrderFilled fill, long timeframeMs, List<Bar> allBars,
                           Map<String, Values> values, int before, int after, boolean complete) throws IOException {
        List<Bar> bars = allBars.stream().filter(b -> b.timeframeMs() == timeframeMs).toList();
        List<JsonNode> lines = lines(file);
        JsonNode header = lines.get(0);
        assertThat(header.get("type").asText()).isEqualTo("fill");
        assertThat(header.get("clientOrderId").asText()).isEqualTo(fill.clientOrderId());
        assertThat(header.get("strategyId").asText()).isEqualTo(fill.strategyId());
        assertThat(header.get("timeframeMs").asLong()).isEqualTo(timeframeMs);
        assertThat(header.get("eventTimeNs").asLong()).isEqualTo(fill.eventTimeNs());
        assertThat(header.get("price").decimalValue())
                .isEqualByComparingTo(FixedPoint.toBigDecimal(fill.fillPrice(), XRPETH.priceDecimals()));
        assertThat(header.get("barsBefore").asInt()).isEqualTo(before);
        assertThat(header.get("barsAfter").asInt()).isEqualTo(after);
        assertThat(header.get("complete").asBoolean()).isEqualTo(complete);
        assertThat(lines).hasSize(1 + before + after);

        int lastBefore = -1;
        while (lastBefore + 1 < bars.size() && bars.get(lastBefore + 1).eventTimeNs() <= fill.eventTimeNs()) {
            lastBefore++;
        }
        for (int k = 0; k < before + after; k++) {
            JsonNode line = lines.get(1 + k);
            int offset = k < before ? k - before : k - before + 1;
            Bar b = bars.get(lastBefore + (k < before ? k - before + 1 : k - before + 1));
            assertThat(line.get("type").asText()).isEqualTo("bar");
            assertThat(line.get("offset").asInt()).isEqualTo(offset);
            assertThat(line.get("openTimeNs").asLong()).isEqualTo(b.openTimeNs());
            assertThat(line.get("closeTimeNs").asLong()).isEqualTo(b.eventTimeNs());
            if (offset < 0) {
                assertThat(b.eventTimeNs()).isLessThanOrEqualTo(fill.eventTimeNs());
            } else {
                assertThat(b.eventTimeNs()).isGreaterThan(fill.eventTimeNs());
            }
            assertThat(line.get("open").decimalValue()).isEqualByComparingTo(FixedPoint.toBigDecimal(b.open(), 8));
            assertThat(line.get("high").decimalValue()).isEqualByComparingTo(FixedPoint.toBigDecimal(b.high(), 8));
            assertThat(line.get("low").decimalValue()).isEqualByComparingTo(FixedPoint.toBigDecimal(b.low(), 8));
            assertThat(line.get("close").decimalValue()).isEqualByComparingTo(FixedPoint.toBigDecimal(b.close(), 8));
            assertThat(line.get("volume").asLong()).isEqualTo(b.volume());
            assertThat(line.get("buyVolume").asLong()).isEqualTo(b.buyVolume());
            assertThat(line.get("sellVolume").asLong()).isEqualTo(b.sellVolume());
            assertThat(line.get("tradeCount").asLong()).isEqualTo(b.tradeCount());
            assertThat(line.get("vwap").asDouble()).isEqualTo(b.vwap());
            Values v = values.get(b.timeframeMs() + "/" + b.eventTimeNs());
            Values read = new Values(number(line.get("ema9")), number(line.get("ema20")), number(line.get("ema200")),
                    number(line.get("sma9")), number(line.get("sessionVwap")), number(line.get("atr14")),
                    number(line.get("rangeHigh")), number(line.get("rangeLow")),
                    line.get("sentiment").isNull() ? null : line.get("sentiment").asText(),
                    number(line.get("imbalance")));
            assertThat(read).as("indicators of bar closing at %d", b.eventTimeNs()).isEqualTo(v);
        }
    }

    @Test
    void everyFillGetsTheBarsAroundItOnItsStrategysTimeframe() throws IOException {
        SignalConfig config = config(dir);
        TradeContextRecorder recorder = new TradeContextRecorder(config.tradeContext(), config, List.of(XRPETH));
        OutputRecorder out = new OutputRecorder();
        Map<String, Values> values = new HashMap<>();
        SignalEngine engine = new SignalEngine(config, List.of(XRPETH), out, out, (bar, indicators) -> {
            recorder.barClosed(bar, indicators);
            values.put(bar.timeframeMs() + "/" + bar.eventTimeNs(), Values.of(indicators));
        });
        List<TradeTick> trades = TradeOracle.trades();
        OrderFilled onFiveMinutes = fill("c1", "ema", trades.get(4_000));
        OrderFilled onOneMinute = fill("c2", "ma-1m", trades.get(8_000));
        OrderFilled unknownStrategy = fill("c3", "retired-strategy", trades.get(6_000));
        OrderFilled early = fill("c4", "ema", trades.get(30));
        OrderFilled nearTheEnd = fill("c5", "ema", trades.get(trades.size() - 40));
        List<OrderFilled> inOrder = List.of(early, onFiveMinutes, unknownStrategy, onOneMinute, nearTheEnd);
        int next = 0;
        for (TradeTick t : trades) {
            // as the sequencer delivers them: a fill after the trades up to its time
            while (next < inOrder.size() && inOrder.get(next).eventTimeNs() < t.eventTimeNs()) {
                recorder.orderFilled(inOrder.get(next++));
            }
            engine.tradeTick(t);
        }
        // a fill arriving long after its time (the generator ran ahead of the router) is placed by event time: here
        // 100 one-minute bars late, within the history of 300
        assertThat(recorder.pendingCount()).isEqualTo(1);
        List<Bar> minutes = out.bars.stream().filter(b -> b.timeframeMs() == 60_000L).toList();
        long lateBarOpenNs = minutes.get(minutes.size() - 100).openTimeNs();
        OrderFilled late = fill("c6", "ma-1m", trades.stream().filter(t -> t.eventTimeNs() >= lateBarOpenNs)
                .findFirst().orElseThrow());
        recorder.orderFilled(late);
        assertThat(Files.exists(recorder.fileOf(late))).isTrue();
        recorder.endOfStream();
        assertThat(recorder.pendingCount()).isZero();

        assertFile(recorder.fileOf(onFiveMinutes), onFiveMinutes, 300_000L, out.bars, values, 50, 25, true);
        assertFile(recorder.fileOf(onOneMinute), onOneMinute, 60_000L, out.bars, values, 50, 25, true);
        assertFile(recorder.fileOf(unknownStrategy), unknownStrategy, 300_000L, out.bars, values, 50, 25, true);
        assertFile(recorder.fileOf(late), late, 60_000L, out.bars, values, 50, 25, true);
        long fiveMinuteBarsBeforeEarly = out.bars.stream()
                .filter(b -> b.timeframeMs() == 300_000L && b.eventTimeNs() <= early.eventTimeNs()).count();
        assertThat(fiveMinuteBarsBeforeEarly).isLessThan(50);
        assertFile(recorder.fileOf(early), early, 300_000L, out.bars, values, (int) fiveMinuteBarsBeforeEarly, 25,
                false);
        long fiveMinuteBarsAfterLast = out.bars.stream()
                .filter(b -> b.timeframeMs() == 300_000L && b.eventTimeNs() > nearTheEnd.eventTimeNs()).count();
        assertThat(fiveMinuteBarsAfterLast).isLessThan(25);
        assertFile(recorder.fileOf(nearTheEnd), nearTheEnd, 300_000L, out.bars, values, 50,
                (int) fiveMinuteBarsAfterLast, false);
        assertThat(recorder.fileOf(onFiveMinutes).getFileName().toString()).isEqualTo("c1-t" + trades.get(4_000)
                .tradeId() + ".jsonl");
        assertThat(recorder.fileCount()).isEqualTo(6);
        assertThat(recorder.incompleteCount()).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }

        // a fill whose bars have left the ring (history 300 one-minute bars) is written without bars, incomplete
        OrderFilled tooLate = fill("c7", "ma-1m", trades.get(2_000));
        recorder.orderFilled(tooLate);
        List<JsonNode> lines = lines(recorder.fileOf(tooLate));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("complete").asBoolean()).isFalse();
        // a fill replayed after a restart does not rewrite a complete file
        recorder.orderFilled(onFiveMinutes);
        assertThat(recorder.skippedCount()).isEqualTo(1);
    }
}
