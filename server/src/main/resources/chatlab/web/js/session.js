// The page's v2 session (docs/PROTOCOL.md, "The v2 wire"), over a WebSocket that carries one v2 JSON message per
// text message. No DOM here: it tells its listener what happened. Like the console client it keeps every message
// it sent until the server acknowledges it (the outbox, with the message's id), sends no faster than the welcome's
// rate, reconnects by itself with a growing delay, says hello again naming the rooms it is in with where it left off
// in each (the room's epoch and the last seq seen: the server replays what was missed; docs/PROTOCOL.md, "Rooms"),
// resends the outbox with the same ids, and drops a message or a whisper whose (sender, id) it has shown already. So
// nothing is lost and nothing shows twice. It asks for history ("History"): a room's last messages come on joining
// it, marked history, and older pages on request.

import { ScramClient, ScramError, MIN_ITERATIONS, MAX_ITERATIONS, available as cryptoAvailable, fromBase64,
  toBase64, verifier } from './scram.js';

const CLIENT = 'chatlab-web/1';
/** Most messages waiting for their acknowledgement, as the console client. */
export const MAX_OUTBOX = 1000;
/** Remembered (sender, id) pairs, to drop repeats after a reconnect. */
const MAX_SEEN = 10000;
/** Reconnect delays: 0.5 s doubling to 30 s, each spread by up to a quarter either way. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
/** After a cut, how much longer than the server's idle timeout a name_taken counts as our old connection's. */
const NAME_HOLD_EXTRA_MS = 30000;
/** A message the server's log could not store (not_stored) is sent again after this long. */
const NOT_STORED_RETRY_MS = 2000;
/** Messages asked for per page when scrolling back (the server's own default page). */
export const HISTORY_PAGE = 50;
/** Most rooms a hello may name (docs/PROTOCOL.md: a longer list is refused, and the hello with it). */
const MAX_HELLO_ROOMS = 64;
/** A page of history not answered within this long is given up (the user may ask again). */
const HISTORY_TIMEOUT_MS = 15000;
/** How long a connection may take to open before it is given up and tried again. */
const CONNECT_TIMEOUT_MS = 10000;
/** Tokens kept back from the first burst for hello and the login's proof, which the server counts too. */
const HANDSHAKE_TOKENS = 3;

/** Errors after which trying again cannot help: the user must change something (name, password). */
const FINAL_ERRORS = new Set(['name_invalid', 'name_taken', 'auth_required', 'login_failed', 'unsupported_version',
  'tls_required']);

/** Errors about one message that the server did not relay: it leaves the outbox, marked as not sent. */
const MESSAGE_ERRORS = new Set(['bad_field', 'message_too_long', 'too_long', 'unknown_user', 'bad_frame',
  'not_registered', 'not_in_room']);

function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

/** A token bucket: the welcome's messages_per_second and burst_messages. */
class Pacer {
  constructor(perSecond, burst) {
    this.perMs = perSecond / 1000;
    this.capacity = burst;
    this.tokens = Math.max(1, burst - HANDSHAKE_TOKENS);
    this.last = performance.now();
  }

  refill() {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }

  take() {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.perMs);
  }
}

/** 16 random bytes as 22 base64url characters (RFC 4648 section 5): a hello's session. */
function drawSessionSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * One user's session. The listener gets (all optional): state(state, detail), welcome(welcome), room(room): the
 * page is in a room (its state: name, epoch, topic, users), presence(room, joined, left), topic(topic),
 * parted(room), roomList(rooms), message(message) (`history` true for earlier messages), historyEnd(end): a page
 * of history is complete (its room, id, count, more, before), historyFailed(room, sentence): a page asked for will
 * not come (the sentence says why, or is null when the connection ended), whisper(whisper), sent(item), ack(item,
 * ack), failed(item, sentence), notice(sentence, error), refused(sentence): the session ended for good (back to the
 * login).
 * A message, presence or ack without a room (a server without rooms) belongs to the welcome's default room.
 * States: connecting, login, joined, away (detail: {inMs, waiting}), ended.
 */
