package io.aquatrade.tools;

import java.math.BigDecimal;
import java.util.List;

import io.aquatrade.common.Heartbeat;

/**
 * What {@code bin/aquatrade status} reports, as one value: the text for humans ({@link StatusText}) and the JSON for
 * machines ({@code --json}, Jackson) are both written from it, and the dashboard serves it as it is. Built by
 * {@link StatusCollector} from the heartbeat files, the topics and the dead-letter files.
 *
 * <p>Money and quantities are exact decimals ({@link BigDecimal}, converted from the topics' mantissas without
 * rounding); times are UTC epoch milliseconds or nanoseconds as the names say; ages are milliseconds.
 *
 * @param generatedAtMs when the report was made, UTC epoch ms (the reading clock)
 * @param queueDir      the queue root read
 * @param queueDirExists false when there is no queue root there (then topics are read as empty)
 * @param runDir        the heartbeat directory read
 * @param day           the UTC day of "today" ({@code YYYY-MM-DD}): see {@link StatusCollector}
 * @param staleAfterMs  a feed that published nothing for longer than this is stale, ms
 * @param processes     each process: the four of the pipeline, then any other heartbeat in the run directory
 * @param feeds         each configured instrument's last tick
 * @param positions     open positions per strategy and instrument
 * @param openOrders    orders submitted and not yet finished
 * @param strategies    P&amp;L and trades today per strategy and quote asset
 * @param exposure      open notional per strategy and quote asset, and for the whole account
 * @param risk          kill switch, daily loss limits hit, reduce-only instruments (decision-engine's)
 * @param deadLetters   each process's dead-letter file
 * @param problems      why the exit code is not 0, one line each; empty when all is well
 * @param exitCode      {@link #EXIT_OK}, {@link #EXIT_PROCESS_DOWN} or {@link #EXIT_FEED_STALE}
 */
