package io.aquatrade.common;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the status and headers of every HTTP answer to a {@link RestBudget}, by host and port, for clients that hide
 * them. XChange's services return DTOs without headers (rescu sets headers only on results implementing
 * {@code HttpResponseAware}, which XChange's Binance DTOs do not, and on its exceptions), and rescu's default
 * connection is the JDK's {@code HttpURLConnection}, which gives every answer's headers, the status line under the
 * null key, to the JVM's {@link CookieHandler} before it reads the body or throws for a 4xx/5xx. This tap is that
 * handler: it keeps no cookie (nor did the default, none) and forwards to a handler installed before it, if any.
 *
 * <p>One per JVM ({@link #install()}); budgets are registered by the REST root they watch. Thread-safe.
 */
public final class RestHeaderTap extends CookieHandler {
    private static RestHeaderTap installed;

    private final CookieHandler previous;
    private final Map<String, RestBudget> budgets = new ConcurrentHashMap<>();

    private RestHeaderTap(CookieHandler previous) {
        this.previous = previous;
    }

    /** @return the JVM's tap, installed as the default {@link CookieHandler} on the first call */
    public static synchronized RestHeaderTap install() {
        if (installed == null || CookieHandler.getDefault() != installed) {
            CookieHandler current = CookieHandler.getDefault();
            installed = current instanceof RestHeaderTap t ? t : new RestHeaderTap(current);
            CookieHandler.setDefault(installed);
        }
        return installed;
    }

    /**
     * Feeds a budget with every answer from a REST root; replaces the budget registered for that root before.
     *
     * @param restRoot e.g. {@code https://api.binance.com} or {@code http://127.0.0.1:8090}
     * @param budget   the budget
     */
    public void register(String restRoot, RestBudget budget) {
        budgets.put(key(URI.create(restRoot)), budget);
    }

    /** Stops feeding the budget registered for a REST root, if it is this one. */
    public void unregister(String restRoot, RestBudget budget) {
        budgets.remove(key(URI.create(restRoot)), budget);
    }

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return previous != null ? previous.get(uri, requestHeaders) : Map.of();
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        RestBudget budget = budgets.get(key(uri));
        if (budget != null) {
            budget.observe(status(responseHeaders), responseHeaders);
        }
        if (previous != null) {
            previous.put(uri, responseHeaders);
        }
    }

    /** @return the HTTP status of the status line ({@code HTTP/1.1 429 Too Many Requests}), 0 if unreadable */
    static int status(Map<String, List<String>> headers) {
        List<String> line = headers.get(null);
        if (line == null || line.isEmpty()) {
            return 0;
        }
        String[] parts = line.get(0).split(" ");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
