package io.aquatrade.common.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.ConfigException;

/**
 * The {@code runtime.metrics} section: whether each process serves its Prometheus {@code /metrics} on 127.0.0.1,
 * and on which port (see {@link ProcessMetrics}).
 *
 * @param enabled false: no process serves metrics (no port is opened); default true
 * @param ports   port of every process that serves metrics, by process name: the defaults
 *                ({@link #DEFAULT_PORTS}) with the config's entries over them; 1..65535, or 0 for any free port
 *                (logged; for tests); no two processes on one port
 */
public record MetricsConfig(boolean enabled, Map<String, Integer> ports) {
    /**
     * Default ports: 9401 market-data, 9402 signal-generator, 9403 decision-engine, 9404 order-router, and 9405 kept
     * for the {@code notifier} process.
     */
    public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("market-data", 9401);
        m.put("signal-generator", 9402);
        m.put("decision-engine", 9403);
        m.put("order-router", 9404);
        m.put("notifier", 9405);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Jackson entry point: fills defaults, then validates.
     *
     * @param enabled {@code runtime.metrics.enabled}, null for the default (true)
     * @param ports   {@code runtime.metrics.ports}, process name to port; null or missing entries take the defaults
     * @throws ConfigException naming {@code runtime.metrics.ports.<process>} for an unknown process or a value that
     *                         is not a port
     */
    @JsonCreator
    public static MetricsConfig of(@JsonProperty("enabled") Boolean enabled,
                                   @JsonProperty("ports") Map<String, JsonNode> ports) {
        Map<String, Integer> merged = new LinkedHashMap<>(DEFAULT_PORTS);
        if (ports != null) {
            for (Map.Entry<String, JsonNode> e : ports.entrySet()) {
                String field = "runtime.metrics.ports." + e.getKey();
                if (!DEFAULT_PORTS.containsKey(e.getKey())) {
                    throw new ConfigException(field, "one of the processes " + DEFAULT_PORTS.keySet()
                            + ", found an unknown one");
                }
                JsonNode v = e.getValue();
                if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0
                        || v.asInt() > 65_535) {
                    throw new ConfigException(field, "a port number 1..65535 (0: any free port), was "
                            + (v == null || v.isNull() ? "empty" : "'" + v.asText() + "'"));
                }
                merged.put(e.getKey(), v.asInt());
            }
        }
        return new MetricsConfig(enabled == null || enabled, merged);
    }

    /** @throws ConfigException naming the field if a port is out of range or two processes share one */
    public MetricsConfig {
        if (ports == null) {
            throw new ConfigException("runtime.metrics.ports", "a map of process name to port");
        }
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        Map<Integer, String> byPort = new HashMap<>();
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            int port = e.getValue();
            if (port < 0 || port > 65_535) {
                throw new ConfigException("runtime.metrics.ports." + e.getKey(), "a port number 1..65535 (0: any "
                        + "free port), was " + port);
            }
            String other = port == 0 ? null : byPort.put(port, e.getKey());
            if (other != null) {
                throw new ConfigException("runtime.metrics.ports." + e.getKey(), "a port no other process uses, "
                        + port + " is also runtime.metrics.ports." + other);
            }
        }
    }

    /** @return the defaults: enabled, on {@link #DEFAULT_PORTS} */
    public static MetricsConfig defaults() {
        return of(null, null);
    }

    /**
     * @param process a process name, e.g. "market-data"
     * @param port    its port, 1..65535, or 0 for any free port
     * @return this section with the process's port replaced (a command line's {@code --metrics-port})
     * @throws ConfigException naming the process's key if the port is out of range or another process's
     */
    public MetricsConfig withPort(String process, int port) {
        Map<String, Integer> p = new LinkedHashMap<>(ports);
        p.put(process, port);
        return new MetricsConfig(enabled, p);
    }

    /**
     * @param process a process name, e.g. "market-data"
     * @return its port, 0 for any free port
     * @throws IllegalArgumentException if the process has no port
     */
    public int port(String process) {
        Integer p = ports.get(process);
        if (p == null) {
            throw new IllegalArgumentException("no runtime.metrics.ports entry for process " + process);
        }
        return p;
    }
}
