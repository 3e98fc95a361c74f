package io.aquatrade.notifier;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.aquatrade.common.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stale feed and feed back, judged as {@code bin/aquatrade status} judges a feed: from market-data's heartbeat file
 * ({@code <run dir>/market-data.json}, read by {@link Heartbeat#read}), whose {@code lastTickAtMs} says per
 * instrument when market-data last published a tick (its clock); the age is {@link Heartbeat#ageOfMs} (immune to an
 * offset between the two clocks). An instrument's feed is <b>stale</b> when that age exceeds the threshold
 * ({@code alerts.staleFeedMs}, the same default as status's {@code --stale-after}, one minute), or when market-data
 * published no tick of it although it started longer ago than that (or stopped without one); it is <b>back</b> when a
 * stale feed is within the threshold again. A replay that finished (market-data's end-of-stream mark is the newest
 * entry of its topic, asked only when a feed would turn stale) is never stale. Without a market-data heartbeat file
 * nothing is judged (the process alerts and status say it is missing). The notifier does not read the
 * {@code market-data} topic's ticks.
 *
 * <p>What was reported is restored at a restart from the outbox's {@code stale-feed} alerts ({@link #restore}).
 *
 * <p>Not thread-safe: the agent thread's.
 */
final class FeedWatch {
    private static final Logger LOG = LoggerFactory.getLogger(FeedWatch.class);
    /** The process whose heartbeat is read. */
    static final String MARKET_DATA = "market-data";

    private final Path heartbeatFile;
    private final List<String> instruments;
    private final long staleAfterMs;
    private final BooleanSupplier replayEnded;
    /** Per instrument: whether it was last reported stale. */
    private final Map<String, Boolean> stale = new HashMap<>();

    /**
     * @param heartbeatDir  where processes write {@code <process>.json}
     * @param instruments   the configured instrument symbols
     * @param staleAfterMs  a feed silent longer than this is stale, ms; 0 turns the watch off
     * @param replayEnded   whether market-data has ended its stream (its end-of-stream mark the newest entry)
     */
    FeedWatch(Path heartbeatDir, List<String> instruments, long staleAfterMs, BooleanSupplier replayEnded) {
        this.heartbeatFile = Heartbeat.file(heartbeatDir, MARKET_DATA);
        this.instruments = List.copyOf(instruments);
        this.staleAfterMs = staleAfterMs;
        this.replayEnded = replayEnded;
    }

    /** Takes a {@code stale-feed} alert of the outbox as reported (at a restart, in outbox order). */
    void restore(Alert a) {
        String instrument = a.field("instrument");
        if (instrument != null) {
            stale.put(instrument, Boolean.parseBoolean(a.field("stale")));
        }
    }

    /**
     * Reads market-data's heartbeat and raises an alert for each feed that turned stale or came back.
     *
     * @param nowMs the notifier clock, UTC epoch ms
     * @return the alerts, not yet gated
     */
    List<Alert> check(long nowMs) {
        List<Alert> out = new ArrayList<>();
        if (staleAfterMs == 0) {
            return out;
        }
        Heartbeat md;
        try {
            Optional<Heartbeat> read = Heartbeat.readIfPresent(heartbeatFile);
            if (read.isEmpty()) {
                return out;
            }
            md = read.get();
        } catch (IOException e) {
            LOG.debug("heartbeat {} unreadable now ({}); next check", heartbeatFile, e.toString());
            return out;
        }
        Boolean ended = null;
        for (String symbol : instruments) {
            Long atMs = md.lastTickAtMs() == null ? null : md.lastTickAtMs().get(symbol);
            boolean isStale = md.feedStale(symbol, staleAfterMs, nowMs);
            boolean wasStale = stale.getOrDefault(symbol, false);
            if (isStale == wasStale) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("instrument", symbol);
            fields.put("stale", isStale);
            if (isStale) {
                if (ended == null) {
                    ended = replayEnded.getAsBoolean();
                }
                if (ended) {
                    continue; // a replay that finished: no more ticks are due
                }
                Long ageMs = atMs == null ? null : md.ageOfMs(atMs, nowMs);
                fields.put("lastTickAtMs", atMs);
                fields.put("ageMs", ageMs);
                out.add(Alert.of(Alert.STALE_FEED, "stale-feed:" + symbol + ":" + (atMs == null ? "none" : atMs),
                        "stale feed: " + (atMs == null ? "no tick of " + symbol + " since market-data started "
                                + md.ageOfMs(md.startedAtMs(), nowMs) / 1000 + " s ago"
                                : "no tick of " + symbol + " for " + ageMs / 1000 + " s (last published at "
                                + Instant.ofEpochMilli(atMs) + ")") + "; stale after " + staleAfterMs / 1000 + " s",
                        nowMs, 0, "heartbeat", -1, fields));
            } else {
                out.add(Alert.of(Alert.STALE_FEED, "feed-back:" + symbol + ":" + nowMs, "feed back: " + symbol
                        + " ticks again", nowMs, 0, "heartbeat", -1, fields));
            }
            stale.put(symbol, isStale);
        }
        return out;
    }
}
