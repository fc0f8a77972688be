// "Udskriv" (issue #15): the print HTML opens in its own tab and that tab's
// print dialog opens as soon as the page is there. The page itself carries
// no script (its CSP forbids them), so the opener asks it to print: the tab
// shows a blob: URL of this origin, so the opener may call its print().

/** How often to look whether the tab has loaded, and for how long at most. */
const POLL_MS = 100
const GIVE_UP_MS = 30_000

/**
 * Open the print dialog of `tab` once it has loaded `href`. Gives up quietly
 * when the tab is closed, leaves this origin or does not load in time: the
 * page is still there to print by hand.
 */
export function printWhenLoaded(tab: Window, href: string): void {
  const started = Date.now()
  const timer = setInterval(() => {
    let ready = false
    try {
      ready = tab.document.URL === href && tab.document.readyState === 'complete'
    } catch {
      // catch: another origin's document cannot be read; nothing to print from here.
      clearInterval(timer)
      return
    }
    if (ready) {
      clearInterval(timer)
      tab.focus()
      tab.print()
    } else if (tab.closed || Date.now() - started > GIVE_UP_MS) clearInterval(timer)
  }, POLL_MS)
}
