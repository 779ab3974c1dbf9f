/** The web side of the platform: security, tenant context per request, errors, layout, navigation, formats. */
package app.larder.platform.web;
