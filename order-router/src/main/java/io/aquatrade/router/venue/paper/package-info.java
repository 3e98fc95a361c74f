/**
 * The paper venue: fills orders at once against the latest prices the router saw on {@code market-data}, charges a
 * taker fee and checks the router's account, all with exact fixed-point money and without touching a real venue.
 * See {@link io.aquatrade.router.venue.paper.PaperVenue} for the fill rules and
 * {@link io.aquatrade.router.venue.paper.PaperVenueConfig} for its config section ({@code order-router.paper}).
 */
package io.aquatrade.router.venue.paper;
