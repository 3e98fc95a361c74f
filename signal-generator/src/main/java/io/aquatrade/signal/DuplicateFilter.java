package io.aquatrade.signal;

import java.util.HashSet;
import java.util.Set;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;

/**
 * Stands between the {@link SignalEngine} and the output topics after a restart, and drops every output that a
 * previous run of the process already wrote, so that a restart never duplicates a bar or a signal.
 *
 * <p>Outputs are written in event-time order, so "already written" means: event time before the last one written,
 * or equal to it and with the same key (instrument and timeframe for bars; strategy id and instrument for signals) as
 * one written at that time. The previous run's last outputs are learnt by {@link #learnBar} and
 * {@link #learnSignal} from the topics before the engine starts. Signals the engine regenerates while warming up
 * carry the ids they had before (the engine is deterministic), and {@link #lastSignalId()} lets the engine continue
 * after the highest id written.
 *
 * <p>Single-threaded; allocation-free once learning is over.
 */
public final class DuplicateFilter implements BarListener, SignalListener {
    private final BarListener bars;
    private final SignalListener signals;
    private long lastBarTimeNs = Long.MIN_VALUE;
    private final Set<String> barsAtLastTime = new HashSet<>();
    private long lastSignalTimeNs = Long.MIN_VALUE;
    private final Set<String> signalsAtLastTime = new HashSet<>();
    private long lastSignalId;
    private long droppedBars;
    private long droppedSignals;

    /**
     * @param bars    the bars topic's writer
     * @param signals the signals topic's writer
     */
    public DuplicateFilter(BarListener bars, SignalListener signals) {
        this.bars = bars;
        this.signals = signals;
    }

    /**
     * Records a bar found on the bars topic (in topic order) as already written.
     *
     * @param bar a bar read from the topic; not kept
     */
    public void learnBar(Bar bar) {
        if (bar.eventTimeNs() > lastBarTimeNs) {
            lastBarTimeNs = bar.eventTimeNs();
            barsAtLastTime.clear();
        }
        if (bar.eventTimeNs() == lastBarTimeNs) {
            barsAtLastTime.add(barKey(bar.instrument(), bar.timeframeMs()));
        }
    }

    /**
     * Records a signal found on the signals topic (in topic order) as already written.
     *
     * @param signal a signal read from the topic; not kept
     */
    public void learnSignal(Signal signal) {
        lastSignalId = Math.max(lastSignalId, signal.signalId());
        if (signal.eventTimeNs() > lastSignalTimeNs) {
            lastSignalTimeNs = signal.eventTimeNs();
            signalsAtLastTime.clear();
        }
        if (signal.eventTimeNs() == lastSignalTimeNs) {
            signalsAtLastTime.add(signal.strategyId() + '/' + signal.instrument());
        }
    }

    private static String barKey(String instrument, long timeframeMs) {
        return instrument + '/' + timeframeMs;
    }

    @Override
    public void bar(Bar bar) {
        if (bar.eventTimeNs() < lastBarTimeNs || (bar.eventTimeNs() == lastBarTimeNs
                && barsAtLastTime.contains(barKey(bar.instrument(), bar.timeframeMs())))) {
            droppedBars++;
            return;
        }
        bars.bar(bar);
    }

    @Override
    public void signal(Signal signal) {
        if (signal.eventTimeNs() < lastSignalTimeNs || (signal.eventTimeNs() == lastSignalTimeNs
                && signalsAtLastTime.contains(signal.strategyId() + '/' + signal.instrument()))) {
            droppedSignals++;
            return;
        }
        signals.signal(signal);
    }

    /** @return the highest signal id already written, 0 if none */
    public long lastSignalId() {
        return lastSignalId;
    }

    /** @return close time of the last bar already written, UTC epoch ns, or {@link Long#MIN_VALUE} */
    public long lastBarTimeNs() {
        return lastBarTimeNs;
    }

    /** @return bars dropped as already written */
    public long droppedBars() {
        return droppedBars;
    }

    /** @return signals dropped as already written */
    public long droppedSignals() {
        return droppedSignals;
    }
}
