/**
 * The {@code binance} venue: Binance spot over XChange 5.2.4's REST client ({@link
 * io.aquatrade.router.venue.binance.BinanceVenue}), its config section ({@link
 * io.aquatrade.router.venue.binance.BinanceVenueConfig}) and its API key and secret ({@link
 * io.aquatrade.router.venue.binance.BinanceCredentials}), the client order ids it sends ({@link
 * io.aquatrade.router.venue.binance.ClientOrderIds}) and its reconciliation with the account ({@code Reconciler}).
 * REST only in this version: no user data stream, no rate-limit budgets.
 */
package io.aquatrade.router.venue.binance;
