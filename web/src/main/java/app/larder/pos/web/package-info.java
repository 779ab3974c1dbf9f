/** POS devices in the web app and the JSON API, and the POS sync API that terminals call. */
package app.larder.pos.web;
