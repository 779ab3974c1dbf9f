/** Pages and JSON API of semi-finished products, tech cards and cost prices. */
package app.larder.recipe.web;
