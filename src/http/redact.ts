/**
 * Redaction happens when an exchange is captured, so no later layer (report,
 * log, transcript) can ever see a secret.
 */
export const REDACTED = '<redacted>';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-registry-auth']);
/** Query parameters that carry upload state or credentials. */
const SECRET_PARAMS = /^(_?state|token|access_token|refresh_token|password|secret|signature|x-amz-signature|x-amz-credential|sig|se)$/i;
const SECRET_JSON_KEYS = new Set(['token', 'access_token', 'refresh_token', 'password', 'id_token']);

export function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const key = k.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? redactAuthValue(v) : key === 'location' || key === 'link' ? redactUrlsIn(v) : v;
  }
  return out;
}

/** Keeps the scheme (Basic, Bearer) so transcripts still tell which auth was used. */
function redactAuthValue(v: string): string {
  const scheme = /^(\w+)\s/.exec(v)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

export function redactUrl(raw: string): string {
  try {
    const abs = /^[a-z][a-z0-9+.-]*:/i.test(raw);
    const u = new URL(raw, 'http://relative.invalid');
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    for (const key of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(key)) u.searchParams.set(key, REDACTED);
    const s = u.toString();
    return abs ? s : s.replace('http://relative.invalid', '');
  } catch {
    return raw;
  }
}

function redactUrlsIn(v: string): string {
  if (v.includes('<')) return v.replace(/<([^>]*)>/g, (_m, url: string) => `<${redactUrl(url)}>`);
  return redactUrl(v);
}

/** Token responses are JSON with secrets in well-known keys. */
export function redactJsonText(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text;
  }
  let touched = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (SECRET_JSON_KEYS.has(k.toLowerCase()) && typeof x === 'string') {
          o[k] = REDACTED;
          touched = true;
        } else o[k] = walk(x);
      }
      return o;
    }
    return v;
  };
  const clean = walk(doc);
  return touched ? JSON.stringify(clean) : text;
}

/** Removes every occurrence of known secret strings (passwords, tokens) from free text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}
