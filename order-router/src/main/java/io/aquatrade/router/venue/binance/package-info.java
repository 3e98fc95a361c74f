/**
 * The {@code binance} venue: Binance spot over XChange 5.2.4's REST client ({@link
 * io.aquatrade.router.venue.binance.BinanceVenue}), its config section ({@link
 * io.aquatrade.router.venue.binance.BinanceVenueConfig}) and its API key and secret ({@link
 * io.aquatrade.router.venue.binance.BinanceCredentials}), the client order ids it sends ({@link
 * io.aquatrade.router.venue.binance.ClientOrderIds}), its user data stream ({@code BinanceUserStream}), rate-limit
 * budgets, clock and filters ({@code BinanceRestGuard}) and its reconciliation with the account ({@code Reconciler}).
 * {@link io.aquatrade.router.venue.binance.VenueCheckMain} ({@code bin/aquatrade venue-check}) checks an account and
 * the config against it, read-only, before trading.
 */
package io.aquatrade.router.venue.binance;
