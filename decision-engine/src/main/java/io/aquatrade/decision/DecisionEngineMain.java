package io.aquatrade.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Topic;
import io.aquatrade.common.metrics.ProcessMetrics;
import io.aquatrade.decision.risk.RiskEngine;
import io.micrometer.core.instrument.Tags;
import net.openhft.chronicle.threads.Pauser;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The decision-engine process: reads {@code signals}, {@code executions} and {@code market-data}, writes
 * {@code orders}. Exit codes: 2 for a bad config value (the message names the field), 1 if the agent failed (the
 * supervisor restarts it; restart is safe). On SIGTERM the agent stops after its current pass and closes its queues;
 * the JVM then exits with the signal's status.
 */
@Command(name = DecisionAgent.NAME, mixinStandardHelpOptions = true,
        description = "Turns strategy signals into orders under per-strategy risk rules (sizing, stop-loss).")
public final class DecisionEngineMain implements Callable<Integer> {
    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    /**
     * Runs the process until it is stopped.
     *
     * @param args {@code --config FILE}, {@code --queue-dir DIR}, {@code --help}
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(DecisionAgent.NAME, new DecisionEngineMain(), args));
    }

    /**
     * Loads and validates the config, rebuilds state from the topics and runs the agent.
     *
     * @return the exit code
     * @throws io.aquatrade.common.ConfigException on a bad config value (exit code 2)
     */
    @Override
    public Integer call() {
        ProcessCli.Loaded loaded = common.load();
        AquatradeConfig config = loaded.config();
        DecisionConfig decision = DecisionConfig.from(config);
        Pauser pauser = IdleStrategies.parse("runtime.idle", config.runtime().idle());
        EpochClock clock = EpochClock.system();
        ErrorCounters errors = new ErrorCounters();
        // made first: startedAtMs is the process's start; it writes once its runner runs
        HeartbeatWriter heartbeat = new HeartbeatWriter(loaded.heartbeatDir(), DecisionAgent.NAME,
                config.runtime().heartbeat(), clock, errors);
        try (ProcessMetrics metrics = ProcessMetrics.start(DecisionAgent.NAME, loaded.metrics(DecisionAgent.NAME),
                clock);
             QueueRoot queues = new QueueRoot(loaded.queueDir()).poisonMessages(new PoisonMessagePolicy(
                DecisionAgent.NAME, config.runtime().poisonMessage(), errors, clock))) {
            OrderListener orders = new DenialLog(queues.writer(Topic.ORDERS)); // a signals.log line per denial
            DecisionEngine engine = new DecisionEngine(decision, config, orders);
            DecisionAgent agent = new DecisionAgent(queues, engine, orders, config.runtime().sequencing(),
                    java.nio.file.Path.of(config.runtime().killSwitchFile()), clock)
                    .signalLog(config.instruments()); // signals.log: a line per signal read, before its denials
            heartbeat.inputs(queues).risk(() -> riskState(engine, config));
            registerMetrics(metrics, engine, config);
            metrics.readerLag(heartbeat, List.of(Topic.SIGNALS.name(), Topic.EXECUTIONS.name(),
                    Topic.MARKET_DATA.name()));
            metrics.errors(errors, List.of(Topic.SIGNALS.name(), Topic.EXECUTIONS.name(), Topic.MARKET_DATA.name(),
                    Topic.CONTROL.name()));
            return new AgentRunner(metrics.sampling(agent), pauser, errors).heartbeat(heartbeat).runUntilShutdown();
        }
    }

