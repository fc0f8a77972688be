import { mount } from 'svelte'
import App from './App.svelte'
import './styles.css'
import './conflicts/conflicts.css'
import './history/history.css'

mount(App, { target: document.getElementById('app')! })

// The service worker keeps the app shell for offline starts. It can only
// cache what loads after it controls the page, so hand it what already loaded.
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/sw.js').then(async () => {
    const reg = await navigator.serviceWorker.ready
    const urls = [
      location.pathname === '/' ? '/' : '/',
      ...performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => u.startsWith(location.origin) && !u.includes('/api/'))
    ]
    reg.active?.postMessage({ type: 'cache-urls', urls })
  })
}
