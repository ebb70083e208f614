// The review queue's keys (issue #22): a = accept, r = reject, u = unsure, each pressing
// the form's button (the buttons are plain form submits and work without this script).
// In the reason field the keys type text: Esc leaves the field. Without a reason the
// field is focused and marked instead of sending a judgement the server would refuse.
const form = document.getElementById("judge");
if (form) {
  const reason = form.querySelector("#reason");
  const typing = (el) => el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" ||
    el.tagName === "SELECT" || el.isContentEditable);
  reason.addEventListener("keydown", (event) => {
    if (event.key === "Escape") reason.blur();
  });
  reason.addEventListener("input", () => reason.classList.remove("needs-reason"));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const button = form.querySelector(`button[data-key="${event.key.toLowerCase()}"]`);
    if (!button) return;
    event.preventDefault();
    if (!reason.value.trim()) {
      reason.classList.add("needs-reason");
      reason.focus();
      return;
    }
    form.requestSubmit(button);
  });
}
