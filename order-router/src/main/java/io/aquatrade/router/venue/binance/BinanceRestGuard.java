package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.RestBudget;
import io.aquatrade.common.RestHeaderTap;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.BinanceExchangeInfo;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.RateLimit;
import org.knowm.xchange.binance.service.BinanceMarketDataService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the binance venue minds before a REST request leaves: the rate-limit {@link RestBudget} (limits from
 * {@code exchangeInfo.rateLimits}, usage from every answer's headers through the JVM's {@link RestHeaderTap}), the
 * {@link ServerClock} that stamps signed requests, and the {@link ExchangeFilters}; {@code exchangeInfo} is read at
 * start and again every {@code exchangeInfoRefreshS}. Weights are Binance's of 2026 (rest-api.md). Not thread-safe
 * (the router's agent thread), but its budget is.
 */
public final class BinanceRestGuard {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceRestGuard.class);
    /** Request weight of {@code GET /api/v3/exchangeInfo}. */
    public static final int WEIGHT_EXCHANGE_INFO = 20;
    /** Request weight of {@code GET /api/v3/time}. */
    public static final int WEIGHT_TIME = 1;
    /** Request weight of {@code GET /api/v3/account}. */
    public static final int WEIGHT_ACCOUNT = 20;
    /** Request weight of {@code GET /api/v3/order} (one order's status). */
    public static final int WEIGHT_ORDER_STATUS = 4;
    /** Request weight of {@code GET /api/v3/myTrades} (one order's trades, or a symbol's). */
    public static final int WEIGHT_MY_TRADES = 20;
    /** Request weight of {@code POST /api/v3/order}, plus 4 for the look-up by client order id that may precede it. */
    public static final int WEIGHT_PLACE = 5;
    /**
     * Request weight of {@code DELETE /api/v3/order} and the status read after it (4); the status read asks the
     * budget again ({@link #WEIGHT_ORDER_STATUS}) once the cancel's answer is in, and is left to a later poll if it
     * has no room.
     */
    public static final int WEIGHT_CANCEL = 5;
    /**
     * Request weight asked for before one order's poll: its symbol's open orders (6, once per symbol and poll) or its
     * status (4); its trades (20) follow only when it filled more, asked of the budget on their own ({@link
     * #WEIGHT_MY_TRADES}: read by a later poll if it has no room). The budget gates on it; the usage itself is
     * Binance's, from the headers.
     */
    public static final int WEIGHT_POLL_ORDER = 10;

    static {
        // the JDK's HttpURLConnection re-sends a POST whose connection closed without an answer: an order placed
        // twice. jvm.options sets this for every process; this covers a JVM started without it, if the JDK's
        // HTTP client was not loaded yet (it reads the property once)
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final RestBudget budget;
    private final ServerClock serverClock;
    private final ExchangeFilters filters = new ExchangeFilters();
    private final List<Instrument> instruments;
    private final long refreshNs;
    private final String baseUrl;
    private BinanceMarketDataService marketData;
    /** exchangeInfo read whole (XChange's DTO drops NOTIONAL's applyMinToMarket / applyMaxToMarket). */
    private VenueCheckApi rawApi;
    private long nextRefreshNs;

    /**
     * @param config      the venue's config: REST root, {@code exchangeInfoRefreshS}
     * @param instruments the configured instruments
     * @param clock       the process clock: budgets' intervals, back-offs, refreshes
     * @param wall        the machine's real clock, for request timestamps
     */
    public BinanceRestGuard(BinanceVenueConfig config, List<Instrument> instruments, EpochClock clock,
                            EpochClock wall) {
        this.budget = new RestBudget("order-router binance", clock);
        this.serverClock = new ServerClock(wall);
        this.instruments = List.copyOf(instruments);
        this.refreshNs = Math.multiplyExact(config.exchangeInfoRefreshS(), 1_000_000_000L);
        this.baseUrl = config.baseUrl();
        RestHeaderTap.install().register(baseUrl, budget);
    }

    /**
     * Builds the XChange exchange with this guard's clock, measures the clock offset, then reads {@code exchangeInfo}
     * once ({@link GuardedBinanceExchange#remoteInit}: XChange's metadata and symbol mappings, no {@code /sapi}
     * request) and takes its rate limits and filters.
     *
     * @param spec   the exchange specification (remote metadata is loaded here, after the clock is set)
     * @param nowNs  now, on the process clock
     * @return the exchange
     * @throws IllegalStateException if Binance's time or exchangeInfo cannot be read
     * @throws io.aquatrade.common.ConfigException if an instrument's decimals are coarser than Binance's tick or step
     */
    public GuardedBinanceExchange connect(ExchangeSpecification spec, long nowNs) {
        spec.setShouldLoadRemoteMetaData(false);
        GuardedBinanceExchange exchange = new GuardedBinanceExchange(serverClock);
        exchange.applySpecification(spec);
        marketData = (BinanceMarketDataService) exchange.getMarketDataService();
        rawApi = org.knowm.xchange.client.ExchangeRestProxyBuilder.forInterface(VenueCheckApi.class, spec).build();
        try {
            resync();
            exchange.remoteInit(); // exchangeInfo only: no /sapi, which the spot testnet lacks
            refresh(exchange.exchangeInfo(), exchange.exchangeInfoJson(), nowNs);
        } catch (io.aquatrade.common.ConfigException e) {
            throw e; // configured decimals coarser than binance's tick or step: exit code 2
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("binance: cannot read the server time and exchangeInfo from " + baseUrl
                    + ": " + e.getMessage(), e);
        }
        return exchange;
    }

    /** Measures the clock offset again ({@code GET /api/v3/time}). @throws IOException if it cannot be read */
    public void resync() throws IOException {
        serverClock.sync(() -> marketData.binanceTime().getServerTime().getTime());
    }

    /** Reads exchangeInfo again when {@code exchangeInfoRefreshS} passed and the budget allows; failures are logged. */
    public void refreshIfDue(long nowNs) {
        if (nowNs < nextRefreshNs || !budget.tryAcquire(WEIGHT_EXCHANGE_INFO, 0)) {
            return;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode json = rawApi.exchangeInfo();
            refresh(GuardedBinanceExchange.typed(json), json, nowNs);
        } catch (IOException | RuntimeException e) {
            nextRefreshNs = nowNs + Math.min(refreshNs, 60_000_000_000L);
            LOG.warn("binance exchangeInfo refresh failed ({}): the filters and limits in force stay", e.toString());
        }
    }

    private void refresh(BinanceExchangeInfo info, com.fasterxml.jackson.databind.JsonNode json, long nowNs) {
        List<RestBudget.Limit> limits = new ArrayList<>();
        if (info.getRateLimits() != null) {
            for (RateLimit l : info.getRateLimits()) {
                String type = String.valueOf(l.getRateLimitType());
                if (type.equals("REQUEST_WEIGHT") || type.equals("ORDERS")) {
                    limits.add(new RestBudget.Limit(RestBudget.Kind.valueOf(type),
                            Integer.parseInt(l.getIntervalNum()), l.getInterval(), Long.parseLong(l.getLimit())));
                }
            }
        }
        budget.limits(limits);
        filters.update(info, json, instruments);
        nextRefreshNs = nowNs + refreshNs;
        LOG.info("binance exchangeInfo read: rate limits {}, filters of {}", limits,
                instruments.stream().map(Instrument::symbol).filter(filters::knows).toList());
    }

    /** @return the rate-limit budget */
    public RestBudget budget() {
        return budget;
    }

    /** @return the clock stamping signed requests */
    public ServerClock serverClock() {
        return serverClock;
    }

    /** @return the exchange filters */
    public ExchangeFilters filters() {
        return filters;
    }

    /** Stops feeding this guard's budget from the JVM's HTTP answers. */
    public void close() {
        RestHeaderTap.install().unregister(baseUrl, budget);
    }
}
