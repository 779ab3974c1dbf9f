/** Pages and JSON API of businesses, venues, storages, users and tokens. */
package app.larder.business.web;
