package io.aquatrade.router.venue.binance;

import java.io.IOException;

import io.aquatrade.common.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * Binance's clock as this process sees it: the wall clock plus the offset to {@code GET /api/v3/time}, measured at
 * start and again after a -1021 (timestamp outside recvWindow). It is XChange's timestamp factory for signed
 * requests ({@link GuardedBinanceExchange#getTimestampFactory()}), so a request's {@code timestamp} is Binance's
 * time, not the machine's.
 *
 * <p>Offset = server time - the midpoint of the local times before and after the request (NTP's estimate with one
 * sample, which assumes the way out and back take as long; error at most half the round trip). Thread-safe.
 */
public final class ServerClock implements SynchronizedValueFactory<Long> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerClock.class);

    /** Reads Binance's server time. */
    @FunctionalInterface
    public interface ServerTime {
        /**
         * @return Binance's time, UTC epoch ms
         * @throws IOException if it cannot be read
         */
        long serverTimeMs() throws IOException;
    }

    private final EpochClock wall;
    private volatile long offsetMs;
    private volatile long syncs;

    /** @param wall the machine's real clock (request timestamps must be real time), e.g. {@link EpochClock#system()} */
    public ServerClock(EpochClock wall) {
        this.wall = wall;
    }

    /**
     * Measures the offset to Binance's clock.
     *
     * @param server reads {@code GET /api/v3/time}
     * @return the new offset, ms (positive: Binance is ahead)
     * @throws IOException if the server time cannot be read (the old offset stays)
     */
    public synchronized long sync(ServerTime server) throws IOException {
        long beforeNs = wall.nowNs();
        long serverMs = server.serverTimeMs();
        long afterNs = wall.nowNs();
        long localMs = (beforeNs + (afterNs - beforeNs) / 2) / 1_000_000L;
        long old = offsetMs;
        offsetMs = serverMs - localMs;
        syncs++;
        LOG.info("binance clock offset {} ms (was {} ms; round trip {} ms)", offsetMs, old,
                (afterNs - beforeNs) / 1_000_000L);
        return offsetMs;
    }

    /** @return Binance's time now as estimated, UTC epoch ms */
    public long nowMs() {
        return wall.nowNs() / 1_000_000L + offsetMs;
    }

    /** @return the offset in force, ms (server - local) */
    public long offsetMs() {
        return offsetMs;
    }

    /** @return how many times the offset was measured */
    public long syncs() {
        return syncs;
    }

    /** @return a request timestamp: {@link #nowMs()} */
    @Override
    public Long createValue() {
        return nowMs();
    }
}
