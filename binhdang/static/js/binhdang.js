// Bình Đẳng: behaviour shared by every page (no inline scripts, so a strict CSP can be used).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
