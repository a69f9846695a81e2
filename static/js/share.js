// "Copy link" copies the article's address instead of following it, where the browser can.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(() => {
    link.textContent = link.dataset.copied;
    link.setAttribute("aria-live", "polite");
  });
});
