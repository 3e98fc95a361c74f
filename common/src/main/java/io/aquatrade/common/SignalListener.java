package io.aquatrade.common;

/** The {@code signals} topic, written by signal-generator: strategy decisions on closed bars. */
public interface SignalListener extends ProgressListener {
    /** A strategy signalled; the argument is reused after the call returns. */
    void signal(Signal signal);
}
