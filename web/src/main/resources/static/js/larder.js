// Confirmation before destructive actions: any form with data-confirm asks first.
document.addEventListener('submit', function (event) {
    const message = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
        event.preventDefault();
    }
});

// htmx requests carry the CSRF token the page was rendered with.
document.addEventListener('htmx:configRequest', function (event) {
    const header = document.querySelector('meta[name="csrf-header"]');
    const token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
        event.detail.headers[header.content] = token.content;
    }
});

// Every table in the page scrolls sideways rather than cutting its columns: one a template did not wrap in a
// .table-responsive is wrapped here (larder.css gives the wrapper its edge shadows), also after an htmx swap.
function wrapTables(root) {
    root.querySelectorAll('main table.table').forEach(function (table) {
        if (!table.parentElement.classList.contains('table-responsive')) {
            const wrapper = document.createElement('div');
            wrapper.className = 'table-responsive';
            table.parentNode.insertBefore(wrapper, table);
            wrapper.appendChild(table);
        }
    });
}
document.addEventListener('DOMContentLoaded', function () { wrapTables(document); });
document.addEventListener('htmx:load', function () { wrapTables(document); });
