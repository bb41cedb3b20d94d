// How the page shows text that came from someone else: the console client's rule (client/.../SafeText.java), so a
// message reads the same in a terminal and in a browser. The page never interprets text as HTML (it sets
// textContent only); this rule is about characters that would disguise the text:
//   escaped: C0 and C1 controls except tab, DEL (Unicode category Cc), the line and paragraph separators U+2028 and
//   U+2029 (Zl, Zp), every format character (Cf: the bidirectional embeddings, overrides and isolates that make
//   text read in another order than it is stored, "Trojan Source", CVE-2021-42574; invisible ones such as U+200B
//   and U+FEFF; the tag characters U+E0000 to U+E007F) and unpaired surrogates (Cs);
//   kept: tab, U+200C and U+200D (zero-width non-joiner and joiner), which scripts and emoji sequences need.
// C0 controls are shown in caret notation (ESC as ^[, DEL as ^?), anything else as \uXXXX (\U+XXXXX beyond the
// BMP). The Java and JavaScript versions are tested on the same cases (safe-text-cases.json in the client's tests).

const TAB = 0x09;
const ZERO_WIDTH_NON_JOINER = 0x200c;
const ZERO_WIDTH_JOINER = 0x200d;
const UNSAFE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;

function isUnsafe(character, codePoint) {
  if (codePoint === TAB || codePoint === ZERO_WIDTH_NON_JOINER || codePoint === ZERO_WIDTH_JOINER) {
    return false;
  }
  return UNSAFE.test(character);
}

/** The text with every character the rule above names escaped. */
export function escapeText(text) {
  let out = '';
  // for...of walks code points; an unpaired surrogate comes as itself.
  for (const character of text) {
    const codePoint = character.codePointAt(0);
    if (!isUnsafe(character, codePoint)) {
      out += character;
    } else if (codePoint < 0x20) {
      out += '^' + String.fromCharCode(codePoint + 64);
    } else if (codePoint === 0x7f) {
      out += '^?';
    } else if (codePoint <= 0xffff) {
      out += '\\u' + codePoint.toString(16).padStart(4, '0');
    } else {
      out += '\\U+' + codePoint.toString(16);
    }
  }
  return out;
}

// A link candidate: http or https, up to whitespace, a character the rule escapes, or a character that quotes or
// ends it in prose. Trailing punctuation is given back to the sentence below.
const LINK = /https?:\/\/[^\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}<>"'`]+/giu;
const TRAILING = /[.,;:!?]+$/u;

/**
 * The text cut into parts to show, in order: {text} for plain text and {text, href} for a link. Only http and
 * https links become links (never javascript:, data: or anything else); href is the URL as the browser parsed it;
 * every part's text is escaped.
 */
export function textParts(text) {
  const parts = [];
  let plainFrom = 0;
  for (const match of text.matchAll(LINK)) {
    let candidate = match[0].replace(TRAILING, '');
    if (candidate.endsWith(')') && !candidate.includes('(')) {
      candidate = candidate.slice(0, -1); // "(see https://x.org/a)" keeps its parenthesis
    }
    let url;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      continue;
    }
    if (match.index > plainFrom) {
      parts.push({ text: escapeText(text.slice(plainFrom, match.index)) });
    }
    parts.push({ text: escapeText(candidate), href: url.href });
    plainFrom = match.index + candidate.length;
  }
  if (plainFrom < text.length) {
    parts.push({ text: escapeText(text.slice(plainFrom)) });
  }
  return parts;
}
