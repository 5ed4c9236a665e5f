/**
 * Redaction happens when an exchange is captured, so no later layer (report,
 * log, transcript) can ever see a secret.
 */
export const REDACTED = '<redacted>';
/** REDACTED as it stands in a query string. */
const REDACTED_Q = encodeURIComponent(REDACTED);

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-registry-auth', 'x-amz-security-token', 'x-goog-signature']);
/**
 * Query parameters that carry upload state, signatures or credentials: registry
 * `_state`, S3 (X-Amz-*, AWSAccessKeyId, Signature), GCS (X-Goog-*, GoogleAccessId),
 * Azure SAS (sig, se, sv, sp, skoid, …), CloudFront (Policy, Key-Pair-Id), OAuth.
 * The name stays, so a transcript still tells what was sent.
 */
const SECRET_PARAMS =
  /^(_?state|token|access_token|refresh_token|id_token|code|password|passwd|secret|client_secret|session|sessionid|session_id|key|apikey|api_key|signature|sig|se|sv|st|sp|sr|spr|srt|ss|skoid|sktid|skt|ske|sks|skv|sdd|ses|saoid|suoid|scid|policy|key-pair-id|googleaccessid|awsaccesskeyid|ossaccesskeyid|security-token|x-amz-[\w-]+|x-goog-[\w-]+|x-oss-[\w-]+|x-ms-[\w-]+)$/i;
const SECRET_JSON_KEY = /^(token|access_token|refresh_token|id_token|password|client_secret|secret)$/i;
/** A `"key": "value"` pair whose value is a secret; the value may be cut off at the end of the text. */
const SECRET_JSON_PAIR = /("(?:token|access_token|refresh_token|id_token|password|client_secret|secret)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|\\?$)/gi;
/** `name=value` in a query string (or anything shaped like one inside free text). */
const QUERY_PAIR = /([?&;])([A-Za-z0-9_.~%-]+)=([^&\s"'<>#;]*)/g;

export function isSecretParam(name: string): boolean {
  let n = name;
  try {
    n = decodeURIComponent(name);
  } catch {
    // keep the raw name
  }
  return SECRET_PARAMS.test(n);
}

export function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const key = k.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? redactAuthValue(v) : redactQueryIn(v);
  }
  return out;
}

/** Keeps the scheme (Basic, Bearer) so transcripts still tell which auth was used. */
function redactAuthValue(v: string): string {
  const scheme = /^(\w+)\s/.exec(v)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** A URL with its user info removed and every secret query value replaced; the rest stays as sent. */
export function redactUrl(raw: string): string {
  let s = raw;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw)) {
      const u = new URL(raw);
      u.username = '';
      u.password = '';
      s = u.toString();
    }
  } catch {
    s = raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
  return redactQueryIn(s);
}

/** Replaces secret query values wherever a URL (or a piece of one) appears in text: headers, messages, curl lines. */
export function redactQueryIn(text: string): string {
  if (!text.includes('=')) return text;
  return text.replace(QUERY_PAIR, (m, sep: string, k: string) => (isSecretParam(k) ? `${sep}${k}=${REDACTED_Q}` : m));
}

/** Values of secret query parameters in a URL, decoded and raw, so they can be scrubbed from any text. */
export function secretParamValues(url: string): string[] {
  const out: string[] = [];
  for (const m of url.matchAll(QUERY_PAIR)) {
    if (!isSecretParam(m[2]!) || !m[3]) continue;
    out.push(m[3]);
    try {
      const d = decodeURIComponent(m[3].replace(/\+/g, ' '));
      if (d !== m[3]) out.push(d);
    } catch {
      // not percent-encoded
    }
  }
  return out;
}

/**
 * Token responses are JSON with secrets in well-known keys. Works on cut JSON
 * too (a preview), and on a whole document; never recurses, so depth is no danger.
 */
export function redactJsonText(text: string): string {
  if (!/token|password|secret/i.test(text)) return text;
  let out = text.replace(SECRET_JSON_PAIR, (_m, head: string) => `${head}"${REDACTED}"`);
  // Keys written with escapes (\u0074oken) escape the pattern; a parse finds them.
  if (out.includes('\\u') && out.length <= 1 << 20) {
    try {
      const doc: unknown = JSON.parse(out);
      let touched = false;
      const stack: unknown[] = [doc];
      while (stack.length > 0) {
        const v = stack.pop();
        if (!v || typeof v !== 'object') continue;
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (SECRET_JSON_KEY.test(k) && typeof x === 'string') {
            (v as Record<string, unknown>)[k] = REDACTED;
            touched = true;
          } else if (x && typeof x === 'object') stack.push(x);
        }
      }
      if (touched) out = JSON.stringify(doc);
    } catch {
      // not JSON (or too deep to print): the pattern did what it could
    }
  }
  return out;
}

/** Removes every occurrence of known secret strings (passwords, tokens) from free text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
