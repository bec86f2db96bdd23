// The header's account corner: "Sign in" (a plain link to the server's sign-in page, so it works
// without script) or "Signed in as NAME · Sign out" (a form that POSTs to /signout). Who is
// signed in comes from /api/session; the session cookie itself is HttpOnly, never read here.
import { getJson } from './api.js';

const $ = (sel) => document.querySelector(sel);

/** Shows who is signed in; a server without sessions (no /api/session) hides the corner. */
export async function showAccount() {
  const corner = $('#account');
  if (!corner) return null;
  let session;
  try {
    session = await getJson('/api/session', {}, { noCache: true });
  } catch {
    corner.hidden = true;
    return null;
  }
  $('#sign-in-link').hidden = session.signed_in;
  $('#signed-in').hidden = !session.signed_in;
  $('#signed-in-name').textContent = session.signed_in ? session.name : '';
  if (session.signed_in && session.expires) $('#signed-in').title = `Signed in until ${session.expires}`;
  return session;
}
