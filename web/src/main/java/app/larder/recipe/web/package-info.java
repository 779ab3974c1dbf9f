/**
 * Pages and JSON API of semi-finished products, tech cards and cost prices. Its public {@link TechCardViews} is the
 * tech card part of any product's page, so the menu shows a dish's card the same way: named interface {@code web}.
 */
@org.springframework.modulith.NamedInterface("web")
package app.larder.recipe.web;
