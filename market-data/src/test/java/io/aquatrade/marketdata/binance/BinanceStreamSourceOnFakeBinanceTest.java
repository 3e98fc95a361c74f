package io.aquatrade.marketdata.binance;

import static io.aquatrade.marketdata.binance.RecordedBinance.BTCUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.fakebinance.MarketStreamsFixture;
import io.aquatrade.marketdata.TickValidator;
import io.aquatrade.marketdata.binance.RecordedBinance.Collector;
import io.aquatrade.marketdata.binance.RecordedBinance.TradeRow;
import org.junit.jupiter.api.Test;

/**
 * The binance source, unchanged (the real XChange client, exchangeInfo and the combined stream), against
 * fake-binance's public market streams over the shared BTCUSDT capture of 2024-08-08: every trade and book ticker
 * the fake replays arrives exactly, trades stamped with the fake's clock. The oracle reads the capture's own lines
 * (Binance's JSON as recorded) with {@link RecordedBinance#expected}; only the trade time is the fake's clock.
 */
class BinanceStreamSourceOnFakeBinanceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** 2026-05-28T20:26:40Z: the hand-set clock of market-data and of the fake alike */
    private static final long T0 = 1_780_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(T0);
    private final EpochClock clock = now::get;

    @Test
    void deliversEveryReplayedTradeAndBookTickerExactlyWithTheFakesClock() throws Exception {
        Path capture = sharedData().resolve("streams/binance-spot/btcusdt_20240808.gz");
        List<String> recorded = btcusdtTradesAndBookTickers(capture);
        try (MarketStreamsFixture fake = new MarketStreamsFixture(capture, "BTCUSDT", "BTC", "USDT", clock);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT), new BinanceSourceConfig(
                     fake.streamUri(), fake.restUri(), 65_536, 5000, 50, 1000, 0, 0), clock,
                     TickValidator.Limits.DEFAULT)) {
            source.start();
            await().atMost(WAIT).until(() -> fake.connections() == 1);
            assertThat(source.isConnected()).isTrue();

            Collector got = new Collector();
            List<Object> expected = new ArrayList<>();
            for (int phase = 0; phase < 2; phase++) {
                now.set(T0 + phase * 60_000 * MS);
                int from = fake.cursor();
                fake.advance(1500);
                for (String json : recorded.subList(from, fake.cursor())) {
                    Object row = RecordedBinance.expected(json, now.get());
                    expected.add(row instanceof TradeRow t ? new TradeRow(t.instrument(), t.price(), t.quantity(),
                            t.aggressorSide(), t.tradeId(), now.get(), t.receivedTimeNs()) : row);
                }
                await().atMost(WAIT).until(() -> {
                    source.poll(now.get(), got, 256);
                    return got.rows.size() >= expected.size();
                });
            }
            assertThat(expected).hasSize(3000);
            assertThat(got.rows).containsExactlyElementsOf(expected);
            assertThat(got.rows.stream().filter(r -> r instanceof TradeRow)).hasSizeGreaterThan(500);
            assertThat(source.malformedCount()).isZero();
            assertThat(source.droppedCount()).isZero();
        }
    }

    /** @return the capture's BTCUSDT trade and book ticker messages, as recorded, in file order */
    private static List<String> btcusdtTradesAndBookTickers(Path capture) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(capture)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String json = line.substring(line.indexOf(' ') + 1);
                if (json.startsWith("{\"stream\":\"btcusdt@trade\"")
                        || json.startsWith("{\"stream\":\"btcusdt@bookTicker\"")) {
                    out.add(json);
                }
            }
        }
        return out;
    }

    private static Path sharedData() {
        String prop = System.getProperty("aquatrade.sharedData");
        return prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
    }
}
