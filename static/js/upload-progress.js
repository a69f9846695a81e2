// Shows upload progress on forms marked data-upload-progress. Without this file the form posts
// normally; with it, the same POST goes through XMLHttpRequest so a slow upload shows a bar.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var bar = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    form.addEventListener("submit", function (event) {
      var hasFile = Array.prototype.some.call(
        form.querySelectorAll("input[type=file]"),
        function (input) { return input.files && input.files.length > 0; }
      );
      if (!hasFile || !window.FormData || !bar) {
        return;
      }
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) {
        data.append(event.submitter.name, event.submitter.value);
      }
      var request = new XMLHttpRequest();
      request.open(form.method || "POST", form.action || window.location.href);
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.hidden = false;
          bar.value = Math.round((progress.loaded / progress.total) * 100);
          status.textContent = bar.value + "%";
        }
      });
      request.addEventListener("load", function () {
        // Show the server's answer as it came, at its address. After a redirect that answer
        // carries the confirmation message ("Saved"), which this request has already taken
        // from the session: loading the address again would show the page without it.
        if (request.responseURL && request.responseURL !== window.location.href) {
          window.history.replaceState(null, "", request.responseURL);
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        bar.hidden = true;
        status.textContent = form.getAttribute("data-upload-error") || "Upload failed.";
        form.submit();
      });
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
        b.disabled = true;
      });
      request.send(data);
    });
  });
})();
