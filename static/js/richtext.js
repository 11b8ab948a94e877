/* The course studio's rich text editor: each <textarea data-richtext> becomes
   a Squire editor (vendor/squire, pasted HTML cleaned by vendor/dompurify)
   with a small toolbar. The textarea keeps the text for whoever has no
   JavaScript; with the editor, it receives the HTML and the hidden
   "<name>-format" input says so. The server cleans the HTML again (nh3).
   No inline script, no eval, no <style> element: it runs under the site's
   Content-Security-Policy. */
(function () {
  "use strict";

  var BUTTONS = [
    // <strong> and <em>, as the sheets' sanitiser keeps them (not <b>, <i>).
    ["bold", "B", function (e) { toggle(e, "STRONG"); }, "strong"],
    ["italic", "I", function (e) { toggle(e, "EM"); }, "em"],
    ["heading", "T2", function (e) { heading(e, "H2"); }, "h2"],
    ["subheading", "T3", function (e) { heading(e, "H3"); }, "h3"],
    ["bullets", "•", function (e) {
      if (e.hasFormat("UL")) { e.removeList(); } else { e.makeUnorderedList(); }
    }, "ul"],
    ["numbers", "1.", function (e) {
      if (e.hasFormat("OL")) { e.removeList(); } else { e.makeOrderedList(); }
    }, "ol"],
    ["quote", "«", function (e) {
      if (e.hasFormat("BLOCKQUOTE")) { e.decreaseQuoteLevel(); } else { e.increaseQuoteLevel(); }
    }, "blockquote"],
    ["link", "↗", null, "a"],
    ["unlink", "⌀", function (e) { e.removeLink(); }, null],
    ["undo", "↶", function (e) { e.undo(); }, null],
    ["redo", "↷", function (e) { e.redo(); }, null],
  ];

  function toggle(editor, tag) {
    if (editor.hasFormat(tag)) {
      editor.changeFormat(null, { tag: tag });
    } else {
      editor.changeFormat({ tag: tag }, null);
    }
  }

  function heading(editor, tag) {
    var turnOff = editor.hasFormat(tag);
    editor.forEachBlock(function (block) {
      var name = turnOff ? "P" : tag;
      if (block.nodeName === name) { return; }
      var replacement = document.createElement(name);
      while (block.firstChild) { replacement.appendChild(block.firstChild); }
      block.parentNode.replaceChild(replacement, block);
    }, true);
    editor.focus();
  }

  function enhance(textarea) {
    var format = textarea.nextElementSibling;
    if (!format || !format.hasAttribute("data-richtext-format")) { return; }
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var wrapper = document.createElement("div");
    wrapper.className = "richtext border rounded";
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar btn-toolbar gap-1 p-1 border-bottom bg-white";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", textarea.dataset.labelToolbar);
    toolbar.setAttribute("aria-controls", textarea.id + "-editeur");
    var area = document.createElement("div");
    area.id = textarea.id + "-editeur";
    area.className = "richtext-area activity-body p-2";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) { label.id = textarea.id + "-label"; }
      area.setAttribute("aria-labelledby", label.id);
    }
    var help = textarea.getAttribute("aria-describedby");
    if (help) { area.setAttribute("aria-describedby", help); }
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea);
    textarea.hidden = true;

    var editor = new window.Squire(area, { blockTag: "P" });
    editor.setHTML(textarea.dataset.html || "");
    var buttons = {};
    BUTTONS.forEach(function (spec) {
      var name = spec[0];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-dark richtext-" + name;
      // The symbol is for the eye; the name, for everyone (and the tooltip).
      var symbol = document.createElement("span");
      symbol.setAttribute("aria-hidden", "true");
      symbol.textContent = spec[1];
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = textarea.dataset["label" + name.charAt(0).toUpperCase() + name.slice(1)];
      button.appendChild(symbol);
      button.appendChild(text);
      button.title = text.textContent;
      if (spec[3]) { button.setAttribute("aria-pressed", "false"); }
      // Keep the focus (and the selection) in the text on a mouse click.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        if (name === "link") {
          var url = window.prompt(textarea.dataset.promptLink, "https://");
          if (url && /^(https?:\/\/|mailto:)/i.test(url.trim())) { editor.makeLink(url.trim()); }
        } else {
          spec[2](editor);
        }
        sync();
        editor.focus();
      });
      toolbar.appendChild(button);
      if (spec[3]) { buttons[spec[3]] = button; }
    });

    function sync() {
      textarea.value = editor.getHTML();
      format.value = "html";
    }
    function pressed() {
      Object.keys(buttons).forEach(function (tag) {
        buttons[tag].setAttribute("aria-pressed", editor.hasFormat(tag.toUpperCase()) ? "true" : "false");
      });
    }
    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", pressed);
    editor.addEventListener("cursor", pressed);
    editor.addEventListener("select", pressed);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }
    sync();
    wrapper.dataset.ready = "1";
  }

  function init() {
    if (typeof window.Squire !== "function") { return; }
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
