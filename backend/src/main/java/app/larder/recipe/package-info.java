/**
 * Recipes and what they cost: semi-finished products, versioned tech cards of those and of dishes, and the cost
 * price of everything made, recalculated in sets whenever an ingredient's unit cost or a tech card changes.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "stock"})
package app.larder.recipe;
