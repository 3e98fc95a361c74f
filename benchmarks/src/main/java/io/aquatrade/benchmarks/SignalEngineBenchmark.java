package io.aquatrade.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.LoggerContext;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.LogsConfig;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.common.SignalLog;
import io.aquatrade.signal.strategy.StrategyTypes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.LoggerFactory;

/**
 * The signal generator's hot path, tick to bar to indicators to strategy, measured in ticks per second: the real
 * {@link SignalEngine} fed the repository's 12,477 real XRP/ETH trades ({@link SampleTrades}) over and over.
 *
 * <p>One benchmark invocation replays all trades once ({@link OperationsPerInvocation} = {@value SampleTrades#COUNT},
 * so JMH's ops are ticks). The trades are written into one reused {@link TradeTick}, as market-data's readers and
 * Chronicle's method reader hand them over. Each pass shifts the times by whole UTC days past the previous pass, so
 * 5m bars keep closing (706 bars per pass, 17.7 trades per bar), every strategy keeps running, the session
 * VWAP keeps its day boundaries and no trade is late. The output listeners hand the reused {@link Bar} and
 * {@link Signal} to a {@link Blackhole} without copying. When the shifted times would approach {@code Long.MAX_VALUE}
 * (half of it, every ~1.5 x 10^8 ticks) the engine is rebuilt once: a few kilobytes every 10^8 ticks, which rounds to 0 in
 * {@code gc.alloc.rate.norm}.
 *
 * <p>{@code strategies}: {@code all} runs every registered strategy type ({@link StrategyTypes#NAMES}, default
 * parameters) on XRPETH; {@code none} only builds bars and indicators.
 *
 * <p>{@code signalLog}: {@code off} (default); {@code on} (run it with {@code -p signalLog=on}) passes every signal
 * through the signal generator's {@link SignalLog}, as the process does, with this JVM's Logback set up by
 * {@link LogFiles} for {@code signal-generator} in a temp directory: each signal is a real line in the signals file
 * and the process log. A signal comes once per bar at most, so its allocation shows in
 * {@code gc.alloc.rate.norm} divided by the ticks per signal.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SignalEngineBenchmark -prof gc} or
 * {@code bin/aquatrade benchmark jmh -prof gc}; see the module README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignalEngineBenchmark {
    private static final long DAY_NS = 86_400_000_000_000L;
    /** Shifted times stay below this, far from overflow in bar arithmetic. */
    private static final long MAX_TIME_NS = Long.MAX_VALUE / 2;

    /** Which strategies run: {@code all} registered types, or {@code none}. */
    @Param({"all", "none"})
    public String strategies;

    /** {@code on}: signals are logged by {@link SignalLog} into real files, as in the process; {@code off}: not. */
    @Param({"off"})
    public String signalLog;

    private Instrument instrument;
    private SignalConfig config;
    private long[] eventTimeNs;
    private long[] price;
    private long[] quantity;
    private Side[] aggressorSide;
    private long[] tradeId;
    private long passShiftNs;
    private long offsetNs;
    private final TradeTick tick = new TradeTick();
    private SignalEngine engine;
    private BarListener bars;
    private SignalListener signals;
    private long barsWritten;
    private long signalsWritten;
    private long lateTrades;
    private int rebuilds;

    /**
     * Loads the sample once and builds the engine.
     *
     * @param blackhole where the output listeners put what they receive
     * @throws IllegalStateException if the sample cannot be read or has not exactly {@value SampleTrades#COUNT}
     *                               trades
     */
    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        SampleTrades sample = SampleTrades.load(SampleTrades.projectRoot());
        instrument = sample.instrument();
        eventTimeNs = sample.eventTimeNs();
        price = sample.price();
        quantity = sample.quantity();
        aggressorSide = sample.aggressorSide();
        tradeId = sample.tradeId();
        long firstDay = Math.floorDiv(eventTimeNs[0], DAY_NS);
        long lastDay = Math.floorDiv(eventTimeNs[eventTimeNs.length - 1], DAY_NS);
        passShiftNs = (lastDay - firstDay + 1) * DAY_NS;
        config = SignalConfig.from(AquatradeConfig.parse(Path.of("benchmark (" + strategies + ")"),
                configYaml(instrument, strategies)), null);
        bars = new BarListener() {
            @Override
            public void bar(Bar bar) {
                blackhole.consume(bar);
            }
        };
        signals = new SignalListener() {
            @Override
            public void signal(Signal signal) {
                blackhole.consume(signal);
            }
        };
        if ("on".equals(signalLog)) {
            try {
                Path logDir = Files.createTempDirectory("aquatrade-jmh-logs");
                LogFiles.configure((LoggerContext) LoggerFactory.getILoggerFactory(), logDir, "signal-generator",
                        LogsConfig.defaults(), EnumSet.of(LogFiles.Dedicated.SIGNALS));
                System.out.println("\n[signalLog on] signals logged to " + logDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            signals = new SignalLog(signals, Map.of(instrument.symbol(), instrument));
        } else if (!"off".equals(signalLog)) {
            throw new IllegalArgumentException("signalLog must be on or off, was " + signalLog);
        }
        tick.reset();
        tick.instrument(instrument.symbol());
        buildEngine();
    }

    /**
     * The config the engine runs, as YAML text (the way every process gets it).
     *
     * @param instrument the sample's instrument
     * @param which      {@code all} or {@code none}
     * @return a config with that instrument, 5m bars, and one entry per registered strategy type with its default
     *         parameters on it ({@code all}) or none
     * @throws IllegalArgumentException for another value
     */
    static String configYaml(Instrument instrument, String which) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("instruments:\n  - {symbol: ").append(instrument.symbol()).append(", base: ")
                .append(instrument.base()).append(", quote: ").append(instrument.quote()).append(", priceDecimals: ")
                .append(instrument.priceDecimals()).append(", sizeDecimals: ").append(instrument.sizeDecimals())
                .append("}\nsignal-generator:\n  timeframe: 5m\n  strategies:");
        if ("all".equals(which)) {
            for (String type : StrategyTypes.NAMES) {
                yaml.append("\n    - {id: ").append(type).append(", type: ").append(type).append(", instruments: [")
                        .append(instrument.symbol()).append("]}");
            }
        } else if ("none".equals(which)) {
            yaml.append(" []");
        } else {
            throw new IllegalArgumentException("strategies must be all or none, was " + which);
        }
        return yaml.append('\n').toString();
    }

    private void buildEngine() {
        if (engine != null) {
            collectCounts();
        }
        engine = new SignalEngine(config, List.of(instrument), bars, signals);
        offsetNs = 0;
    }

    private void collectCounts() {
        barsWritten += engine.barCount();
        signalsWritten += engine.signalCount();
        lateTrades += engine.lateTradeCount();
    }

    /** Replays every sample trade once through the engine, times shifted past the previous pass. */
    @Benchmark
    @OperationsPerInvocation(SampleTrades.COUNT)
    public void tickToSignal() {
        final SignalEngine e = engine;
        final TradeTick t = tick;
        final long shift = offsetNs;
        final long[] times = eventTimeNs;
        final long[] prices = price;
        final long[] quantities = quantity;
        final Side[] sides = aggressorSide;
        final long[] ids = tradeId;
        for (int i = 0; i < times.length; i++) {
            t.eventTimeNs(times[i] + shift)
                    .price(prices[i])
                    .quantity(quantities[i])
                    .aggressorSide(sides[i])
                    .tradeId(ids[i]);
            e.tradeTick(t);
        }
        offsetNs = shift + passShiftNs;
        if (times[times.length - 1] + offsetNs + passShiftNs > MAX_TIME_NS) {
            rebuilds++;
            buildEngine();
        }
    }

    /**
     * Checks the run really exercised the path: bars were written, no trade was late.
     *
     * @throws IllegalStateException if no bar closed or a trade was late (the time shift is broken)
     */
    @TearDown(Level.Trial)
    public void checkWork() {
        collectCounts();
        if (barsWritten == 0 || lateTrades != 0 || ("all".equals(strategies) && signalsWritten == 0)) {
            throw new IllegalStateException("benchmark did not exercise the hot path: " + barsWritten + " bars, "
                    + signalsWritten + " signals, " + lateTrades + " late trades");
        }
        System.out.println("\n[" + strategies + "] bars " + barsWritten + ", signals " + signalsWritten
                + ", late trades " + lateTrades + ", engine rebuilds " + rebuilds);
    }
}
