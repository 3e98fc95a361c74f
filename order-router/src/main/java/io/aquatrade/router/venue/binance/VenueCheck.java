package io.aquatrade.router.venue.binance;

import static io.aquatrade.router.venue.binance.SymbolFilters.decimal;
import static io.aquatrade.router.venue.binance.SymbolFilters.decimalOrNull;
import static io.aquatrade.router.venue.binance.SymbolFilters.filter;
import static io.aquatrade.router.venue.binance.SymbolFilters.minNotional;
import static io.aquatrade.router.venue.binance.SymbolFilters.scale;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.InstrumentFilters;
import io.aquatrade.router.RouterConfig;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceAuthenticated;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.OrderType;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.binance.service.BinanceHmacDigest;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import si.mazi.rescu.HttpStatusException;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * {@code bin/aquatrade venue-check}: read-only checks of a Binance spot account and of the config against it,
 * before trading real money. It never places an order: {@code POST /api/v3/order/test} validates one without
 * sending it to the matching engine (Binance rest-api.md, "Test new order").
 *
 * <p>Checks, in order (each one {@link Line}: {@link Level#OK}, {@link Level#WARN} or {@link Level#FAIL} with what
 * to do):
 * <ol>
 *   <li><b>connection</b>: {@code GET /api/v3/ping} reaches {@code order-router.binance.baseUrl}; if not, nothing
 *       else is tried.</li>
 *   <li><b>clock</b>: {@code GET /api/v3/time}; the offset of Binance's time to the local clock's midpoint of the
 *       request. Binance refuses a signed request stamped 1000 ms or more ahead of its clock or more than
 *       {@code recvWindow} behind it (rest-api.md, "Timing security"): FAIL there; WARN beyond
 *       {@value #CLOCK_WARN_MS} ms.</li>
 *   <li><b>per instrument</b>, from {@code GET /api/v3/exchangeInfo}: listed and {@code TRADING}; spot trading
 *       allowed; the Binance order types the config will send (MARKET always: stop-loss exits and flattening; LIMIT
 *       for {@code orderType: limit}, a limit {@code exitOrder} or a {@code takeProfit}; LIMIT_MAKER for a
 *       {@code postOnly} limit {@code entryOrder}; STOP_LOSS_LIMIT for {@code stopOrder: limit}, STOP_LOSS for
 *       {@code stopOrder: market}; FAIL for a strategy with both {@code takeProfit} and a {@code stopOrder}, which
 *       this venue refuses at start-up); {@code priceDecimals}/{@code sizeDecimals} fine
 *       enough for PRICE_FILTER's tickSize and LOT_SIZE's stepSize; {@code assets} decimals of its base and quote
 *       asset at least Binance's {@code base/quoteAssetPrecision} and {@code base/quoteCommissionPrecision} (FAIL
 *       naming {@code assets.X}: the router refuses to start with fewer); {@code instruments[].filters} against
 *       PRICE_FILTER, LOT_SIZE and NOTIONAL/MIN_NOTIONAL; the entry size of each strategy where the config fixes it
 *       ({@code fixed-fraction}: {@code capital x orderFraction}; {@code fixed-notional}: {@code amount}, in the
 *       quote asset) against the minimum notional.</li>
 *   <li><b>account</b>, {@code GET /api/v3/account} (signed): the key and secret are accepted; {@code canTrade};
 *       {@code canWithdraw: true} is a loud WARN (a stolen key could empty the account); SPOT permission; the
 *       balances of the configured assets (a quote asset at 0, or below a strategy's capital, is a WARN); the
 *       commission rates, against {@code order-router.paper}'s fees.</li>
 *   <li><b>test order</b> per instrument: one BUY LIMIT GTC far below the market, {@code POST /api/v3/order/test}
 *       through XChange's own signed client: see {@link SymbolFilters#testOrderPrice} and
 *       {@link SymbolFilters#testOrderQuantity}.</li>
 * </ol>
 *
 * <p>Secrets: no line carries the API secret or the key; the key is named by its last 4 characters at most, and
 * every line is scrubbed of both before it is returned (Binance's messages do not echo them, but a line must
 * never depend on that).
 *
 * <p>Not thread-safe; one {@link #run()} per instance. Every REST call is made on the caller's thread.
 */
public final class VenueCheck {
    /** The clock offset beyond which a WARN is given, ms. */
    public static final long CLOCK_WARN_MS = 500;
    /** Binance refuses a request whose timestamp is this far or further ahead of its clock, ms. */
    public static final long AHEAD_LIMIT_MS = 1000;

    /** How a check came out. */
    public enum Level {
        /** as it should be */
        OK,
        /** tradable, but look at it */
        WARN,
        /** do not trade until it is fixed */
        FAIL
    }

    /**
     * One check's outcome.
     *
     * @param level   OK, WARN or FAIL
     * @param subject what was checked, e.g. "clock" or "BTCUSDT filters"
     * @param text    what was found and, unless OK, what to do
     */
    public record Line(Level level, String subject, String text) {
        @Override
        public String toString() {
            return String.format("%-4s  %s: %s", level, subject, text);
        }
    }

    private final AquatradeConfig config;
    private final RouterConfig router;
    private final BinanceVenueConfig venue;
    private final BinanceCredentials credentials;
    private final EpochClock clock;
    private final BinanceAuthenticated binance;
    private final VenueCheckApi api;
    private final BinanceHmacDigest signer;
    private final SynchronizedValueFactory<Long> timestampMs;
    private final ConfiguredOrders orders;
    private final List<Line> lines = new ArrayList<>();
    /** Binance's symbols by name, from exchangeInfo; null until read. */
    private Map<String, JsonNode> symbols;
    /** Free balance per asset; null until the account was read. */
    private Map<String, BigDecimal> free;
    /** The account's permissions ({@code SPOT}, {@code TRD_GRP_...}); null until the account was read. */
    private Set<String> permissions;

    /**
     * @param config      the shared config: instruments, assets, and the decision engine's and signal generator's
     *                    strategies (read, as JSON, for order types and sizes)
     * @param router      the {@code order-router} section (the {@code binance} venue's settings, paper fees)
     * @param credentials the key and secret
     * @param clock       the local clock: request timestamps and the offset to Binance's
     */
    public VenueCheck(AquatradeConfig config, RouterConfig router, BinanceCredentials credentials, EpochClock clock) {
        this.config = config;
        this.router = router;
        this.venue = router.binance();
        this.credentials = credentials;
        this.clock = clock;
        ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
        spec.setSslUri(venue.baseUrl());
        spec.setApiKey(credentials.apiKey());
        spec.setSecretKey(credentials.apiSecret());
        this.binance = ExchangeRestProxyBuilder.forInterface(BinanceAuthenticated.class, spec).build();
        this.api = ExchangeRestProxyBuilder.forInterface(VenueCheckApi.class, spec).build();
        this.signer = BinanceHmacDigest.createInstance(credentials.apiSecret());
        this.timestampMs = () -> clock.nowNs() / 1_000_000L;
        this.orders = new ConfiguredOrders(config);
    }

    /**
     * Runs every check.
     *
     * @return one line per check, in order
     */
    public List<Line> run() {
        if (!connection()) {
            return scrubbed();
        }
        clock();
        exchangeInfo();
        boolean accountRead = account();
        if (symbols != null) {
            for (Instrument instrument : config.instruments().values()) {
                testOrder(instrument, accountRead);
            }
        }
        return scrubbed();
    }

    /** @return 0 if every line is OK or WARN, 1 if any FAILs */
    public static int exitCode(List<Line> lines) {
        return lines.stream().anyMatch(l -> l.level() == Level.FAIL) ? 1 : 0;
    }

    /** @return the key as it may be shown: its last 4 characters, the rest masked */
    public static String maskedKey(String apiKey) {
        return apiKey.length() <= 8 ? "..." : "..." + apiKey.substring(apiKey.length() - 4);
    }

    private boolean connection() {
        long startNs = clock.nowNs();
        try {
            binance.ping();
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, "connection", "cannot reach " + venue.baseUrl() + " (" + describe(e) + "): check the "
                    + "network, a proxy or firewall, and order-router.binance.baseUrl / testnet; nothing else was "
                    + "checked");
            return false;
        }
        long ms = (clock.nowNs() - startNs) / 1_000_000L;
        add(Level.OK, "connection", "reached " + venue.baseUrl() + (venue.testnet() ? " (Binance's spot testnet)"
                : "") + " in " + ms + " ms; key " + maskedKey(credentials.apiKey()));
        return true;
    }

    private void clock() {
        long beforeNs = clock.nowNs();
        long serverMs;
        try {
            serverMs = binance.time().getServerTime().getTime();
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, "clock", "cannot read Binance's server time (" + describe(e) + "): try again; if it "
                    + "persists, Binance may be in maintenance");
            return;
        }
        long afterNs = clock.nowNs();
        long localMs = (beforeNs / 2 + afterNs / 2) / 1_000_000L;
        long aheadMs = localMs - serverMs;
        String offset = aheadMs == 0 ? "in step with Binance's" : Math.abs(aheadMs) + " ms "
                + (aheadMs > 0 ? "ahead of" : "behind") + " Binance's";
        long recvWindowMs = venue.recvWindowMs();
        if (aheadMs >= AHEAD_LIMIT_MS || -aheadMs > recvWindowMs) {
            add(Level.FAIL, "clock", "this machine's clock is " + offset + ": Binance refuses signed requests stamped "
                    + AHEAD_LIMIT_MS + " ms or more ahead of its clock or more than recvWindow (" + recvWindowMs
                    + " ms) behind it. Synchronise the clock (chrony or systemd-timesyncd) before trading");
        } else if (Math.abs(aheadMs) > CLOCK_WARN_MS) {
            add(Level.WARN, "clock", "this machine's clock is " + offset + " (more than " + CLOCK_WARN_MS
                    + " ms): requests may be refused as the drift grows; synchronise it (chrony or "
                    + "systemd-timesyncd)");
        } else {
            add(Level.OK, "clock", "this machine's clock is " + offset + " (recvWindow " + recvWindowMs + " ms)");
        }
    }

    /** Reads exchangeInfo ({@link #symbols}) and checks every instrument against it. */
    private void exchangeInfo() {
        JsonNode info;
        try {
            info = api.exchangeInfo();
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, "exchangeInfo", "cannot read Binance's symbols and filters (" + describe(e) + "): try "
                    + "again; the instruments were not checked");
            return;
        }
        symbols = new HashMap<>();
        for (JsonNode s : info.path("symbols")) {
            symbols.put(s.path("symbol").asText(), s);
        }
        Map<String, Set<String>> typesNeeded = orders.orderTypesNeeded();
        for (Instrument instrument : config.instruments().values()) {
            instrument(instrument, typesNeeded.getOrDefault(instrument.symbol(), Set.of("MARKET")));
        }
    }

    private void instrument(Instrument in, Set<String> typesNeeded) {
        String sym = in.symbol();
        JsonNode s = symbols.get(sym);
        if (s == null) {
            add(Level.FAIL, sym, "Binance does not list " + sym + (venue.testnet() ? " on its spot testnet" : "")
                    + ": check instruments[].symbol (base then quote, e.g. BTCUSDT), or remove the instrument");
            return;
        }
        String status = s.path("status").asText();
        if (!"TRADING".equals(status)) {
            add(Level.FAIL, sym, "listed but its status is " + status + ", not TRADING: no order can be placed; "
                    + "remove it from instruments until Binance trades it again");
            return;
        }
        if (!s.path("isSpotTradingAllowed").asBoolean(true)) {
            add(Level.FAIL, sym, "TRADING, but not for spot orders (isSpotTradingAllowed false): remove it");
            return;
        }
        if (!in.base().equals(s.path("baseAsset").asText(in.base()))
                || !in.quote().equals(s.path("quoteAsset").asText(in.quote()))) {
            add(Level.FAIL, sym, "Binance's " + sym + " is " + s.path("baseAsset").asText() + "/"
                    + s.path("quoteAsset").asText() + ", the config says " + in.base() + "/" + in.quote()
                    + ": fix instruments[" + sym + "].base and quote");
            return;
        }
        add(Level.OK, sym, "listed and TRADING");
        orderTypes(in, s, typesNeeded);
        filters(in, s);
        assetDecimals(in, s);
        sizes(in, s);
    }

    /**
     * FAIL for each of the instrument's assets configured with fewer decimals than Binance gives its amounts and
     * commissions ({@link AssetPrecision}: the router refuses to start with them).
     */
    private void assetDecimals(Instrument in, JsonNode s) {
        for (AssetPrecision.Shortfall f : AssetPrecision.shortfalls(config, in, s)) {
            add(Level.FAIL, in.symbol() + " " + f.field(), f.text() + ": set " + f.field() + ": " + f.needed()
                    + " (the router refuses to start with fewer)");
        }
    }

    private void orderTypes(Instrument in, JsonNode s, Set<String> needed) {
        Set<String> allowed = new LinkedHashSet<>();
        s.path("orderTypes").forEach(t -> allowed.add(t.asText()));
        List<String> missing = new ArrayList<>();
        boolean unsupported = false;
        for (String t : needed) {
            if (t.startsWith("!")) {
                add(Level.FAIL, in.symbol() + " order types", t.substring(1));
                unsupported = true;
            } else if (!allowed.contains(t)) {
                missing.add(t);
            }
        }
        List<String> sent = needed.stream().filter(t -> !t.startsWith("!")).toList();
        if (unsupported && missing.isEmpty()) {
            return; // the rest is allowed, but the line above says the config is not ready
        }
        if (!missing.isEmpty()) {
            add(Level.FAIL, in.symbol() + " order types", "the config sends " + String.join(", ", missing)
                    + " orders, which Binance does not allow on " + in.symbol() + " (allowed: "
                    + String.join(", ", allowed) + "): change the strategies' order settings");
        } else {
            add(Level.OK, in.symbol() + " order types", String.join(", ", sent) + " allowed");
        }
    }

    private void filters(Instrument in, JsonNode s) {
        String sym = in.symbol();
        BigDecimal tick = decimal(filter(s, "PRICE_FILTER"), "tickSize");
        BigDecimal step = decimal(filter(s, "LOT_SIZE"), "stepSize");
        BigDecimal minQty = decimal(filter(s, "LOT_SIZE"), "minQty");
        BigDecimal minNotional = minNotional(s);
        List<String> fail = new ArrayList<>();
        if (tick != null && tick.signum() > 0 && scale(tick) > in.priceDecimals()) {
            fail.add("Binance prices " + sym + " in steps of " + plain(tick) + " but priceDecimals is "
                    + in.priceDecimals() + ": set instruments[" + sym + "].priceDecimals: " + scale(tick)
                    + " or more");
        }
        if (step != null && step.signum() > 0 && scale(step) > in.sizeDecimals()) {
            fail.add("Binance sizes " + sym + " in steps of " + plain(step) + " but sizeDecimals is "
                    + in.sizeDecimals() + ": set instruments[" + sym + "].sizeDecimals: " + scale(step)
                    + " or more");
        }
        InstrumentFilters cfg = in.filters();
        List<String> unset = new ArrayList<>();
        compareGrid(sym, "tickSize", cfg.tickSize(), tick, "PRICE_FILTER", fail, unset);
        compareGrid(sym, "stepSize", cfg.stepSize(), step, "LOT_SIZE", fail, unset);
        compareMin(sym, "minQty", cfg.minQty(), minQty, "LOT_SIZE", fail, unset);
        compareMin(sym, "minNotional", cfg.minNotional(), minNotional, "NOTIONAL", fail, unset);
        StringJoiner suggested = new StringJoiner(", ", "{", "}");
        if (tick != null && tick.signum() > 0) {
            suggested.add("tickSize: " + plain(tick));
        }
        if (step != null && step.signum() > 0) {
            suggested.add("stepSize: " + plain(step));
        }
        if (minQty != null && minQty.signum() > 0) {
            suggested.add("minQty: " + plain(minQty));
        }
        if (minNotional != null && minNotional.signum() > 0) {
            suggested.add("minNotional: " + plain(minNotional));
        }
        String binance = "Binance's filters " + suggested;
        if (!fail.isEmpty()) {
            add(Level.FAIL, sym + " filters", String.join("; ", fail) + ". " + binance + ": orders breaking them "
                    + "are refused");
        } else if (!unset.isEmpty()) {
            add(Level.WARN, sym + " filters", "instruments[" + sym + "].filters has no " + String.join(", ", unset)
                    + ": the decision engine cannot size and price orders to Binance's grid, and orders off it are "
                    + "rejected. Set instruments[" + sym + "].filters: " + suggested);
        } else {
            add(Level.OK, sym + " filters", "decimals and instruments[].filters agree with " + binance);
        }
    }

    /** A config grid (tick, step) must be a whole multiple of Binance's. */
    private static void compareGrid(String sym, String key, BigDecimal cfg, BigDecimal binance, String filter,
                                    List<String> fail, List<String> unset) {
        if (binance == null || binance.signum() == 0) {
            return;
        }
        if (cfg == null) {
            unset.add(key);
        } else if (cfg.signum() <= 0 || cfg.remainder(binance).signum() != 0) {
            fail.add("filters." + key + " " + plain(cfg) + " is not a whole multiple of Binance's " + filter + " "
                    + key + " " + plain(binance) + ": set instruments[" + sym + "].filters." + key + ": "
                    + plain(binance));
        }
    }

    /** A config minimum (minQty, minNotional) must be at least Binance's. */
    private static void compareMin(String sym, String key, BigDecimal cfg, BigDecimal binance, String filter,
                                   List<String> fail, List<String> unset) {
        if (binance == null || binance.signum() == 0) {
            return;
        }
        if (cfg == null) {
            unset.add(key);
        } else if (cfg.compareTo(binance) < 0) {
            fail.add("filters." + key + " " + plain(cfg) + " is below Binance's " + filter + " " + key + " "
                    + plain(binance) + ": set instruments[" + sym + "].filters." + key + ": " + plain(binance));
        }
    }

    /** Entry sizes the config fixes, against the minimum notional. */
    private void sizes(Instrument in, JsonNode s) {
        BigDecimal minNotional = minNotional(s);
        for (ConfiguredOrders.StrategySize size : orders.strategySizes(in.symbol())) {
            String subject = in.symbol() + " " + size.strategy() + " size";
            if (size.notional() == null) {
                add(Level.OK, subject, "set per trade by " + size.mode() + " sizing: not known before a signal; "
                        + "an entry below Binance's minimum notional" + (minNotional == null ? "" : " ("
                        + plain(minNotional) + " " + in.quote() + ")") + " is denied or rejected");
            } else if (minNotional != null && size.notional().compareTo(minNotional) < 0) {
                add(Level.FAIL, subject, "a first entry of about " + plain(size.notional()) + " " + in.quote() + " ("
                        + size.how() + ") is below Binance's minimum order value " + plain(minNotional) + " "
                        + in.quote() + ": every entry would be refused; raise the strategy's capital or "
                        + "orderFraction (decision-engine.strategies[" + size.index() + "])");
            } else {
                add(Level.OK, subject, "a first entry of about " + plain(size.notional()) + " " + in.quote() + " ("
                        + size.how() + ")" + (minNotional == null ? "" : ", above Binance's minimum "
                        + plain(minNotional) + " " + in.quote()));
            }
        }
    }

    /** @return true if the account was read with this key */
    private boolean account() {
        JsonNode a;
        try {
            a = api.account(venue.recvWindowMs(), timestampMs, credentials.apiKey(), signer);
        } catch (BinanceException e) {
            add(Level.FAIL, "account", explain(e));
            return false;
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, "account", "cannot read the account (" + describe(e) + "): try again");
            return false;
        }
        add(Level.OK, "account", "key " + maskedKey(credentials.apiKey()) + " and its secret accepted (signed "
                + "request), account type " + a.path("accountType").asText("?"));
        if (a.path("canTrade").asBoolean(false)) {
            add(Level.OK, "trading permission", "this key may trade (canTrade)");
        } else {
            add(Level.FAIL, "trading permission", "this key may not trade (canTrade false): enable 'Spot & Margin "
                    + "Trading' for it in Binance's API Management, or use a key that has it");
        }
        if (a.path("canWithdraw").asBoolean(false)) {
            add(Level.WARN, "WITHDRAWAL PERMISSION", "!!! this key can WITHDRAW funds (canWithdraw true): anyone who "
                    + "obtains it can empty the account. Trade with a key WITHOUT withdrawal permission: create "
                    + "one in Binance's API Management with only 'Enable Spot & Margin Trading', restricted to "
                    + "this machine's IP !!!");
        } else {
            add(Level.OK, "withdrawal permission", "none (canWithdraw false), as it should be");
        }
        permissions = new LinkedHashSet<>();
        a.path("permissions").forEach(p -> permissions.add(p.asText()));
        if (permissions.contains("SPOT") || "SPOT".equals(a.path("accountType").asText())) {
            add(Level.OK, "spot permission", "the account trades spot (account type "
                    + a.path("accountType").asText("?") + ", permissions " + permissions + ")");
        } else {
            add(Level.FAIL, "spot permission", "the account's permissions " + permissions + " lack SPOT: spot "
                    + "orders will be refused; use a spot account");
        }
        free = new HashMap<>();
        Map<String, BigDecimal> locked = new HashMap<>();
        for (JsonNode b : a.path("balances")) {
            free.put(b.path("asset").asText(), new BigDecimal(b.path("free").asText("0")));
            locked.put(b.path("asset").asText(), new BigDecimal(b.path("locked").asText("0")));
        }
        balances(locked);
        commission(a);
        return true;
    }

    private void balances(Map<String, BigDecimal> locked) {
        Set<String> quotes = new LinkedHashSet<>();
        config.instruments().values().forEach(i -> quotes.add(i.quote()));
        Map<String, BigDecimal> capital = orders.capitalByQuote();
        for (String asset : config.assets()) {
            BigDecimal f = free.getOrDefault(asset, BigDecimal.ZERO);
            BigDecimal l = locked.getOrDefault(asset, BigDecimal.ZERO);
            String held = "free " + plain(f) + ", locked " + plain(l);
            BigDecimal needed = capital.get(asset);
            if (quotes.contains(asset) && f.signum() == 0) {
                add(Level.WARN, asset + " balance", held + ": no " + asset + " to pay for buys; deposit some "
                        + "before trading");
            } else if (needed != null && f.compareTo(needed) < 0) {
                add(Level.WARN, asset + " balance", held + ", below the " + plain(needed) + " " + asset
                        + " of capital the strategies size from: orders beyond the balance are refused; deposit "
                        + "more or lower decision-engine.strategies[].capital");
            } else {
                add(Level.OK, asset + " balance", held);
            }
        }
    }

    /**
     * The account's commission rates: {@code commissionRates.maker/taker} (fractions, e.g. "0.00100000"), else the
     * older {@code makerCommission/takerCommission} (whole basis points, e.g. 10).
     */
    private void commission(JsonNode account) {
        JsonNode rates = account.path("commissionRates");
        BigDecimal makerBps;
        BigDecimal takerBps;
        if (decimalOrNull(rates.path("maker")) != null && decimalOrNull(rates.path("taker")) != null) {
            makerBps = decimalOrNull(rates.path("maker")).movePointRight(4).stripTrailingZeros();
            takerBps = decimalOrNull(rates.path("taker")).movePointRight(4).stripTrailingZeros();
        } else if (decimalOrNull(account.path("makerCommission")) != null
                && decimalOrNull(account.path("takerCommission")) != null) {
            makerBps = decimalOrNull(account.path("makerCommission"));
            takerBps = decimalOrNull(account.path("takerCommission"));
        } else {
            add(Level.WARN, "commission", "Binance did not say the account's commission rates: check them in the "
                    + "account's fee settings");
            return;
        }
        String text = "maker " + plain(makerBps) + " bps, taker " + plain(takerBps) + " bps (paid in the asset "
                + "received, unless BNB fees are on)";
        if (makerBps.compareTo(BigDecimal.valueOf(router.paper().makerFeeBps())) != 0
                || takerBps.compareTo(BigDecimal.valueOf(router.paper().takerFeeBps())) != 0) {
            add(Level.WARN, "commission", text + "; backtests and paper runs assume maker "
                    + router.paper().makerFeeBps() + " / taker " + router.paper().takerFeeBps() + " bps: set "
                    + "order-router.paper.makerFeeBps and takerFeeBps to these to compare like with like");
        } else {
            add(Level.OK, "commission", text + ", as order-router.paper assumes");
        }
    }

    private void testOrder(Instrument in, boolean accountRead) {
        String subject = in.symbol() + " test order";
        JsonNode s = symbols.get(in.symbol());
        if (s == null || !"TRADING".equals(s.path("status").asText())) {
            return; // failed above, naming it
        }
        if (!accountRead) {
            add(Level.FAIL, subject, "not sent: the account check above failed; fix that first");
            return;
        }
        if (!symbolPermitted(in.symbol(), s)) {
            return;
        }
        BigDecimal average;
        try {
            average = new BigDecimal(api.avgPrice(in.symbol()).path("price").asText());
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, subject, "not sent: cannot read " + in.symbol() + "'s average price (" + describe(e)
                    + "): try again");
            return;
        }
        BigDecimal price = SymbolFilters.testOrderPrice(s, average);
        BigDecimal quantity = SymbolFilters.testOrderQuantity(s, price);
        String order = "BUY " + plain(quantity) + " " + in.base() + " LIMIT at " + plain(price) + " " + in.quote()
                + " (average price " + plain(average) + ")";
        try {
            binance.testNewOrder(in.symbol(), OrderSide.BUY, OrderType.LIMIT, TimeInForce.GTC, quantity, null, price,
                    null, null, null, null, venue.recvWindowMs(), timestampMs, credentials.apiKey(), signer);
        } catch (BinanceException e) {
            add(Level.FAIL, subject, order + " refused: " + explain(e));
            return;
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, subject, order + ": no answer (" + describe(e) + "); try again");
            return;
        }
        add(Level.OK, subject, order + " accepted by POST /api/v3/order/test, not placed: the key signs orders "
                + "and may trade " + in.symbol());
    }

    /**
     * Binance's rule (CHANGELOG, 2024-04-02, {@code permissionSets}): an account may place an order on a symbol if
     * it holds at least one permission of every permission set of the symbol. Symbols without
     * {@code permissionSets} (older answers) are not checked here.
     *
     * @return false, with a FAIL line, if the account lacks a set
     */
    private boolean symbolPermitted(String sym, JsonNode s) {
        JsonNode sets = s.path("permissionSets");
        List<String> lacking = new ArrayList<>();
        for (JsonNode set : sets) {
            Set<String> any = new LinkedHashSet<>();
            set.forEach(p -> any.add(p.asText()));
            if (!any.isEmpty() && any.stream().noneMatch(permissions::contains)) {
                lacking.add(any.toString());
            }
        }
        if (!lacking.isEmpty()) {
            add(Level.FAIL, sym + " permission", "Binance lets an account trade " + sym + " with one of each of "
                    + String.join(" and ", lacking) + "; this account has " + permissions + ": its orders on " + sym
                    + " would be refused; trade another symbol or ask Binance about the account's permissions");
            return false;
        }
        return true;
    }

    /** In words a trader can act on: what Binance's error means for this key. */
    private String explain(BinanceException e) {
        String binance = " (Binance " + e.getCode() + ": " + e.getMessage() + ")";
        return switch (e.getCode()) {
            case -1022 -> "Binance refused the request's signature" + binance + ": the API secret does not belong "
                    + "to key " + maskedKey(credentials.apiKey()) + "; set " + BinanceCredentials.ENV_SECRET
                    + " (or apiSecret in the key file) to the secret Binance showed when the key was created";
            case -2014 -> "Binance refused the API key's format" + binance + ": check "
                    + BinanceCredentials.ENV_KEY + " (or apiKey in the key file) for a truncated or padded value";
            case -2015 -> "Binance refused key " + maskedKey(credentials.apiKey()) + binance + ": the key is wrong "
                    + "or deleted, this machine's IP is not on its whitelist, or it lacks the permission; check it in "
                    + "API Management" + (venue.testnet() ? " of the testnet (testnet keys differ from live ones)"
                    : "");
            case -1021 -> "Binance refused the request's timestamp" + binance + ": synchronise this machine's clock, "
                    + "or raise order-router.binance.recvWindowMs";
            case -1013 -> "Binance's filters refused it" + binance + ": check instruments[].filters and the sizes";
            case -2010, -2011 -> "Binance refused it" + binance + ": check the key's trading permission and the "
                    + "account";
            default -> "Binance refused it" + binance;
        };
    }

    private static String describe(Exception e) {
        if (e instanceof BinanceException b) {
            return "Binance " + b.getCode() + ": " + b.getMessage();
        }
        String status = e instanceof HttpStatusException h ? " HTTP " + h.getHttpStatusCode() : "";
        return e.getClass().getSimpleName() + status;
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private void add(Level level, String subject, String text) {
        lines.add(new Line(level, subject, text));
    }

    /** Every line with the secret and the full key replaced, whatever produced it. */
    private List<Line> scrubbed() {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            out.add(new Line(l.level(), scrub(l.subject()), scrub(l.text())));
        }
        return out;
    }

    private String scrub(String text) {
        String t = text.replace(credentials.apiSecret(), "<secret>");
        return t.replace(credentials.apiKey(), "<key>");
    }
}
