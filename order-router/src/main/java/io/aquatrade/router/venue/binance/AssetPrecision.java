package io.aquatrade.router.venue.binance;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;

/**
 * The decimals Binance gives the amounts of a symbol's assets, against the configured {@code assets} decimals.
 * {@code exchangeInfo} lists per symbol {@code baseAssetPrecision} and {@code quoteAssetPrecision} (the decimals of
 * its base and quote amounts: quantities, {@code cummulativeQuoteQty}, balances) and {@code baseCommissionPrecision}
 * and {@code quoteCommissionPrecision} (the decimals of a commission paid in either; rest-api.md "Exchange
 * information"). An asset configured with fewer decimals cannot book what Binance reports exactly: a sell's quote
 * commission (8 decimals at Binance) would not fit {@code assets: {USDT: 2}}, the fill could not be booked and its
 * order would never end. Such a config is refused at start-up (exit code 2), and {@code venue-check} says FAIL.
 */
final class AssetPrecision {
    private AssetPrecision() {
    }

    /**
     * An asset whose configured decimals are fewer than Binance's.
     *
     * @param asset      the asset, e.g. {@code USDT}
     * @param configured its {@code assets} decimals
     * @param needed     the most decimals Binance gives its amounts on the symbol
     * @param symbol     the symbol whose exchangeInfo says so
     * @param fields     the exchangeInfo fields that need them, e.g. {@code quoteAssetPrecision 8}
     */
    record Shortfall(String asset, int configured, int needed, String symbol, String fields) {
        /** @return the config field, {@code assets.<ASSET>} */
        String field() {
            return "assets." + asset;
        }

        /** @return what is expected and why */
        String text() {
            return "at least " + needed + " decimals: binance's " + symbol + " gives " + asset + " amounts "
                    + needed + " decimals (" + fields + "), so its fills and commissions need them to be booked "
                    + "exactly, was " + configured;
        }
    }

    /**
     * @param config the shared config: {@code assets} decimals
     * @param in     a configured instrument
     * @param symbol its entry in exchangeInfo's {@code symbols}
     * @return its base and quote assets configured with fewer decimals than Binance gives them, base first
     */
    static List<Shortfall> shortfalls(AquatradeConfig config, Instrument in, JsonNode symbol) {
        List<Shortfall> out = new ArrayList<>();
        check(config, in.base(), in.symbol(), symbol, "baseAssetPrecision", "baseCommissionPrecision", out);
        check(config, in.quote(), in.symbol(), symbol, "quoteAssetPrecision", "quoteCommissionPrecision", out);
        return out;
    }

    private static void check(AquatradeConfig config, String asset, String sym, JsonNode symbol, String amount,
                              String commission, List<Shortfall> out) {
        int configured = config.assetDecimals(asset);
        int needed = -1;
        List<String> fields = new ArrayList<>();
        for (String field : List.of(amount, commission)) {
            JsonNode v = symbol.path(field);
            if (v.canConvertToInt() || v.isTextual()) {
                int p = v.asInt(-1);
                if (p > configured) {
                    fields.add(field + " " + p);
                }
                needed = Math.max(needed, p);
            }
        }
        if (needed > configured) {
            out.add(new Shortfall(asset, configured, needed, sym, String.join(", ", fields)));
        }
    }

    /**
     * Refuses a config whose assets have fewer decimals than Binance gives them on a configured instrument.
     *
     * @param config       the shared config
     * @param exchangeInfo Binance's {@code GET /api/v3/exchangeInfo} answer
     * @throws ConfigException naming {@code assets.<ASSET>} and the decimals needed (the first shortfall found)
     */
    static void refuseShortfalls(AquatradeConfig config, JsonNode exchangeInfo) {
        for (Instrument in : config.instruments().values()) {
            for (JsonNode s : exchangeInfo.path("symbols")) {
                if (BinanceAdapters.symbol(in).equals(s.path("symbol").asText())) {
                    List<Shortfall> found = shortfalls(config, in, s);
                    if (!found.isEmpty()) {
                        throw new ConfigException(found.get(0).field(), found.get(0).text());
                    }
                }
            }
        }
    }
}
