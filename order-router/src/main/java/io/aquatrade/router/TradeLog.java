package io.aquatrade.router;

import java.time.Instant;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Progress;
import io.aquatrade.common.RateLimitStatus;
import io.aquatrade.common.ReconciliationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code executions} writer with one line per fill on the logger {@value LogFiles#TRADES_LOGGER}
 * ({@code trades.log}, see {@link LogFiles}): every message is passed on unchanged, and each {@link OrderFilled} is
 * logged once it is written, so the log has exactly the fills of the topic (none of a restart's rebuild, which writes
 * nothing). Key-value pairs, in this order: {@code event=fill}, {@code instrument}, {@code side}, {@code quantity}
 * and {@code price} (plain decimals in the instrument's units), {@code fee} and {@code feeAsset},
 * {@code clientOrderId}, {@code strategy}, {@code liquidity} (MAKER or TAKER), {@code tradeId}, {@code time} (the
 * fill's venue time, ISO-8601 UTC) and {@code last} (true when the order is now filled).
 *
 * <p>Not on the tick path: it allocates a few strings per fill. Runs on the router's agent thread.
 */
final class TradeLog implements ExecutionListener {
    private static final Logger TRADES = LoggerFactory.getLogger(LogFiles.TRADES_LOGGER);

    private final ExecutionListener out;
    private final AquatradeConfig config;

    /**
     * @param out    the topic's writer
     * @param config instruments and asset decimals, to print the fills' mantissas as decimals
     */
    TradeLog(ExecutionListener out, AquatradeConfig config) {
        this.out = out;
        this.config = config;
    }

    @Override
    public void orderFilled(OrderFilled f) {
        out.orderFilled(f);
        if (!TRADES.isInfoEnabled()) {
            return;
        }
        Instrument i = f.instrument() == null ? null : config.instruments().get(f.instrument());
        String fee = f.feeAsset() == null ? Long.toString(f.fee())
                : FixedPoint.format(f.fee(), config.assetDecimals(f.feeAsset()));
        TRADES.atInfo().setMessage("fill")
                .addKeyValue("event", "fill")
                .addKeyValue("instrument", f.instrument())
                .addKeyValue("side", f.side())
                .addKeyValue("quantity", i == null ? Long.toString(f.fillQuantity()) : i.formatSize(f.fillQuantity()))
                .addKeyValue("price", i == null ? Long.toString(f.fillPrice()) : i.formatPrice(f.fillPrice()))
                .addKeyValue("fee", fee)
                .addKeyValue("feeAsset", f.feeAsset())
                .addKeyValue("clientOrderId", f.clientOrderId())
                .addKeyValue("strategy", f.strategyId())
                .addKeyValue("liquidity", f.liquiditySide())
                .addKeyValue("tradeId", f.tradeId())
                .addKeyValue("time", Instant.ofEpochSecond(0, f.eventTimeNs()))
                .addKeyValue("last", f.last())
                .log();
    }

    @Override
    public void orderAccepted(OrderAccepted accepted) {
        out.orderAccepted(accepted);
    }

    @Override
    public void orderRejected(OrderRejected rejected) {
        out.orderRejected(rejected);
    }

    @Override
    public void balanceUpdate(BalanceUpdate balance) {
        out.balanceUpdate(balance);
    }

    @Override
    public void positionUpdate(PositionUpdate position) {
        out.positionUpdate(position);
    }

    @Override
    public void orderCanceled(OrderCanceled canceled) {
        out.orderCanceled(canceled);
    }

    @Override
    public void orderExpired(OrderExpired expired) {
        out.orderExpired(expired);
    }

    @Override
    public void cancelRejected(CancelRejected rejected) {
        out.cancelRejected(rejected);
    }

    @Override
    public void reconciliation(ReconciliationStatus status) {
        out.reconciliation(status);
    }

    @Override
    public void rateLimit(RateLimitStatus status) {
        out.rateLimit(status);
    }

    @Override
    public void progress(Progress progress) {
        out.progress(progress);
    }
}
