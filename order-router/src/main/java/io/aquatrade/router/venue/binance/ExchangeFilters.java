package io.aquatrade.router.venue.binance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.BinanceExchangeInfo;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.Filter;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.Symbol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance's symbol filters of the configured instruments, read from {@code exchangeInfo} (see Binance's
 * filters.md): {@code PRICE_FILTER} (minPrice, maxPrice, tickSize), {@code LOT_SIZE} and {@code MARKET_LOT_SIZE}
 * (minQty, maxQty, stepSize), {@code NOTIONAL} / {@code MIN_NOTIONAL} (minNotional). Each held as mantissas at the
 * instrument's decimals; a value 0 is not checked (Binance's own rule for 0 in these filters).
 *
 * <p>{@link #apply} rounds an order before it leaves: limit and stop prices to a multiple of tickSize on the passive
 * side (a buy down, a sell up), the quantity down to a multiple of stepSize (MARKET_LOT_SIZE's for a MARKET order
 * when it has one); then checks it, and names the first filter it breaks. NOTIONAL's {@code minNotional} and {@code
 * maxNotional} are checked at the limit (or a STOP_LOSS's trigger) price; a MARKET order's only when the filter
 * applies them to market orders ({@code applyMinToMarket}, {@code applyMaxToMarket}, read from exchangeInfo's JSON:
 * XChange's DTO drops them) and a reference price is given: Binance takes its average price of the last {@code
 * avgPriceMins} minutes, the venue the last trade price it saw, so an order near the bound may still be refused by
 * Binance (-1013), never sent when clearly outside it.
 */
public final class ExchangeFilters {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeFilters.class);

    /**
     * One symbol's filters, mantissas at the instrument's decimals (prices, sizes) and at price + size decimals
     * (minNotional); 0 where not set or finer than the decimals can show.
     */
    record Symbolic(long tickSize, long minPrice, long maxPrice, long stepSize, long minQty, long maxQty,
                    long marketStepSize, long marketMinQty, long marketMaxQty, long minNotional, long maxNotional,
                    boolean minToMarket, boolean maxToMarket) {
    }

    /** Why an order was refused before it left: our reason code and a text naming the filter. */
    public record Refusal(RejectReason reason, String text) {
    }

    private final Map<String, Symbolic> bySymbol = new HashMap<>();

    /**
     * Reads the filters of the instruments from {@code exchangeInfo}, replacing those held; warns when an
     * instrument's configured decimals are finer than them (orders are rounded to the exchange's step). Decimals
     * coarser than the exchange's {@code tickSize} or {@code stepSize} are refused: Binance's prices and quantities
     * (fills, executed quantities) could then not be booked exactly.
     *
     * @param info        Binance's exchangeInfo
     * @param instruments the configured instruments
     * @throws io.aquatrade.common.ConfigException naming {@code instruments[SYMBOL].priceDecimals} or {@code
     *                    .sizeDecimals} if it is coarser than the exchange's tick or step (the first read of an
     *                    instrument only: at start-up, exit code 2); the instruments before it are read
     */
    public void update(BinanceExchangeInfo info, List<Instrument> instruments) {
        update(info, null, instruments);
    }

    /**
     * As {@link #update(BinanceExchangeInfo, List)}, with exchangeInfo's JSON for what XChange's DTO drops: NOTIONAL's
     * {@code applyMinToMarket} and {@code applyMaxToMarket} (MIN_NOTIONAL's {@code applyToMarket}).
     *
     * @param json the same exchangeInfo as JSON, or null: market orders' notional is then not checked
     */
    public void update(BinanceExchangeInfo info, com.fasterxml.jackson.databind.JsonNode json,
                       List<Instrument> instruments) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> raw = new HashMap<>();
        if (json != null) {
            json.path("symbols").forEach(s -> raw.put(s.path("symbol").asText(), s));
        }
        Map<String, Symbol> listed = new HashMap<>();
        if (info.getSymbols() != null) {
            info.getSymbols().forEach(s -> listed.put(s.getSymbol(), s));
        }
        for (Instrument in : instruments) {
            Symbol s = listed.get(BinanceAdapters.symbol(in));
            if (s == null || s.getFilters() == null) {
                LOG.warn("binance exchangeInfo does not list {}: its orders are not checked before they leave",
                        in.symbol());
                bySymbol.remove(in.symbol());
                continue;
            }
            Symbolic read = read(in, s.getFilters(), raw.get(BinanceAdapters.symbol(in)));
            if (!bySymbol.containsKey(in.symbol())) {
                checkDecimals(in, s.getFilters()); // before it is used: refused, it stays unchecked
            }
            bySymbol.put(in.symbol(), read);
        }
    }

    private static Symbolic read(Instrument in, Filter[] filters, com.fasterxml.jackson.databind.JsonNode raw) {
        int pd = in.priceDecimals();
        int sd = in.sizeDecimals();
        long tick = 0;
        long minPrice = 0;
        long maxPrice = 0;
        long step = 0;
        long minQty = 0;
        long maxQty = 0;
        long mStep = 0;
        long mMin = 0;
        long mMax = 0;
        long minNotional = 0;
        long maxNotional = 0;
        boolean minToMarket = false;
        boolean maxToMarket = false;
        if (raw != null) {
            for (com.fasterxml.jackson.databind.JsonNode f : raw.path("filters")) {
                String type = f.path("filterType").asText();
                if (type.equals("NOTIONAL")) {
                    minToMarket = f.path("applyMinToMarket").asBoolean(false);
                    maxToMarket = f.path("applyMaxToMarket").asBoolean(false);
                } else if (type.equals("MIN_NOTIONAL")) {
                    minToMarket |= f.path("applyToMarket").asBoolean(false);
                }
            }
        }
        for (Filter f : filters) {
            switch (String.valueOf(f.getFilterType())) {
                case "PRICE_FILTER" -> {
                    tick = up(f.getTickSize(), pd);
                    minPrice = up(f.getMinPrice(), pd);
                    maxPrice = down(f.getMaxPrice(), pd);
                }
                case "LOT_SIZE" -> {
                    step = up(f.getStepSize(), sd);
                    minQty = up(f.getMinQty(), sd);
                    maxQty = down(f.getMaxQty(), sd);
                }
                case "MARKET_LOT_SIZE" -> {
                    mStep = up(f.getStepSize(), sd);
                    mMin = up(f.getMinQty(), sd);
                    mMax = down(f.getMaxQty(), sd);
                }
                case "NOTIONAL", "MIN_NOTIONAL" -> {
                    minNotional = Math.max(minNotional, up(f.getMinNotional(), pd + sd));
                    if ("NOTIONAL".equals(String.valueOf(f.getFilterType()))) {
                        maxNotional = down(f.getMaxNotional(), pd + sd);
                    }
                }
                default -> {
                    // other filters (PERCENT_PRICE_BY_SIDE, ICEBERG_PARTS, MAX_NUM_ORDERS...) are Binance's to check
                }
            }
        }
        return new Symbolic(tick, minPrice, maxPrice, step, minQty, maxQty, mStep, mMin, mMax, minNotional,
                maxNotional, minToMarket, maxToMarket);
    }

    /** A decimal string as a mantissa, rounded up (a minimum or a step); 0 if absent or zero. */
    private static long up(String value, int decimals) {
        return mantissa(value, decimals, RoundingMode.UP);
    }

    /** A decimal string as a mantissa, rounded down (a maximum); 0 if absent or zero. */
    private static long down(String value, int decimals) {
        return mantissa(value, decimals, RoundingMode.DOWN);
    }

    private static long mantissa(String value, int decimals, RoundingMode mode) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        BigDecimal d = new BigDecimal(value.trim()).setScale(decimals, mode);
        if (d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 10, decimals)) > 0) {
            return 0; // a maximum beyond what the scale holds: nothing to check
        }
        return FixedPoint.fromBigDecimal(d, decimals);
    }

    /**
     * @throws io.aquatrade.common.ConfigException if a configured decimals count is coarser than the filter's step
     */
    private static void checkDecimals(Instrument in, Filter[] filters) {
        for (Filter f : filters) {
            if ("PRICE_FILTER".equals(f.getFilterType()) && f.getTickSize() != null) {
                warn(in, "priceDecimals", in.priceDecimals(), "PRICE_FILTER tickSize", f.getTickSize());
            }
            if ("LOT_SIZE".equals(f.getFilterType()) && f.getStepSize() != null) {
                warn(in, "sizeDecimals", in.sizeDecimals(), "LOT_SIZE stepSize", f.getStepSize());
            }
        }
    }

    private static void warn(Instrument in, String field, int decimals, String filter, String step) {
        BigDecimal s = new BigDecimal(step.trim());
        if (s.signum() <= 0) {
            return;
        }
        int scale = Math.max(0, s.stripTrailingZeros().scale());
        if (scale > decimals) {
            throw new io.aquatrade.common.ConfigException("instruments[" + in.symbol() + "]." + field, "at least "
                    + scale + " decimals: binance's " + filter + " is " + s.stripTrailingZeros().toPlainString()
                    + ", so its prices and quantities (fills) need them to be booked exactly, was " + decimals);
        }
        if (scale != decimals) {
            LOG.warn("instruments[{}].{} is {} but binance's {} is {} ({} decimals): orders are rounded to the "
                    + "exchange's step before they leave", in.symbol(), field, decimals, filter,
                    s.stripTrailingZeros().toPlainString(), scale);
        }
    }

    /**
     * Rounds an order to the filters of its instrument and checks it. Allocation-free on success. A STOP_MARKET
     * (Binance's STOP_LOSS) has no limit price: its trigger is rounded and checked, and its NOTIONAL is taken at the
     * trigger, as Binance checks a STOP_LOSS's.
     *
     * @param order      the order, rounded in place (limit and trigger price, quantity)
     * @param instrument its instrument
     * @return null if it may leave, else why not (the filter named)
     */
    public Refusal apply(SubmitOrder order, Instrument instrument) {
        return apply(order, instrument, 0);
    }

    /**
     * As {@link #apply(SubmitOrder, Instrument)}, a MARKET order's NOTIONAL checked at a reference price where the
     * filter applies to market orders.
     *
     * @param marketPrice the reference price of a MARKET order (the last trade price seen), price mantissa; 0 if none
     *                    (its notional is then left to Binance)
     */
    public Refusal apply(SubmitOrder order, Instrument instrument, long marketPrice) {
        Symbolic f = bySymbol.get(instrument.symbol());
        if (f == null) {
            return null;
        }
        boolean market = order.orderType() == OrderType.MARKET;
        boolean stopMarket = order.orderType() == OrderType.STOP_MARKET; // no limit price: a MARKET once triggered
        boolean buy = order.side() == Side.BUY;
        if (!market) {
            if (!stopMarket) {
                order.limitPrice(round(order.limitPrice(), f.tickSize(), buy));
            }
            if (order.orderType() == OrderType.STOP_LIMIT || stopMarket) {
                order.triggerPrice(round(order.triggerPrice(), f.tickSize(), buy));
            }
            Refusal refused = stopMarket ? null : checkPrice(order.limitPrice(), f, instrument);
            if (refused == null && order.orderType() != OrderType.LIMIT) {
                refused = checkPrice(order.triggerPrice(), f, instrument);
            }
            if (refused != null) {
                return refused;
            }
        }
        long step = market && f.marketStepSize() > 0 ? f.marketStepSize() : f.stepSize();
        long minQty = market && f.marketMinQty() > 0 ? f.marketMinQty() : f.minQty();
        long maxQty = market && f.marketMaxQty() > 0 ? f.marketMaxQty() : f.maxQty();
        long qty = step > 0 ? order.quantity() - order.quantity() % step : order.quantity();
        order.quantity(qty);
        String filter = market && f.marketStepSize() > 0 ? "MARKET_LOT_SIZE" : "LOT_SIZE";
        if (qty <= 0 || (minQty > 0 && qty < minQty) || (maxQty > 0 && qty > maxQty)) {
            return new Refusal(RejectReason.LOT_SIZE, filter + ": quantity " + instrument.formatSize(qty)
                    + " (rounded down to stepSize " + instrument.formatSize(step) + ") outside binance's "
                    + instrument.formatSize(minQty) + ".." + (maxQty > 0 ? instrument.formatSize(maxQty) : ""));
        }
        if (market && marketPrice <= 0) {
            return null; // no reference price: Binance checks it against its average price
        }
        boolean checkMin = f.minNotional() > 0 && (!market || f.minToMarket());
        boolean checkMax = f.maxNotional() > 0 && (!market || f.maxToMarket());
        if (checkMin || checkMax) {
            long notional;
            try {
                notional = Math.multiplyExact(market ? marketPrice : stopMarket ? order.triggerPrice()
                        : order.limitPrice(), qty);
            } catch (ArithmeticException e) {
                notional = Long.MAX_VALUE; // beyond any minimum, and any maximum
            }
            int scale = instrument.priceDecimals() + instrument.sizeDecimals();
            String at = market ? "last trade price x quantity " : "price x quantity ";
            if (checkMin && notional < f.minNotional()) {
                return new Refusal(RejectReason.MIN_NOTIONAL, "NOTIONAL: " + at
                        + BigDecimal.valueOf(notional, scale).stripTrailingZeros().toPlainString()
                        + " below binance's minNotional "
                        + BigDecimal.valueOf(f.minNotional(), scale).stripTrailingZeros().toPlainString()
                        + (market ? " (applyMinToMarket)" : ""));
            }
            if (checkMax && notional > f.maxNotional()) {
                return new Refusal(RejectReason.MIN_NOTIONAL, "NOTIONAL: " + at
                        + (notional == Long.MAX_VALUE ? "beyond the scale"
                        : BigDecimal.valueOf(notional, scale).stripTrailingZeros().toPlainString())
                        + " above binance's maxNotional "
                        + BigDecimal.valueOf(f.maxNotional(), scale).stripTrailingZeros().toPlainString()
                        + (market ? " (applyMaxToMarket)" : ""));
            }
        }
        return null;
    }

    private static Refusal checkPrice(long p, Symbolic f, Instrument instrument) {
        if (p <= 0 || (f.minPrice() > 0 && p < f.minPrice()) || (f.maxPrice() > 0 && p > f.maxPrice())) {
            return new Refusal(RejectReason.PRICE_FILTER, "PRICE_FILTER: price " + instrument.formatPrice(p)
                    + " outside binance's " + instrument.formatPrice(f.minPrice()) + ".."
                    + (f.maxPrice() > 0 ? instrument.formatPrice(f.maxPrice()) : "") + " (tickSize "
                    + instrument.formatPrice(f.tickSize()) + ")");
        }
        return null;
    }

    /** A price to a multiple of the tick, on the passive side: a buy's down, a sell's up. */
    private static long round(long price, long tick, boolean buy) {
        if (tick <= 0) {
            return price;
        }
        long rest = Math.floorMod(price, tick);
        if (rest == 0) {
            return price;
        }
        return buy ? price - rest : Math.addExact(price - rest, tick);
    }

    /** @return whether filters are known for the symbol */
    public boolean knows(String symbol) {
        return bySymbol.containsKey(symbol);
    }
}
