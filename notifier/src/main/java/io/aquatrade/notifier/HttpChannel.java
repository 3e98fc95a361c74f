package io.aquatrade.notifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A JSON POST over the JDK's {@link HttpClient} with a connect and a request timeout ({@code alerts.timeoutMs}), and
 * the mapping of its outcome: 2xx delivered; 429, 5xx, 408, a timeout or an I/O error retryable; any other status a
 * failure no retry would mend (a wrong chat id, a bad URL). Subclasses say what to POST and how to read the answer.
 */
abstract class HttpChannel implements Channel {
    private final HttpClient client;
    private final Duration timeout;

    HttpChannel(long timeoutMs) {
        this.timeout = Duration.ofMillis(timeoutMs);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return the URI to POST to (may hold a secret: it is never logged) */
    abstract URI uri();

    /** @return the JSON body of one alert */
    abstract String body(Alert alert) throws IOException;

    /** @return the result for a completed HTTP exchange */
    abstract Result answer(int status, String body, HttpResponse<String> response);

    /** @return {@code text} with any secret of this channel replaced */
    String redact(String text) {
        return text;
    }

    @Override
    public final Result send(Alert alert) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri()).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body(alert))).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.body(), response);
        } catch (HttpTimeoutException e) {
            return Result.retry(-1, "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Result.retry(-1, redact("I/O error: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.retry(-1, "interrupted");
        }
    }

    /** The generic mapping of a status: 2xx ok, 408/429/5xx retry (with Retry-After seconds if given), else fail. */
    static Result byStatus(int status, String what, HttpResponse<String> response) {
        if (status >= 200 && status < 300) {
            return Result.ok("HTTP " + status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            long afterMs = response.headers().firstValue("Retry-After").map(v -> {
                try {
                    return Math.multiplyExact(Long.parseLong(v.trim()), 1000L);
                } catch (NumberFormatException | ArithmeticException e) {
                    return -1L;
                }
            }).orElse(-1L);
            return Result.retry(afterMs, "HTTP " + status + " " + what);
        }
        return Result.fail("HTTP " + status + " " + what);
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
