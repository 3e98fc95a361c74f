/**
 * The order-router process: executes the decision engine's orders on a venue and reports executions.
 *
 * <p>{@link io.aquatrade.router.OrderRouter} is the business class: it reads the {@code market-data} and
 * {@code orders} topics (as listeners), keeps the latest prices, the venue account's balances
 * ({@link io.aquatrade.router.Account}) and each strategy's {@link io.aquatrade.router.Position}, hands valid orders
 * to a {@link io.aquatrade.router.Venue}, and writes the outcome on {@code executions}: {@code OrderAccepted},
 * {@code OrderRejected}, {@code OrderFilled}, {@code BalanceUpdate} and {@code PositionUpdate}.
 * {@link io.aquatrade.router.RouterAgent} is the only class that touches queues; {@link io.aquatrade.router.OrderRouterMain}
 * is the process entry. Venues live in sub-packages ({@code venue.paper}, {@code venue.binance}).
 *
 * <p>Money is exact: prices and quantities are mantissas in the instrument's decimals, balances, notional and fees
 * mantissas in the asset's decimals ({@code AquatradeConfig.assetDecimals}).
 */
package io.aquatrade.router;
