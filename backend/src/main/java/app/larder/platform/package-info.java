/**
 * What every feature stands on: tenancy (whose data a transaction sees), the database, the audit log,
 * and the exceptions the web layer turns into clear answers.
 */
@org.springframework.modulith.ApplicationModule(
        type = org.springframework.modulith.ApplicationModule.Type.OPEN,
        allowedDependencies = "shared")
package app.larder.platform;
