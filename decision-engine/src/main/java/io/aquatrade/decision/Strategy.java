package io.aquatrade.decision;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.decision.DecisionConfig.StrategyConfig;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.AtrTrailingStop;
import io.aquatrade.decision.risk.FixedFractionSizing;
import io.aquatrade.decision.risk.StopLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured strategy as the {@link DecisionEngine} runs it: its rules, its {@link Ledger}, its position and
 * latest order per instrument (arrays indexed by {@link Market#index}), its order counter and the signal ids it has
 * handled. Mutated only by the engine's thread.
 */
final class Strategy {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    final String id;
    /** The strategy's index in config order, 0..strategies - 1: its slot in per-strategy arrays. */
    final int index;
    final StrategyConfig config;
    final FixedFractionSizing sizing;
    final StopLoss stopLoss;
    /** The trailing stop's distance in basis points ({@code trailingStop: {bps: N}}), or null without one. */
    final StopLoss trailing;
    /** The trailing stop's distance in ATR multiples ({@code trailingStop: {atr: M}}), or null without one. */
    final AtrTrailingStop trailingAtr;
    final Ledger ledger = new Ledger();
    /** Per instrument index: the strategy's position. */
    final Position[] positions;
    /** Per instrument index: the latest order sent or restored, or null. */
    final Order<OrderContext>[] lastOrders;
    /** How many orders the strategy has sent in its life: the n of its latest client order id. */
    long orderCounter;
    /** Highest signal id that caused an order (or was restored as one from the orders topic); 0 if none. */
    long lastActedSignalId;
    /** Highest signal id denied (or restored as denied from the orders topic); 0 if none. */
    long lastDeniedSignalId;
    /**
     * Per instrument index: the ATR of the strategy's latest signal on it ({@code Signal.atr()}), price mantissa; 0
     * while unknown. What volatility-scaled sizing divides by and what an ATR trailing stop ({@link #trailingAtr})
     * trails by.
     */
    final long[] atr;
    /** The quote cash flow of the fill {@link #book} booked last ({@code PositionBook.cashOut}), quote mantissa. */
    long lastCashOut;

    /**
     * A strategy with its capital in every configured instrument's quote asset; its positions are filled in by each
     * {@link Market} as it is built.
     *
     * @param index  the strategy's index in config order
     * @param shared the shared config: instruments and asset decimals
     * @throws io.aquatrade.common.ConfigException if its capital does not fit an asset's decimals
     */
    Strategy(StrategyConfig config, int index, AquatradeConfig shared) {
        int instruments = shared.instruments().size();
        this.id = config.id();
        this.index = index;
        this.config = config;
        this.sizing = new FixedFractionSizing(config.orderFraction());
        this.stopLoss = new StopLoss(config.stopLossBps());
        this.trailing = config.trailingStopBps() > 0 ? new StopLoss(config.trailingStopBps()) : null;
        BigDecimal atrMultiple = config.trailingStop().atr();
        this.trailingAtr = atrMultiple != null ? new AtrTrailingStop(atrMultiple) : null;
        this.positions = new Position[instruments];
        this.atr = new long[instruments];
        @SuppressWarnings("unchecked")
        Order<OrderContext>[] last = (Order<OrderContext>[]) new Order<?>[instruments];
        this.lastOrders = last;
        for (Instrument instrument : shared.instruments().values()) {
            String quote = instrument.quote();
            if (ledger.balances().get(quote) == null) {
                ledger.add(quote, config.capitalIn(quote, shared.assetDecimals(quote),
                        DecisionConfig.SECTION + ".strategies[" + index + "].capital"));
            }
        }
    }

    /**
     * @return the quantity of the instrument the strategy's ledger can sell: its base asset balance in size
     * mantissas, rounded down to whole lots, and to whole steps ({@code stepSize}) when the instrument has one (the
     * rest is dust from base-asset fees, never sent); 0 if the balance is 0 or negative (a short)
     */
    long sellable(Market m) {
        long base = ledger.balance(m.instrument.base());
        if (base <= 0) {
            return 0;
        }
        long lots = FixedPoint.rescale(base, m.baseDecimals, m.instrument.sizeDecimals(), RoundingMode.DOWN);
        return m.stepSize > 0 ? lots - lots % m.stepSize : lots;
    }

    /**
     * Books one of the strategy's fills: the ledger pays or receives {@code quoteQuantity} in the quote asset and
     * the filled quantity in the base asset, the fee in its fee asset; the position follows at average cost (a fee
     * in the quote asset is part of its cash flow) and is capped at what the ledger can sell.
     *
     * @param f a fill of one of the strategy's orders on this instrument
     * @return the position's quantity before the fill, size mantissa (negative: short)
     * @throws ArithmeticException on overflow
     */
    long book(Market m, OrderFilled f) {
        Instrument instrument = m.instrument;
        String base = instrument.base();
        String quote = instrument.quote();
        long baseAmount = FixedPoint.rescale(f.fillQuantity(), instrument.sizeDecimals(), m.baseDecimals,
                RoundingMode.UNNECESSARY);
        long quoteFee = quote.equals(f.feeAsset()) ? f.fee() : 0;
        long cashOut;
        if (f.side() == Side.BUY) {
            ledger.add(quote, -f.quoteQuantity());
            ledger.add(base, baseAmount);
            cashOut = Math.addExact(f.quoteQuantity(), quoteFee);
        } else {
            ledger.add(quote, f.quoteQuantity());
            ledger.add(base, -baseAmount);
            cashOut = Math.subtractExact(quoteFee, f.quoteQuantity());
        }
        lastCashOut = cashOut;
        Position p = positions[m.index];
        long before = p.quantity();
        long beyond = p.fill(f.side(), f.fillPrice(), f.fillQuantity(), cashOut);
        if (beyond > 0) {
            LOG.warn("fill {} of {} went {} beyond closing the position: booked as a {} on the other side",
                    f.tradeId(), f.clientOrderId(), instrument.formatSize(beyond), p.isLong() ? "long" : "short");
        }
        if (f.fee() != 0 && f.feeAsset() != null) {
            ledger.add(f.feeAsset(), -f.fee());
        }
        p.capAt(sellable(m));
        return before;
    }

    /**
     * @param shared the shared config, for each asset's decimals
     * @return the ledger's balances in decimals of each asset, e.g. {@code {ETH=0.49968523, XRP=354.00000000}}
     * (allocates; for logs)
     */
    String formatLedger(AquatradeConfig shared) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Long> e : ledger.balances().entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(FixedPoint.format(e.getValue(), shared.assetDecimals(e.getKey())));
        }
        return sb.append('}').toString();
    }
}
