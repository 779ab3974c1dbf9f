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
