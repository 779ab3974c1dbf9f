/**
 * Report export: JasperReports templates kept in the repository, filled from the features' report services and
 * exported as PDF, XLSX or CSV, in the background with progress for large ones, within the user's role and venues.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "business", "stock",
        "recipe", "menu", "sales", "pos", "finance"})
package app.larder.report;
