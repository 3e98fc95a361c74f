package io.aquatrade.decision;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import io.aquatrade.decision.DecisionConfig.StopOrder;
import io.aquatrade.decision.DecisionConfig.StrategyConfig;
import io.aquatrade.decision.OrderTracker.FillResult;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.OrderTracker.State;
import io.aquatrade.decision.risk.FixedFractionSizing;
import io.aquatrade.decision.risk.RiskEngine;
import io.aquatrade.decision.risk.StopLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns strategy {@link Signal}s into {@link SubmitOrder}s under each strategy's risk rules, books the strategy's
 * own fills, and stops out losing positions; every signal, stop or exit it does not turn into an order becomes an
 * {@link OrderDenied} saying why. It knows nothing about queues: the live process, replays, the backtest and the
 * tests all feed this class the same messages.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Entries</b> (LONG or, where allowed, SHORT while flat with nothing outstanding): an order of
 *       {@code floor(free quote balance x orderFraction / reference price)} lots ({@link FixedFractionSizing}),
 *       the free balance being the ledger's less what the strategy's entries still in flight reserve, in whole
 *       steps of the instrument's filters; the reference is the price the order would trade at (the best ask for a
 *       buy, the best bid for a sell, else the newer of the last trade and the signal's price). An entry that cannot
 *       be sized is denied ({@link DenyReason#NO_PRICE}, {@link DenyReason#INSUFFICIENT_CAPITAL},
 *       {@link DenyReason#BELOW_MIN_QUANTITY}, {@link DenyReason#BELOW_MIN_NOTIONAL}); see {@code Sizer}. A LONG
 *       while long, or SHORT while short, is denied ({@link DenyReason#POSITION_OPEN}: one position per strategy
 *       and instrument) unless it adds to a winning position ({@code scaleIn}, reason {@value #REASON_SCALE_IN}).
 *       Every entry, whatever its cause, passes through {@code Entries.enter}.</li>
 *   <li><b>FLAT</b> closes whatever is open: a long is sold, a short bought back, in full.</li>
 *   <li><b>Shorts</b> only for strategies with {@code allowShort: true}. Otherwise a SHORT signal only flattens: a
 *       long (or a short left from an earlier configuration) is closed, a flat strategy stays flat; counted as
 *       "short not allowed" (and denied, {@link DenyReason#SHORT_NOT_ALLOWED}, when nothing is closed). The venue
 *       must allow shorts too ({@code order-router.paper.allowShort}); if it does not, it rejects the short entry
 *       and the strategy stays flat.</li>
 *   <li><b>Flatten and reverse</b> (LONG while short; SHORT while long with shorts allowed) takes two orders, one
 *       at a time: first the close (reason {@value #REASON_REVERSE}) of the whole position; then, once that order
 *       is completely filled and the position is flat, the entry in the new direction (reason
 *       {@value #REASON_SIGNAL}), sent from inside the close's last {@code orderFilled} call, with the close's
 *       signal id and stamped with the close fill's event time (the signal's time, as the router stamps fills
 *       with the order's time). The entry is sized by the same fixed-fraction rule from the ledger <i>after</i>
 *       the close, with the close's last fill price as the reference price: that is the price the same side just
 *       traded at (a reversal's two orders are on the same side: sell-sell or buy-buy), it is known exactly, and
 *       it is the same whether the fill is met live or replayed after a restart, so a restart never changes the
 *       size. If the close is rejected, or leaves part of the position, the reversal stops there (logged,
 *       counted). Why two orders and not one netted order: see {@code Entries}.</li>
 *   <li><b>Stop-loss</b>, on every {@link TradeTick} and {@link QuoteTick} of an instrument where a strategy has a
 *       position and nothing outstanding ({@link StopLoss}): a long is sold when its mark (best bid if a quote is
 *       known, else the last trade) is below {@code avgEntryPrice x (1 - stopLossBps/10000)}; a short is bought
 *       back when its mark (best ask, else the last trade) is above {@code avgEntryPrice x (1 + stopLossBps/10000)};
 *       reason {@value #REASON_STOP_LOSS}, always a market order (a stop that may not fill is no stop). A trailing
 *       stop ({@code trailingStop}, in bps or ATR multiples) tightens the stop as the best trade since entry moves in
 *       the position's favour.
 *       </li>
 *   <li><b>Exits at the venue</b>, per strategy: a protective stop ({@code stopOrder: market | limit}, reason
 *       {@value #REASON_PROTECTIVE_STOP}), one reduce-only GTC stop for the open quantity, moved only by sending
 *       the new stop before cancelling the old (while one is working the engine's own check above is off for that
 *       position; {@code ProtectiveStops}); a take-profit ladder ({@code takeProfit}, reason
 *       {@value #REASON_TAKE_PROFIT}; {@code TakeProfitLadder}); limit exits ({@code exitOrder}: re-priced every
 *       {@code repriceMs}, at market after {@code deadlineMs}, cancels with reason {@value #REASON_LIMIT_EXIT};
 *       {@code Exits}).</li>
 *   <li><b>Resting entries</b> ({@code entryOrder: {type: limit, offsetBps, timeoutMs, postOnly}}): every entry is a
 *       GTC limit at the best bid (buy) or ask (sell), else the reference price, moved {@code offsetBps} in the
 *       trader's favour in whole ticks, sized and risk-checked at that price; cancelled (reason
 *       {@value #REASON_RESTING_ENTRY}) {@code timeoutMs} of event time after it was placed if not completely filled;
 *       an exit signal while it rests cancels it (reason {@value #REASON_SIGNAL}) and then closes what it filled
 *       ({@code RestingEntries}).</li>
 *   <li><b>Order type</b>: per strategy ({@code orderType}), every order a signal causes is a market order or a
 *       marketable limit order ({@link MarketableLimit}, in whole ticks; an exit with no price known at all goes
 *       as a market order).</li>
 *   <li><b>Risk rules</b> ({@code decision-engine.risk}, a strategy's {@code risk}; {@link RiskEngine}): every entry
 *       is refused while the kill switch is on, sized by the strategy's sizing mode, then checked by
 *       {@link RiskEngine#checkEntry} (a refusal is an {@link OrderDenied} with the rule's code, limit and value);
 *       exits never are. The risk engine is fed every trade, quote and fill (also those replayed at start-up), every
 *       entry sent, and stop-outs; a daily loss hit with {@code flattenOnDailyLoss} closes the strategy's positions at
 *       market (reason {@value #REASON_DAILY_LOSS}), the kill switch ({@link #killSwitch}, {@link #killSwitchFile})
 *       cancels working entries and with flatten closes every position (reason {@value #REASON_KILL_SWITCH}).</li>
 *   <li>At most one order per strategy and instrument is outstanding (sent and not final in its
 *       {@link OrderTracker}); a signal meanwhile is denied ({@link DenyReason#ORDER_OUTSTANDING}). A reversal's
 *       entry is sent in the same call that completes its close, so the position is never without its pending
 *       order in between. A stop is not checked while an order is outstanding.</li>
 * </ul>
 *
 * <h2>Denials</h2>
 * One {@link OrderDenied} on the orders topic per signal (or exit) not traded, stamped with the signal's event time,
 * counted by reason ({@link DecisionCounters#denied(DenyReason)}): {@link DenyReason#UNKNOWN_STRATEGY} (strategy or
 * instrument not configured), {@link DenyReason#ORDER_OUTSTANDING}, {@link DenyReason#NO_PRICE},
 * {@link DenyReason#INSUFFICIENT_CAPITAL}, {@link DenyReason#BELOW_MIN_QUANTITY}, {@link DenyReason#POSITION_OPEN}
 * (already long or short), {@link DenyReason#SHORT_NOT_ALLOWED}, {@link DenyReason#NO_POSITION} (FLAT while flat,
 * an exit with nothing sellable), {@link DenyReason#BELOW_MIN_NOTIONAL} (an entry worth less than the
 * instrument's {@code minNotional}) and {@link DenyReason#FILTER} (an entry an entry filter of the signal generator
 * blocked, {@link Signal#blockedBy()}: no order; a blocked reversal's FLAT still closes the position and only its
 * entry part is denied, so that signal has an order and a denial). Not denied: a signal met again (a replay; counted as duplicate), and the entry
 * of a reversal whose close the venue rejected, cancelled or expired (the venue's own message says why).
 *
 * <h2>Order lifecycle</h2>
 * An {@link OrderTracker} holds each order's state. {@code orderCanceled} and {@code orderExpired} end an order:
 * what it reserved is released, the position follows its fills only. An order the venue does not answer at all
 * while the order router reads more than {@code decision-engine.orderTimeoutMs} of market data past it
 * ({@link #routerProgress}: the router's clock, not this engine's inputs) is assumed never to have reached the venue:
 * counted, logged, its reservation released and its instrument free for the next signal (a reversal waiting on it is
 * abandoned); a fill of it that arrives later is booked all the same (counted as a late fill). While the router is
 * down nothing times out, however far market data moves.
 *
 * <h2>Orders</h2>
 * Client order id {@code <strategyId>-<n>}, n counting the strategy's orders from 1; stamped with the event time of
 * the input that caused it (the signal, the tick of a stop, the close fill of a reversal), {@code signalId} 0 for
 * stops. The engine may call its {@link OrderListener} from inside {@link #orderFilled} (a reversal's entry): a
 * single-process driver that feeds orders straight back into a router must queue them rather than re-enter the
 * router from inside the router's own callback.
 *
 * <h2>Ledgers and idempotence</h2>
 * Each strategy has a {@link Ledger} starting with its capital in every quote asset, changed exactly by its fills
 * (a short leaves the base asset negative), and a {@link Position} per instrument. Only executions of configured
 * strategies are booked; a fill seen again (same client order id and trade id, while the tracker still remembers
 * the order: see {@code finishedOrdersKept} and {@code finishedOrderRetentionMs}) is ignored. A signal whose id is
 * not above the highest signal id of its strategy that already caused an order or a denial is a replay and is
 * ignored (signal ids increase per writer; id 0 means "no id" and is never deduplicated). At start-up the agent
 * replays the {@code orders} topic into {@link #restoreSentOrder} and {@link #restoreDenied} and the
 * {@code executions} topic into this listener, which restores counters, ledgers, positions and outstanding orders.
 * A reversal whose close was filled but whose entry is not on the {@code orders} topic (the process stopped in
 * between) sends the entry during that replay, exactly as the uninterrupted run would have; one whose entry was
 * sent is recognised because a later order of the same strategy and instrument was restored. Market state (last
 * trade, quotes) is not restored: it refills from the next ticks.
 *
 * <p>Allocation: the tick path (trade and quote ticks, stop checks that do not trigger) allocates nothing; orders,
 * fills and signals (a few per bar) may. Not thread-safe: one agent thread calls it.
 */
public final class DecisionEngine implements SignalListener, ExecutionListener, MarketDataListener, ControlListener {
    /** {@link SubmitOrder#reason()} of orders caused by a signal. */
    public static final String REASON_SIGNAL = "signal";
    /** {@link SubmitOrder#reason()} of stop-loss exits. */
    public static final String REASON_STOP_LOSS = "stop-loss";
    /**
     * {@link SubmitOrder#reason()} of the first order of a flatten-and-reverse: the close, after whose complete fill
     * the entry in the other direction follows (a restart reads it back from the orders topic).
     */
    public static final String REASON_REVERSE = "reverse";
    /**
     * {@link SubmitOrder#reason()} of a protective stop resting at the venue ({@code stopOrder: market | limit}), and
     * {@link CancelOrder#reason()} of the cancel of the stop it replaces or that its closed position no longer needs.
     */
    public static final String REASON_PROTECTIVE_STOP = "protective-stop";
    /** {@link SubmitOrder#reason()} of an add to a winning position ({@code scaleIn}). */
    public static final String REASON_SCALE_IN = "scale-in";
    /** {@link CancelOrder#reason()} of the cancel of an order accepted after it timed out here. */
    public static final String REASON_LATE_ACCEPTANCE = "late-acceptance";

    /** {@link CancelOrder#reason()} of the cancel of a resting limit exit, to re-price it or to go to market. */
    public static final String REASON_LIMIT_EXIT = "limit-exit";
    /** {@link SubmitOrder#reason()} of a take-profit ladder's resting limits, and of their cancels. */
    public static final String REASON_TAKE_PROFIT = "take-profit";
    /**
     * {@link SubmitOrder#reason()} of the market orders closing every position when the kill switch is turned on with
     * flatten, and {@link CancelOrder#reason()} of the cancels of entries still working when it is turned on.
     */
    public static final String REASON_KILL_SWITCH = "kill-switch";
    /**
     * {@link SubmitOrder#reason()} of the market orders closing a strategy's positions when its daily loss is hit
     * ({@code flattenOnDailyLoss}), and {@link CancelOrder#reason()} of the cancel of a resting entry such a position
     * waits on.
     */
    public static final String REASON_DAILY_LOSS = "daily-loss";
    /**
     * {@link CancelOrder#reason()} of the cancel of a resting entry ({@code entryOrder: {type: limit}}) not completely
     * filled {@code timeoutMs} after it was placed. (An exit signal cancels one with reason {@value #REASON_SIGNAL},
     * the kill switch with {@value #REASON_KILL_SWITCH}.)
     */
    public static final String REASON_RESTING_ENTRY = "resting-entry";

    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final AquatradeConfig shared;
    private final Map<String, Strategy> strategies = new LinkedHashMap<>();
    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final OrderTracker<OrderContext> tracker;
    private final Consumer<Order<OrderContext>> onTimeout = this::timedOut;
    private final DecisionCounters counters = new DecisionCounters();
    private final Denials denials;
    private final OrderSender sender;
    private final Exits exits;
    private final ProtectiveStops stops;
    private final TakeProfitLadder takeProfits;
    private final ScaleIn scaleIns;
    /** Resting entries' timeouts and their cancel by exit signals. */
    private final RestingEntries restingEntries;
    /** Every entry passes through {@link Entries#enter}: the place for a pre-trade check. */
    private final Entries entries;
    private final Rebuild rebuild;
    /** The pre-trade checks and the state they need; fed by every input (see {@link RiskEngine}'s hook points). */
    private final RiskEngine risk;
    /** The kill switch's reaction and the daily-loss flatten. */
    private final RiskActions riskActions;
    /** The strategies and markets in config order, for the risk pass on ticks (no iterator per tick). */
    private final Strategy[] strategyArray;
    private final Market[] marketArray;
    private long lastEventTimeNs;
    /** True while a restart replays the topics: log lines say "replayed". */
    private boolean replaying;

    /**
     * @param config the decision-engine section
     * @param shared the shared config: instruments and asset decimals
     * @param orders where orders go (the {@code orders} topic's writer, or a test's recorder)
     * @throws io.aquatrade.common.ConfigException if the section does not fit the shared config (see
     *                                             {@link DecisionConfig#checkAgainst})
     */
    public DecisionEngine(DecisionConfig config, AquatradeConfig shared, OrderListener orders) {
        config.checkAgainst(shared);
        this.shared = shared;
        this.tracker = new OrderTracker<>(config.orderTimeoutMs(), config.finishedOrdersKept(),
                config.finishedOrderRetentionMs());
        this.denials = new Denials(orders, counters);
        this.sender = new OrderSender(orders, tracker, counters);
        this.exits = new Exits(sender, denials, counters);
        this.takeProfits = new TakeProfitLadder(config.strategies().size(), shared.instruments().size(), sender);
        this.scaleIns = new ScaleIn(config.strategies().size(), shared.instruments().size());
        this.risk = RiskEngine.from(shared, config);
        this.entries = new Entries(new Sizer(denials, counters, risk), sender, denials, scaleIns, exits, counters,
                risk);
        this.stops = new ProtectiveStops(config.strategies().size(), shared.instruments().size(), sender, exits,
                counters);
        this.restingEntries = new RestingEntries(sender, exits);
        this.rebuild = new Rebuild(strategies, markets, sender, stops, takeProfits, exits, restingEntries, counters);
        List<StrategyConfig> list = config.strategies();
        for (int i = 0; i < list.size(); i++) {
            StrategyConfig sc = list.get(i);
            strategies.put(sc.id(), new Strategy(sc, i, shared));
            if (sc.entryOrder() != null && sc.stopOrder() == StopOrder.NONE) {
                LOG.warn("strategy {}: entryOrder rests a limit entry but stopOrder is none: what a resting entry has "
                        + "filled has no stop until the entry ends (up to its timeoutMs); set stopOrder: market or "
                        + "limit to protect it at the venue", sc.id());
            }
        }
        int index = 0;
        for (Instrument instrument : shared.instruments().values()) {
            markets.put(instrument.symbol(), new Market(instrument, index++, shared, strategies.values()));
        }
        this.strategyArray = strategies.values().toArray(new Strategy[0]);
        this.marketArray = markets.values().toArray(new Market[0]);
        // entries in flight count with the positions in the risk rules (indices: config order, as the risk engine's)
        risk.pendingEntries((s, i) -> Sizer.reservedOn(strategyArray[s], marketArray[i]));
        this.riskActions = new RiskActions(risk, sender, exits, strategyArray, marketArray);
    }

    // ---------------------------------------------------------------------------------------------- signals

    @Override
    public void signal(Signal s) {
        counters.signalsSeen++;
        seen(s.eventTimeNs());
        Strategy st = strategies.get(s.strategyId());
        if (st == null) {
            counters.unknownStrategySignals++;
            denials.deny(null, s.strategyId(), s.instrument(), s.signalId(), DenyReason.UNKNOWN_STRATEGY,
                    s.direction() + " signal of strategy " + s.strategyId() + ", which decision-engine does not trade",
                    s.eventTimeNs());
            return;
        }
        Market m = markets.get(s.instrument());
        if (m == null) {
            counters.unknownInstrumentSignals++;
            denials.deny(st, st.id, s.instrument(), s.signalId(), DenyReason.UNKNOWN_STRATEGY,
                    s.direction() + " signal for instrument " + s.instrument() + ", which is not configured",
                    s.eventTimeNs());
            return;
        }
        st.atr[m.index] = s.atr();
        stops.atrChanged(st, m, s.eventTimeNs());
        if (s.signalId() > 0 && s.signalId() <= Math.max(st.lastActedSignalId, st.lastDeniedSignalId)) {
            counters.duplicateSignals++;
            LOG.info("signal {} of {} seen again (signal {} already caused an order, {} was denied): ignored",
                    s.signalId(), st.id, st.lastActedSignalId, st.lastDeniedSignalId);
            return;
        }
        Position p = st.positions[m.index];
        if (s.blocked()) {
            if (s.direction() == Direction.FLAT && !p.isFlat()) {
                act(st, m, p, s); // a blocked reversal: its exit part is traded (or denied, saying why)
            }
            denials.deny(st, m, s.signalId(), DenyReason.FILTER, "entry blocked by filter " + s.blockedBy() + ": "
                    + s.direction() + " signal (" + s.reason() + ")", s.eventTimeNs());
            return;
        }
        act(st, m, p, s);
    }

    /** A signal of a configured strategy and instrument, not seen before, and no entry a filter blocked. */
    private void act(Strategy st, Market m, Position p, Signal s) {
        if (p.pendingOrderId() != null) {
            Order<OrderContext> pending = tracker.get(p.pendingOrderId());
            if (pending != null && restingEntries.exitSignal(st, m, pending, s)) {
                return; // a resting entry is cancelled first; what it filled is closed after
            }
            counters.skippedOutstanding++;
            denials.deny(st, m, s.signalId(), DenyReason.ORDER_OUTSTANDING, s.direction() + " while order "
                    + p.pendingOrderId() + " is outstanding" + (pending == null ? "" : " (" + pending.state() + ", "
                    + m.instrument.formatSize(pending.filledQuantity()) + " of "
                    + m.instrument.formatSize(pending.quantity()) + " filled)"), s.eventTimeNs());
            return;
        }
        switch (s.direction()) {
            case LONG:
                entries.signal(st, m, p, Direction.LONG, s);
                break;
            case FLAT:
                if (p.isFlat()) {
                    counters.alreadyFlat++;
                    denials.deny(st, m, s.signalId(), DenyReason.NO_POSITION, "FLAT while flat: no position to exit",
                            s.eventTimeNs());
                } else {
                    exits.exit(st, m, p, s.signalId(), REASON_SIGNAL, s.eventTimeNs(), s.price(), false, null);
                }
                break;
            case SHORT:
                if (!st.config.allowShort()) {
                    counters.shortNotAllowed++;
                    if (p.isFlat()) {
                        denials.deny(st, m, s.signalId(), DenyReason.SHORT_NOT_ALLOWED,
                                "SHORT while flat: shorts not allowed (allowShort: false), stays flat",
                                s.eventTimeNs());
                    } else {
                        LOG.info("signal {} SHORT {} of {}: shorts not allowed, flattening the {}", s.signalId(),
                                m.instrument.symbol(), st.id, p.isLong() ? "long" : "short");
                        exits.exit(st, m, p, s.signalId(), REASON_SIGNAL, s.eventTimeNs(), s.price(), false, null);
                    }
                } else {
                    entries.signal(st, m, p, Direction.SHORT, s);
                }
                break;
            default:
                throw new IllegalStateException("direction " + s.direction());
        }
    }

    /**
     * Re-reads a denial this engine wrote before a restart (from the {@code orders} topic, oldest first): its signal
     * counts as handled, so that the signal met again is ignored as a duplicate rather than denied a second time.
     * Denials of strategies no longer configured are skipped.
     *
     * @param d a denial from the orders topic (reused after the call)
     */
    public void restoreDenied(OrderDenied d) {
        rebuild.restoreDenied(d);
    }

    /**
     * Re-registers an order this engine sent before a restart (read from the {@code orders} topic, oldest first):
     * advances the strategy's order counter past it, marks the order outstanding until its executions (replayed
     * next) complete or reject it, and remembers its signal as acted on. The close of a reversal (reason
     * {@value #REASON_REVERSE}) is remembered with its direction, so that its entry follows its fill unless a later
     * order of the same strategy and instrument is restored too. Idempotent; orders of strategies or instruments no
     * longer configured are skipped with a warning.
     *
     * @param sent an order from the orders topic (reused after the call)
     */
    public void restoreSentOrder(SubmitOrder sent) {
        rebuild.restoreSentOrder(sent);
    }

    /**
     * Re-registers a cancel this engine sent before a restart (read from the {@code orders} topic after the order it
     * cancels): the order is not cancelled again, and the cancel counts as unanswered until the venue's answer is
     * replayed or arrives ({@link #earliestUnansweredNs()}); a limit exit's cancel remembers whether it was sent to
     * re-price the exit or, at its deadline, to send the rest at market.
     *
     * @param sent a cancel from the orders topic (reused after the call)
     */
    public void restoreSentCancel(CancelOrder sent) {
        Order<OrderContext> o = tracker.get(sent.clientOrderId());
        if (o != null && o.attachment() != null) {
            o.attachment().cancelSent = true;
            rebuild.restoreSentCancel(o, sent);
        }
        sender.cancelSent(sent.clientOrderId(), sent.eventTimeNs());
    }

    /**
     * Ends a restart's rebuild (after {@link #restoreSentOrder} and the replay of {@code executions}): for each
     * strategy with {@code stopOrder} on, the newest protective stop still working is taken as the position's stop
     * and brought in line with the position exactly as after a fill (a new stop first if it no longer fits, none if
     * the position is flat), then every older stop still working is cancelled: what the run before the restart
     * would have done had it not stopped between a fill and its stop, or between a new stop and the old one's
     * cancel. Take-profits of a position closed meanwhile are cancelled, and an open position whose latest entry or add
     * completed without its take-profit ladder being sent gets it; a limit exit whose cancel (to re-price it, or at
     * its deadline) was confirmed without its next order being sent is followed by that order, stamped with the
     * cancel's confirmation time as without the restart. Other orders go out stamped with the latest event
     * time seen. Does nothing if nothing was restored.
     */
    public void rebuilt() {
        rebuild.dailyLossStops(risk);
        if (!sender.rebuilding) {
            return;
        }
        for (Order<OrderContext> o : tracker.openOrders()) {
            countRestoredEntry(o); // no execution replayed: pending at the restart, or never answered
        }
        rebuild.rebuilt(lastEventTimeNs);
        riskActions.pass(lastEventTimeNs);
    }

    /**
     * Counts an order restored from the {@code orders} topic as an entry for the risk engine's trades per day, once,
     * when its first execution is replayed (so in event-time order with the fills that set the day's P&amp;L): a
     * scale-in add always; a {@code signal} order if the position is flat or on its side then (an exit is neither).
     */
    private void countRestoredEntry(Order<OrderContext> so) {
        OrderContext ctx = so.attachment();
        if (ctx.restoredEntry == 0) {
            return;
        }
        Position p = ctx.strategy.positions[ctx.market.index];
        boolean entry = ctx.restoredEntry == OrderContext.ENTRY || p.isFlat()
                || p.isLong() == (so.side() == Side.BUY);
        ctx.restoredEntry = 0;
        if (entry) {
            risk.onEntrySent(ctx.strategy.index, ctx.market.index, so.sentTimeNs());
        }
    }

    private void countRestoredEntry(String clientOrderId) {
        if (sender.rebuilding) {
            Order<OrderContext> so = tracker.get(clientOrderId);
            if (so != null) {
                countRestoredEntry(so);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- control

    /**
     * The kill switch changed on the {@code control} topic (read in arrival order, outside event-time sequencing;
     * see {@code DecisionAgent}). On: no new entries ({@link DenyReason#KILL_SWITCH}), every entry order still
     * working is cancelled (reason {@value #REASON_KILL_SWITCH}), and with flatten every position is closed at market
     * (reason {@value #REASON_KILL_SWITCH}; a resting limit exit is cancelled to go at market, protective stops and
     * take-profits are cancelled once the position is flat). Off: entries pass again. Logged at WARN.
     *
     * @param k the message (reused after the call)
     */
    @Override
    public void killSwitch(KillSwitch k) {
        riskActions.killSwitch(k, replaying, lastEventTimeNs);
    }

    /**
     * Whether {@code runtime.killSwitchFile} exists (the agent checks; no I/O here): while it does the kill switch is
     * on (without flatten), whatever the {@code control} topic says. A change is logged at WARN.
     *
     * @param exists true if the file exists
     */
    public void killSwitchFile(boolean exists) {
        riskActions.killSwitchFile(exists, lastEventTimeNs);
    }

    /** @return true while the kill switch is on, by the {@code control} topic or the file */
    public boolean killSwitchOn() {
        return risk.killSwitchOn();
    }

    /**
     * Sets an instrument's last trade from market data consumed before a restart (read backwards, newest first), so
     * that the rebuild ({@link #rebuilt}) prices what it sends as the run before the restart would have; nothing else
     * happens (no stop check, no trailing, no re-pricing). Only the first call per instrument counts; call before
     * {@link #rebuilt} and before any live tick.
     *
     * @param trade a trade consumed before the restart (reused after the call)
     * @return true if it set the instrument's last trade (configured and not set yet)
     */
    public boolean primeMarket(TradeTick trade) {
        Market m = markets.get(trade.instrument());
        if (m == null || m.lastPrice != 0) {
            return false;
        }
        m.lastPrice = trade.price();
        m.lastTradeTimeNs = trade.eventTimeNs();
        return true;
    }

    /**
     * Sets an instrument's best bid and ask from market data consumed before a restart; see
     * {@link #primeMarket(TradeTick)}.
     *
     * @param quote a quote consumed before the restart (reused after the call)
     * @return true if it set the instrument's quote (configured and not set yet)
     */
    public boolean primeMarket(QuoteTick quote) {
        Market m = markets.get(quote.instrument());
        if (m == null || m.bid != 0 || m.ask != 0) {
            return false;
        }
        m.bid = quote.bidPrice();
        m.ask = quote.askPrice();
        return true;
    }

    /** @return how many instruments are configured */
    public int instrumentCount() {
        return markets.size();
    }

    // ---------------------------------------------------------------------------------------------- market data

    @Override
    public void tradeTick(TradeTick tick) {
        Market m = markets.get(tick.instrument());
        if (m == null) {
            return;
        }
        seen(tick.eventTimeNs());
        m.lastPrice = tick.price();
        m.lastTradeTimeNs = tick.eventTimeNs();
        risk.onTrade(m.index, tick.price(), tick.eventTimeNs());
        stops.trail(m, tick.price(), tick.eventTimeNs());
        exits.reprice(m, tick.eventTimeNs());
        restingEntries.expire(m, tick.eventTimeNs());
        stops.check(m, tick.eventTimeNs());
        riskActions.pass(tick.eventTimeNs());
    }

    @Override
    public void quoteTick(QuoteTick quote) {
        Market m = markets.get(quote.instrument());
        if (m == null) {
            return;
        }
        seen(quote.eventTimeNs());
        m.bid = quote.bidPrice();
        m.ask = quote.askPrice();
        risk.onQuote(m.index, quote.bidPrice(), quote.askPrice(), quote.eventTimeNs());
        exits.reprice(m, quote.eventTimeNs());
        restingEntries.expire(m, quote.eventTimeNs());
        stops.check(m, quote.eventTimeNs());
        riskActions.pass(quote.eventTimeNs());
    }

    // ---------------------------------------------------------------------------------------------- executions

    /**
     * The venue accepted an order. An order this engine had given up on ({@code orderTimeoutMs} without an answer:
     * assumed never to have reached the venue, its reservation released, maybe replaced by a newer one) that the
     * venue accepts after all is cancelled at once ({@value #REASON_LATE_ACCEPTANCE}): left working, a late
     * protective stop or resting order would trade a position the engine no longer tracks it for. A backstop: the
     * router holds its progress while it may still place an order (held back by a 418 ban, say), so such an order
     * does not time out here ({@link #routerProgress}). Not while replaying: the cancel, if sent, is on the orders
     * topic.
     */
    @Override
    public void orderAccepted(OrderAccepted accepted) {
        seen(accepted.eventTimeNs());
        countRestoredEntry(accepted.clientOrderId());
        Order<OrderContext> o = tracker.accepted(accepted.clientOrderId());
        if (o != null && o.state() == State.TIMED_OUT && o.attachment() != null && !o.attachment().cancelSent
                && !replaying && !sender.rebuilding) {
            LOG.warn("order {} accepted by the venue after it timed out here: cancelled", o.clientOrderId());
            sender.cancel(o, REASON_LATE_ACCEPTANCE, "accepted after it timed out", accepted.eventTimeNs());
        }
    }

    @Override
    public void orderRejected(OrderRejected rejected) {
        seen(rejected.eventTimeNs());
        countRestoredEntry(rejected.clientOrderId());
        if (tracker.get(rejected.clientOrderId()) == null) {
            unknownEnd(rejected.clientOrderId(), rejected.strategyId(), "rejection", rejected.reason());
            return;
        }
        Order<OrderContext> so = tracker.end(rejected.clientOrderId(), State.REJECTED, rejected.eventTimeNs());
        if (so == null) {
            return; // already final
        }
        counters.rejections++;
        OrderSender.release(so);
        LOG.warn("{}order {} rejected: {}", replaying ? "replayed " : "", so.clientOrderId(), rejected.reason());
        entries.abandon(so, "was rejected");
        restingEntries.ended(so, rejected.eventTimeNs());
    }

    /**
     * The order router's reconciliation with the venue: while its last status of an instrument says reduce-only,
     * every entry on it is denied ({@link DenyReason#RECONCILIATION}); exits, stops and take-profits still go. Read
     * from {@code executions} like everything else the router writes, so a restart's replay restores it.
     */
    @Override
    public void reconciliation(ReconciliationStatus status) {
        Market m = status.instrument() == null ? null : markets.get(status.instrument());
        if (m == null) {
            return; // an instrument this engine does not trade
        }
        String before = m.reconciliation;
        m.reconciliation = status.reduceOnly() ? status.reason() : null;
        if ((before != null) != status.reduceOnly()) {
            LOG.warn("{}{} {} by the order router's reconciliation: {}", replaying ? "replayed " : "",
                    m.instrument.symbol(), status.reduceOnly() ? "reduce-only (entries denied)" : "resolved (entries "
                            + "allowed)", status.reason());
        }
    }

    /** @return true while the router's reconciliation holds the instrument reduce-only */
    public boolean reduceOnly(String instrument) {
        Market m = markets.get(instrument);
        return m != null && m.reconciliation != null;
    }

    /** The venue refused a cancel (the order had ended, or was unknown): the cancel is answered; nothing else. */
    @Override
    public void cancelRejected(CancelRejected rejected) {
        seen(rejected.eventTimeNs());
        sender.cancelRefused(rejected.clientOrderId()); // it ends by its own execution, or may be cancelled again
    }

    /**
     * The venue cancelled an order at this engine's request: what was reserved for it is released; the position
     * follows its fills only. A reversal whose close was cancelled goes on only if the close left the position flat.
     */
    @Override
    public void orderCanceled(OrderCanceled canceled) {
        seen(canceled.eventTimeNs());
        sender.cancelAnswered(canceled.clientOrderId());
        ended(canceled.clientOrderId(), canceled.strategyId(), State.CANCELED, canceled.cumulativeQuantity(),
                canceled.eventTimeNs(), "cancel");
    }

    /**
     * An order ended by its time in force (an IOC remainder, an FOK not fillable whole): what was reserved for it is
     * released; the position follows its fills only. A reversal whose close expired goes on only if the close left
     * the position flat.
     */
    @Override
    public void orderExpired(OrderExpired expired) {
        seen(expired.eventTimeNs());
        ended(expired.clientOrderId(), expired.strategyId(), State.EXPIRED, expired.cumulativeQuantity(),
                expired.eventTimeNs(), "expiry");
    }

    private void ended(String clientOrderId, String strategyId, State end, long cumulativeQuantity, long eventTimeNs,
                       String what) {
        countRestoredEntry(clientOrderId);
        if (tracker.get(clientOrderId) == null) {
            unknownEnd(clientOrderId, strategyId, what, end.name());
            return;
        }
        Order<OrderContext> so = tracker.end(clientOrderId, end, eventTimeNs);
        if (so == null) {
            return; // already final
        }
        if (end == State.CANCELED) {
            counters.ordersCanceled++;
        } else {
            counters.ordersExpired++;
        }
        OrderSender.release(so);
        OrderContext ctx = so.attachment();
        Instrument instrument = ctx.market.instrument;
        LOG.info("{}order {} {}: {} of {} filled (venue says {})", replaying ? "replayed " : "", so.clientOrderId(),
                end,
                instrument.formatSize(so.filledQuantity()), instrument.formatSize(so.quantity()),
                instrument.formatSize(cumulativeQuantity));
        if (ctx.then != null && !ctx.successorSent) {
            entries.afterClose(so, eventTimeNs);
        }
        boolean exited = restingEntries.ended(so, eventTimeNs); // a resting entry an exit signal cancelled
        if (!exited && so.filledQuantity() > 0 && entered(so)) {
            takeProfits.place(ctx.strategy, ctx.market, eventTimeNs); // an entry or add that ended part-filled
        }
        takeProfits.sync(ctx.strategy, ctx.market, eventTimeNs); // a replaced rung's end makes room for a new one
        exits.ended(so, eventTimeNs);
        riskActions.pass(eventTimeNs);
    }

    /**
     * @return true if the order was an entry or an add: it traded in the direction of the position it leaves (a buy
     * leaving a long, a sell leaving a short). Closes, exits, stops and take-profits only reduce a position. Read from
     * the position rather than the order's reason so that an order restored after a restart counts the same.
     */
    private static boolean entered(Order<OrderContext> so) {
        Position p = so.attachment().strategy.positions[so.attachment().market.index];
        return !p.isFlat() && (so.side() == Side.BUY) == p.isLong();
    }

    private void unknownEnd(String clientOrderId, String strategyId, String what, String reason) {
        if (strategies.containsKey(strategyId)) {
            LOG.warn("{} of unknown order {}: {}", what, clientOrderId, reason);
        } else {
            counters.foreignExecutions++;
        }
    }

    /**
     * The venue never answered an order while the router read {@code orderTimeoutMs} of market data past it: the engine
     * assumes it never reached the venue.
     * Its reservation is released and its strategy may trade the instrument again; a reversal waiting on it is
     * abandoned. A fill of it met later is booked all the same.
     */
    private void timedOut(Order<OrderContext> so) {
        if (sender.rebuilding) {
            countRestoredEntry(so); // sent before the restart and never answered: an entry all the same
        }
        counters.ordersTimedOut++;
        OrderSender.release(so);
        OrderContext ctx = so.attachment();
        LOG.warn("order {} of {} {} timed out: no answer from the venue while the router read {} ms of market data "
                        + "past it (sent at {} ns, router at {} ns); assumed never to have reached it",
                so.clientOrderId(), ctx.strategy.id, ctx.market.instrument.symbol(), tracker.timeoutMs(),
                so.sentTimeNs(), tracker.routerNs());
        entries.abandon(so, "timed out");
    }

    @Override
    public void orderFilled(OrderFilled f) {
        seen(f.eventTimeNs());
        Order<OrderContext> so = tracker.get(f.clientOrderId());
        if (so == null) {
            Strategy st = strategies.get(f.strategyId());
            Market m = markets.get(f.instrument());
            if (st == null || m == null) {
                counters.foreignExecutions++;
                return;
            }
            LOG.warn("fill {} of {} for order {} this engine never sent (or no longer remembers): booked anyway",
                    f.tradeId(), st.id, f.clientOrderId());
            counters.unknownOrderFills++;
            so = tracker.adopt(f.clientOrderId(), f.side(), f.eventTimeNs(), new OrderContext(st, m));
        }
        countRestoredEntry(so);
        FillResult result = tracker.fill(so, f);
        if (result == FillResult.DUPLICATE) {
            counters.duplicateFills++;
            LOG.info("fill {} of order {} seen again: ignored", f.tradeId(), so.clientOrderId());
            return;
        }
        OrderContext ctx = so.attachment();
        if (f.side() != so.side() && so.quantity() > 0) {
            LOG.warn("fill {} of order {} is a {} but the order was a {}: booking the fill", f.tradeId(),
                    so.clientOrderId(), f.side(), so.side());
        }
        if (result == FillResult.LATE && !so.adopted()) {
            counters.lateFills++;
            LOG.warn("fill {} of order {} came after the order ended ({}): booked", f.tradeId(), so.clientOrderId(),
                    so.state());
        }
        long before = ctx.strategy.book(ctx.market, f);
        Position booked = ctx.strategy.positions[ctx.market.index];
        risk.onFill(ctx.strategy.index, ctx.market.index, f.side(), f.fillPrice(), f.fillQuantity(),
                ctx.strategy.lastCashOut, ctx.strategy.sellable(ctx.market), f.eventTimeNs());
        if ((ctx.stopLoss || ctx.stopTriggerPrice > 0) && before != 0 && booked.isFlat()) {
            risk.onStopOut(ctx.strategy.index, ctx.market.index, f.eventTimeNs());
        }
        stops.filled(ctx.strategy, ctx.market, before, f.fillPrice());
        scaleIns.filled(ctx.strategy, ctx.market, ctx.scaleIn && so.filledQuantity() == f.fillQuantity());
        counters.fillsApplied++;
        stops.sync(ctx.strategy, ctx.market, f.eventTimeNs());
        takeProfits.sync(ctx.strategy, ctx.market, f.eventTimeNs());
        boolean completes = result == FillResult.COMPLETED;
        Instrument instrument = ctx.market.instrument;
        if (LOG.isInfoEnabled()) { // the arguments format decimals: build them only when the line is logged
            LOG.info("{}fill {} {} {} {} @ {} fee {} {}{}: {}, ledger {}", replaying ? "replayed " : "",
                    so.clientOrderId(), f.side(),
                    instrument.formatSize(f.fillQuantity()), instrument.symbol(),
                    instrument.formatPrice(f.fillPrice()),
                    f.feeAsset() == null ? "0" : FixedPoint.format(f.fee(), shared.assetDecimals(f.feeAsset())),
                    f.feeAsset(), completes ? " (complete)" : "", ctx.strategy.positions[ctx.market.index],
                    ctx.strategy.formatLedger(shared));
        }
        if (completes) {
            OrderSender.release(so);
            // a resting entry an exit signal was cancelling filled completely first: the exit follows at once
            if (!restingEntries.ended(so, f.eventTimeNs()) && entered(so)) {
                takeProfits.place(ctx.strategy, ctx.market, f.eventTimeNs());
            }
            if (ctx.then != null && !ctx.successorSent) {
                entries.afterClose(so, f.eventTimeNs());
            }
        }
        riskActions.pass(f.eventTimeNs());
    }

    /** The router's own account view: informational; the engine keeps its own ledgers from fills. */
    @Override
    public void balanceUpdate(BalanceUpdate balance) {
        seen(balance.eventTimeNs());
    }

    /** The router's own position view: informational; the engine keeps its own positions from fills. */
    @Override
    public void positionUpdate(PositionUpdate position) {
        seen(position.eventTimeNs());
    }

    private void seen(long eventTimeNs) {
        if (eventTimeNs > lastEventTimeNs) {
            lastEventTimeNs = eventTimeNs;
            risk.onTime(eventTimeNs);
            tracker.advance(eventTimeNs);
        }
    }

    /**
     * The order router's progress, read from its watermarks on {@code executions} ({@code Progress.marketDataNs}: how
     * far it has read market data; the cycle passes it, live only, see {@code DecisionCycle}). This, and nothing
     * else, times orders and cancels out: an order not answered at all once the router has read more than {@code
     * orderTimeoutMs} of market data past it (past its event time, or past the router's progress known when it was
     * sent if that is later) is assumed never to have reached the venue. A router that is down publishes no
     * progress, and one still working on an order (a live venue's unknown outcome, an order held back by a rate
     * limit) withholds it, so however far market data moves meanwhile the order stays outstanding and its
     * reservation held: no second entry goes while the first may still be at the venue. A progress not above the
     * last changes nothing; allocation-free unless something times out.
     *
     * @param marketDataNs how far the router has read market data, UTC epoch ns
     */
    public void routerProgress(long marketDataNs) {
        if (marketDataNs > tracker.routerNs()) {
            tracker.expire(marketDataNs, lastEventTimeNs, onTimeout);
            sender.expireCancels(marketDataNs, tracker.timeoutMs() * 1_000_000L);
        }
    }

    // ---------------------------------------------------------------------------------------------- views

    /**
     * @return orders sent (or restored) and not final (neither completely filled, rejected, cancelled, expired nor
     * timed out); 0..number of positions
     */
    public int outstandingOrders() {
        return tracker.openCount();
    }

    /**
     * @return the earliest event time of a request the venue has not answered yet: an order still pending new, or a
     * cancel not yet confirmed or refused, UTC epoch ns; {@link Long#MAX_VALUE} when none. The router stamps its answer
     * to a request with the request's time (or later), so no execution it writes in answer is earlier than this.
     */
    public long earliestUnansweredNs() {
        long earliest = Long.MAX_VALUE;
        List<Order<OrderContext>> open = tracker.openOrders();
        for (int i = 0; i < open.size(); i++) {
            Order<OrderContext> o = open.get(i);
            if (o.state() == OrderTracker.State.PENDING_NEW) {
                earliest = Math.min(earliest, o.sentTimeNs());
            }
        }
        return Math.min(earliest, sender.earliestUnansweredCancelNs());
    }

    /**
     * @param clientOrderId a client order id
     * @return the state of an order sent or restored, or null if never sent or no longer remembered
     */
    public State orderState(String clientOrderId) {
        Order<OrderContext> o = tracker.get(clientOrderId);
        return o == null ? null : o.state();
    }

    /** @return orders remembered, open and finished: bounded by the open ones plus {@code finishedOrdersKept} */
    public int ordersRemembered() {
        return tracker.size();
    }

    /** @return the latest event time of any input seen, UTC epoch ns; 0 before the first */
    public long lastEventTimeNs() {
        return lastEventTimeNs;
    }

    /** @return what the engine did since start (read-only) */
    public DecisionCounters counters() {
        return counters;
    }

    /** @return configured strategy ids, in config order */
    public Set<String> strategyIds() {
        return Collections.unmodifiableSet(strategies.keySet());
    }

    /**
     * @param strategyId a configured strategy id
     * @param symbol     a configured instrument symbol
     * @return the strategy's position in an instrument (read-only, live: it changes as fills arrive)
     * @throws IllegalArgumentException if the strategy or instrument is not configured
     */
    public Position position(String strategyId, String symbol) {
        Market m = markets.get(symbol);
        if (m == null) {
            throw new IllegalArgumentException("instrument " + symbol + " is not configured");
        }
        return strategy(strategyId).positions[m.index];
    }

    /**
     * @param strategyId a configured strategy id
     * @return the strategy's ledger (read-only, live)
     * @throws IllegalArgumentException if the strategy is not configured
     */
    public Ledger ledger(String strategyId) {
        return strategy(strategyId).ledger;
    }

    /**
     * @param strategyId a configured strategy id
     * @return how many orders the strategy has sent in its life (restored from the orders topic at start-up): the
     * n of its latest client order id {@code <strategyId>-<n>}
     * @throws IllegalArgumentException if the strategy is not configured
     */
    public long orderCounter(String strategyId) {
        return strategy(strategyId).orderCounter;
    }

    /** @return client order ids sent or restored and not yet completed, in no particular order (allocates) */
    public Set<String> outstandingOrderIds() {
        Set<String> ids = new HashSet<>();
        for (Order<OrderContext> o : tracker.openOrders()) {
            ids.add(o.clientOrderId());
        }
        return ids;
    }

    /**
     * Marks the executions the engine logs (fills, cancels, expiries, rejections) as replayed (a restart's rebuild
     * from {@code executions}) or live; orders sent meanwhile are new and not marked. Informational only: it changes
     * no decision.
     *
     * @param replaying true while the rebuild replays what was written before the restart
     */
    public void replaying(boolean replaying) {
        this.replaying = replaying;
    }

    private Strategy strategy(String id) {
        Strategy st = strategies.get(id);
        if (st == null) {
            throw new IllegalArgumentException("strategy " + id + " is not configured");
        }
        return st;
    }

    /**
     * @return the engine's risk state: day P&amp;L, trade counts, limits hit, kill switch (read only: fed by the
     * engine)
     */
    public RiskEngine risk() {
        return risk;
    }

    /** @return a one-line summary: counters, risk state, positions and ledgers (allocates; for logs) */
    public String summary() {
        StringBuilder sb = new StringBuilder(counters.toString());
        sb.append("; kill switch ").append(risk.killSwitchOn() ? "ON" : "off").append(" (control topic: ")
                .append(riskActions.state()).append(")").append("; daily-loss stops ").append(risk.dailyLossStops());
        for (Strategy st : strategies.values()) {
            sb.append("; ").append(st.id).append(": orders ").append(st.orderCounter).append(", ledger ")
                    .append(st.formatLedger(shared));
            for (Position p : st.positions) {
                if (!p.isFlat()) {
                    sb.append(", ").append(p);
                }
            }
        }
        return sb.toString();
    }
}
