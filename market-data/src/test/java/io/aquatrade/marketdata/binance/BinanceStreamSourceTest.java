package io.aquatrade.marketdata.binance;

import static io.aquatrade.marketdata.binance.RecordedBinance.BTCUSDT;
import static io.aquatrade.marketdata.binance.RecordedBinance.ETHUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.marketdata.TickValidator;
import io.aquatrade.common.Instrument;
import io.aquatrade.marketdata.binance.FakeBinanceServer.Listing;
import io.aquatrade.marketdata.binance.RecordedBinance.Collector;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The real XChange Binance client against {@link FakeBinanceServer} on 127.0.0.1, carrying real recorded Binance
 * spot messages (BTCUSDT and ETHUSDT on one combined stream).
 */
class BinanceStreamSourceTest {
    private static final List<Listing> LISTINGS = List.of(
            new Listing("BTCUSDT", "BTC", "USDT", "0.01000000", "0.00001000"),
            new Listing("ETHUSDT", "ETH", "USDT", "0.01000000", "0.00010000"));
    private static final Set<String> STREAMS = Set.of("btcusdt@trade", "btcusdt@bookTicker", "ethusdt@trade",
            "ethusdt@bookTicker");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** 2024-08-08T23:54:15Z and a minute later: the receive times the hand-advanced clock gives each phase. */
    private static final long T0 = 1_723_161_255_000_000_000L;
    private static final long T1 = T0 + 60_000_000_000L;
    private static final long MS = 1_000_000L;

    /**
     * The hand-advanced clock gives every frame of a phase one receive time, up to a minute from the recorded trade
     * times: the validator's clock-skew limit is widened to two minutes here (BinanceReorderTest keeps the default).
     */
    private static final TickValidator.Limits WIDE_SKEW = new TickValidator.Limits(120_000, 1000);

    private final AtomicLong now = new AtomicLong(T0);
    private final EpochClock clock = now::get;

