// The dashboard API (docs/dashboard-api.md) with the user's HTTP Basic credentials. They live in
// sessionStorage only (gone when the tab closes) and are sent as an explicit Authorization header
// with credentials mode 'omit', so the browser never caches them nor shows its own login dialog.

const AUTH = 'hocba.dashboard.auth';

/** A failed API call: status 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
  }
}

function base64(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function signedIn() {
  return sessionStorage.getItem(AUTH) !== null;
}

export function signIn(key, secret) {
  sessionStorage.setItem(AUTH, 'Basic ' + base64(`${key}:${secret}`));
}

export function signOut() {
  sessionStorage.removeItem(AUTH);
}

/** The URL of an API path (relative to this page, so a servlet context path is kept). */
export function apiUrl(path, params = {}) {
  const url = new URL('../api/' + path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  return url.href;
}

async function call(path, params, accept) {
  const headers = { Accept: accept };
  const auth = sessionStorage.getItem(AUTH);
  if (auth) headers.Authorization = auth;
  let response;
  try {
    response = await fetch(apiUrl(path, params), {
      headers,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, e.message);
  }
  if (!response.ok) {
    let message = '';
    try {
      const body = await response.json();
      message = typeof body.message === 'string' ? body.message : '';
    } catch (e) {
      // not the JSON error body of docs/dashboard-api.md: keep the status alone
    }
    throw new ApiError(response.status, message);
  }
  return response;
}

export async function getJson(path, params) {
  return (await call(path, params, 'application/json')).json();
}

export async function getBlob(path, params) {
  return (await call(path, params, 'text/csv')).blob();
}

/** Path segment encoding for ids and person keys (docs/dashboard-api.md: URL-encode it). */
export const seg = encodeURIComponent;