export class ChatSession {
  constructor(listener, url) {
    this.listener = listener;
    this.url = url;
    // Sent in every hello of this page's life: back after a dropped connection, the page takes its name over at
    // once from the old connection the server has not noticed is dead (docs/PROTOCOL.md, Sessions).
    this.sessionSecret = drawSessionSecret();
    this.name = null;
    this.password = null;
    this.socket = null;
    this.registered = false;
    this.stopped = true;
    /** The welcome's default room (a message that names no room is from there). */
    this.defaultRoom = null;
    /** The rooms the page is in, by the server's spelling of the name: {epoch, seq}, where it left off there. */
    this.joined = new Map();
    /** Rooms asked for while away: asked for in the next hello. */
    this.wanted = new Set();
    /** Whether a welcome came: from then on each hello names the rooms (none, if the user parted them all). */
    this.welcomedOnce = false;
    /** Pages of history asked for: id -> {room, timer}. */
    this.historyPages = new Map();
    this.limits = null;
    this.pacer = null;
    /** id -> {id, type: 'say' | 'whisper', text, action, to, sent} in the order typed. */
    this.outbox = new Map();
    this.seen = new Set();
    this.idPrefix = toBase64(crypto.getRandomValues(new Uint8Array(6))).replace(/[+/=]/g, '').slice(0, 6);
    this.counter = 0;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.flushTimer = null;
    this.watchdog = null;
    this.scram = null;
    this.serverVerified = false;
    this.earlyRekey = null;
    this.lastError = null;
    /** When the last registered connection ended (for name_taken after a cut), or null. */
    this.lostAt = null;
  }

  emit(event, ...args) {
    const handler = this.listener[event];
    if (handler) {
      handler.apply(this.listener, args);
    }
  }

