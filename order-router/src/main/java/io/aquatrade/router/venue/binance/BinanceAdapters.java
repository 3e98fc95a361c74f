package io.aquatrade.router.venue.binance;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.RejectReason;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;

/** Static conversions between Binance's REST answers and ours. */
public final class BinanceAdapters {
    private BinanceAdapters() {
    }

    /**
     * Our reject code for a Binance error that refused an order (see Binance's "Error codes" and "Filter failures"
     * pages): -1013 names its filter (PRICE_FILTER, LOT_SIZE, NOTIONAL / MIN_NOTIONAL), -2010 with "insufficient
     * balance", -2010 "Order would immediately match and take." (a LIMIT_MAKER that would cross); anything else
     * {@link RejectReason#VENUE}.
     *
     * @param code    Binance's error code
     * @param message Binance's message, may be null
     * @return the reject code
     */
    public static RejectReason rejectReason(int code, String message) {
        String m = message == null ? "" : message;
        if (code == -1013) {
            if (m.contains("PRICE_FILTER")) {
                return RejectReason.PRICE_FILTER;
            }
            if (m.contains("LOT_SIZE")) {
                return RejectReason.LOT_SIZE;
            }
            if (m.contains("NOTIONAL")) {
                return RejectReason.MIN_NOTIONAL;
            }
        }
        if (code == -2010) {
            if (m.toLowerCase(java.util.Locale.ROOT).contains("insufficient balance")) {
                return RejectReason.INSUFFICIENT_BALANCE;
            }
            if (m.contains("immediately match and take")) {
                return RejectReason.POST_ONLY_WOULD_CROSS;
            }
        }
        return RejectReason.VENUE;
    }

    /** @return Binance's symbol of the instrument (our symbols are Binance's) */
    public static String symbol(Instrument instrument) {
        return instrument.symbol();
    }

    /** @return the trade's id: {@code tradeId} in a placement's fills, {@code id} in myTrades */
    public static long tradeId(BinanceTrade trade) {
        return trade.tradeId != 0 ? trade.tradeId : trade.id;
    }
}
