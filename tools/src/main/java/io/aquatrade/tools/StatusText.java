package io.aquatrade.tools;

import java.math.BigDecimal;
import java.time.Instant;

import io.aquatrade.common.Heartbeat;

/** Writes a {@link StatusReport} for humans: one labelled line per fact, grouped by section. */
final class StatusText {
    private StatusText() {
    }

    /**
     * @param ms a duration, milliseconds; a negative one (a writer's clock a little ahead of the reader's) counts as 0
     * @return e.g. "0 ms", "850 ms", "12.3 s", "4 min 5 s", "3 h 2 min", "2609 d 3 h"
     */
    static String age(long ms) {
        if (ms < 0) {
            ms = 0;
        }
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return (ms / 1_000) + "." + (ms % 1_000 / 100) + " s";
        }
        if (ms < 3_600_000) {
            return (ms / 60_000) + " min " + (ms % 60_000 / 1_000) + " s";
        }
        if (ms < 86_400_000) {
            return (ms / 3_600_000) + " h " + (ms % 3_600_000 / 60_000) + " min";
        }
        return (ms / 86_400_000) + " d " + (ms % 86_400_000 / 3_600_000) + " h";
    }

    /**
     * @param ms how long ago, milliseconds; 0 or less (a writer's clock a little ahead of the reader's) is "just now"
     * @return e.g. "just now", "850 ms ago", "4 min 5 s ago"
     */
    static String ago(long ms) {
        return ms <= 0 ? "just now" : age(ms) + " ago";
    }

    /** @return "1 entry behind", "7 entries behind" */
    static String entriesBehind(long n) {
        return n + (n == 1 ? " entry behind" : " entries behind");
    }

    private static String plain(BigDecimal value) {
        return value == null ? "unknown" : value.toPlainString();
    }

    /** @return the report as text, lines ending with a newline */
    static String render(StatusReport r) {
        StringBuilder b = new StringBuilder();
        b.append("status at ").append(Instant.ofEpochMilli(r.generatedAtMs())).append(": ")
                .append(r.exitCode() == StatusReport.EXIT_OK ? "OK" : "PROBLEMS (exit code " + r.exitCode() + ")")
                .append('\n');
        b.append("queues: ").append(r.queueDir()).append(r.queueDirExists() ? "" : " (missing: no queue root there)")
                .append("; heartbeats: ").append(r.runDir()).append('\n');
        b.append("processes:\n");
        for (StatusReport.ProcessStatus p : r.processes()) {
            b.append("  ").append(p.process()).append(": ").append(p.liveness());
            if (p.exitCode() != null) {
                b.append(", exit code ").append(p.exitCode());
            }
            if (p.heartbeatAgeMs() != null) {
                b.append(", heartbeat ").append(ago(p.heartbeatAgeMs())).append(", pid ").append(p.pid());
            }
            b.append('\n');
            for (Heartbeat.Input in : p.inputs()) {
                b.append("    reads ").append(in.topic()).append(": ")
                        .append(in.lagMessages() < 0 ? "lag unknown" : entriesBehind(in.lagMessages()))
                        .append(in.lagMs() < 0 ? "" : " (" + age(in.lagMs()) + " of event time)").append('\n');
            }
            if (p.heartbeatAgeMs() != null) {
                b.append("    errors ").append(p.errors()).append(", dead letters ").append(p.deadLetters());
                if (p.lastError() != null) {
                    b.append(", last error: ").append(p.lastError());
                }
                b.append('\n');
            }
        }
        b.append("feeds (stale after ").append(age(r.staleAfterMs())).append(" without a tick):\n");
        for (StatusReport.FeedStatus f : r.feeds()) {
            b.append("  ").append(f.instrument()).append(": ").append(f.state());
            if (f.lastTickEventTimeNs() != null) {
                b.append(", last tick ").append(MessageFormatter.time(f.lastTickEventTimeNs())).append(" (")
                        .append(ago(f.lastTickAgeMs())).append(")");
            } else {
                b.append(", no tick on market-data");
            }
            if (f.publishedAgoMs() != null) {
                b.append(", published ").append(ago(f.publishedAgoMs()));
            }
            b.append('\n');
        }
        b.append("open positions: ").append(r.positions().size()).append('\n');
        for (StatusReport.PositionStatus p : r.positions()) {
            b.append("  ").append(p.strategy()).append(' ').append(p.instrument()).append(": ")
                    .append(p.quantity().toPlainString()).append(" mark ").append(plain(p.markPrice()))
                    .append(" unrealized pnl ").append(plain(p.unrealizedPnl())).append(' ').append(p.quoteAsset())
                    .append(" (cost basis ").append(p.costBasis().toPlainString()).append(' ')
                    .append(p.quoteAsset()).append(")\n");
        }
        b.append("open orders: ").append(r.openOrders().size()).append('\n');
        for (StatusReport.OpenOrderStatus o : r.openOrders()) {
            b.append("  ").append(o.clientOrderId()).append(' ').append(o.strategy()).append(' ')
                    .append(o.instrument()).append(": ").append(o.side()).append(' ').append(o.orderType()).append(' ')
                    .append(o.timeInForce()).append(' ').append(o.quantity().toPlainString()).append(" filled ")
                    .append(o.filledQuantity().toPlainString());
            if (o.limitPrice() != null) {
                b.append(" limit ").append(o.limitPrice().toPlainString());
            }
            if (o.triggerPrice() != null) {
                b.append(" trigger ").append(o.triggerPrice().toPlainString());
            }
            b.append(o.accepted() ? ", accepted" : ", not accepted yet").append(", since ")
                    .append(MessageFormatter.time(o.submitTimeNs())).append('\n');
        }
        b.append("today ").append(r.day()).append(" (UTC):\n");
        if (r.strategies().isEmpty()) {
            b.append("  no positions or fills\n");
        }
        for (StatusReport.StrategyDay d : r.strategies()) {
            b.append("  ").append(d.strategy()).append(": P&L today ").append(plain(d.pnlToday())).append(' ')
                    .append(d.quoteAsset()).append(", trades ").append(d.tradesToday()).append('\n');
        }
        b.append("exposure:").append(r.exposure().isEmpty() ? " none\n" : "\n");
        for (StatusReport.ExposureStatus e : r.exposure()) {
            b.append("  ").append(e.scope()).append(": ").append(e.notional().toPlainString()).append(' ')
                    .append(e.quoteAsset()).append('\n');
        }
        StatusReport.RiskState risk = r.risk();
        b.append("risk (").append(risk.source()).append("):\n  kill switch: ").append(risk.killSwitch()).append('\n');
        b.append("  daily loss limit hit: ").append(risk.dailyLossHit() == null ? "unknown"
                : risk.dailyLossHit().isEmpty() ? "none" : String.join(", ", risk.dailyLossHit())).append('\n');
        b.append("  reduce-only instruments: ").append(risk.reduceOnly().isEmpty() ? "none" : "").append('\n');
        for (StatusReport.ReduceOnly ro : risk.reduceOnly()) {
            b.append("    ").append(ro.instrument()).append(": ").append(ro.reason()).append('\n');
        }
        b.append("dead letters: ").append(r.deadLetters().stream().mapToLong(StatusReport.DeadLetterStatus::count)
                .sum()).append('\n');
        for (StatusReport.DeadLetterStatus d : r.deadLetters()) {
            b.append("  ").append(d.process()).append(": ").append(d.count()).append(" (").append(d.file())
                    .append(")");
            if (d.lastType() != null) {
                b.append(", last: ").append(d.lastType()).append(" on ").append(d.lastTopic()).append(", ")
                        .append(d.lastError()).append(", at ").append(d.lastTime());
            }
            b.append('\n');
        }
        if (!r.problems().isEmpty()) {
            b.append("problems:\n");
            r.problems().forEach(p -> b.append("  ").append(p).append('\n'));
        }
        return b.toString();
    }
}