    @Test
    void deliversEveryRecordedTradeAndQuoteExactlySkipsMalformedMessagesAndReconnects() throws Exception {
        List<String> messages = RecordedBinance.mergedMessages();
        assertThat(messages).hasSize(3000);
        List<String> phase1 = messages.subList(0, 1500);
        List<String> phase2 = messages.subList(1500, 3000);
        String realTrade = phase1.stream().filter(m -> m.startsWith("{\"stream\":\"btcusdt@trade\"")).findFirst()
                .orElseThrow();
        String realQuote = phase1.stream().filter(m -> m.startsWith("{\"stream\":\"ethusdt@bookTicker\""))
                .findFirst().orElseThrow();
        List<String> malformed = List.of(
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"",                  // cut short: not JSON
                realTrade.replaceFirst("\"p\":\"(?<cents>\\d+\\.\\d\\d)0", "\"p\":\"${cents}5"), // finer than 0.01
                realTrade.replace(",\"m\":true", "").replace(",\"m\":false", ""),       // no maker flag
                realQuote.replaceFirst("\"b\":\"[0-9.]+\"", "\"b\":\"abc\""),           // not a number
                realTrade.replaceFirst("\"t\":(\\d+)", "\"t\":-$1"),                     // negative trade id
                "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"}}");  // not subscribed
        assertThat(malformed).doesNotHaveDuplicates().doesNotContainAnyElementsOf(phase1);

        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, true);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT, ETHUSDT),
                     config(server, 8192), clock, WIDE_SKEW)) {
            source.start();
            // The client sees the upgrade answered before the server's write listener has registered the channel.
            await().atMost(WAIT).until(() -> server.connections() == 1);
            assertThat(server.exchangeInfoRequests()).isEqualTo(1);
            assertThat(server.handshakes()).containsExactly(STREAMS);
            assertThat(source.isConnected()).isTrue();

            server.send(phase1.subList(0, 700));
            server.send(malformed);
            server.send(phase1.subList(700, 1500));
            Collector got = new Collector();
            await().atMost(WAIT).until(() -> {
                source.poll(now.get(), got, 256);
                return got.rows.size() >= 1500;
            });
            assertThat(got.rows).containsExactlyElementsOf(RecordedBinance.expected(phase1, T0));
            assertThat(source.malformedCount()).isEqualTo(malformed.size());
            assertThat(source.rejectedCount(TickValidator.Reason.NEGATIVE_TRADE_ID)).isEqualTo(1);

            // The loss is noticed on the I/O thread; the reconnect falls due reconnectInitialDelayMs later on the
            // clock, and the agent's poll starts it then, not before.
            server.dropConnections();
            await().atMost(WAIT).until(() -> source.reconnectDueNs() != Long.MAX_VALUE);
            assertThat(source.reconnectDueNs()).isEqualTo(T0 + 50 * MS);
            assertThat(source.isConnected()).isFalse();
            source.poll(T0 + 49 * MS, got, 256);
            assertThat(source.reconnectDueNs()).as("not due yet").isEqualTo(T0 + 50 * MS);
            now.set(T0 + 50 * MS);
            source.poll(now.get(), got, 256);
            assertThat(source.reconnectDueNs()).as("started").isEqualTo(Long.MAX_VALUE);
            await().atMost(WAIT).until(() -> source.reconnectCount() == 1 && server.connections() == 1);
            assertThat(server.handshakes()).containsExactly(STREAMS, STREAMS);
            assertThat(source.isConnected()).isTrue();

            now.set(T1);
            server.send(phase2);
            await().atMost(WAIT).until(() -> {
                source.poll(now.get(), got, 256);
                return got.rows.size() >= 3000;
            });
            assertThat(got.rows.subList(1500, got.rows.size()))
                    .containsExactlyElementsOf(RecordedBinance.expected(phase2, T1));
            assertThat(got.rows.stream().filter(r -> r instanceof RecordedBinance.TradeRow)).hasSize(508);
            // the first trade of each instrument after the reconnect says the feed was down before it
            List<Integer> firstAfter = new java.util.ArrayList<>();
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                for (int i = 1500; i < got.rows.size(); i++) {
                    if (got.rows.get(i) instanceof RecordedBinance.TradeRow t && t.instrument().equals(symbol)) {
                        firstAfter.add(i);
                        break;
                    }
                }
            }
            assertThat(firstAfter).hasSize(2);
            assertThat(got.afterGap).containsExactlyInAnyOrderElementsOf(firstAfter);
            assertThat(source.poll(now.get(), got, 256)).isZero();
            assertThat(source.malformedCount()).isEqualTo(malformed.size());
            assertThat(source.droppedCount()).isZero();
            assertThat(source.isDone()).isFalse();
        }
    }

    @Test
    void replacesAConnectionThatFallsSilentAndKeepsOneThatTalks() throws Exception {
        List<String> messages = RecordedBinance.mergedMessages().subList(0, 300);
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, true);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT, ETHUSDT),
                     new BinanceSourceConfig(server.streamUri(), server.restUri(), 8192, 5000, 50, 1000, 2000, 0),
                     clock, WIDE_SKEW)) {
            source.start();
            await().atMost(WAIT).until(() -> server.connections() == 1);
            // A message every 100 ms of the clock for 3 s: a connection that talks is kept past staleAfterMs.
            Collector got = new Collector();
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                now.addAndGet(100 * MS);
                server.send(messages.subList(i, i + 1));
                awaitHandled(source, i + 1);
                expected.addAll(RecordedBinance.expected(messages.subList(i, i + 1), now.get()));
                source.poll(now.get(), got, 256);
            }
            assertThat(now.get()).isEqualTo(T0 + 3_000 * MS);
            assertThat(got.rows).containsExactlyElementsOf(expected);
            assertThat(source.staleCount()).isZero();
            assertThat(source.reconnectCount()).isZero();

            // Then silence on an open socket: dropped once it has lasted 2 s on the clock, and replaced 50 ms later.
            long lastNs = now.get();
            source.poll(lastNs + 1_999 * MS, got, 256);
            assertThat(source.staleCount()).isZero();
            assertThat(source.isConnected()).isTrue();
            source.poll(lastNs + 2_000 * MS, got, 256);
            assertThat(source.staleCount()).isEqualTo(1);
            assertThat(source.isConnected()).isFalse();
            assertThat(source.reconnectDueNs()).isEqualTo(lastNs + 2_050 * MS);
            source.poll(lastNs + 2_049 * MS, got, 256);
            assertThat(source.reconnectDueNs()).as("not due yet").isEqualTo(lastNs + 2_050 * MS);
            now.set(lastNs + 2_050 * MS);
            source.poll(now.get(), got, 256);
            await().atMost(WAIT).until(() -> source.reconnectCount() == 1 && server.connections() == 1);
            assertThat(source.staleCount()).isEqualTo(1);
            assertThat(server.handshakes()).containsExactly(STREAMS, STREAMS);
            assertThat(source.isConnected()).isTrue();

            List<String> rest = messages.subList(30, messages.size());
            server.send(rest);
            expected.addAll(RecordedBinance.expected(rest, now.get()));
            awaitHandled(source, messages.size());
            while (source.poll(now.get(), got, 256) > 0) {
                // drain
            }
            assertThat(got.rows).containsExactlyElementsOf(expected);
            assertThat(source.staleCount()).isEqualTo(1);
            assertThat(source.reconnectCount()).isEqualTo(1);
        }
    }

    /** Waits (real time: network I/O) until the source has queued that many frames, so that a poll sees them. */
    private static void awaitHandled(BinanceStreamSource source, long count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> source.handledCount() >= count);
    }

    @Test
    void dropsAndCountsTicksWhenTheQueueIsFullAndStartsWithoutExchangeInfo() throws Exception {
        List<String> messages = RecordedBinance.mergedMessages().subList(0, 300);
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, false, true);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT, ETHUSDT),
                     config(server, 100), clock, WIDE_SKEW)) {
            source.start();
            await().atMost(WAIT).until(() -> server.connections() == 1);
            assertThat(server.exchangeInfoRequests()).isPositive();

            server.send(messages);
            await().atMost(WAIT).until(() -> source.droppedCount() == 200);

            Collector got = new Collector();
            assertThat(source.poll(now.get(), got, 1000)).isEqualTo(100);
            assertThat(got.rows).containsExactlyElementsOf(RecordedBinance.expected(messages.subList(0, 100), T0));
            assertThat(source.malformedCount()).isZero();
        }
    }

    /** Log events of the source, kept while a test runs. */
    private static ListAppender<ILoggingEvent> sourceLog() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(BinanceStreamSource.class)).addAppender(logs);
        return logs;
    }

    private static void detach(ListAppender<ILoggingEvent> logs) {
        ((Logger) LoggerFactory.getLogger(BinanceStreamSource.class)).detachAppender(logs);
    }

    @Test
    void startTriesStartAttemptsTimesWithBackOffLoggingEachTryInOneLineThenFails() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        BinanceSourceConfig config = new BinanceSourceConfig("ws://127.0.0.1:" + port + "/",
                "http://127.0.0.1:" + port, 16, 2000, 50, 120, 0, 0, 4);
        List<Long> pausesMs = new ArrayList<>();
        ListAppender<ILoggingEvent> logs = sourceLog();
        try (BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT), config, clock)) {
            source.startPause(pausesMs::add);
            assertThatThrownBy(source::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot connect to 127.0.0.1:" + port + " after 4 tries: connection "
                            + "refused or unreachable: Connection refused");
            assertThat(source.isConnected()).isFalse();
        } finally {
            detach(logs);
        }
        // 50 ms doubling, capped at reconnectMaxDelayMs 120; none after the last try
        assertThat(pausesMs).containsExactly(50L, 100L, 120L);
        List<ILoggingEvent> tries = logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("cannot connect"))
                .toList();
        // the OS's own words follow "Connection refused" (Netty adds the address on some platforms)
        String refused = "cannot connect to 127\\.0\\.0\\.1:" + port + ": connection refused or unreachable: "
                + "Connection refused.*";
        assertThat(tries).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                m -> assertThat(m).matches(refused + " \\(try 1/4\\); trying again in 50 ms"),
                m -> assertThat(m).matches(refused + " \\(try 2/4\\); trying again in 100 ms"),
                m -> assertThat(m).matches(refused + " \\(try 3/4\\); trying again in 120 ms"),
                m -> assertThat(m).matches(refused + " \\(try 4/4, market-data\\.binance\\.startAttempts\\); "
                        + "giving up"));
        assertThat(tries).extracting(e -> e.getLevel().toString()).containsExactly("WARN", "WARN", "WARN", "ERROR");
        assertThat(tries).allSatisfy(e -> assertThat(e.getThrowableProxy()).as("no stack trace").isNull());
    }

    @Test
    void startConnectsAtALaterTryWhenTheServerComesUp() throws Exception {
        List<Long> pausesMs = new ArrayList<>();
        ListAppender<ILoggingEvent> logs = sourceLog();
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, false);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT),
                     new BinanceSourceConfig(server.streamUri(), server.restUri(), 16, 500, 50, 1000, 0, 0, 3),
                     clock)) {
            source.startPause(delayMs -> {
                pausesMs.add(delayMs);
                server.completeHandshakes(true); // the network is up for the next try
            });
            source.start();
            await().atMost(WAIT).until(() -> server.connections() == 1);
            assertThat(source.isConnected()).isTrue();
            assertThat(pausesMs).containsExactly(50L);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("cannot connect to 127.0.0.1:" + server.port() + ": the Binance websocket "
                            + server.streamUri() + "stream did not open within 500 ms "
                            + "(market-data.binance.connectTimeoutMs) (try 1/3); trying again in 50 ms",
                            "connected to 127.0.0.1:" + server.port() + " at try 2/3");
        } finally {
            detach(logs);
        }
    }

    @Test
    void theCauseOfAFailedTryIsSaidInAFewWords() {
        IllegalStateException dns = new IllegalStateException("cannot open the Binance websocket",
                new RuntimeException(new java.net.UnknownHostException("stream.binance.com: Name or service not known")));
        assertThat(BinanceStreamSource.cause(dns, 10_000))
                .isEqualTo("host name not resolved (no network or DNS?): stream.binance.com: Name or service not known");
        assertThat(BinanceStreamSource.hostAndPort("wss://stream.binance.com:9443/")).isEqualTo("stream.binance.com:9443");
        assertThat(BinanceStreamSource.hostAndPort("wss://stream.binance.com/")).isEqualTo("stream.binance.com:443");
    }

    @Test
    void startFailsWhenTheWebsocketDoesNotOpenInTime() throws Exception {
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, false);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT),
                     new BinanceSourceConfig(server.streamUri(), server.restUri(), 16, 500, 50, 1000, 0, 0, 1),
                     clock)) {
            assertThatThrownBy(source::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not open within 500 ms");
        }
    }

    @Test
    void startRejectsAnInstrumentWhoseScaleCannotHoldBinanceSizes() throws Exception {
        Instrument coarsePrice = new Instrument("BTCUSDT", "BTC", "USDT", 1, 8);
        Instrument coarseSize = new Instrument("ETHUSDT", "ETH", "USDT", 8, 3);
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, true)) {
            try (BinanceStreamSource source = new BinanceStreamSource(List.of(coarsePrice), config(server, 16),
                    clock)) {
                assertThatThrownBy(source::start)
                        .isInstanceOf(ConfigException.class)
                        .hasMessage("config instruments[BTCUSDT].priceDecimals: expected at least 2 to hold "
                                + "Binance's tick size 0.01, was 1");
            }
            try (BinanceStreamSource source = new BinanceStreamSource(List.of(coarseSize), config(server, 16),
                    clock)) {
                assertThatThrownBy(source::start)
                        .isInstanceOf(ConfigException.class)
                        .hasMessage("config instruments[ETHUSDT].sizeDecimals: expected at least 4 to hold "
                                + "Binance's lot step size 0.0001, was 3");
            }
            assertThat(server.handshakes()).isEmpty();
        }
    }

    @Test
    void startRejectsAnInstrumentBinanceDoesNotList() throws Exception {
        Instrument unlisted = new Instrument("XRPETH", "XRP", "ETH", 8, 0);
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, true);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT, unlisted), config(server, 16),
                     clock)) {
            assertThatThrownBy(source::start)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("config instruments[XRPETH]: expected a symbol Binance lists as TRADING");
        }
    }

    @Test
    void reconnectBackOffDoublesUpToItsCap() {
        assertThat(BinanceStreamSource.reconnectDelayMs(1000, 60_000, 0)).isEqualTo(1000);
        assertThat(BinanceStreamSource.reconnectDelayMs(1000, 60_000, 1)).isEqualTo(2000);
        assertThat(BinanceStreamSource.reconnectDelayMs(1000, 60_000, 5)).isEqualTo(32_000);
        assertThat(BinanceStreamSource.reconnectDelayMs(1000, 60_000, 6)).isEqualTo(60_000);
        assertThat(BinanceStreamSource.reconnectDelayMs(3_600_000, 3_600_000, Integer.MAX_VALUE))
                .isEqualTo(3_600_000);
    }

    @Test
    void rejectsNoInstrumentsAndDuplicates() {
        BinanceSourceConfig config = BinanceSourceConfig.defaults();
        assertThatThrownBy(() -> new BinanceStreamSource(List.of(), config, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinanceStreamSource(List.of(BTCUSDT, BTCUSDT), config, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BTCUSDT");
    }

    private static BinanceSourceConfig config(FakeBinanceServer server, int queueCapacity) {
        return new BinanceSourceConfig(server.streamUri(), server.restUri(), queueCapacity, 5000, 50, 1000, 0, 0);
    }
}
