package io.aquatrade.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SignalLog;
import io.aquatrade.common.testing.Forwarding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** {@link SignalLog}: every signals message passes on; a signal makes one signals line with its prices as decimals. */
class SignalLogTest {
    private static final Map<String, Instrument> XRPETH = Map.of("XRPETH",
            new Instrument("XRPETH", "XRP", "ETH", 8, 0));

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
    void everySignalsMessageIsPassedOn() throws Exception {
        Forwarding.checkEveryMethodIsPassedOn(SignalListener.class, out -> new SignalLog(out, XRPETH));
    }

    @Test
    void aSignalIsOneLineWithItsPricesInTheInstrumentsUnits() {
        Signal s = new Signal().signalId(9).strategyId("vwap-momentum").instrument("XRPETH").direction(Direction.LONG)
                .timeframeMs(300_000).barOpenTimeNs(1_527_811_200_000_000_000L).price(23_456).atr(120)
                .reason("close and VWAP rose 3 bars").eventTimeNs(1_527_811_500_000_000_000L);
        new SignalLog(new SignalListener() {
            @Override
            public void signal(Signal signal) {
            }
        }, XRPETH).signal(s);
        s.blockedBy("ema-trend");
        new SignalLog(new SignalListener() {
            @Override
            public void signal(Signal signal) {
            }
        }, XRPETH).signal(s);

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("close and VWAP rose 3 bars");
        assertThat(kv(lines.list.get(0))).containsExactly(Map.entry("event", "signal"),
                Map.entry("strategy", "vwap-momentum"), Map.entry("instrument", "XRPETH"),
                Map.entry("direction", "LONG"), Map.entry("price", "0.00023456"), Map.entry("atr", "0.00000120"),
                Map.entry("signalId", "9"), Map.entry("bar", "2018-06-01T00:00:00Z"),
                Map.entry("timeframeMs", "300000"));
        assertThat(kv(lines.list.get(1))).containsEntry("blockedBy", "ema-trend");
    }

    private static Map<String, String> kv(ILoggingEvent line) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (KeyValuePair p : line.getKeyValuePairs()) {
            kv.put(p.key, String.valueOf(p.value));
        }
        return kv;
    }
}
