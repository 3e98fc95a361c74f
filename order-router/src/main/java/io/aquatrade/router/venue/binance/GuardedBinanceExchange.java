package io.aquatrade.router.venue.binance;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchange.binance.BinanceAdapters;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.BinanceExchangeInfo;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.Symbol;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.exceptions.ExchangeException;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * XChange's {@link BinanceExchange} with request timestamps from a {@link ServerClock}: every signed request of its
 * services (and of our own rescu interfaces given {@code getTimestampFactory()}) is stamped with Binance's time as
 * measured, not the machine's. XChange 5.2.4's services read the timestamp factory from their exchange's
 * {@code getTimestampFactory()} at each call, so overriding it is enough.
 *
 * <p>Its {@link #remoteInit()} reads {@code GET /api/v3/exchangeInfo} only: XChange's own also calls {@code GET
 * /sapi/v1/asset/assetDetail} when keys are set (wallet details this venue never uses), and Binance's spot testnet
 * serves no {@code /sapi} endpoint at all (testnet general-info: only {@code /api}), so {@code testnet: true} could
 * not start with it.
 */
public class GuardedBinanceExchange extends BinanceExchange {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final ServerClock serverClock;
    private BinanceExchangeInfo exchangeInfo;
    private JsonNode exchangeInfoJson;

    /** @param serverClock the clock whose time stamps requests */
    public GuardedBinanceExchange(ServerClock serverClock) {
        this.serverClock = serverClock;
    }

    @Override
    public SynchronizedValueFactory<Long> getTimestampFactory() {
        return serverClock;
    }

    /**
     * Reads {@code exchangeInfo} (one request, weight 20), whole ({@link #exchangeInfoJson()}: XChange's DTO drops
     * fields such as the commission precisions) and as XChange's DTO: XChange's metadata from it, without wallet
     * details, and the symbol to currency pair mappings its adapters need (BTCUSDT to BTC/USDT). No {@code /sapi}
     * request.
     *
     * @throws ExchangeException if exchangeInfo cannot be read
     */
    @Override
    public void remoteInit() {
        try {
            JsonNode json = ExchangeRestProxyBuilder.forInterface(VenueCheckApi.class, getExchangeSpecification())
                    .build().exchangeInfo();
            BinanceExchangeInfo info = typed(json);
            exchangeMetaData = BinanceAdapters.adaptExchangeMetaData(info, null);
            for (Symbol s : info.getSymbols()) {
                if (s.getSymbol() != null && s.getBaseAsset() != null && s.getQuoteAsset() != null) {
                    BinanceAdapters.putSymbolMapping(s.getSymbol(), new CurrencyPair(s.getBaseAsset(),
                            s.getQuoteAsset()));
                }
            }
            exchangeInfo = info;
            exchangeInfoJson = json;
        } catch (IOException | RuntimeException e) {
            throw new ExchangeException("Failed to initialize: " + e.getMessage(), e);
        }
    }

    /**
     * @param json exchangeInfo as JSON
     * @return it as XChange's DTO
     * @throws IOException if it does not fit the DTO
     */
    static BinanceExchangeInfo typed(JsonNode json) throws IOException {
        return JSON.treeToValue(json, BinanceExchangeInfo.class);
    }

    /** @return the exchangeInfo the last {@link #remoteInit()} read, whole, as JSON; null before it */
    public JsonNode exchangeInfoJson() {
        return exchangeInfoJson;
    }

    /** @return the exchangeInfo the last {@link #remoteInit()} read, or null before it */
    public BinanceExchangeInfo exchangeInfo() {
        return exchangeInfo;
    }
}
