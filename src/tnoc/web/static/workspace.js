// The workspace's own script: htmx requests carry the session's CSRF token (the
// meta tag the page was rendered with); nothing else runs on every page.
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
});
