// Keeps what people type in forms marked data-keep-local: a copy on this device (localStorage),
// so a dropped connection or a reload loses nothing. Where the form has data-autosave-url the
// text is also saved to the server as it is typed (news.views.writing.article_autosave*), with
// the version it started from: a newer version on the server is shown, never overwritten.
// Without this file the forms post as plain forms. Messages come from the form's data-msg-*.
(function () {
  "use strict";
  var DELAY = 2000;

  function fields(form) {
    var only = form.dataset.keepFields ? form.dataset.keepFields.split(" ") : null;
    return Array.prototype.filter.call(form.elements, function (field) {
      return (
        field.name &&
        !/^(file|hidden|password|submit|button|reset)$/.test(field.type) &&
        (!only || only.indexOf(field.name) !== -1)
      );
    });
  }

  function read(form) {
    var values = {};
    fields(form).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (field.multiple) {
        values[field.name] = Array.prototype.map.call(field.selectedOptions, function (o) {
          return o.value;
        });
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function write(form, values) {
    fields(form).forEach(function (field) {
      var value = values[field.name];
      if (value === undefined) return;
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value.indexOf(field.value) !== -1;
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = value.indexOf(option.value) !== -1;
        });
      } else {
        field.value = value;
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // The time in the portal's zone, like the server's "saved at" times.
  function clock(zone) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    try {
      return new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: zone }, options)).format(new Date());
    } catch (error) {
      return new Intl.DateTimeFormat("en-GB", options).format(new Date());
    }
  }

  function setUp(form) {
    var msg = form.dataset;
    var key = "kim-draft:" + (msg.keepLocalOwner || "anon") + ":" + msg.keepLocal;
    var status = form.querySelector("[data-draft-status]");
    var version = form.elements.version;
    var autosaveUrl = msg.autosaveUrl;
    var record = null;
    var timer = null;
    var saving = false;
    var again = false;
    var conflict = false;
    var afterSave = null;

    function say(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("error-text", !!isError);
    }

    function store() {
      try {
        localStorage.setItem(key, JSON.stringify(record));
      } catch (error) {
        // Storage full or blocked: the server copy (if any) is all there is.
      }
    }

    function pointAt(article) {
      // The draft now exists on the server: further saves and the final send go to it.
      form.action = article.editUrl;
      autosaveUrl = article.autosaveUrl;
      if (version) version.value = article.version;
    }

    try {
      record = JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      record = null;
    }
    if (record && record.sent) {
      localStorage.removeItem(key);
      record = null;
    }
    // A new article's form: once the first save has made the draft, this copy points at it.
    var isNew = !(version && version.value);
    if (record && record.values && isNew) {
      if (record.editUrl) pointAt(record);
      restore();
    } else if (record && record.values && record.dirty) {
      var serverVersion = Number(version.value);
      if (record.version && record.version < serverVersion) {
        // Written here on top of a version that has since been replaced: show, do not apply.
        conflict = true;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-secondary";
        button.textContent = msg.msgRestore;
        button.addEventListener("click", function () {
          conflict = false;
          button.remove();
          record.version = serverVersion;
          restore();
        });
        say(msg.msgNewerOnServer, true);
        status.after(button);
      } else {
        // A page kept for offline use may be older than what this copy last heard from the
        // server: its version wins, or our own saved draft would look like someone else's.
        if (record.version > serverVersion) version.value = record.version;
        restore();
      }
    }

    function restore() {
      if (!same(read(form), record.values)) {
        write(form, record.values);
        say(msg.msgRestored);
      }
      if (record.dirty) timer = setTimeout(save, DELAY);
    }

    function changed() {
      record = record || {};
      record.values = read(form);
      record.dirty = true;
      if (version && version.value && !conflict) {
        record.version = Math.max(record.version || 0, Number(version.value));
      }
      store();
      if (!autosaveUrl || conflict) return;
      clearTimeout(timer);
      if (navigator.onLine) {
        timer = setTimeout(save, DELAY);
      } else {
        say(msg.msgOffline.replace("%(time)s", clock(msg.timeZone)));
      }
    }

    function save() {
      clearTimeout(timer);
      if (!autosaveUrl || conflict || !record || !record.dirty) return;
      if (saving) {
        again = true;
        return;
      }
      if (form.elements.title && !form.elements.title.value.trim()) {
        say(msg.msgNeedTitle);
        return;
      }
      var data = new FormData(form);
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
        data.delete(input.name);
      });
      // Names this copy of the draft: a save sent again because its answer was lost is then
      // recognised by the server as this copy's own (news/views/writing.py), not a conflict.
      if (!record.token) {
        record.token = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
        store();
      }
      data.append("draft_token", record.token);
      var sent = JSON.stringify(record.values);
      saving = true;
      say(msg.msgSaving);
      fetch(autosaveUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (response.type === "opaqueredirect") return say(msg.msgLoggedOut, true);
          return response.json().then(function (answer) {
            if (response.ok) {
              record.version = answer.version;
              if (version) version.value = answer.version;
              if (isNew && record.editUrl !== answer.edit_url) {
                record.editUrl = answer.edit_url;
                record.autosaveUrl = answer.autosave_url;
                pointAt(record);
              }
              if (JSON.stringify(record.values) === sent) record.dirty = false;
              store();
              say(answer.status);
            } else {
              conflict = response.status === 409;
              say(answer.error, true);
            }
          });
        })
        .catch(function () {
          say(msg.msgOffline.replace("%(time)s", clock(msg.timeZone)));
        })
        .then(function () {
          saving = false;
          if (afterSave) {
            var next = afterSave;
            afterSave = null;
            next();
          } else if (again) {
            again = false;
            save();
          }
        });
    }

    window.addEventListener("pagehide", function () {
      // Everything is on the server: the next visit starts from the server's copy (or, for a
      // new article, from an empty form; the draft waits in "My articles").
      if (record && !record.dirty && autosaveUrl) localStorage.removeItem(key);
    });
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    window.addEventListener("online", save);
    form.addEventListener("kim:sent", function () {
      if (record) {
        record.sent = true;
        store();
      }
    });
    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      if (saving) {
        // Let the first save finish, or the draft it creates and this form would be two.
        event.preventDefault();
        afterSave = function () {
          form.requestSubmit(event.submitter);
        };
        return;
      }
      var hasFile = Array.prototype.some.call(
        form.querySelectorAll("input[type=file]"),
        function (input) {
          return input.files && input.files.length > 0;
        },
      );
      if (!navigator.onLine && !(hasFile && form.hasAttribute("data-upload-progress"))) {
        event.preventDefault();
        say(msg.msgOfflineSubmit, true);
        return;
      }
      // After every handler has run: a form sent by upload-progress.js says "kim:sent" itself.
      setTimeout(function () {
        if (!event.defaultPrevented && record) {
          record.sent = true;
          store();
        }
      }, 0);
    });
  }

  document.querySelectorAll("form[data-keep-local]").forEach(setUp);
})();
