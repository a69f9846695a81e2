// Sends forms marked data-upload-progress with a photo the way a weak phone connection needs:
// the photo is shrunk on the phone first (at most 2560 px on the long side, turned upright,
// WebP or JPEG; the server still re-encodes it and strips what is left), the upload shows its
// progress, and an upload that fails or is cut off is tried again by itself, with the shrunk
// photo kept in memory, so nobody has to choose it again. Without this file (or where the
// browser cannot decode the photo, e.g. HEIC) the form posts the photo as chosen.
(function () {
  "use strict";
  var MAX_SIDE = 2560;
  var QUALITY = 0.8;
  var RETRY_SECONDS = [2, 4, 8, 15, 30];
  var MAX_ATTEMPTS = 10;

  function size(bytes) {
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      maximumFractionDigits: 1,
    });
    return bytes >= 1048576 ? format.format(bytes / 1048576) + " MB" : format.format(Math.ceil(bytes / 1024)) + " KB";
  }

  function toBlob(canvas, type) {
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, type, QUALITY);
    });
  }

  // Resolves to {blob, name} for a smaller upright copy, or null to send the file as chosen.
  function shrink(file) {
    if (!file || !window.createImageBitmap || !/^image\/(jpeg|png|webp)$/.test(file.type)) {
      return Promise.resolve(null);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        var context = canvas.getContext("2d");
        context.imageSmoothingQuality = "high";
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return toBlob(canvas, "image/webp").then(function (blob) {
          return blob && blob.type === "image/webp" ? blob : toBlob(canvas, "image/jpeg");
        });
      })
      .then(function (blob) {
        if (!blob || blob.size >= file.size) return null;
        var extension = blob.type === "image/webp" ? ".webp" : ".jpg";
        return { blob: blob, name: file.name.replace(/\.[^.]*$/, "") + extension };
      })
      .catch(function () {
        return null;
      });
  }

  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var msg = form.dataset;
    var bar = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file]"));
    var shrunk = {}; // input name -> promise of {blob, name} or null

    function say(text) {
      status.textContent = text;
    }

    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) {
          delete shrunk[input.name];
          return;
        }
        say(msg.photoPreparing);
        form.removeAttribute("data-photo-prepared");
        shrunk[input.name] = shrink(file).then(function (result) {
          if (input.files[0] === file) {
            say(result ? msg.photoReady.replace("%(before)s", size(file.size)).replace("%(after)s", size(result.blob.size)) : "");
            form.setAttribute("data-photo-prepared", "");
          }
          return result;
        });
      });
    });

    function buttons(disabled) {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = disabled;
      });
    }

    function send(data, attempt) {
      var target = form.action;
      var request = new XMLHttpRequest();
      request.open("POST", target);
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.hidden = false;
          bar.value = Math.round((progress.loaded / progress.total) * 100);
          say(bar.value + "%");
        }
      });
      request.addEventListener("load", function () {
        var redirected = request.responseURL && request.responseURL !== target;
        if (redirected) {
          form.dispatchEvent(new CustomEvent("kim:sent"));
          window.location.assign(request.responseURL);
        } else {
          // The form again, with the server's error messages: show it as a normal post would.
          document.open();
          document.write(request.responseText);
          document.close();
        }
      });
      function retry() {
        bar.hidden = true;
        if (attempt + 1 >= MAX_ATTEMPTS) {
          say(msg.uploadFailed);
          buttons(false);
          return;
        }
        var seconds = RETRY_SECONDS[Math.min(attempt, RETRY_SECONDS.length - 1)];
        say(msg.uploadRetry.replace("%(seconds)s", seconds));
        setTimeout(function again() {
          if (navigator.onLine) {
            send(data, attempt + 1);
          } else {
            say(msg.uploadWaiting);
            window.addEventListener("online", function () {
              send(data, attempt + 1);
            }, { once: true });
          }
        }, seconds * 1000);
      }
      request.addEventListener("error", retry);
      request.addEventListener("timeout", retry);
      request.addEventListener("abort", retry);
      request.send(data);
    }

    form.addEventListener("submit", function (event) {
      var chosen = inputs.filter(function (input) {
        return input.files && input.files.length > 0;
      });
      if (event.defaultPrevented || !chosen.length || !window.FormData || !bar) return;
      event.preventDefault();
      var submitter = event.submitter;
      buttons(true);
      Promise.all(
        chosen.map(function (input) {
          return shrunk[input.name] || shrink(input.files[0]);
        }),
      ).then(function (results) {
        var data = new FormData(form);
        chosen.forEach(function (input, index) {
          if (results[index]) data.set(input.name, results[index].blob, results[index].name);
        });
        if (submitter && submitter.name) data.append(submitter.name, submitter.value);
        send(data, 0);
      });
    });
  });
})();
