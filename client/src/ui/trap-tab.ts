// A modal <dialog> makes the page behind it inert; this keeps Tab from
// leaving the dialog for the browser's own controls (shared by every modal).

const FOCUSABLE = 'input, select, textarea, button, [href], [tabindex]:not([tabindex="-1"])'

/** On Tab at the last (Shift+Tab at the first) focusable element of `dialog`, wrap around. */
export function trapTab(dialog: HTMLElement | null, e: KeyboardEvent): void {
  if (e.key !== 'Tab' || !dialog) return
  const focusable = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !(el as HTMLButtonElement).disabled)
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  if (!first || !last) return
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault()
    first.focus()
  }
}
