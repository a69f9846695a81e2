// Installs the service worker that keeps recently read pages for reading offline. Without it
// (or without JavaScript) the portal works the same, only not offline.
if ("serviceWorker" in navigator && window.isSecureContext) {
  const url = document.currentScript && document.currentScript.dataset.serviceWorker;
  if (url) navigator.serviceWorker.register(url, { scope: "/" }).catch(() => {});
}
