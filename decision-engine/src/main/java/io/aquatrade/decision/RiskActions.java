package io.aquatrade.decision;

import io.aquatrade.common.KillSwitch;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.RiskEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the risk rules do beside refusing entries ({@link Entries} asks {@link RiskEngine#checkEntry}): the kill
 * switch's reaction (no new entries, working entries cancelled, with flatten every position closed at market) and the
 * close at market of a strategy whose daily loss was hit with {@code flattenOnDailyLoss}. Part of
 * {@link DecisionEngine}, which hands it the kill switch's changes and calls {@link #pass} after each input that may
 * change what it does. Single-threaded.
 */
final class RiskActions {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final RiskEngine risk;
    private final OrderSender sender;
    private final Exits exits;
    private final Strategy[] strategyArray;
    private final Market[] marketArray;
    /** Per strategy index: its positions are being closed at market ({@code flattenOnDailyLoss}, until day's end). */
    private final boolean[] flattening;
    /** True while the kill switch, turned on with flatten, has every position closed at market. */
    private boolean killFlatten;
    /** The last kill switch message read, for the summary ("off" before any). */
    private String killSwitchState = "off";

    /**
     * @param risk       the rules and their state
     * @param sender     where cancels go
     * @param exits      how a position is closed at market
     * @param strategies the strategies in config order (indexed by {@code Strategy.index})
     * @param markets    the instruments in config order (indexed by {@code Market.index})
     */
    RiskActions(RiskEngine risk, OrderSender sender, Exits exits, Strategy[] strategies, Market[] markets) {
        this.risk = risk;
        this.sender = sender;
        this.exits = exits;
        this.strategyArray = strategies;
        this.marketArray = markets;
        this.flattening = new boolean[strategies.length];
    }

    /**
     * The kill switch changed on the {@code control} topic: see {@link DecisionEngine#killSwitch}. Logged at WARN.
     *
     * @param k           the message (reused after the call)
     * @param replaying   true while a restart replays the topics (the log line says "replayed")
     * @param eventTimeNs the latest event time the engine has seen, UTC epoch ns: what orders are stamped with
     */
    void killSwitch(KillSwitch k, boolean replaying, long eventTimeNs) {
        boolean wasOn = risk.killSwitchOn();
        risk.onKillSwitch(k.on(), k.eventTimeNs());
        killFlatten = k.on() && k.flatten();
        killSwitchState = (k.on() ? "on" : "off") + (k.flatten() ? " (flatten)" : "") + " by " + k.source()
                + (k.reason() == null || k.reason().isEmpty() ? "" : ": " + k.reason());
        LOG.warn("{}kill switch {}", replaying ? "replayed " : "", killSwitchState);
        if (!wasOn && risk.killSwitchOn() || killFlatten) {
            pass(eventTimeNs);
        }
    }

    /**
     * Whether {@code runtime.killSwitchFile} exists: see {@link DecisionEngine#killSwitchFile}.
     *
     * @param exists      true if the file exists
     * @param eventTimeNs the latest event time the engine has seen, UTC epoch ns
     */
    void killSwitchFile(boolean exists, long eventTimeNs) {
        boolean wasOn = risk.killSwitchOn();
        risk.killSwitchFile(exists);
        if (!wasOn && risk.killSwitchOn()) {
            pass(eventTimeNs);
        }
    }

    /** @return the kill switch's last change, for the engine's summary ("off" before any) */
    String state() {
        return killSwitchState;
    }

    /**
     * What the risk rules do beside refusing entries, after each input that may change them: strategies whose daily
     * loss was just hit with {@code flattenOnDailyLoss} start closing; while the kill switch is on, entry orders still
     * working are cancelled; each position to be closed (kill switch with flatten, or its strategy's daily loss) that
     * has no order outstanding is closed at market, and a resting limit exit it waits on is cancelled to go at market,
     * a resting entry it waits on cancelled (reason {@value DecisionEngine#REASON_DAILY_LOSS} for the daily loss)
     * before it is. Nothing is sent while a restart rebuilds (it runs once at {@link DecisionEngine#rebuilt}).
     * Allocation-free unless it acts.
     */
    void pass(long eventTimeNs) {
        if (sender.rebuilding) {
            return;
        }
        for (int k = risk.pollFlatten(); k >= 0; k = risk.pollFlatten()) {
            flattening[k] = true;
        }
        boolean anyFlattening = killFlatten;
        for (int k = 0; k < flattening.length; k++) {
            if (flattening[k] && !risk.dailyLossHit(k)) {
                flattening[k] = false; // a new trading day
            }
            anyFlattening |= flattening[k];
        }
        boolean killOn = risk.killSwitchOn();
        if (!anyFlattening && !killOn) {
            return;
        }
        for (Strategy st : strategyArray) {
            boolean flatten = killFlatten || flattening[st.index];
            for (Market m : marketArray) {
                Position p = st.positions[m.index];
                Order<OrderContext> pending = p.pendingOrderId() == null ? null
                        : sender.tracker().get(p.pendingOrderId());
                if (pending != null && !pending.state().isFinal()) {
                    OrderContext ctx = pending.attachment();
                    boolean isEntry = ctx.reservePrice > 0 || ctx.scaleIn;
                    boolean restingEntry = ctx.entryStartNs > 0; // flatten cancels it before closing at market
                    if (!ctx.cancelSent && (killOn && isEntry
                            || flatten && (ctx.exitStartNs > 0 || restingEntry))) {
                        ctx.toMarket = ctx.exitStartNs > 0;
                        String reason = !isEntry ? DecisionEngine.REASON_LIMIT_EXIT
                                : killOn ? DecisionEngine.REASON_KILL_SWITCH : DecisionEngine.REASON_DAILY_LOSS;
                        sender.cancel(pending, reason, killOn && isEntry ? "kill switch on: no new entries"
                                : "closing every position at market", eventTimeNs);
                    }
                    continue;
                }
                if (flatten && !p.isFlat()) {
                    String reason = killFlatten ? DecisionEngine.REASON_KILL_SWITCH : DecisionEngine.REASON_DAILY_LOSS;
                    LOG.warn("{} {}: closing {} at market ({})", st.id, m.instrument.symbol(), p, killFlatten
                            ? "kill switch with flatten" : "daily loss limit hit, flattenOnDailyLoss");
                    exits.exit(st, m, p, 0, reason, eventTimeNs, 0, true, null);
                }
            }
        }
    }

}
