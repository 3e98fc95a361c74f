/**
 * The paper venue: a matching simulator that takes liquidity at the best bid/ask up to the quote's size (market
 * orders, marketable limits, triggered stops), keeps GTC limits and stops resting per instrument and fills them from
 * the trades the router sees on {@code market-data} later, charges taker and maker fees and checks the
 * router's account — a spot account by default, or a margin account that may sell short up to a limit in the quote
 * asset ({@code allowShort}, {@code maxShortNotional}) — all with exact fixed-point money and without touching a real
 * venue. See {@link io.aquatrade.router.venue.paper.PaperVenue} for the fill rules and
 * {@link io.aquatrade.router.venue.paper.PaperVenueConfig} for its config section ({@code order-router.paper}).
 */
package io.aquatrade.router.venue.paper;
