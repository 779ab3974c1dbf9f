/**
 * Sales: what a receipt takes from stock. A sold dish writes off the ingredients of its tech card in force at the
 * sale, through its semi-finished products; a product writes off itself; each from the storage the venue set for
 * the item's menu category. Receipts themselves arrive with the POS feature, which calls this one.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "business", "stock",
        "recipe", "menu"})
package app.larder.sales;
