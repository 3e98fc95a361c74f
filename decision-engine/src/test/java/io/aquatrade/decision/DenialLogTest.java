package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.testing.Forwarding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** {@link DenialLog}: every order message passes on; a denial makes one signals line with its reason code. */
class DenialLogTest {
    private final Logger signals = (Logger) LoggerFactory.getLogger(LogFiles.SIGNALS_LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        signals.addAppender(lines);
    }

    @AfterEach
    void release() {
        signals.detachAppender(lines);
    }

    @Test
    void everyOrderMessageIsPassedOn() throws Exception {
        Forwarding.checkEveryMethodIsPassedOn(OrderListener.class, DenialLog::new);
    }

    @Test
    void aDenialIsOneLineWithItsReasonCodeLimitAndValue() {
        RecordingOrders out = new RecordingOrders();
        OrderDenied denied = new OrderDenied().strategyId("vwap-momentum").instrument("XRPETH").signalId(42)
                .reasonCode(DenyReason.INSUFFICIENT_CAPITAL).reason("needs 0.5 ETH, 0.25 free").limit(25_000_000L)
                .value(50_000_000L).decimals(8).eventTimeNs(1_527_811_500_000_000_000L);
        new DenialLog(out).orderDenied(denied);

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getFormattedMessage()).isEqualTo("needs 0.5 ETH, 0.25 free");
        Map<String, String> kv = new LinkedHashMap<>();
        for (KeyValuePair p : line.getKeyValuePairs()) {
            kv.put(p.key, String.valueOf(p.value));
        }
        assertThat(kv).containsExactly(Map.entry("event", "denied"), Map.entry("strategy", "vwap-momentum"),
                Map.entry("instrument", "XRPETH"), Map.entry("signalId", "42"),
                Map.entry("reason", "INSUFFICIENT_CAPITAL"), Map.entry("limit", "0.25000000"),
                Map.entry("value", "0.50000000"), Map.entry("time", "2018-06-01T00:05:00Z"));
    }

    @Test
    void aDenialWithoutNumbersHasNoLimitOrValue() {
        new DenialLog(new RecordingOrders()).orderDenied(new OrderDenied().strategyId("s").instrument("XRPETH")
                .reasonCode(DenyReason.POSITION_OPEN).reason("already long").eventTimeNs(1_527_811_500_000_000_000L));
        assertThat(lines.list.get(0).getKeyValuePairs()).extracting(p -> p.key)
                .containsExactly("event", "strategy", "instrument", "signalId", "reason", "time");
    }
}
