package io.aquatrade.benchmarks;

import io.aquatrade.backtest.MarketHistory;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;

/**
 * The signal generator's business class alone over a candle history, for the like-for-like line of
 * {@link Ta4jComparison}: every bar goes straight into {@link SignalEngine#bar} (no topic, no sequencer), which
 * builds the bars of the configured timeframe, updates every indicator of the signal generator and runs the
 * strategies; the bars and signals it writes are counted, not kept.
 */
final class SignalEngineRun {
    private SignalEngineRun() {
    }

    /**
     * @param config  the benchmark's config (instruments and the {@code signal-generator} section)
     * @param history the candles, in event-time order
     * @return signals written
     */
    static long run(AquatradeConfig config, MarketHistory history) {
        long[] signals = new long[1];
        BarListener bars = bar -> {
        };
        SignalListener out = new SignalListener() {
            @Override
            public void signal(Signal signal) {
                signals[0]++;
            }
        };
        SignalEngine engine = new SignalEngine(SignalConfig.from(config, null), config.instruments().values(), bars,
                out);
        Bar in = new Bar();
        for (int i = 0; i < history.size(); i++) {
            if (history.kind(i) == MarketHistory.Kind.BAR) {
                engine.bar(history.bar(i, in));
            }
        }
        if (history.size() > 0) {
            engine.advanceTo(history.lastTimeNs());
        }
        return signals[0];
    }
}
