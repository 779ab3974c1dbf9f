/**
 * What authentication needs to know about users, without knowing how a business keeps them: the business feature
 * implements {@link Accounts}, the web layer asks it.
 */
package app.larder.platform.security;
