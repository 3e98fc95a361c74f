package io.aquatrade.signal;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;

/** Test output: keeps a copy of every bar, signal and progress mark the engine or a topic delivers. */
public final class OutputRecorder implements BarListener, SignalListener {
    public final List<Bar> bars = new ArrayList<>();
    public final List<Signal> signals = new ArrayList<>();
    public final List<Progress> progress = new ArrayList<>();
    /** Bars and signals interleaved in the order they were delivered. */
    public final List<Object> all = new ArrayList<>();

    @Override
    public void bar(Bar bar) {
        Bar copy = bar.deepCopy();
        bars.add(copy);
        all.add(copy);
    }

    @Override
    public void signal(Signal signal) {
        Signal copy = signal.deepCopy();
        signals.add(copy);
        all.add(copy);
    }

    @Override
    public void progress(Progress p) {
        progress.add(p.deepCopy());
    }
}
