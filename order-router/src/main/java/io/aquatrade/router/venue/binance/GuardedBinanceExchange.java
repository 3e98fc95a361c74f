package io.aquatrade.router.venue.binance;

import org.knowm.xchange.binance.BinanceExchange;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * XChange's {@link BinanceExchange} with request timestamps from a {@link ServerClock}: every signed request of its
 * services (and of our own rescu interfaces given {@code getTimestampFactory()}) is stamped with Binance's time as
 * measured, not the machine's. XChange 5.2.4's services read the timestamp factory from their exchange's
 * {@code getTimestampFactory()} at each call, so overriding it is enough.
 */
public class GuardedBinanceExchange extends BinanceExchange {
    private final ServerClock serverClock;

    /** @param serverClock the clock whose time stamps requests */
    public GuardedBinanceExchange(ServerClock serverClock) {
        this.serverClock = serverClock;
    }

    @Override
    public SynchronizedValueFactory<Long> getTimestampFactory() {
        return serverClock;
    }
}
