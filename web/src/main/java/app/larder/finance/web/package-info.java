/** Pages and JSON API of finance: accounts, categories, transactions, supplier payables and the cash flow. */
package app.larder.finance.web;
