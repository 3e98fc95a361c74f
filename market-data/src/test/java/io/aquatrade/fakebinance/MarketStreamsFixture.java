package io.aquatrade.fakebinance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.EpochClock;

/**
 * Test fixture of market-data's binance source tests: fake-binance on a free port of 127.0.0.1 over one shared
 * capture, its market moved by hand and its server clock the test's. It lives in the fake's package to reach what
 * the fake keeps package-private.
 */
public final class MarketStreamsFixture implements AutoCloseable {
    private final FakeExchange exchange;
    private final FakeBinanceServer server;

    /**
     * @param capture the capture file
     * @param symbol  its symbol, e.g. BTCUSDT
     * @param base    base asset
     * @param quote   quote asset
     * @param clock   the fake's server clock (event and trade times of the streams)
     */
    public MarketStreamsFixture(Path capture, String symbol, String base, String quote, EpochClock clock)
            throws IOException, InterruptedException {
        CaptureFile file = CaptureFile.read(capture, symbol);
        exchange = new FakeExchange(List.of(new Market(symbol, base, quote, new BigDecimal("5"), file.events())),
                Map.of(quote, new BigDecimal("1000")), new BigDecimal("0.001"), clock);
        server = new FakeBinanceServer(exchange, 0, "market-data-test-key", "market-data-test-secret");
    }

    /** @return the websocket base, {@code ws://127.0.0.1:PORT/} */
    public String streamUri() {
        return server.streamUri();
    }

    /** @return the REST base, {@code http://127.0.0.1:PORT} */
    public String restUri() {
        return server.restUri();
    }

    /** @return open market stream connections (registered once their handshake was written) */
    public int connections() {
        return server.marketStreamConnections();
    }

    /** @return index in the capture's trades and book tickers (file order) of the next event to replay */
    public int cursor() {
        synchronized (exchange) {
            return exchange.markets().get(0).cursor;
        }
    }

    /** Replays the next {@code n} recorded events, pushing them on the streams. */
    public void advance(int n) {
        exchange.advanceEvents(n);
    }

    @Override
    public void close() {
        server.close();
    }
}
