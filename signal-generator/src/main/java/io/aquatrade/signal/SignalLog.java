package io.aquatrade.signal;

import java.time.Instant;
import java.util.Map;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.Progress;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code signals} writer with one line per signal on the logger {@value LogFiles#SIGNALS_LOGGER} (the signals
 * log, see {@link LogFiles}): every message is passed on unchanged, and each {@link Signal} is logged once it is
 * written. It sits behind the {@link DuplicateFilter}, so a restart's warm-up, whose regenerated signals the filter
 * drops, logs nothing twice. Key-value pairs, in this order: {@code event=signal}, {@code strategy},
 * {@code instrument}, {@code direction}, {@code price} (its bar's close, a plain decimal), {@code atr} (ATR 14,
 * 0 while unknown), {@code signalId}, {@code bar} (the bar's open time, ISO-8601 UTC), {@code timeframeMs},
 * {@code blockedBy} (only when a context filter blocked it); then the strategy's reason as the message.
 *
 * <p>Not on the tick path: a signal comes at most once per bar and strategy; logging one allocates a few strings
 * and Logback's event. Runs on the agent thread. Public for the JMH benchmark, which measures the signal path with it.
 */
public final class SignalLog implements SignalListener {
    private static final Logger SIGNALS = LoggerFactory.getLogger(LogFiles.SIGNALS_LOGGER);

    private final SignalListener out;
    private final Map<String, Instrument> instruments;

    /**
     * @param out         the topic's writer
     * @param instruments instruments by symbol, to print prices as decimals (a symbol missing prints the mantissa)
     */
    public SignalLog(SignalListener out, Map<String, Instrument> instruments) {
        this.out = out;
        this.instruments = instruments;
    }

    @Override
    public void signal(Signal s) {
        out.signal(s);
        if (!SIGNALS.isInfoEnabled()) {
            return;
        }
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
