package io.aquatrade.tools;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * The {@code dashboard} section of the config, read by {@code bin/aquatrade dashboard}.
 *
 * @param port  TCP port the page is served on, on 127.0.0.1 only, 0..65535 (0: any free port); default
 *              {@value #DEFAULT_PORT}, beside the metrics ports 9401..9405
 * @param token the secret a kill-switch request must carry ({@code Authorization: Bearer <token>}), at least
 *              {@value #MIN_TOKEN_LENGTH} characters without spaces; null when none is set (the kill-switch button
 *              then refuses every request). Never logged: {@link #toString()} leaves it out
 */
public record DashboardConfig(int port, String token) {
    /** Default {@code dashboard.port}. */
    public static final int DEFAULT_PORT = 9400;
    /** The environment variable read for the token when {@code dashboard.token} is not set. */
    public static final String TOKEN_ENV = "AQUATRADE_DASHBOARD_TOKEN";
    /** Shortest token accepted, characters. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Jackson entry point: fills defaults, then validates. @throws ConfigException naming the field */
    @JsonCreator
    public static DashboardConfig of(@JsonProperty("port") Integer port, @JsonProperty("token") String token) {
        return new DashboardConfig(port == null ? DEFAULT_PORT : port, token);
    }

    /** @throws ConfigException naming the field on a bad value (never quoting the token) */
    public DashboardConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("dashboard.port", "a TCP port 0..65535 (0: any free one), was " + port);
        }
        checkToken("dashboard.token", token);
    }

    /**
     * The section of a config, or its defaults, with the token from {@value #TOKEN_ENV} when the file sets none.
     *
     * @param cfg the config file, or null for defaults
     * @param env the environment ({@link System#getenv()})
     * @return the dashboard's settings
     * @throws ConfigException naming {@code dashboard.*} or {@value #TOKEN_ENV} on a bad value
     */
    public static DashboardConfig from(AquatradeConfig cfg, Map<String, String> env) {
        DashboardConfig section = cfg == null ? null : cfg.section("dashboard", DashboardConfig.class);
        DashboardConfig c = section == null ? of(null, null) : section;
        if (c.token() != null) {
            return c;
        }
        String fromEnv = env.get(TOKEN_ENV);
        if (fromEnv == null || fromEnv.isEmpty()) {
            return c;
        }
        checkToken(TOKEN_ENV, fromEnv);
        return new DashboardConfig(c.port(), fromEnv);
    }

    /** @return a copy listening on another port (the {@code --port} flag) */
    public DashboardConfig withPort(int newPort) {
        if (newPort < 0 || newPort > 65535) {
            throw new ConfigException("--port", "a TCP port 0..65535 (0: any free one), was " + newPort);
        }
        return new DashboardConfig(newPort, token);
    }

    private static void checkToken(String field, String token) {
        if (token == null) {
            return;
        }
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(field, "a secret of at least " + MIN_TOKEN_LENGTH + " characters without "
                    + "spaces (e.g. from 'openssl rand -hex 24'), was " + token.length() + " characters"
                    + (token.chars().anyMatch(Character::isWhitespace) ? " with a space" : ""));
        }
    }

    /** @return the port and whether a token is set; never the token */
    @Override
    public String toString() {
        return "DashboardConfig[port=" + port + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
