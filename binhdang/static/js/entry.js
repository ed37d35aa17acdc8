// Report entry: autosave, totals as you type, no input ever lost.
// Unsaved cells are kept in localStorage until the server confirms them, so a dropped
// connection or a closed tab loses nothing; the banner says what is not saved yet.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form || form.dataset.readonly) return;
  const status = document.getElementById("save-status");
  const url = form.dataset.saveUrl;
  const draftKey = form.dataset.draftKey;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const dirty = new Map(); // name -> {value, comment}
  let timer = null;
  let saving = false;
  const lang = document.documentElement.lang || "vi";
  const T = lang === "en" ? {
    saving: "Saving…", saved: "All changes saved.", offline: "Not saved yet: {n} cell(s). The connection seems lost; they are kept on this computer and will be saved when it returns.",
    invalid: "{n} cell(s) not saved: see the message beside them.",
    understood: "Read as {v}",
    server: "The server refused the save: {m}",
  } : {
    understood: "Đã hiểu là {v}",
    saving: "Đang lưu…", saved: "Đã lưu mọi thay đổi.", offline: "Chưa lưu được {n} ô: có vẻ mất kết nối. Dữ liệu vẫn được giữ trên máy này và sẽ tự lưu khi có mạng trở lại.",
    invalid: "{n} ô chưa lưu được: xem thông báo bên cạnh ô.",
    server: "Máy chủ từ chối lưu: {m}",
  };
  const fmt = (s, o) => s.replace(/\{(\w+)\}/g, (_, k) => (o[k] ?? ""));
  const show = (text, kind) => { status.hidden = !text; status.textContent = text; status.className = "alert small py-2 sticky-top alert-" + (kind || "light"); };
  const field = (name) => form.elements.namedItem(name);

  function remember() {
    const pending = {};
    dirty.forEach((v, k) => { pending[k] = v; });
    try { localStorage.setItem(draftKey, JSON.stringify(pending)); } catch (e) { /* storage full: the banner still says */ }
  }
  function markDirty(name, change) {
    dirty.set(name, Object.assign(dirty.get(name) || {}, change));
    remember();
    clearTimeout(timer);
    timer = setTimeout(save, 700);
  }
  function feedback(input, message) {
    input.classList.toggle("is-invalid", !!message);
    let box = input.parentElement.querySelector(".invalid-feedback");
    if (box) box.textContent = message || "";
  }
  // A number read differently from how it was typed ("1.234" → 1.234 người) is said under its cell.
  function understoodAs(input, text) {
    let hint = input.parentElement.querySelector(".cell-understood");
    if (!text) { if (hint) hint.remove(); return; }
    if (!hint) {
      hint = document.createElement("small");
      hint.className = "form-text cell-understood d-block";
      input.insertAdjacentElement("afterend", hint);
    }
    hint.textContent = fmt(T.understood, { v: text });
  }
  async function save() {
    if (saving || dirty.size === 0) return;
    saving = true;
    const batch = new Map(dirty);
    const cells = [];
    batch.forEach((change, name) => {
      const input = field(name);
      cells.push({ name, value: change.value ?? null, comment: change.comment ?? null, version: input ? Number(input.dataset.version) : null });
    });
    show(T.saving, "light");
    try {
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify({ cells }) });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) { show(fmt(T.server, { m: data.error || response.status }), "danger"); saving = false; return; }
      let problems = 0;
      for (const cell of data.cells) {
        const input = field(cell.name);
        const sent = batch.get(cell.name);
        const now = dirty.get(cell.name);
        if (cell.status === "saved") {
          if (input) { input.dataset.version = cell.version; feedback(input, ""); understoodAs(input, cell.understood); }
          if (now === sent || JSON.stringify(now) === JSON.stringify(sent)) dirty.delete(cell.name);
        } else if (cell.status === "conflict") {
          problems += 1;
          if (input) { input.dataset.version = cell.version; feedback(input, cell.message); }
          dirty.delete(cell.name); // kept on screen; the next edit or Save sends it deliberately
        } else {
          problems += 1;
          if (input) feedback(input, cell.message);
          dirty.delete(cell.name);
        }
      }
      remember();
      show(problems ? fmt(T.invalid, { n: problems }) : T.saved, problems ? "warning" : "success");
    } catch (e) {
      show(fmt(T.offline, { n: dirty.size }), "danger");
    }
    saving = false;
    if (dirty.size) { clearTimeout(timer); timer = setTimeout(save, 5000); }
  }

  function recompute(fieldset) {
    let grand = 0;
    fieldset.querySelectorAll("tbody tr").forEach((row) => {
      let sum = 0;
      row.querySelectorAll("input.cell").forEach((input) => { sum += parse(input.value); });
      const out = row.querySelector(".row-sum");
      if (out) out.textContent = sum ? sum.toLocaleString("vi-VN") : "";
      grand += sum;
    });
    const g = fieldset.querySelector(".grand-sum");
    if (g) g.textContent = grand.toLocaleString("vi-VN");
  }
  function parse(text) {
    // As the server reads it (numbers.js, the copy of lib/numbers.py); what it refuses adds nothing.
    const n = window.BinhDangNumbers.parseNumber(text, true);
    return n === null ? 0 : n;
  }

  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.classList.contains("cell")) {
      markDirty(target.name, { value: target.value });
      recompute(target.closest("fieldset"));
    } else if (target.dataset.commentFor) {
      markDirty(target.dataset.commentFor, { comment: target.value });
    }
  });
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.classList.contains("cell")) return;
    event.preventDefault(); // Enter moves on, as in a spreadsheet
    const inputs = Array.from(form.querySelectorAll("input.cell:not([readonly])")).filter((i) => i.offsetParent !== null);
    const next = inputs[inputs.indexOf(event.target) + (event.shiftKey ? -1 : 1)];
    if (next) next.focus();
  });
  form.addEventListener("change", (event) => {
    const select = event.target.closest("[data-add-row]");
    if (!select) return;
    const row = select.closest("fieldset").querySelector(`tr[data-row="${CSS.escape(select.value)}"]`);
    if (row) { row.hidden = false; select.querySelector(`option[value="${CSS.escape(select.value)}"]`)?.remove(); row.querySelector("input.cell")?.focus(); }
  });
  form.addEventListener("submit", (event) => { if (dirty.size) { event.preventDefault(); clearTimeout(timer); save(); } });
  window.addEventListener("online", () => save());
  window.addEventListener("beforeunload", (event) => { if (dirty.size) { remember(); event.preventDefault(); } });

  // Cells typed before a lost connection or a closed tab come back and are saved now.
  try {
    const pending = JSON.parse(localStorage.getItem(draftKey) || "{}");
    for (const [name, change] of Object.entries(pending)) {
      const input = field(name);
      if (change.value !== undefined && input) { input.value = change.value; const row = input.closest("tr"); if (row) row.hidden = false; }
      const note = form.querySelector(`[data-comment-for="${CSS.escape(name)}"]`);
      if (change.comment !== undefined && note) note.value = change.comment;
      dirty.set(name, change);
    }
    if (dirty.size) save();
  } catch (e) { localStorage.removeItem(draftKey); }
  form.querySelectorAll("fieldset.element").forEach(recompute);
})();
