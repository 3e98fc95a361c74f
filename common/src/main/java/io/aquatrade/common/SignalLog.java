package io.aquatrade.common;

import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code signals} listener with one line per signal on the logger {@value LogFiles#SIGNALS_LOGGER} (see
 * {@link LogFiles}): every message is passed on unchanged, each {@link Signal} logged just before (so a line of what
 * it causes, a denial, comes after it). decision-engine puts it before its engine on the signals it reads: the one
 * writer of {@code signals.log}, every signal once (its named tailer resumes after a restart, nothing is re-read).
 * signal-generator puts it before its topic writer, behind its duplicate filter (a restart's warm-up logs nothing
 * twice): those lines go to its process log only. Key-value pairs, in this order: {@code event=signal}, {@code strategy},
 * {@code instrument}, {@code direction}, {@code price} (its bar's close, a plain decimal), {@code atr} (ATR 14,
 * 0 while unknown), {@code signalId}, {@code bar} (the bar's open time, ISO-8601 UTC), {@code timeframeMs},
 * {@code blockedBy} (only when a context filter blocked it); then the strategy's reason as the message.
 *
 * <p>Not on the tick path: a signal comes at most once per bar and strategy; logging one allocates a few strings
 * and Logback's event. Runs on the agent thread; the call returns once Logback has queued the event (see {@link LogFiles}).
 */
public final class SignalLog implements SignalListener {
    private static final Logger SIGNALS = LoggerFactory.getLogger(LogFiles.SIGNALS_LOGGER);

    private final SignalListener out;
    private final Map<String, Instrument> instruments;

    /**
     * @param out         where each message goes on: the topic's writer, or the engine
     * @param instruments instruments by symbol, to print prices as decimals (a symbol missing prints the mantissa)
     */
    public SignalLog(SignalListener out, Map<String, Instrument> instruments) {
        this.out = out;
        this.instruments = instruments;
    }

    @Override
    public void signal(Signal s) {
        if (SIGNALS.isInfoEnabled()) {
            log(s);
        }
        out.signal(s);
    }

    private void log(Signal s) {
        Instrument i = s.instrument() == null ? null : instruments.get(s.instrument());
        var line = SIGNALS.atInfo().setMessage(s.reason() == null ? "" : s.reason())
                .addKeyValue("event", "signal")
                .addKeyValue("strategy", s.strategyId())
                .addKeyValue("instrument", s.instrument())
                .addKeyValue("direction", s.direction())
                .addKeyValue("price", i == null ? Long.toString(s.price()) : i.formatPrice(s.price()))
                .addKeyValue("atr", i == null ? Long.toString(s.atr()) : i.formatPrice(s.atr()))
                .addKeyValue("signalId", s.signalId())
                .addKeyValue("bar", Instant.ofEpochSecond(0, s.barOpenTimeNs()))
                .addKeyValue("timeframeMs", s.timeframeMs());
        if (s.blocked()) {
            line = line.addKeyValue("blockedBy", s.blockedBy());
        }
        line.log();
    }

    @Override
    public void progress(Progress progress) {
        out.progress(progress);
    }
}
