// Talking to the studio's server: JSON in and out, the access cookie sent by the browser.

async function request(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    return { ok: false, status: 0, error: "the studio does not answer: is it still running?" };
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error || `the studio refused (${response.status})`;
    return { ok: false, status: response.status, error, hint: data.hint };
  }
  return { ok: true, status: response.status, data };
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body);
export const path = (...parts) => parts.map(encodeURIComponent).join("/");