public record StatusReport(long generatedAtMs, String queueDir, boolean queueDirExists, String runDir, String day, long staleAfterMs,
                           List<ProcessStatus> processes, List<FeedStatus> feeds, List<PositionStatus> positions,
                           List<OpenOrderStatus> openOrders, List<StrategyDay> strategies,
                           List<ExposureStatus> exposure, RiskState risk, List<DeadLetterStatus> deadLetters,
                           List<String> problems, int exitCode) {
    /** Exit code: every process alive and every feed fresh (or its replay finished). */
    public static final int EXIT_OK = 0;
    /** Exit code: a process is down (stopped, crashed, not responding, or never wrote a heartbeat). */
    public static final int EXIT_PROCESS_DOWN = 3;
    /** Exit code: every process is alive but a feed is stale. */
    public static final int EXIT_FEED_STALE = 4;

    /**
     * One process, from its heartbeat file.
     *
     * @param process        its name
     * @param liveness       {@code alive}, {@code starting} (first pass not done, within
     *                       {@link Heartbeat#START_GRACE_MS}), {@code stopped}, {@code down (crashed)},
     *                       {@code down (not responding)}, or {@code down (no heartbeat)} when it has no file
     * @param alive          true for {@code alive} and {@code starting} (neither is a reason for a non-zero exit)
     * @param heartbeatAgeMs age of its last heartbeat, ms, &gt;= 0 (a writer's clock ahead counts as 0); null
     *                       without a file
     * @param pid            its pid; null without a file
     * @param startedAtMs    when it started, UTC epoch ms; null without a file
     * @param exitCode       its exit code once stopped, else null
     * @param inputs         each topic it reads with its lag (messages and ms)
     * @param errors         errors counted by the process
     * @param deadLetters    messages it dead-lettered this run
     * @param lastError      its last error, one short line, or null
     */
    public record ProcessStatus(String process, String liveness, boolean alive, Long heartbeatAgeMs, Long pid,
                                Long startedAtMs, Integer exitCode, List<Heartbeat.Input> inputs, long errors,
                                long deadLetters, String lastError) {
    }

    /**
     * An instrument's feed.
     *
     * @param instrument          its symbol
     * @param lastTickEventTimeNs event time of the last tick (trade or quote) on {@code market-data}, UTC epoch ns;
     *                            null when there is none
     * @param lastTickAgeMs       the reading clock minus that event time, ms (a replay's ticks are old: see
     *                            {@code publishedAgoMs}); null when there is none
     * @param publishedAgoMs      how long ago market-data published the instrument's last tick, ms (its heartbeat);
     *                            null when this run of market-data published none
     * @param state               {@code fresh}, {@code stale}, {@code replay finished}, or {@code waiting} (market-data
     *                            started less than the stale time ago and published nothing yet)
     * @param stale               true when {@code state} is {@code stale}
     */
    public record FeedStatus(String instrument, Long lastTickEventTimeNs, Long lastTickAgeMs, Long publishedAgoMs,
                             String state, boolean stale) {
    }

    /**
     * An open position, from the router's last {@code PositionUpdate}.
     *
     * @param strategy      strategy id
     * @param instrument    instrument symbol
     * @param quantity      signed base quantity (negative: short)
     * @param markPrice     the instrument's last trade price on {@code market-data}; null if it has none
     * @param costBasis     what the position cost in the quote asset, fees included
     * @param unrealizedPnl quantity x mark - cost basis, exact; null without a mark
     * @param quoteAsset    the asset money amounts are in
     */
    public record PositionStatus(String strategy, String instrument, BigDecimal quantity, BigDecimal markPrice,
                                 BigDecimal costBasis, BigDecimal unrealizedPnl, String quoteAsset) {
    }

    /**
     * An order not yet filled, cancelled, expired or rejected.
     *
     * @param clientOrderId  its id
     * @param strategy       strategy id
     * @param instrument     instrument symbol
     * @param side           BUY or SELL
     * @param orderType      MARKET, LIMIT, STOP_MARKET or STOP_LIMIT
     * @param timeInForce    GTC, IOC or FOK
     * @param quantity       ordered base quantity
     * @param filledQuantity filled so far
     * @param limitPrice     limit price, or null
     * @param triggerPrice   stop trigger, or null
     * @param accepted       the venue acknowledged it
     * @param submitTimeNs   the order's time, UTC epoch ns
     */
    public record OpenOrderStatus(String clientOrderId, String strategy, String instrument, String side,
                                  String orderType, String timeInForce, BigDecimal quantity, BigDecimal filledQuantity,
                                  BigDecimal limitPrice, BigDecimal triggerPrice, boolean accepted, long submitTimeNs) {
    }

    /**
     * A strategy's day in one quote asset.
     *
     * @param strategy     strategy id
     * @param quoteAsset   the quote asset of its instruments summed here
     * @param pnlToday     P&amp;L today as decision-engine's risk engine keeps it (its heartbeat): realised (net of
     *                     quote fees) + unrealised (at the marks) now minus the same at the last marks before the
     *                     trading day began; the metric {@code aquatrade_pnl_today}; null when unknown (no
     *                     decision-engine heartbeat with its risk state)
     * @param tradesToday  fills today
     * @param dailyLossHit its daily loss limit stopped its entries for the rest of the day; null when unknown
     */
    public record StrategyDay(String strategy, String quoteAsset, BigDecimal pnlToday, long tradesToday,
                              Boolean dailyLossHit) {
    }

    /**
     * Open notional: the sum of |quantity| x mark of the open positions.
     *
     * @param scope      a strategy id, or {@code account} for all strategies
     * @param quoteAsset the quote asset
     * @param notional   the exposure, exact; positions without a mark are not counted
     */
    public record ExposureStatus(String scope, String quoteAsset, BigDecimal notional) {
    }

    /**
     * The risk state, as decision-engine's risk engine knows it (its heartbeat, {@link Heartbeat#risk()}).
     *
     * @param killSwitchOn the kill switch is on (decision-engine's; without its heartbeat, the {@code control} topic
     *                     or the file)
     * @param killSwitch   where that comes from, e.g. "off (decision-engine; control topic: never set; ...)"
     * @param dailyLossHit strategies whose daily loss limit stopped their entries for the rest of the trading day;
     *                     null when unknown (no decision-engine heartbeat with its risk state)
     * @param reduceOnly   instruments the venue's reconciliation left reduce-only
     * @param source       where the risk state was read, e.g. "decision-engine's heartbeat, 850 ms ago"
     */
    public record RiskState(boolean killSwitchOn, String killSwitch, List<String> dailyLossHit,
                            List<ReduceOnly> reduceOnly, String source) {
    }

    /**
     * A reduce-only instrument.
     *
     * @param instrument instrument symbol
     * @param reason     what the reconciliation found
     */
    public record ReduceOnly(String instrument, String reason) {
    }

    /**
     * A process's dead-letter file.
     *
     * @param process     the process
     * @param file        the file
     * @param count       messages in it (all runs)
     * @param lastTopic   the topic of the newest one
     * @param lastType    its message type
     * @param lastError   its exception, class and message
     * @param lastTime    when it was written, ISO-8601 UTC
     */
    public record DeadLetterStatus(String process, String file, long count, String lastTopic, String lastType,
                                   String lastError, String lastTime) {
    }
}
