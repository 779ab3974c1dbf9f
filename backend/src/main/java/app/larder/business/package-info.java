/**
 * Businesses (the tenants), their venues and storages, the people who work in them with their roles, and the API
 * tokens those people use. Sign-up starts here.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform"})
package app.larder.business;
