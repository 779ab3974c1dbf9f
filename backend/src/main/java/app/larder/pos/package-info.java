/**
 * POS terminals: pairing, device tokens, and the sync API's data (the catalog a terminal pulls, the receipts and
 * cash-shift events it pushes). A device acts only for its own venue.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "business", "stock",
        "menu", "sales"})
package app.larder.pos;
