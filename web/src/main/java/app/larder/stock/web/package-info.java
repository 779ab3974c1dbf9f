/** Pages and JSON API of ingredients. */
package app.larder.stock.web;
