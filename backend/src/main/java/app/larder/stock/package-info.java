/**
 * What a business keeps and uses up: ingredients with their units, processing losses and unit costs. The warehouse
 * (supplies, ledger, stocktakes) grows here next.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform"})
package app.larder.stock;
