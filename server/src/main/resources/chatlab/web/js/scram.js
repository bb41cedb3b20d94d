// SCRAM-SHA-256 (RFC 5802, RFC 7677) in the browser, with WebCrypto: the password never leaves this page. The
// hello carries client-first, the server's challenge is answered with the proof, and the welcome's server-final must
// prove that the server knows the verifier before the page chats under the name. The same exchange as chatlab's
// console client (ScramLogin.java), checked by the server's ScramServerExchange.

/** RFC 7677's floor for SCRAM-SHA-256: a lower count makes the proof cheap to crack offline. */
export const MIN_ITERATIONS = 4096;
/** The most the page computes (as the console client): a server may not make a browser hash for minutes. */
export const MAX_ITERATIONS = 10_000_000;

const NONCE_BYTES = 18;
const GS2_HEADER = 'n,,'; // no channel binding, no authorization identity
const utf8 = new TextEncoder();

/** A login that cannot go on; the message is the sentence for the user. */
export class ScramError extends Error {}

/** Whether this page may compute a login: browsers give WebCrypto only to https pages and to localhost. */
export function available() {
  return Boolean(globalThis.crypto && globalThis.crypto.subtle);
}

/**
 * The parts of SASLprep (RFC 4013) the server applies to passwords (auth/.../SaslPrep.java): non-ASCII spaces become
 * a space, characters "commonly mapped to nothing" are removed, control characters are refused, then NFKC.
 */
export function saslPrep(password) {
  let mapped = '';
  for (const character of password) {
    const cp = character.codePointAt(0);
    if (mapsToNothing(cp)) {
      continue;
    }
    if (cp !== 0x20 && /^\p{Zs}$/u.test(character)) {
      mapped += ' ';
    } else if (/^\p{Cc}$/u.test(character)) {
      throw new ScramError('a password may not contain control characters');
    } else {
      mapped += character;
    }
  }
  return mapped.normalize('NFKC');
}

function mapsToNothing(cp) {
  return cp === 0x00ad || cp === 0x034f || cp === 0x1806 || (cp >= 0x180b && cp <= 0x180d) || cp === 0x200b
      || cp === 0x200c || cp === 0x200d || cp === 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff;
}

/** RFC 5802 saslname: ',' is written =2C and '=' is =3D. */
export function saslName(name) {
  return name.replaceAll('=', '=3D').replaceAll(',', '=2C');
}

export function toBase64(bytes) {
  let binary = '';
  for (const b of new Uint8Array(bytes)) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

async function hmac(keyBytes, text) {
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, typeof text === 'string' ? utf8.encode(text) : text));
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** SaltedPassword := Hi(Normalize(password), salt, i), RFC 5802 section 3: PBKDF2 with HMAC-SHA-256. */
export async function saltedPassword(password, salt, iterations) {
  const key = await crypto.subtle.importKey('raw', utf8.encode(saslPrep(password)), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** StoredKey and ServerKey for a salt and count: what a rekey asks for (never the password). */
export async function verifier(password, salt, iterations) {
  const salted = await saltedPassword(password, salt, iterations);
  return {
    storedKey: await sha256(await hmac(salted, 'Client Key')),
    serverKey: await hmac(salted, 'Server Key'),
  };
}

/** The attributes of a SCRAM message (a=value,b=value), the first of each. */
function attributes(message) {
  const found = new Map();
  for (const part of message.split(',')) {
    const equals = part.indexOf('=');
    if (equals === 1 && !found.has(part[0])) {
      found.set(part[0], part.slice(2));
    }
  }
  return found;
}

/** One login exchange, for one connection. */
export class ScramClient {
  constructor(name, password) {
    this.name = name;
    this.password = password;
    const nonce = new Uint8Array(NONCE_BYTES);
    crypto.getRandomValues(nonce);
    this.nonce = toBase64(nonce); // base64 has no comma: a valid SCRAM nonce
    this.clientFirstBare = `n=${saslName(name)},r=${this.nonce}`;
    this.expectedServerSignature = null;
    this.iterations = 0;
  }

  /** For the hello's scram field. */
  clientFirst() {
    return GS2_HEADER + this.clientFirstBare;
  }

  /** The proof (client-final) for the server's challenge (server-first). */
  async clientFinal(serverFirst) {
    const found = attributes(serverFirst);
    const nonce = found.get('r');
    const salt = found.get('s');
    const iterations = Number(found.get('i'));
    if (!nonce || !nonce.startsWith(this.nonce) || nonce.length === this.nonce.length || !salt) {
      throw new ScramError('the server\'s login challenge is malformed');
    }
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) {
      throw new ScramError(`the server asked for ${found.get('i')} PBKDF2 iterations; at least ${MIN_ITERATIONS} `
          + 'are required (RFC 7677), so the password was not used');
    }
    if (iterations > MAX_ITERATIONS) {
      throw new ScramError(`the server asked for ${iterations} PBKDF2 iterations; this page computes at most `
          + `${MAX_ITERATIONS}, so the password was not used`);
    }
    this.iterations = iterations;
    let saltBytes;
    try {
      saltBytes = fromBase64(salt);
    } catch {
      throw new ScramError('the server\'s login challenge is malformed');
    }
    const salted = await saltedPassword(this.password, saltBytes, iterations);
    const clientKey = await hmac(salted, 'Client Key');
    const storedKey = await sha256(clientKey);
    const withoutProof = `c=${btoa(GS2_HEADER)},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = await hmac(storedKey, authMessage);
    const proof = clientKey.map((b, i) => b ^ clientSignature[i]);
    this.expectedServerSignature = toBase64(await hmac(await hmac(salted, 'Server Key'), authMessage));
    return `${withoutProof},p=${toBase64(proof)}`;
  }

  /** Throws unless the welcome's server-final proves the server knows the verifier. */
  verifyServer(serverFinal) {
    if (!serverFinal) {
      throw new ScramError('the server did not check your password, so it cannot prove it is the server you meant; '
          + 'the name is not protected there');
    }
    const found = attributes(serverFinal);
    if (found.has('e') || this.expectedServerSignature === null || found.get('v') !== this.expectedServerSignature) {
      throw new ScramError('the server could not prove it knows your password; it may not be the server you '
          + 'meant to reach');
    }
  }
}
