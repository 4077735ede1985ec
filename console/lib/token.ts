// The token prompt: a modal dialog with one labelled password field. Every request refused while
// it is open waits for the same answer, so a page that loads five things asks once.

let pending: Promise<string> | null = null;

/** Resolves with the token a person types; `reason` says why it is asked (the refusal). */
export function askForToken(reason: string): Promise<string> {
  pending ??= prompt(reason).finally(() => {
    pending = null;
  });
  return pending;
}

function prompt(reason: string): Promise<string> {
  const dialog = document.createElement("dialog");
  dialog.setAttribute("aria-labelledby", "token-title");
  dialog.innerHTML = `
    <form method="dialog">
      <h2 id="token-title">This edgelog needs a token</h2>
      <p class="alert" role="alert"></p>
      <p>It is kept for this tab only (sessionStorage) and sent with every request.</p>
      <p><label>Token <input name="token" type="password" autocomplete="off" required></label></p>
      <button type="submit">Use token</button>
    </form>`;
  const alert = dialog.querySelector(".alert") as HTMLElement;
  alert.textContent = reason;
  const input = dialog.querySelector("input") as HTMLInputElement;
  document.body.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const token = input.value.trim();
      dialog.remove();
      // Closed without a token (Escape): asked again, since nothing works without one.
      if (token === "") resolve(prompt(reason));
      else resolve(token);
    });
  });
}
