// The rich-text editor for article bodies, as the "kim" preset of django-prose-editor.
// Differs from the package's "configurable" preset in two ways: no <style> element is injected
// (the strict CSP forbids it; css/prose-editor.css carries those rules), and the editable area
// is named by the field's label and tied to its help and error texts, like the textarea it
// replaces. Without JavaScript the plain textarea stays, and the server cleans what it sends.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-kim";
// Django's JavaScript catalog (/jsi18n/, loaded before this module) translates the menu. The
// package passes its dialogs' words through window.gettext itself, but not the menu's button
// titles, accessible names and block names ("bold", "Heading 2"): those are translated here.
const translate = window.gettext || ((text) => text);

function translateMenu(root) {
  for (const element of root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]")) {
    for (const name of ["title", "aria-label"]) {
      const text = element.getAttribute(name);
      if (text && translate(text) !== text) element.setAttribute(name, translate(text));
    }
  }
  // Block names in the menu's drop-down (icons are ligatures such as "format_bold": left alone).
  for (const element of root.querySelectorAll(".prose-menubar *:not(.material-icons)")) {
    const text = element.textContent;
    if (element.childElementCount === 0 && text.trim() && translate(text) !== text) {
      element.textContent = translate(text);
    }
  }
}
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function create(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = prose[name];
    if (extension) extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: disabled ? "prose-editor disabled" : "prose-editor" });
  textarea.before(wrapper);
  wrapper.append(textarea);

  const attributes = { role: "textbox", "aria-multiline": "true" };
  const label = textarea.labels && textarea.labels[0];
  if (label) {
    label.id = label.id || `${textarea.id}-label`;
    attributes["aria-labelledby"] = label.id;
  }
  for (const name of ["aria-describedby", "aria-invalid"]) {
    if (textarea.hasAttribute(name)) attributes[name] = textarea.getAttribute(name);
  }

  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes },
    onUpdate({ editor: current }) {
      const html = current.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  // The menu is drawn after the editor starts, and parts of it later (drop-downs, dialogs).
  translateMenu(wrapper);
  new MutationObserver(() => translateMenu(wrapper)).observe(wrapper, { childList: true, subtree: true });
  // The label points at the hidden textarea; send its clicks to the editor instead.
  if (label) {
    label.addEventListener("click", (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  }
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  );
}

prose.initializeEditors(create, `[${ATTRIBUTE}]`);