    /**
     * What the risk engine knows, for the heartbeat ({@link Heartbeat.Risk}): per strategy its P&amp;L today
     * ({@link RiskEngine#dayPnl}, the number {@code aquatrade_pnl_today} shows and the daily loss limit is checked
     * against), realised and unrealised P&amp;L per quote asset, its daily-loss stop and entries today; the
     * reduce-only instruments and the kill switch. Called on the engine's thread when a heartbeat is written.
     *
     * @param engine the engine
     * @param config the shared config (its instruments)
     * @return the risk state now
     */
    static Heartbeat.Risk riskState(DecisionEngine engine, AquatradeConfig config) {
        RiskEngine risk = engine.risk();
        List<Heartbeat.StrategyRisk> strategies = new ArrayList<>();
        for (String strategyId : engine.strategyIds()) {
            int k = risk.strategyIndex(strategyId);
            List<Heartbeat.AssetPnl> pnl = new ArrayList<>();
            for (int q = 0; q < risk.quoteCount(); q++) {
                int decimals = risk.quoteDecimals(q);
                pnl.add(new Heartbeat.AssetPnl(risk.quoteAsset(q), FixedPoint.toBigDecimal(risk.dayPnl(k, q), decimals),
                        FixedPoint.toBigDecimal(risk.realisedPnl(k, q), decimals),
                        FixedPoint.toBigDecimal(risk.unrealisedPnl(k, q), decimals)));
            }
            strategies.add(new Heartbeat.StrategyRisk(strategyId, risk.dailyLossHit(k), risk.tradesToday(k), pnl));
        }
        List<String> reduceOnly = new ArrayList<>();
        for (Instrument instrument : config.instruments().values()) {
            if (engine.reduceOnly(instrument.symbol())) {
                reduceOnly.add(instrument.symbol());
            }
        }
        long day = risk.currentTradingDay();
        return new Heartbeat.Risk(day == Long.MIN_VALUE ? null : java.time.LocalDate.ofEpochDay(day).toString(),
                engine.killSwitchOn(), reduceOnly, strategies);
    }

    /**
     * Registers decision-engine's meters, sampled from the engine on its thread: signals received, orders written
     * ({@code aquatrade.orders}: entries, exits and stops, not those restored at start-up), denials by
     * {@link DenyReason} ({@code aquatrade.denials}, tag {@code reason}); per strategy and quote asset (tags
     * {@code strategy}, {@code asset}) the realised, unrealised and today's P&amp;L and the exposure, in the quote
     * asset's units; the kill switch (1 on), each strategy's daily loss limit (1 hit) and each instrument's
     * reduce-only state from reconciliation (1 reduce-only).
     */
    static void registerMetrics(ProcessMetrics metrics, DecisionEngine engine, AquatradeConfig config) {
        DecisionCounters counters = engine.counters();
        metrics.counter("aquatrade.signals.received", "signals read from the signals topic", Tags.empty(),
                counters::signalsSeen);
        metrics.counter("aquatrade.orders", "orders written to the orders topic (entries, exits, stops; not those "
                + "restored at start-up)", Tags.empty(), counters::ordersSent);
        for (DenyReason reason : DenyReason.values()) {
            metrics.counter("aquatrade.denials", "signals, stops and exits not traded (OrderDenied), by reason",
                    Tags.of("reason", reason.name()), () -> counters.denied(reason));
        }
        RiskEngine risk = engine.risk();
        for (String strategyId : engine.strategyIds()) {
            int k = risk.strategyIndex(strategyId);
            for (int q = 0; q < risk.quoteCount(); q++) {
                int quote = q;
                Tags tags = Tags.of("strategy", strategyId, "asset", risk.quoteAsset(q));
                int decimals = risk.quoteDecimals(q);
                metrics.gauge("aquatrade.pnl.realized", "realised P&L net of quote fees, quote asset units", tags,
                        decimals, () -> risk.realisedPnl(k, quote));
                metrics.gauge("aquatrade.pnl.unrealized", "unrealised P&L of the open positions at the marks, quote "
                        + "asset units", tags, decimals, () -> risk.unrealisedPnl(k, quote));
                metrics.gauge("aquatrade.pnl.today", "P&L since the trading day began (realised and unrealised), "
                        + "quote asset units", tags, decimals, () -> risk.dayPnl(k, quote));
                metrics.gauge("aquatrade.exposure", "open notional at the marks plus working entries, quote asset "
                        + "units", tags, decimals, () -> risk.quoteExposure(k, quote));
            }
            metrics.gauge("aquatrade.daily.loss.hit", "1 while the strategy's daily loss limit stops its entries",
                    Tags.of("strategy", strategyId), 0, () -> risk.dailyLossHit(k) ? 1 : 0);
        }
        metrics.gauge("aquatrade.kill.switch", "1 while the kill switch is on (no new entries)", Tags.empty(), 0,
                () -> engine.killSwitchOn() ? 1 : 0);
        for (Instrument instrument : config.instruments().values()) {
            String symbol = instrument.symbol();
            metrics.gauge("aquatrade.reduce.only", "1 while reconciliation keeps the instrument reduce-only",
                    Tags.of("instrument", symbol), 0, () -> engine.reduceOnly(symbol) ? 1 : 0);
        }
    }
}
