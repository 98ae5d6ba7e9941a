import type { KeywordValue } from '../../table/table.js';

/**
 * FITS header cards (FITS Standard 4.0, §4): 80 ASCII characters, keyword in columns 1–8,
 * value indicator `= ` in columns 9–10, value, optional `/ comment`.
 */
export const CARD = 80;
export const BLOCK = 2880;

export interface Card {
  keyword: string;
  /** undefined for commentary cards (COMMENT, HISTORY, blank) and CONTINUE before joining. */
  value?: KeywordValue;
  comment?: string;
  /** The raw text after the keyword, for commentary cards. */
  text?: string;
}

/** Reason a card could not be parsed; the caller adds file, HDU and card number. */
export class CardError extends Error {}

/**
 * Parses one 80-character card. Integers beyond 2^53 come back as bigint so that 64-bit
 * TNULL/TZERO values stay exact.
 */
export function parseCard(raw: string): Card {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 32 || c > 126) throw new CardError(`character code ${c} at column ${i + 1} is not printable ASCII`);
  }
  let keyword = raw.slice(0, 8).trimEnd();
  if (!/^[A-Z0-9_-]*$/.test(keyword)) throw new CardError(`keyword '${keyword}' has characters outside A-Z 0-9 _ -`);
  let rest: string;
  if (keyword === 'HIERARCH') {
    // ESO HIERARCH convention: `HIERARCH long name = value / comment`.
    const eq = raw.indexOf('=', 8);
    if (eq < 0) return { keyword, text: raw.slice(8).trimEnd() };
    keyword = raw.slice(9, eq).trim();
    rest = raw.slice(eq + 1);
  } else if (keyword === 'CONTINUE') {
    rest = raw.slice(8);
  } else if (raw.slice(8, 10) === '= ') {
    rest = raw.slice(10);
  } else {
    return { keyword, text: raw.slice(8).trimEnd() };
  }
  return { keyword, ...parseValue(rest) };
}

