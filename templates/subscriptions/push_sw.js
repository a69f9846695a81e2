// The portal's push service worker (scope /langganan/): shows a notification per new article.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { title: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || data.site || "KIM Salatiga", {
      body: data.body || "",
      tag: data.tag,
      icon: "{{ request.scheme }}://{{ request.get_host }}/static/img/logo.svg",
      data: { url: data.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
