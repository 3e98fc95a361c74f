package io.aquatrade.decision;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.decision.risk.RiskDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DecisionEngine}'s denials: every signal, stop or exit it does not turn into an order becomes one
 * {@link OrderDenied} on the {@code orders} topic, counted by reason ({@link DecisionCounters#denied(DenyReason)})
 * and logged. One reused message: no allocation beyond the caller's text. Not thread-safe: the engine's thread only.
 */
final class Denials {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final OrderListener out;
    private final DecisionCounters counters;
    private final OrderDenied denied = new OrderDenied();

    /**
     * @param out      where denials go (the {@code orders} topic's writer, or a test's recorder)
     * @param counters the engine's counters, whose {@code denied} per reason this adds to
     */
    Denials(OrderListener out, DecisionCounters counters) {
        this.out = out;
        this.counters = counters;
    }

    /** Writes an {@link OrderDenied} for a strategy and instrument both configured; see the other overload. */
    void deny(Strategy st, Market m, long signalId, DenyReason code, String text, long eventTimeNs) {
        deny(st, st.id, m.instrument.symbol(), signalId, code, text, eventTimeNs);
    }

    /**
     * Writes the {@link OrderDenied} of an entry a risk rule refused: the rule's reason code, its limit and the value
     * that tripped it ({@link RiskDecision#copyTo}), and a text with both as decimals.
     *
     * @param refusal     the risk engine's answer, not OK (read before the next check)
     * @param what        the entry, e.g. {@code LONG entry of 0.5 BTCUSDT}
     * @param eventTimeNs the event time of the input denied, UTC epoch ns
     */
    void deny(Strategy st, Market m, long signalId, RiskDecision refusal, String what, long eventTimeNs) {
        String text = what + ": " + refusal.reason() + " limit " + FixedPoint.format(refusal.limit(),
                refusal.decimals()) + ", value " + FixedPoint.format(refusal.value(), refusal.decimals());
        denied.reset();
        refusal.copyTo(denied.strategyId(st.id)
                .instrument(m.instrument.symbol())
                .signalId(signalId)
                .reason(text)
                .eventTimeNs(eventTimeNs));
        write(st, st.id, m.instrument.symbol(), signalId, refusal.reason(), text);
    }

    /**
     * Writes an {@link OrderDenied} on the {@code orders} topic, counts it by reason and logs it; remembers a
     * signal's id as handled, so that the signal met again after a restart is not denied twice.
     *
     * @param st          the strategy if configured, else null
     * @param strategyId  the strategy id as the signal named it
     * @param instrument  the instrument as the signal named it
     * @param signalId    the signal's id, 0 for a stop or an exit not caused by a signal
     * @param text        why, with the numbers
     * @param eventTimeNs the event time of the input denied, UTC epoch ns
     */
    void deny(Strategy st, String strategyId, String instrument, long signalId, DenyReason code, String text,
              long eventTimeNs) {
        denied.reset();
        denied.strategyId(strategyId)
                .instrument(instrument)
                .signalId(signalId)
                .reasonCode(code)
                .reason(text)
                .eventTimeNs(eventTimeNs);
        write(st, strategyId, instrument, signalId, code, text);
    }

    private void write(Strategy st, String strategyId, String instrument, long signalId, DenyReason code,
                       String text) {
        out.orderDenied(denied);
        counters.denied[code.ordinal()]++;
        if (st != null && signalId > 0) {
            st.lastDeniedSignalId = Math.max(st.lastDeniedSignalId, signalId);
        }
        LOG.info("denied {} {} signal {}: {} {}", strategyId, instrument, signalId, code, text);
    }
}
