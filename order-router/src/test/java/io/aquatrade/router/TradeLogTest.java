package io.aquatrade.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.common.testing.Forwarding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** {@link TradeLog}: every execution passes on; a fill makes one trades line with its values as decimals. */
class TradeLogTest {
    private final Logger trades = (Logger) LoggerFactory.getLogger(LogFiles.TRADES_LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        trades.addAppender(lines);
    }

    @AfterEach
    void release() {
        trades.detachAppender(lines);
    }

    @Test
    void everyExecutionIsPassedOn() throws Exception {
        Forwarding.checkEveryMethodIsPassedOn(ExecutionListener.class,
                out -> new TradeLog(out, TestConfigs.project()));
    }

    @Test
    void aFillIsOneLineWithItsValuesInTheInstrumentsAndTheFeeAssetsUnits() {
        // XRPETH: price 8 decimals, size 0; XRP amounts 8 decimals (config/aquatrade.yaml)
        OrderFilled fill = new OrderFilled().clientOrderId("vwap-momentum-7").venueOrderId("p-7").tradeId("t-31")
                .strategyId("vwap-momentum").instrument("XRPETH").side(Side.BUY).fillPrice(23_456)
                .fillQuantity(1_250).quoteQuantity(293_200).cumulativeQuantity(1_250).leavesQuantity(0)
                .fee(125_000_000L).feeAsset("XRP").liquiditySide(LiquiditySide.TAKER).last(true)
                .eventTimeNs(1_527_811_200_123_000_000L);
        new TradeLog(new RecordingExecutions(), TestConfigs.project()).orderFilled(fill);

        assertThat(lines.list).hasSize(1);
        Map<String, String> kv = new LinkedHashMap<>();
        for (KeyValuePair p : lines.list.get(0).getKeyValuePairs()) {
            kv.put(p.key, String.valueOf(p.value));
        }
        assertThat(kv).containsExactly(Map.entry("event", "fill"), Map.entry("instrument", "XRPETH"),
                Map.entry("side", "BUY"), Map.entry("quantity", "1250"), Map.entry("price", "0.00023456"),
                Map.entry("fee", "1.25000000"), Map.entry("feeAsset", "XRP"),
                Map.entry("clientOrderId", "vwap-momentum-7"), Map.entry("strategy", "vwap-momentum"),
                Map.entry("liquidity", "TAKER"), Map.entry("tradeId", "t-31"),
                Map.entry("time", "2018-06-01T00:00:00.123Z"), Map.entry("last", "true"));
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("fill");
        assertThat(List.of(lines.list.get(0).getLevel().toString())).containsExactly("INFO");
    }
}