function parseValue(text: string): { value?: KeywordValue; comment?: string } {
  const s = text.trimStart();
  if (s.startsWith("'")) {
    let out = '';
    let i = 1;
    for (;;) {
      if (i >= s.length) throw new CardError('string value has no closing quote');
      const ch = s[i];
      if (ch === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      out += ch;
      i++;
    }
    // Trailing spaces inside the quotes are not significant (§4.2.1.1); leading ones are.
    return { value: out.trimEnd(), ...commentOf(s.slice(i)) };
  }
  const slash = s.indexOf('/');
  const valueText = (slash >= 0 ? s.slice(0, slash) : s).trim();
  const comment = slash >= 0 ? s.slice(slash + 1).trim() : undefined;
  const withComment = comment ? { comment } : {};
  if (valueText === '') return withComment;
  if (valueText === 'T') return { value: true, ...withComment };
  if (valueText === 'F') return { value: false, ...withComment };
  if (/^[+-]?\d+$/.test(valueText)) {
    const n = Number(valueText);
    return { value: Number.isSafeInteger(n) ? n : BigInt(valueText), ...withComment };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([EDed][+-]?\d+)?$/.test(valueText)) {
    return { value: Number(valueText.replace(/[Dd]/, 'E')), ...withComment };
  }
  if (/^\(.*\)$/.test(valueText)) return { value: valueText, ...withComment }; // complex: kept as text
  throw new CardError(`value '${valueText}' is not a FITS string, logical, integer or real`);
}

function commentOf(after: string): { comment?: string } {
  const slash = after.indexOf('/');
  if (slash < 0) {
    if (after.trim() !== '') throw new CardError(`unexpected text '${after.trim()}' after the string value`);
    return {};
  }
  const c = after.slice(slash + 1).trim();
  return c ? { comment: c } : {};
}

const STANDARD_KEY = /^[A-Z0-9_-]{1,8}$/;

/** Formats a value as FITS text: fixed format (right-justified to column 30) for numbers and logicals. */
function formatValue(value: KeywordValue, real: boolean): string {
  if (typeof value === 'boolean') return (value ? 'T' : 'F').padStart(20);
  if (typeof value === 'bigint') return value.toString().padStart(20);
  if (typeof value === 'number') return (real ? formatReal(value) : formatNumber(value)).padStart(20);
  return quote(value);
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new CardError(`value ${x} cannot be written in a FITS header`);
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(0);
  return formatReal(x);
}

/** A real that reads back as a real (always with '.' or 'E') and exactly round-trips float64. */
export function formatReal(x: number): string {
  if (!Number.isFinite(x)) throw new CardError(`value ${x} cannot be written in a FITS header`);
  let s = String(x).toUpperCase();
  if (!s.includes('.') && !s.includes('E')) s += '.0';
  else if (!s.includes('.')) s = s.replace('E', '.0E');
  return s;
}

function quote(s: string): string {
  // Strings are padded to at least 8 characters inside the quotes (§4.2.1.1).
  return `'${s.replace(/'/g, "''").padEnd(8)}'`;
}

function card(text: string): string {
  if (text.length > CARD) throw new CardError(`card longer than 80 characters: ${text.slice(0, 20)}…`);
  return text.padEnd(CARD);
}

function withComment(head: string, comment: string | undefined): string {
  if (!comment) return card(head);
  const room = CARD - head.length - 3;
  return room > 0 ? card(`${head} / ${asciiOnly(comment).slice(0, room)}`) : card(head);
}

function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * Formats one keyword as one or more cards: strings longer than one card use the
 * CONTINUE long-string convention (FITS Standard 4.0, §4.2.1.2); keywords that are not
 * standard 8-character names use HIERARCH.
 */
export function formatCards(keyword: string, value: KeywordValue, comment?: string, real = false): string[] {
  if (typeof value === 'string' && /[^\x20-\x7e]/.test(value)) {
    throw new CardError(`keyword ${keyword}: value has characters outside printable ASCII`);
  }
  const standard = STANDARD_KEY.test(keyword);
  const prefix = standard ? `${keyword.padEnd(8)}= ` : `HIERARCH ${keyword} = `;
  if (!standard && (/[^\x20-\x7e]|=/.test(keyword) || keyword.trim() !== keyword || keyword === '')) {
    throw new CardError(`keyword '${keyword}' cannot be written in a FITS header`);
  }
  if (typeof value !== 'string') {
    const v = formatValue(value, real);
    return [withComment(prefix + (standard ? v : v.trimStart()), comment)];
  }
  const single = prefix + quote(value);
  if (single.length <= CARD) return [withComment(single, comment)];
  // Long string: pieces end with '&' and continue on CONTINUE cards; never split a doubled quote.
  const cards: string[] = [];
  let rest = value;
  let head = prefix;
  while (rest.length > 0) {
    const room = CARD - head.length - 3; // opening quote, '&', closing quote
    let take = 0;
    let used = 0;
    while (take < rest.length) {
      const w = rest[take] === "'" ? 2 : 1;
      if (used + w > room) break;
      used += w;
      take++;
    }
    if (take === 0) throw new CardError(`keyword ${keyword}: no room for a long string`);
    const piece = rest.slice(0, take).replace(/'/g, "''");
    rest = rest.slice(take);
    if (rest.length === 0) cards.push(withComment(`${head}'${piece}'`, comment));
    else cards.push(card(`${head}'${piece}&'`));
    head = 'CONTINUE  ';
  }
  return cards;
}

/** A commentary card (COMMENT, HISTORY): text split over as many cards as needed. */
export function formatCommentary(keyword: string, text: string): string[] {
  const out: string[] = [];
  const clean = asciiOnly(text);
  for (let i = 0; i === 0 || i < clean.length; i += 72) out.push(card(`${keyword.padEnd(8)}${clean.slice(i, i + 72)}`));
  return out;
}

export const END_CARD = card('END');
