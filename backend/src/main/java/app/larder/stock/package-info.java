/**
 * The warehouse: ingredients with their units, processing losses and unit costs; suppliers; the stock ledger of
 * append-only movements, and the documents that post to it (supplies, write-offs, stocktakes, transfers); balances
 * and movement reports. Storages belong to the business's venues.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "business"})
package app.larder.stock;
