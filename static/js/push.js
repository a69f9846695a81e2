// Browser notifications on the subscribe page: shown only where the browser has Web Push.
(function () {
  "use strict";
  const box = document.getElementById("push");
  const form = document.getElementById("subscribe-form");
  if (!box || !form || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  box.hidden = false;
  const status = box.querySelector("[data-push-status]");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function applicationServerKey(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    return data.message || data.error || "";
  }

  box.querySelector('[data-push="on"]').addEventListener("click", async () => {
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        status.textContent = box.dataset.denied;
        return;
      }
      await navigator.serviceWorker.register(box.dataset.workerUrl);
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(box.dataset.key),
        }));
      status.textContent = await post(box.dataset.subscribeUrl, {
        ...subscription.toJSON(),
        target: form.elements.target.value,
      });
    } catch (error) {
      status.textContent = box.dataset.failed;
    }
  });

  box.querySelector('[data-push="off"]').addEventListener("click", async () => {
    try {
      const registration = await navigator.serviceWorker.getRegistration(box.dataset.workerUrl);
      const subscription = registration && (await registration.pushManager.getSubscription());
      if (!subscription) return;
      const endpoint = subscription.endpoint;
      await subscription.unsubscribe();
      status.textContent = await post(box.dataset.unsubscribeUrl, { endpoint });
    } catch (error) {
      status.textContent = box.dataset.failed;
    }
  });
})();
