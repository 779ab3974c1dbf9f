/** Sales write-offs in the web app: the write-off storages setting, as a page and in the JSON API. */
package app.larder.sales.web;
