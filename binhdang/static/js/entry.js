// Report entry: autosave, checks as you type, totals, sections; no input ever lost.
//
// - Each autosave sends only the cells the user changed, each with the version of it the page
//   read; the answer gives every cell's new version (kept on the page, so the next save and the
//   Save button never conflict with oneself) and the report's issues, checked on the server by
//   the same rules as before sending (reporting/validation.py), shown at once and linked to cells.
// - Unsaved cells stay in localStorage until the server confirms them; a server error or a lost
//   connection is retried with back-off; an ended session asks to log in again in a new tab and
//   the page re-sends once it works again.
// - A value the server refused stays in its cell, marked, with the reason, also after a reload
//   (kept in localStorage), until the user corrects it.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form) return;
  const readonly = !!form.dataset.readonly;
  const status = document.getElementById("save-status");
  const issuesBox = document.getElementById("issues");
  const url = form.dataset.saveUrl;
  const draftKey = form.dataset.draftKey;
  const refusedKey = draftKey + "-refused";
  const loginUrl = form.dataset.loginUrl || "/accounts/login/";
  const formToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const dirty = new Map(); // name -> {value, comment}
  let refused = {}; // name -> {value, message}
  const conflicts = new Set(); // cells someone else changed: the user's value stays, Save sends it
  let serverIssues = null; // the last answer's issues (null: the page's own, rendered by the server)
  let timer = null;
  let saving = false;
  let failures = 0;
  // The page's words, translated on the server (reporting/views.py ENTRY_WORDS): {n}, {s}, {v},
  // {m}, {f} and {t} are filled in here.
  const T = JSON.parse(document.getElementById("entry-words").textContent);
  const fmt = (s, o) => s.replace(/\{(\w+)\}/g, (_, k) => (o[k] ?? ""));
  function show(text, kind, link) {
    status.hidden = !text;
    status.textContent = text;
    status.className = "alert small py-2 sticky-top alert-" + (kind || "light");
    if (link) {
      const a = document.createElement("a");
      a.href = link.href; a.target = "_blank"; a.rel = "noopener"; a.className = "btn btn-sm btn-primary ms-2"; a.textContent = link.text;
      status.append(" ", a);
    }
  }
  const field = (name) => form.elements.namedItem(name);
  const labelOf = (input) => input.closest("fieldset.element")?.dataset.label || "";

  // --- What is kept on the device ---------------------------------------------------------------
  function remember() {
    form.dataset.pending = String(dirty.size); // cells not yet confirmed by the server
    const pending = {};
    dirty.forEach((v, k) => { pending[k] = v; });
    try {
      localStorage.setItem(draftKey, JSON.stringify(pending));
      localStorage.setItem(refusedKey, JSON.stringify(refused));
    } catch (e) { /* storage full or private mode: the banner still says what is not saved */ }
  }
  function markDirty(name, change) {
    dirty.set(name, Object.assign(dirty.get(name) || {}, change));
    remember();
    clearTimeout(timer);
    timer = setTimeout(save, 700);
  }
  function setVersion(input, version) {
    input.dataset.version = version;
    const hidden = field("ver:" + input.name.slice(2));
    if (hidden) hidden.value = version; // the plain form too posts the version the page now holds
  }
  function feedback(input, message) {
    input.classList.toggle("is-invalid", !!message);
    const box = input.parentElement.querySelector(".invalid-feedback");
    if (box) box.textContent = message || "";
  }
  function markRefused(input, message) {
    feedback(input, message);
    input.classList.toggle("cell-refused", !!message);
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

  // --- Issues: the server's checks, and the cells it refused ------------------------------------
  function item(anchor, label, message, badge) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "#" + anchor; a.textContent = label;
    li.append(a, ": " + message);
    if (badge) {
      // A warning: explained by a note on the element, or a link to the note to write one.
      const b = document.createElement(badge.ok ? "span" : "a");
      b.className = "badge ms-1 " + (badge.ok ? "text-bg-success" : "text-bg-secondary");
      if (!badge.ok) b.href = "#" + badge.note;
      b.textContent = badge.text;
      li.append(" ", b);
    }
    return li;
  }
  function renderIssues() {
    const errorList = issuesBox.querySelector("[data-error-list]");
    const warningList = issuesBox.querySelector("[data-warning-list]");
    const refusedItems = [];
    for (const [name, entry] of Object.entries(refused)) {
      const input = field(name);
      if (input) refusedItems.push(item(input.id, labelOf(input), fmt(T.refused, { m: entry.message })));
    }
    if (serverIssues !== null) {
      errorList.replaceChildren(...serverIssues.filter((i) => i.severity === "error").map((i) => item(i.anchor, i.label, i.message)));
      warningList.replaceChildren(...serverIssues.filter((i) => i.severity !== "error").map((i) =>
        item(i.anchor, i.label, i.message, { ok: i.explained, note: i.note, text: i.explained ? T.explained : T.unexplained })));
    }
    errorList.querySelectorAll("[data-refused]").forEach((li) => li.remove());
    refusedItems.forEach((li) => { li.dataset.refused = "1"; errorList.prepend(li); });
    const errors = errorList.children.length, warnings = warningList.children.length;
    issuesBox.querySelector("[data-errors]").hidden = !errors;
    issuesBox.querySelector("[data-warnings]").hidden = !warnings;
    issuesBox.hidden = !errors && !warnings;
  }

  // --- Saving --------------------------------------------------------------------------------------
  function csrfToken() {
    // Logging in again (in another tab) gives a new token: read the cookie each time.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : formToken;
  }
  function retryLater(kind) {
    failures += 1;
    const seconds = Math.min(60, 2 ** Math.min(failures, 6)); // 2, 4, 8 … 60 s
    if (kind === "session") {
      show(T.session, "danger", { href: loginUrl + "?next=" + encodeURIComponent(location.pathname), text: T.login });
    } else {
      show(fmt(T.offline, { n: dirty.size, s: seconds }), "danger");
    }
    clearTimeout(timer);
    timer = setTimeout(save, seconds * 1000);
  }
  async function save() {
    if (saving || dirty.size === 0) return;
    saving = true;
    const batch = new Map(dirty);
    const cells = [];
    batch.forEach((change, name) => {
      const input = field(name);
      cells.push({ name, value: change.value ?? null, comment: change.comment ?? null, version: input ? Number(input.dataset.version || 0) : 0 });
    });
    show(T.saving, "light");
    let response, data;
    try {
      response = await fetch(url, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body: JSON.stringify({ cells }),
      });
      data = await response.json().catch(() => null);
    } catch (e) {
      saving = false;
      retryLater("network");
      return;
    }
    saving = false;
    if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
      retryLater("session");
      return;
    }
    if (response.status >= 500 || data === null) { retryLater("server"); return; }
    failures = 0;
    if (!response.ok) { show(fmt(T.server, { m: data.error || response.status }), "danger"); return; }
    let problems = 0;
    for (const cell of data.cells) {
      const input = field(cell.name);
      const sent = batch.get(cell.name);
      const now = dirty.get(cell.name);
      if (input) setVersion(input, cell.version);
      if (cell.status !== "conflict") conflicts.delete(cell.name);
      if (cell.status === "saved") {
        if (input) { markRefused(input, ""); understoodAs(input, cell.understood); }
        delete refused[cell.name];
        if (JSON.stringify(now) === JSON.stringify(sent)) dirty.delete(cell.name);
      } else if (cell.status === "conflict") {
        problems += 1;
        if (input) feedback(input, cell.message);
        conflicts.add(cell.name);
        if (JSON.stringify(now) === JSON.stringify(sent)) dirty.delete(cell.name); // kept on screen; Save or the next edit sends it deliberately
      } else {
        problems += 1;
        if (input) { markRefused(input, cell.message); understoodAs(input, ""); }
        if (sent && sent.value !== undefined && sent.value !== null) refused[cell.name] = { value: sent.value, message: cell.message };
        if (JSON.stringify(now) === JSON.stringify(sent)) dirty.delete(cell.name);
      }
    }
    remember();
    if (data.issues) { serverIssues = data.issues; }
    renderIssues();
    show(problems ? fmt(T.invalid, { n: problems }) : T.saved, problems ? "warning" : "success");
    if (dirty.size) { clearTimeout(timer); timer = setTimeout(save, 700); }
  }

  // --- Totals and progress, live (the server draws them too, for read-only pages) -----------------
  function parse(text) {
    // As the server reads it (numbers.js, the copy of lib/numbers.py); what it refuses adds nothing.
    const n = window.BinhDangNumbers.parseNumber(text, true);
    return n === null ? 0 : n;
  }
  function recompute(fieldset) {
    let grand = 0;
    fieldset.querySelectorAll("tbody tr").forEach((row) => {
      let sum = 0, any = false;
      row.querySelectorAll(".cell").forEach((input) => { if (input.tagName === "INPUT" && input.value.trim()) { any = true; sum += parse(input.value); } });
      const out = row.querySelector(".row-sum");
      if (out) out.textContent = any ? sum.toLocaleString("vi-VN") : "";
      grand += sum;
    });
    const g = fieldset.querySelector(".grand-sum");
    if (g) g.textContent = grand.toLocaleString("vi-VN");
  }
  const filled = (fieldset) => Array.from(fieldset.querySelectorAll(".cell")).some((c) => c.value.trim() !== "");
  function progress() {
    let all = 0, done = 0;
    form.querySelectorAll(".form-section").forEach((section) => {
      const elements = section.querySelectorAll("fieldset.element");
      const n = Array.from(elements).filter(filled).length;
      all += elements.length; done += n;
      const out = document.querySelector(`[data-section-count="${CSS.escape(section.dataset.section)}"]`);
      if (out) out.textContent = n + "/" + elements.length;
    });
    const p = document.querySelector("[data-progress]");
    if (p) p.textContent = fmt(T.progress, { f: done, t: all });
    const bar = document.querySelector("[data-progress-bar]");
    if (bar) bar.style.width = (all ? Math.round((100 * done) / all) : 0) + "%";
  }

  // --- One section at a time on a small screen ---------------------------------------------------
  const sections = Array.from(form.querySelectorAll(".form-section"));
  const small = window.matchMedia("(max-width: 767.98px)");
  let current = 0;
  function showSection(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach((s, i) => { s.dataset.current = i === current ? "1" : "0"; });
    document.querySelectorAll("[data-section-link]").forEach((a) => a.setAttribute("aria-current", a.dataset.sectionLink === sections[current]?.dataset.section ? "true" : "false"));
    if (focus && small.matches) sections[current]?.scrollIntoView({ block: "start" });
  }
  const index = document.getElementById("section-index");
  function paging() {
    form.classList.toggle("paged", small.matches && sections.length > 1);
    if (index) index.open = !small.matches; // on a phone the index folds under its progress line
  }
  function reveal(target) {
    // Open what holds the target: its section, its hidden row, its note.
    const section = target.closest(".form-section");
    if (section) showSection(sections.indexOf(section), false);
    if (index && small.matches && target.closest(".entry-page") && !index.contains(target)) index.open = false;
    const row = target.closest("tr[hidden]");
    if (row) row.hidden = false;
    const note = target.closest("details");
    if (note) note.open = true;
    target.scrollIntoView({ block: "center" });
    if (target.matches?.("input, select, textarea")) target.focus({ preventScroll: true });
    else target.querySelector?.("input.cell:not([readonly]), select.cell, textarea")?.focus({ preventScroll: true });
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (link && link.getAttribute("href").length > 1) {
      const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (target && (form.contains(target) || target.closest(".entry-page"))) {
        event.preventDefault();
        history.replaceState(null, "", link.getAttribute("href"));
        reveal(target);
        return;
      }
    }
    const go = event.target.closest("[data-go]");
    if (go) { showSection(current + (go.dataset.go === "next" ? 1 : -1), true); }
  });

  // --- The file picker, in the page's language ----------------------------------------------------
  const fileInput = document.getElementById("xlsx-file");
  const fileName = document.querySelector("[data-file-name]");
  if (fileInput && fileName) fileInput.addEventListener("change", () => { fileName.textContent = fileInput.files[0]?.name || fileName.dataset.none || T.noFile; });

  if (!readonly) {
    form.addEventListener("input", (event) => {
      const target = event.target;
      if (target.classList.contains("cell")) {
        markDirty(target.name, { value: target.value });
        recompute(target.closest("fieldset"));
        progress();
      } else if (target.dataset.commentFor) {
        markDirty(target.dataset.commentFor, { comment: target.value });
      }
    });
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !event.target.classList.contains("cell")) return;
      event.preventDefault(); // Enter moves on, as in a spreadsheet
      const inputs = Array.from(form.querySelectorAll(".cell:not([readonly]):not([disabled])")).filter((i) => i.offsetParent !== null);
      const next = inputs[inputs.indexOf(event.target) + (event.shiftKey ? -1 : 1)];
      if (next) next.focus();
    });
    form.addEventListener("change", (event) => {
      const select = event.target.closest("[data-add-row]");
      if (!select || !select.value) return;
      const row = select.closest("fieldset").querySelector(`tr[data-row="${CSS.escape(select.value)}"]`);
      if (row) { row.hidden = false; select.querySelector(`option[value="${CSS.escape(select.value)}"]`)?.remove(); select.value = ""; row.querySelector(".cell")?.focus(); }
    });
    // Save sends what changed, now; with nothing to send it says so. (Without JavaScript the form
    // posts every cell with the version it read, and the server skips the unchanged ones.)
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      // Saving again after a conflict replaces the other person's value, knowingly: the page now
      // holds the version of theirs it was told of.
      conflicts.forEach((name) => { const input = field(name); if (input) dirty.set(name, Object.assign(dirty.get(name) || {}, { value: input.value })); });
      conflicts.clear();
      if (dirty.size) { failures = 0; remember(); save(); } else show(T.saved, "success");
    });
    window.addEventListener("online", () => { failures = 0; save(); });
    window.addEventListener("focus", () => { if (dirty.size && failures) { failures = 0; save(); } });
    document.addEventListener("visibilitychange", () => { if (!document.hidden && dirty.size && failures) { failures = 0; save(); } });
    window.addEventListener("beforeunload", (event) => { if (dirty.size) { remember(); event.preventDefault(); } });

    // Cells typed before a lost connection or a closed tab come back and are saved now; values the
    // server refused come back into their cells, marked.
    try {
      refused = JSON.parse(localStorage.getItem(refusedKey) || "{}");
      for (const [name, entry] of Object.entries(refused)) {
        const input = field(name);
        if (!input) { delete refused[name]; continue; }
        input.value = entry.value;
        markRefused(input, entry.message);
        const row = input.closest("tr"); if (row) row.hidden = false;
      }
      const pending = JSON.parse(localStorage.getItem(draftKey) || "{}");
      for (const [name, change] of Object.entries(pending)) {
        const input = field(name);
        if (change.value !== undefined && input) { input.value = change.value; const row = input.closest("tr"); if (row) row.hidden = false; }
        const note = form.querySelector(`[data-comment-for="${CSS.escape(name)}"]`);
        if (change.comment !== undefined && note) { note.value = change.comment; note.closest("details").open = true; }
        dirty.set(name, change);
      }
      if (dirty.size) save();
    } catch (e) { localStorage.removeItem(draftKey); localStorage.removeItem(refusedKey); }
    renderIssues();
    form.dataset.pending = String(dirty.size);
  }
  form.querySelectorAll("fieldset.element").forEach(recompute);
  progress();
  paging();
  small.addEventListener("change", paging);
  const start = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  showSection(start ? Math.max(0, sections.indexOf(start.closest(".form-section"))) : 0, false);
  if (start && start.closest(".form-section")) reveal(start);
})();
