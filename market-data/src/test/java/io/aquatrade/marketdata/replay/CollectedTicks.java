package io.aquatrade.marketdata.replay;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Event;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.TradeTick;

/** Test fixture: a listener keeping copies of every tick it is handed, in order, and the instruments tests use. */
public final class CollectedTicks implements MarketDataListener {
    /** XRP/ETH as in config/aquatrade.yaml. */
    public static final Instrument XRPETH = new Instrument("XRPETH", "XRP", "ETH", 8, 0);
    /** Binance spot BTC/USDT at the 8 decimals its websocket strings have. */
    public static final Instrument BTCUSDT = new Instrument("BTCUSDT", "BTC", "USDT", 8, 8);
    /** Binance spot ETH/USDT at the 8 decimals its websocket strings have. */
    public static final Instrument ETHUSDT = new Instrument("ETHUSDT", "ETH", "USDT", 8, 8);

    /** Trades, in order. */
    public final List<TradeTick> trades = new ArrayList<>();
    /** Quotes, in order. */
    public final List<QuoteTick> quotes = new ArrayList<>();
    /** Trades and quotes, in order. */
    public final List<Event> all = new ArrayList<>();

    @Override
    public void tradeTick(TradeTick t) {
        TradeTick c = copy(t);
        trades.add(c);
        all.add(c);
    }

    @Override
    public void quoteTick(QuoteTick q) {
        QuoteTick c = new QuoteTick();
        MessageCopies.copy(q, c);
        quotes.add(c);
        all.add(c);
    }

    /** @return a copy of a (reused) trade tick */
    public static TradeTick copy(TradeTick t) {
        TradeTick c = new TradeTick();
        MessageCopies.copy(t, c);
        return c;
    }

    /** Reads a whole file through its reader. */
    public static CollectedTicks readAll(TickFileReader reader) {
        CollectedTicks out = new CollectedTicks();
        try (reader) {
            while (reader.next()) {
                reader.publish(out);
            }
        }
        return out;
    }
}
