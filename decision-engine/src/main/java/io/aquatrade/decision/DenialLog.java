package io.aquatrade.decision;

import java.time.Instant;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.SubmitOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code orders} writer with one line per denial on the logger {@value LogFiles#SIGNALS_LOGGER} (the signals log,
 * beside the signal generator's one line per signal; see {@link LogFiles}): every message is passed on unchanged, and
 * each {@link OrderDenied} is logged once it is written, so the log has exactly the denials of the topic (none of a
 * restart's rebuild, which writes nothing). Key-value pairs, in this order: {@code event=denied}, {@code strategy},
 * {@code instrument}, {@code signalId} (0 when a stop or an exit was refused), {@code reason} (the
 * {@link io.aquatrade.common.DenyReason} code), {@code limit} and {@code value} (the rule's limit and the value that
 * tripped it, plain decimals, when the rule has them), {@code time} (the denial's event time, ISO-8601 UTC); then
 * the denial's text as the message.
 *
 * <p>Not on the tick path: it allocates a few strings per denial. Runs on the engine's agent thread.
 */
final class DenialLog implements OrderListener {
    private static final Logger SIGNALS = LoggerFactory.getLogger(LogFiles.SIGNALS_LOGGER);

    private final OrderListener out;

    /** @param out the topic's writer */
    DenialLog(OrderListener out) {
        this.out = out;
    }

    @Override
    public void orderDenied(OrderDenied d) {
        out.orderDenied(d);
        if (!SIGNALS.isInfoEnabled()) {
            return;
        }
        var line = SIGNALS.atInfo().setMessage(d.reason() == null ? "" : d.reason())
                .addKeyValue("event", "denied")
                .addKeyValue("strategy", d.strategyId())
                .addKeyValue("instrument", d.instrument())
                .addKeyValue("signalId", d.signalId())
                .addKeyValue("reason", d.reasonCode());
        if (d.limit() != 0 || d.value() != 0) {
            line = line.addKeyValue("limit", FixedPoint.format(d.limit(), d.decimals()))
                    .addKeyValue("value", FixedPoint.format(d.value(), d.decimals()));
        }
        line.addKeyValue("time", Instant.ofEpochSecond(0, d.eventTimeNs())).log();
    }

    @Override
    public void submitOrder(SubmitOrder order) {
        out.submitOrder(order);
    }

    @Override
    public void cancelOrder(CancelOrder cancel) {
        out.cancelOrder(cancel);
    }

    @Override
    public void progress(Progress progress) {
        out.progress(progress);
    }
}
