// Bình Đẳng: behaviour shared by every page (no inline scripts, so a strict CSP can be used).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// File pickers in the page's language: the browser's own button speaks the browser's language
// ("Choose File / No file chosen"), so each picker gets a button and a line of our own. The input
// itself stays in the form (hidden from sight, not from the keyboard); without JavaScript it shows
// as the browser draws it.
document.querySelectorAll('input[type="file"]:not(.file-input)').forEach((input, n) => {
  const words = document.body.dataset;
  if (!input.id) input.id = `file-input-${n}`;
  input.classList.add("file-input");
  const choose = document.createElement("label");
  choose.htmlFor = input.id;
  choose.className = "btn btn-outline-secondary file-choose";
  choose.textContent = input.multiple ? words.filesChoose : words.fileChoose;
  const chosen = document.createElement("span");
  chosen.className = "small text-body-secondary ms-2 file-chosen";
  chosen.textContent = words.fileNone;
  const box = document.createElement("div");
  box.className = "d-flex flex-wrap align-items-center gap-1";
  input.after(box);
  box.append(input, choose, chosen);
  input.addEventListener("change", () => {
    const names = Array.from(input.files || [], (file) => file.name);
    chosen.textContent = names.length ? names.join(", ") : words.fileNone;
  });
});
