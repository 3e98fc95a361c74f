package io.aquatrade.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.QueueRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The market-data agent's minute line on a hand-advanced clock, replaying the XRP/ETH sample onto a real queue: one
 * line per {@value MarketDataAgent#REPORT_INTERVAL_MS} ms of the clock, its counts those of the ticks the topic gained
 * meanwhile.
 */
class MarketDataMinuteLineIT {
    private static final long T0 = MarketDataAgentIT.T0;
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path dir;

    private final long[] nowNs = {T0};
    private final EpochClock clock = () -> nowNs[0];
    private final Logger logger = (Logger) LoggerFactory.getLogger(MarketDataAgent.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    private List<String> minuteLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("ticks in the last")).toList();
    }

    private static String expected(long seconds, long trades, String connection) {
        return "ticks in the last " + seconds + " s: " + trades + " (" + trades + " trades, 0 quotes), "
                + String.format(Locale.ROOT, "%.1f", trades / (double) seconds) + "/s; busiest: "
                + (trades == 0 ? "none" : "XRPETH " + trades + " trades 0 quotes") + "; connection: " + connection;
    }

    @Test
    void oneLinePerMinuteOfTheClockCountingTheTicksTheTopicGained() {
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent agent = new MarketDataAgent(queues, MarketDataAgentIT.xrpEthReplay(), clock, 1000);
            for (int i = 0; i < 5; i++) {
                agent.doWork(); // at T0: 5 batches
            }
            nowNs[0] = T0 + 59 * SECOND_NS + 999_999_999L;
            agent.doWork();
            assertThat(minuteLines()).as("not a minute yet").isEmpty();

            nowNs[0] = T0 + 60 * SECOND_NS;
            long before = MarketDataAgentIT.TopicContent.read(queues).ticks.trades.size();
            agent.doWork(); // the line covers what was written before this pass
            assertThat(before).isEqualTo(6L * MarketDataAgent.BATCH);
            assertThat(minuteLines()).containsExactly(expected(60, before, "replay"));

            for (int i = 0; i < 3; i++) {
                agent.doWork();
            }
            nowNs[0] = T0 + 125 * SECOND_NS; // 65 s later
            long second = MarketDataAgentIT.TopicContent.read(queues).ticks.trades.size() - before;
            agent.doWork();
            assertThat(minuteLines()).hasSize(2).last().isEqualTo(expected(65, second, "replay"));

            MarketDataAgentIT.run(agent, 1000);
            assertThat(agent.finished()).isTrue();
            long rest = MarketDataAgentIT.TopicContent.read(queues).ticks.trades.size() - before - second;
            nowNs[0] = T0 + 185 * SECOND_NS;
            agent.doWork();
            assertThat(minuteLines()).hasSize(3).last().isEqualTo(expected(60, rest, "replay done"));
            nowNs[0] = T0 + 245 * SECOND_NS;
            agent.doWork();
            assertThat(minuteLines()).hasSize(4).last().isEqualTo(expected(60, 0, "replay done"));
            assertThat(before + second + rest).isEqualTo(12_477);
            agent.onClose();
        }
    }
}