  /** Joins as `name`, with `password` for a registered name (or null for a guest). */
  start(name, password) {
    if (password && !cryptoAvailable()) {
      throw new ScramError('this browser computes password logins only on https pages (or on localhost): '
          + 'open the chat over https, or join without a password under another name');
    }
    this.name = name;
    this.password = password || null;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  /** Leaves: says bye, and stops reconnecting. */
  quit() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'bye' }));
      this.socket.close(1000);
    }
    this.emit('state', 'ended');
  }

  /** Tries at once when away (the network came back, or the user asked). */
  retryNow() {
    if (!this.stopped && this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.connect();
    }
  }

  /**
   * The browser says the network is gone: the connection is as good as dead, even if its socket does not know yet
   * (it would learn only from the keepalive). Reconnecting starts now, and goes on when the network is back.
   */
  networkLost() {
    const socket = this.socket;
    if (this.stopped || !socket) {
      return;
    }
    socket.close(); // its close event comes later and finds another connection current: it is ignored
    this.closed();
  }

  waiting() {
    return this.outbox.size;
  }

  connect() {
    this.reconnectTimer = null;
    this.registered = false;
    this.lastError = null;
    this.emit('state', 'connecting');
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.closed();
      return;
    }
    this.socket = socket;
    // A connection that does not open in time (a network that drops everything) is given up and tried again.
    this.watchdog = setTimeout(() => {
      if (socket === this.socket && socket.readyState === WebSocket.CONNECTING) {
        socket.close();
        this.closed();
      }
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event) => {
      if (socket === this.socket) {
        this.received(event.data);
      }
    };
    socket.onclose = () => {
      if (socket === this.socket) {
        this.closed();
      }
    };
  }

  opened(socket) {
    if (socket !== this.socket) {
      return;
    }
    const hello = { type: 'hello', version: 2, name: this.name, client: CLIENT, udp_port: 0,
      features: ['whisper', 'rooms', 'history'], session: this.sessionSecret };
    this.scram = null;
    this.serverVerified = false;
    this.earlyRekey = null;
    if (this.password) {
      this.scram = new ScramClient(this.name, this.password);
      hello.scram = this.scram.clientFirst();
      this.emit('state', 'login');
    }
    if (this.welcomedOnce) {
      // Each room with where the page left off: the server sends what was said there meanwhile.
      hello.rooms = [...this.joined].map(([room, at]) => ({ room, since: { epoch: at.epoch, seq: at.seq } }))
        .concat([...this.wanted].filter((room) => !this.joined.has(room)).map((room) => ({ room })))
        .slice(0, MAX_HELLO_ROOMS); // rooms asked for while away beyond it are not asked for
    }
    this.send(hello);
    this.armWatchdog(null);
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  /** A server that sends nothing for the idle timeout (it pings well within it) is gone: reconnect. */
  armWatchdog(limits) {
    clearTimeout(this.watchdog);
    const timeout = limits ? limits.idle_timeout_ms : 90000;
    const socket = this.socket;
    this.watchdog = setTimeout(() => {
      if (socket === this.socket && socket.readyState === WebSocket.OPEN) {
        socket.close(4000, 'the server sent nothing within the idle timeout');
        this.closed();
      }
    }, timeout);
  }

  received(data) {
    this.armWatchdog(this.limits);
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return; // the server sends JSON only; a broken message is ignored
    }
    if (message === null || typeof message !== 'object' || typeof message.type !== 'string') {
      return;
    }
    switch (message.type) {
      case 'welcome': this.welcomed(message); break;
      case 'challenge': this.challenged(message); break;
      case 'rekey': this.rekeyed(message); break;
      case 'presence': this.emit('presence', this.roomOf(message), message.joined || [], message.left || []); break;
      case 'room': this.roomState(message); break;
      case 'topic': this.emit('topic', message); break;
      case 'part': this.joined.delete(message.room); this.emit('parted', message.room); break;
      case 'rooms': this.emit('roomList', Array.isArray(message.rooms) ? message.rooms : []); break;
      case 'history': this.historyEnded(message); break;
      case 'message': this.messageReceived(message); break;
      case 'whisper': this.whisperReceived(message); break;
      case 'ack': this.acknowledged(message); break;
      case 'error': this.errorReceived(message); break;
      case 'ping': this.send({ type: 'pong', token: message.token }); break;
      default: break; // pong, z (the page does not ask for deflate), and types of later servers
    }
  }

  welcomed(welcome) {
    if (this.scram) {
      try {
        this.scram.verifyServer(welcome.scram_final);
        this.serverVerified = true;
      } catch (e) {
        this.refuse(e.message);
        return;
      }
    }
    this.defaultRoom = welcome.default_room || '#general';
    this.welcomedOnce = true;
    this.wanted.clear(); // named in this hello
    this.registered = true;
    this.attempt = 0;
    this.limits = welcome.limits;
    this.pacer = new Pacer(welcome.limits.messages_per_second, welcome.limits.burst_messages);
    this.armWatchdog(this.limits);
    this.emit('welcome', welcome);
    this.emit('state', 'joined');
    if (this.earlyRekey) {
      const early = this.earlyRekey;
      this.earlyRekey = null;
      this.rekeyed(early);
    }
    for (const item of this.outbox.values()) {
      item.sent = false; // resent with the same id; the server (or the receivers) drop what they had
    }
    this.flush();
  }

  async challenged(challenge) {
    if (!this.scram) {
      this.refuse('the server sent a login challenge this page did not ask for');
      return;
    }
    const socket = this.socket;
    try {
      const clientFinal = await this.scram.clientFinal(challenge.server_first);
      if (socket === this.socket) {
        this.send({ type: 'proof', client_final: clientFinal });
      }
    } catch (e) {
      this.refuse(e instanceof ScramError ? e.message : `the login could not be computed: ${e.message}`);
    }
  }

  /**
   * A stronger verifier, computed here from the password for the server's salt and count: only to a server that
   * proved itself, only inside TLS (a verifier in clear lets an eavesdropper log in), and only a stronger one.
   */
  async rekeyed(rekey) {
    if (!this.registered && this.scram) {
      // The server writes the rekey right after the proof checks out, and the welcome (which proves the server)
      // from the room's thread: the rekey may come first. It waits for the welcome.
      this.earlyRekey = rekey;
      return;
    }
    const safe = this.serverVerified && this.password && location.protocol === 'https:'
        && rekey.iterations >= Math.max(MIN_ITERATIONS, this.scram ? this.scram.iterations : 0)
        && rekey.iterations <= MAX_ITERATIONS;
    if (!safe) {
      return;
    }
    const keys = await verifier(this.password, fromBase64(rekey.salt), rekey.iterations);
    this.send({ type: 'rekeyed', stored_key: toBase64(keys.storedKey), server_key: toBase64(keys.serverKey) });
  }

  /** The room a server message is about: its `room`, or the default room. */
  roomOf(message) {
    return typeof message.room === 'string' && message.room ? message.room : this.defaultRoom;
  }

  /** Where the page has read to in a room: the highest seq seen there. */
  readTo(room, seq) {
    const at = this.joined.get(room);
    if (at && typeof seq === 'number' && seq > at.seq) {
      at.seq = seq;
    }
  }

  /** The page is in a room (joined, or back in it): a new epoch numbers its messages afresh. */
  roomState(room) {
    const at = this.joined.get(room.room);
    if (!at || at.epoch !== room.epoch) {
      this.joined.set(room.room, { epoch: room.epoch, seq: 0 });
    }
    this.emit('room', room);
  }

  messageReceived(message) {
    this.readTo(this.roomOf(message), message.seq);
    const first = !message.id || this.firstTime(message.from, message.id);
    // History is shown whenever it is asked for (a room left and joined again is shown afresh): the page drops what
    // it shows already, by id and by seq.
    if (first || message.history === true) {
      this.emit('message', message);
    }
  }

  whisperReceived(whisper) {
    if (whisper.id && !this.firstTime(`whisper:${whisper.from}`, whisper.id)) {
      return;
    }
    this.emit('whisper', whisper);
  }

  /** Whether (sender, id) is new; remembers it. */
  firstTime(from, id) {
    const key = `${from}\u0000${id}`;
    if (this.seen.has(key)) {
      return false;
    }
    this.seen.add(key);
    if (this.seen.size > MAX_SEEN) {
      this.seen.delete(this.seen.values().next().value);
    }
    return true;
  }

  acknowledged(ack) {
    const item = this.outbox.get(ack.id);
    if (!item) {
      return;
    }
    this.outbox.delete(ack.id);
    if (!ack.duplicate && item.type === 'say') {
      this.readTo(this.roomOf(ack), ack.seq);
    }
    this.emit('ack', item, ack);
  }

  errorReceived(error) {
    if (error.ref && this.historyPages.has(error.ref)) {
      this.historyAnswered(error.ref, error.message);
      return;
    }
    const item = error.ref ? this.outbox.get(error.ref) : null;
    if (item && error.code === 'rate_limited') {
      item.sent = false; // stays in the outbox, sent again when the rate allows
      this.scheduleFlush(this.limits ? Math.ceil(1000 / this.limits.messages_per_second) : 100);
      return;
    }
    if (item && error.code === 'not_stored') {
      item.sent = false; // the server's log could not keep it: neither relayed nor acknowledged, so sent again
      this.scheduleFlush(NOT_STORED_RETRY_MS);
      return;
    }
    if (item && MESSAGE_ERRORS.has(error.code)) {
      this.outbox.delete(item.id);
      this.emit('failed', item, error.message);
      return;
    }
    if (error.fatal) {
      this.lastError = error;
      return; // the server closes the connection next; closed() decides what then
    }
    this.emit('notice', error.message, error);
  }

  closed() {
    for (const id of [...this.historyPages.keys()]) {
      this.historyAnswered(id, null);
    }
    clearTimeout(this.watchdog);
    clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const wasRegistered = this.registered;
    this.registered = false;
    this.socket = null;
    if (this.stopped) {
      return;
    }
    const error = this.lastError;
    if (wasRegistered) {
      this.lostAt = Date.now();
    }
    if (error && error.code === 'name_taken' && this.stillHeldByUs()) {
      // Back after a network cut: the server may still hold our old connection (it lets a silent one go after its
      // idle timeout). Not someone else's name yet: keep trying until then.
    } else if (error && FINAL_ERRORS.has(error.code)) {
      this.refuse(error.message, error.code);
      return;
    }
    if (wasRegistered) {
      this.attempt = 0;
    }
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(this.attempt, 10));
    const inMs = Math.round(base * (0.75 + Math.random() * 0.5));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.connect(), inMs);
    this.emit('state', 'away', { inMs, waiting: this.outbox.size,
      nameHeld: Boolean(error && error.code === 'name_taken') });
  }

  /** Whether a name_taken may be our own old connection, which the server drops within its idle timeout. */
  stillHeldByUs() {
    const idle = this.limits ? this.limits.idle_timeout_ms : 90000;
    return this.lostAt !== null && Date.now() - this.lostAt < idle + NAME_HOLD_EXTRA_MS;
  }

  /** The session ends for good (wrong password, name taken, ...): the user is told and must start again. */
  refuse(sentence, code) {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close(1000);
    }
    this.emit('refused', sentence, code);
  }

  /** Joins a room (made if there is none that reads the same): answered with room(). While away: at the hello. */
  join(room) {
    if (!this.request({ type: 'join', room })) {
      this.wanted.add(room);
    }
  }

  /** Leaves a room: answered with parted(). While away it is simply not named in the next hello. */
  part(room) {
    if (!this.request({ type: 'part', room })) {
      this.wanted.delete(room);
      if (this.joined.delete(room)) {
        this.emit('parted', room);
      }
    }
  }

  /** Sets a room's topic (empty text clears it); announced with topic(). */
  setTopic(room, text) {
    if (!this.request({ type: 'topic', room, text })) {
      throw new Error('not connected: set the topic once the server is back');
    }
  }

  /**
   * Asks for the messages of a room before a seq; answered with message()s marked history, then historyEnd(), or
   * with historyFailed(). False while away.
   */
  historyBefore(room, before) {
    const id = `${this.idPrefix}-h${++this.counter}`;
    if (!this.request({ type: 'history', room, before, count: HISTORY_PAGE, id })) {
      return false;
    }
    const timer = setTimeout(() => this.historyAnswered(id, 'the server did not send the older messages; '
        + 'try again'), HISTORY_TIMEOUT_MS);
    this.historyPages.set(id, { room, timer });
    return true;
  }

  historyEnded(end) {
    const page = end.id ? this.historyPages.get(end.id) : null;
    if (page) {
      clearTimeout(page.timer);
      this.historyPages.delete(end.id);
    }
    this.emit('historyEnd', end);
  }

  /** A page asked for will not come: refused (why), not answered in time, or the connection ended (null). */
  historyAnswered(id, sentence) {
    const page = this.historyPages.get(id);
    clearTimeout(page.timer);
    this.historyPages.delete(id);
    this.emit('historyFailed', page.room, sentence);
  }

  /** Asks for the list of every room; answered with roomList(). False while away. */
  listRooms() {
    return this.request({ type: 'rooms' });
  }

  /**
   * Sends a request now (requests are few and made by hand); it takes a token of the pacer, as the server counts it
   * against the same rate. False when not connected.
   */
  request(message) {
    if (!this.registered || !this.send(message)) {
      return false;
    }
    this.pacer.refill();
    this.pacer.tokens -= 1; // may go below zero: the outbox then waits for it
    return true;
  }

  /** Puts a message in the outbox and sends it when the connection and the rate allow. Returns the item. */
  submit(item) {
    if (this.outbox.size >= MAX_OUTBOX) {
      throw new Error(`${MAX_OUTBOX} messages are waiting already; wait until the server is back`);
    }
    if (this.limits && utf8Length(item.text) > this.limits.max_message_bytes) {
      throw new Error(`the message is ${utf8Length(item.text)} bytes long; the server takes at most `
          + `${this.limits.max_message_bytes}`);
    }
    item.id = `${this.idPrefix}-${++this.counter}`;
    item.sent = false;
    this.outbox.set(item.id, item);
    this.flush();
    return item;
  }

  scheduleFlush(ms) {
    if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.flush();
      }, ms);
    }
  }

  /** Sends what waits, in order, as fast as the rate allows. */
  flush() {
    if (!this.registered || !this.pacer) {
      return;
    }
    for (const item of this.outbox.values()) {
      if (item.sent) {
        continue;
      }
      const wait = this.pacer.take();
      if (wait > 0) {
        this.scheduleFlush(wait);
        return;
      }
      const message = item.type === 'whisper'
          ? { type: 'whisper', id: item.id, to: item.to, text: item.text }
          : { type: 'say', id: item.id, room: item.room, text: item.text, ...(item.action ? { action: true } : {}) };
      if (!this.send(message)) {
        return;
      }
      item.sent = true;
      this.emit('sent', item);
    }
  }
}
