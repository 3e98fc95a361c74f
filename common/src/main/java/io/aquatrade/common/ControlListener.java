package io.aquatrade.common;

/**
 * The {@code control} topic, written by operator commands ({@code bin/aquatrade kill-switch}): switches that change
 * how the processes trade. Read by decision-engine from the start, so that the last state holds across restarts.
 */
public interface ControlListener extends ProgressListener {
    /** The kill switch turned on or off; the argument is reused after the call returns. */
    void killSwitch(KillSwitch killSwitch);
}
