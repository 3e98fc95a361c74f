package io.aquatrade.decision;

import java.util.Collection;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.InstrumentFilters;

/**
 * What the {@link DecisionEngine} knows of one configured instrument: its filters as mantissas, the latest trade and
 * best bid/ask seen, and every strategy's position in it. Prices are price mantissas of the instrument
 * ({@link Instrument#priceDecimals()}), 0 while unknown. Mutated only by the engine's thread.
 */
final class Market {
    final Instrument instrument;
    /** Index of the instrument in config order: the index of its slot in each {@link Strategy}'s arrays. */
    final int index;
    /** Decimals of the base asset's balances ({@code AquatradeConfig.assetDecimals}). */
    final int baseDecimals;
    /** Decimals of the quote asset's balances ({@code AquatradeConfig.assetDecimals}). */
    final int quoteDecimals;
    /** Per strategy, in config order: its position in this instrument. */
    final Position[] positions;
    /** Per strategy, in config order: whose position {@link #positions} holds at the same index. */
    final Strategy[] owners;
    /** The last trade's price, price mantissa; 0 before the first trade. */
    long lastPrice;
    /** Event time of {@link #lastPrice}, UTC epoch ns; {@link Long#MIN_VALUE} before the first trade. */
    long lastTradeTimeNs = Long.MIN_VALUE;
    /**
     * What the order router's last reconciliation of the instrument found beyond tolerance (its
     * {@link io.aquatrade.common.ReconciliationStatus#reason()}): while set, the instrument is reduce-only (entries
     * denied {@link io.aquatrade.common.DenyReason#RECONCILIATION}); null when fine or resolved.
     */
    String reconciliation;
    /** The best bid, price mantissa; 0 before the first quote. */
    long bid;
    /** The best ask, price mantissa; 0 before the first quote. */
    long ask;

    /** The instrument's filters as mantissas (tick: price; step and minimum quantity: size; notional: quote). */
    final long tickSize;
    final long stepSize;
    final long minQty;
    final long minNotional;

    /**
     * Builds the instrument's market with a flat position for every strategy, which is also put in the strategy's
     * {@link Strategy#positions} at this index.
     *
     * @param index      the instrument's index in config order, 0..instruments - 1
     * @param shared     the shared config, for the assets' decimals
     * @param strategies every configured strategy, in config order
     */
    Market(Instrument instrument, int index, AquatradeConfig shared, Collection<Strategy> strategies) {
        this.instrument = instrument;
        this.index = index;
        this.baseDecimals = shared.assetDecimals(instrument.base());
        this.quoteDecimals = shared.assetDecimals(instrument.quote());
        this.positions = new Position[strategies.size()];
        this.owners = new Strategy[strategies.size()];
        int k = 0;
        for (Strategy s : strategies) {
            Position p = new Position(s.id, instrument);
            s.positions[index] = p;
            owners[k] = s;
            positions[k++] = p;
        }
        InstrumentFilters.Exact f = instrument.exactFilters(quoteDecimals);
        this.tickSize = f.tickSize();
        this.stepSize = f.stepSize();
        this.minQty = f.minQty();
        this.minNotional = f.minNotional();
    }
}
