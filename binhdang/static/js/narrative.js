// The report's assessment: each part autosaves a moment after the last keystroke (and on leaving
// the field); the toolbar inserts a paragraph, a bullet or a heading at the cursor. Without
// JavaScript each part is a plain form with its Save button.
(function () {
  "use strict";
  const DELAY = 1500;
  const PREFIX = { paragraph: "\n", bullet: "\n- ", heading: "\n1. " };

  document.querySelectorAll("form[data-narrative]").forEach(function (form) {
    const area = form.querySelector("[data-text]");
    const status = form.querySelector("[data-status]");
    const version = form.querySelector("input[name=version]");
    const toolbar = form.querySelector("[data-toolbar]");
    const computed = form.querySelector("template[data-computed]");
    let timer = null;
    let sent = area.value;
    let saving = false;

    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      const button = event.target.closest("[data-insert]");
      if (!button) return;
      const kind = button.dataset.insert;
      const text = kind === "computed" ? "\n" + computed.content.textContent.trim() + "\n" : PREFIX[kind];
      const start = area.selectionStart, end = area.selectionEnd;
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.selectionStart = area.selectionEnd = start + text.length;
      area.focus();
      schedule();
    });

    function schedule() {
      window.clearTimeout(timer);
      status.textContent = status.dataset.typing || "…";
      timer = window.setTimeout(save, DELAY);
    }

    async function save() {
      if (saving || area.value === sent) return;
      saving = true;
      const body = new FormData(form);
      const text = area.value;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (answer.ok) {
          sent = text;
          version.value = answer.version;
          status.textContent = answer.saved;
        } else {
          status.textContent = answer.error;
          if (answer.conflict) {
            version.value = answer.version;
            area.value = text + "\n\n" + answer.text;
          }
        }
      } catch (error) {
        status.textContent = form.dataset.offline || "⚠";
      } finally {
        saving = false;
        if (area.value !== sent) schedule();
      }
    }

    area.addEventListener("input", schedule);
    area.addEventListener("blur", save);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      save();
    });
  });
})();
