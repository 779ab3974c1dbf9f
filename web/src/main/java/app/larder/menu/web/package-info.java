/** Pages and JSON API of the menu: categories, menu items, prices, modifiers. */
package app.larder.menu.web;
