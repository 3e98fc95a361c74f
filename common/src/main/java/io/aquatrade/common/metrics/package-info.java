/**
 * Metrics of a process: its Micrometer Prometheus registry served at {@code http://127.0.0.1:<port>/metrics}
 * ({@link io.aquatrade.common.metrics.ProcessMetrics}) and the {@code runtime.metrics} config section
 * ({@link io.aquatrade.common.metrics.MetricsConfig}). Values of the business classes are sampled on their agent
 * thread, never recorded per message.
 */
package io.aquatrade.common.metrics;
