/** The reports page (start an export, follow its progress, download it) and the report export API. */
package app.larder.report.web;
