/**
 * Characters XML 1.0 forbids anywhere, even escaped: C0 controls other than
 * tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. Registry bytes end up
 * in messages and transcripts, so every text goes through this.
 */
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXml(s: string): string {
  return s.replace(INVALID_XML, '');
}

/** Escapes text content. */
export function xmlText(s: string): string {
  return stripInvalidXml(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value; keeps tabs and newlines as character references so parsers do not normalise them away. */
export function xmlAttr(s: string): string {
  return stripInvalidXml(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}
