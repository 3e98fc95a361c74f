package io.aquatrade.common;

/** The {@code bars} topic, written by signal-generator: closed bars of every instrument and timeframe. */
public interface BarListener extends ProgressListener {
    /** A bar closed; the argument is reused after the call returns. */
    void bar(Bar bar);
}
