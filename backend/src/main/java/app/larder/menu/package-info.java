/**
 * The menu: categories as a tree, menu items (dishes made by tech cards, products sold as bought), prices per venue,
 * modifier groups, and the menu list with cost price, markup and food cost.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "business", "stock",
        "recipe", "recipe::web"})
package app.larder.menu;
