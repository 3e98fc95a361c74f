/**
 * Operator tools over the topics: {@code tail} prints any topic one readable line per message, {@code summary}
 * counts what a run produced and reports balances and P&amp;L. They only read queues; they never write.
 */
package io.aquatrade.tools;
