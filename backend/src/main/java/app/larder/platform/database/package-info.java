/** Where the data lives: an embedded PostgreSQL for a machine with nothing installed, or the one configured. */
package app.larder.platform.database;
