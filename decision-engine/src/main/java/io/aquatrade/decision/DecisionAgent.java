package io.aquatrade.decision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.aquatrade.common.Agent;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.SignalLog;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision-engine process's duty cycle: the only class that touches its queues.
 *
 * <p>The first pass rebuilds the engine's state before any named tailer resumes: it reads the {@code orders} topic
 * from the start into {@link DecisionEngine#restoreSentOrder} (order counters, sent orders, signals acted on),
 * {@link DecisionEngine#restoreSentCancel} (cancels sent) and {@link DecisionEngine#restoreDenied} (signals
 * denied), then
 * the {@code executions} topic from the start into the engine (fills, ledgers, positions, which orders are still
 * outstanding). Executions that the named tailer has not consumed yet are delivered once more afterwards; the
 * engine ignores the fills among them by (client order id, trade id). The rebuild may write one order per
 * (strategy, instrument): the entry of a flatten-and-reverse whose close was filled while this process was down,
 * stamped with that fill's time, which no watermark of the earlier run passed (the close was outstanding, so the
 * executions input held the watermark below it); likewise the next order of a limit exit whose cancel was
 * confirmed meanwhile, stamped with the confirmation's time (the cancel was unanswered, which held the watermark).
 *
 * <p>Then each pass is one {@link DecisionCycle} pass over the named ({@value #NAME}) tailers of {@code signals},
 * {@code executions} and {@code market-data}: the inputs, their priority, the quiet rule, the watermarks and the end
 * of stream are defined there, shared with the backtest.
 *
 * <p><b>Kill switch.</b> The {@code control} topic is read from its start before the rebuild (so the switch's last
 * state holds across restarts, and a restart with flatten on closes what it finds open), then at the start of every
 * pass, in arrival order, outside the event-time {@link io.aquatrade.common.Sequencer}: an operator's command has no
 * place in the market's time and must never hold back the other inputs (the topic has no watermark; waiting on it
 * would stop the engine until the next command). So the switch acts at whatever event time the engine has reached
 * when it is read: a replay or the four processes on recorded data trade up to the moment it is turned on, which
 * depends on how fast they run, so orders after a kill switch command are not reproducible, and a backtest, which
 * has no {@code control} topic, never sees one. Before any command, and after it has been turned off, the processes
 * and the backtest trade the same. {@code runtime.killSwitchFile} is checked at most every
 * {@value #KILL_SWITCH_FILE_CHECK_MS} ms of the clock: the agent does the I/O, the engine is told whether it exists.
 *
 * <p>Must be constructed, run and closed on one thread (Chronicle tailers and appenders are single-threaded).
 */
public final class DecisionAgent implements Agent {
    /** Process name: the named tailers' name and the progress source. */
    public static final String NAME = "decision-engine";

    /** How often {@code runtime.killSwitchFile} is looked for, ms of the clock. */
    public static final long KILL_SWITCH_FILE_CHECK_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionAgent.class);

    private final QueueRoot queues;
    private final DecisionEngine engine;
    private final Sequencer.Mode mode;
    private final OrderListener orders;
    private TopicReader<SignalListener> signals;
    private TopicReader<ExecutionListener> executions;
    private TopicReader<MarketDataListener> marketData;
    private DecisionCycle cycle;
    private final Path killSwitchFile;
    private final EpochClock clock;
    private TopicReader<ControlListener> control;
    private long nextFileCheckNs = Long.MIN_VALUE;
    /** Instruments by symbol when signals read are logged, else null. */
    private Map<String, Instrument> signalLog;

    /**
     * An agent without a kill switch file (the {@code control} topic still counts).
     *
     * @param queues the queue root
     * @param engine the engine, whose output is {@code orders}
     * @param orders the writer of the {@code orders} topic (the engine's output), for watermarks
     * @param mode   how inputs are merged: event time (replays) or arrival (live)
     */
    public DecisionAgent(QueueRoot queues, DecisionEngine engine, OrderListener orders, Sequencer.Mode mode) {
        this(queues, engine, orders, mode, null, EpochClock.system());
    }

    /**
     * @param queues         the queue root
     * @param engine         the engine, whose output is {@code orders}
     * @param orders         the writer of the {@code orders} topic (the engine's output), for watermarks
     * @param mode           how inputs are merged: event time (replays) or arrival (live)
     * @param killSwitchFile {@code runtime.killSwitchFile}: while it exists the kill switch is on; null for none
     * @param clock          paces the checks for that file
     */
    public DecisionAgent(QueueRoot queues, DecisionEngine engine, OrderListener orders, Sequencer.Mode mode,
                         Path killSwitchFile, EpochClock clock) {
        this.queues = queues;
        this.engine = engine;
        this.mode = mode;
        this.orders = orders;
        this.killSwitchFile = killSwitchFile;
        this.clock = clock;
    }

    /**
     * Logs one line per signal read, before the engine gets it ({@link SignalLog}: the signals log, beside the
     * engine's denials); call before the first pass.
     *
     * @param instruments instruments by symbol, to print the signals' prices as decimals
     * @return this agent
     */
    public DecisionAgent signalLog(Map<String, Instrument> instruments) {
        this.signalLog = instruments;
        return this;
    }

    @Override
    public int doWork() {
        if (cycle == null) {
            start();
            return 1;
        }
        int work = control.poll(engine);
        checkKillSwitchFile();
        boolean endedBefore = cycle.ended();
        work += cycle.doWork();
        if (!endedBefore && cycle.ended()) {
            LOG.info("inputs ended, end of stream written at {}: {}", engine.lastEventTimeNs(), engine.summary());
        }
        return work;
    }

    private void checkKillSwitchFile() {
        if (killSwitchFile == null) {
            return;
        }
        long nowNs = clock.nowNs();
        if (nowNs < nextFileCheckNs) {
            return;
        }
        nextFileCheckNs = nowNs + KILL_SWITCH_FILE_CHECK_MS * 1_000_000L;
        engine.killSwitchFile(Files.exists(killSwitchFile));
    }

    private void start() {
        engine.replaying(true);
        control = queues.reader(Topic.CONTROL, null);
        long controlMessages = 0;
        while (control.poll(engine) > 0) {
            controlMessages++;
        }
        checkKillSwitchFile();
        long restoredOrders = 0;
        try (TopicReader<OrderListener> sent = queues.reader(Topic.ORDERS, null)) {
            OrderListener restore = new OrderListener() {
                @Override
                public void submitOrder(SubmitOrder order) {
                    engine.restoreSentOrder(order);
                }

                @Override
                public void orderDenied(OrderDenied denied) {
                    engine.restoreDenied(denied);
                }

                @Override
                public void cancelOrder(CancelOrder cancel) {
                    engine.restoreSentCancel(cancel);
                }
            };
            while (sent.poll(restore) > 0) {
                restoredOrders++;
            }
        }
        long replayedExecutions = 0;
        try (TopicReader<ExecutionListener> done = queues.reader(Topic.EXECUTIONS, null)) {
            while (done.poll(engine) > 0) {
                replayedExecutions++;
            }
        }
        engine.replaying(false);
        if (restoredOrders > 0) {
            primeMarket();
        }
        engine.rebuilt();
        LOG.info("state rebuilt from {} control messages, {} orders and {} executions: {} outstanding; {}",
                controlMessages, restoredOrders, replayedExecutions, engine.outstandingOrders(), engine.summary());
        signals = queues.reader(Topic.SIGNALS, NAME);
        executions = queues.reader(Topic.EXECUTIONS, NAME);
        marketData = queues.reader(Topic.MARKET_DATA, NAME);
        cycle = new DecisionCycle(mode, engine, signals, executions, marketData, new ProgressPublisher(NAME, orders),
                signalLog == null ? engine : new SignalLog(engine, signalLog));
    }

    /**
     * Gives the engine the latest trade and quote per instrument among the market data its named tailer had consumed
     * before the restart, read backwards from the tailer's position ({@link DecisionEngine#primeMarket}), so that
     * what the rebuild sends (the next order of a limit exit, at the best price) is priced as without the restart.
     * Stops once every instrument has both; with trade-only data it reads the consumed part of the topic once.
     */
    private void primeMarket() {
        int instruments = engine.instrumentCount();
        int[] found = new int[2]; // trades, quotes
        MarketDataListener prime = new MarketDataListener() {
            @Override
            public void tradeTick(TradeTick trade) {
                if (engine.primeMarket(trade)) {
                    found[0]++;
                }
            }

            @Override
            public void quoteTick(QuoteTick quote) {
                if (engine.primeMarket(quote)) {
                    found[1]++;
                }
            }
        };
        queues.readConsumedBackwards(Topic.MARKET_DATA, NAME, prime,
                () -> found[0] < instruments || found[1] < instruments);
        LOG.info("market state before the restart: last trade of {} and quote of {} of {} instruments", found[0],
                found[1], instruments);
    }

    /** @return true once the end-of-stream mark has been written on {@code orders} */
    public boolean ended() {
        return cycle != null && cycle.ended();
    }

    /** @return the engine this agent feeds */
    public DecisionEngine engine() {
        return engine;
    }

    @Override
    public void onClose() {
        if (cycle != null) {
            LOG.info("closing: malformed input messages skipped {}; {}", cycle.malformedCount(), engine.summary());
            signals.close();
            executions.close();
            marketData.close();
            control.close();
        }
    }

    @Override
    public String roleName() {
        return NAME;
    }
}
