package io.aquatrade.marketdata.binance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import info.bitrich.xchangestream.binance.BinanceStreamingExchange;
import info.bitrich.xchangestream.binance.BinanceStreamingService;
import info.bitrich.xchangestream.binance.KlineSubscription;
import info.bitrich.xchangestream.core.ProductSubscription;
import org.knowm.xchange.ExchangeSpecification;

/**
 * XChange's Binance streaming exchange with two changes: it connects to a configured websocket base instead of the
 * hard-coded {@code wss://stream.binance.com/}, and its connection hands every websocket text frame, untouched, to a
 * consumer instead of decoding it with XChange's market-data service.
 *
 * <p>Why the frames bypass XChange's observables: XChange decodes each message inside an RxJava {@code map}, so the
 * first message it cannot decode ends that instrument's stream (the observable errors and the channel is dropped)
 * until the next reconnect. Here one bad message must only be counted. XChange still does the rest: the Netty
 * websocket client (TLS, compression, pings when idle, close handling) and the REST metadata.
 *
 * <p>Not thread-safe; {@link BinanceStreamSource} serialises connect and disconnect. The consumer runs on a Netty
 * event-loop thread.
 */
class ConfiguredBinanceStreamingExchange extends BinanceStreamingExchange {
    private final String streamUri;
    private final List<String> streams;
    private final Consumer<String> onText;
    private BinanceStreamingService lastService;

    /**
     * @param streamUri websocket base ending in '/', e.g. {@code wss://stream.binance.com:9443/}
     * @param streams   Binance stream names to combine, e.g. {@code btcusdt@trade}
     * @param onText    receives each text frame on the I/O thread; must not throw and must not block
     */
    ConfiguredBinanceStreamingExchange(String streamUri, List<String> streams, Consumer<String> onText) {
        this.streamUri = streamUri;
        this.streams = List.copyOf(streams);
        this.onText = onText;
    }

    @Override
    protected String getStreamingBaseUri() {
        return streamUri;
    }

    /**
     * The websocket order-entry API is only used with API keys, which this market-data exchange never has; it
     * points at the configured base too, so that nothing here can reach a default venue address.
     */
    @Override
    protected String getTradeStreamingBaseUri() {
        return streamUri;
    }

    /**
     * Builds the connection for one {@link #connect} call: Binance's combined stream
     * {@code <base>stream?streams=<url-encoded a/b/c>} over the configured stream names (the subscription only
     * satisfies XChange's API: the streams are fixed at construction).
     */
    @Override
    protected BinanceStreamingService createStreamingService(ProductSubscription subscription,
                                                             KlineSubscription klineSubscription) {
        String uri = streamUri + "stream?streams=" + URLEncoder.encode(String.join("/", streams),
                StandardCharsets.UTF_8);
        ExchangeSpecification spec = getExchangeSpecification();
        BinanceStreamingService service = new TextStreamingService(uri, subscription, klineSubscription, spec,
                onText);
        applyStreamingSpecification(spec, service);
        lastService = service;
        return service;
    }

    /** @return the connection made by the latest {@link #connect} call, or null before the first */
    BinanceStreamingService lastStreamingService() {
        return lastService;
    }

    /** XChange's Binance connection, except that text frames go to a consumer rather than to XChange's decoder. */
    private static final class TextStreamingService extends BinanceStreamingService {
        private final Consumer<String> onText;

        TextStreamingService(String uri, ProductSubscription subscription, KlineSubscription klineSubscription,
                             ExchangeSpecification spec, Consumer<String> onText) {
            super(uri, subscription, klineSubscription, spec);
            this.onText = onText;
        }

        @Override
        public void messageHandler(String message) {
            onText.accept(message);
        }
    }
}
