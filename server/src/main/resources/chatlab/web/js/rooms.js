// What the page knows of the rooms: per room, its members, topic, messages, unread count and how far back its history
// is loaded, keyed by the room's name as the server spells it. The view draws whichever room is current. Messages
// that name no room (whispers, the page's own notices) go to the current room. Entries stand in the order they came,
// except history, which takes its place by seq (it may come after newer messages; older pages come last of all).

/**
 * Most messages a room keeps on the page as new ones come; older ones are dropped from the top (scrolling back
 * fetches them again). Pages the user scrolls back to are kept: they were asked for.
 */
export const MAX_MESSAGES_PER_ROOM = 2000;

/** Entry kinds that count as unread in a room that is not in view: what people said, not notices. */
const UNREAD_KINDS = new Set(['message', 'action', 'whisper']);

export class Room {
  constructor(name) {
    this.name = name;
    /** By name: {name, address, udpPort, wire, joined}. */
    this.members = new Map();
    /** In the order shown: entries made by main.js. */
    this.messages = [];
    /** The entries of this room by key, for updates (an ack, a failure). */
    this.byKey = new Map();
    /** {text, by, time} or null. */
    this.topic = null;
    /** Whether the user is in the room (a room can be known and not joined: the one in view after a part). */
    this.joined = false;
    /** Messages from others that came while the room was not in view, and the key of the first of them. */
    this.unread = 0;
    this.firstUnread = null;
    /** The seqs of the messages shown (a lab user's message has no id: its seq tells it apart). */
    this.seqs = new Set();
    /** The room's numbering (its room message): seqs of another epoch are another room's. */
    this.epoch = null;
    /** History: whether the server has older messages than those shown, and whether a page is on its way. */
    this.more = false;
    this.loadingOlder = false;
    /** Whether the server sent this room's history at all (a server without a log sends none). */
    this.historyKnown = false;
    /** The newest seq of the history sent on joining (the line that marks the earlier messages goes below it). */
    this.newestHistorySeq = 0;
  }

  /** Whether the entry is shown already: the same key (sender and id), or the same seq in this epoch. */
  has(entry) {
    return this.byKey.has(entry.key) || (typeof entry.seq === 'number' && this.seqs.has(entry.seq));
  }

  /** A new numbering (the server lost its log, or dropped and made the room again): its seqs start afresh. */
  setEpoch(epoch) {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.seqs.clear();
    }
  }

  /**
   * Adds an entry where it belongs: at the end, or, for history, after the last entry with a lower seq (entries
   * without one are passed by). Returns its index and the entry dropped from the top to make room, or null.
   */
  add(entry) {
    let index = this.messages.length;
    if (entry.history) {
      while (index > 0 && !(this.messages[index - 1].seq < entry.seq)) {
        index--;
      }
    }
    if (Number.isInteger(entry.seq)) {
      this.seqs.add(entry.seq);
    }
    this.messages.splice(index, 0, entry);
    this.byKey.set(entry.key, entry);
    let dropped = null;
    if (index === this.messages.length - 1 && this.messages.length > MAX_MESSAGES_PER_ROOM) {
      dropped = this.messages.shift();
      this.byKey.delete(dropped.key);
      this.seqs.delete(dropped.seq);
      this.more = this.more || typeof dropped.seq === 'number';
      index--;
    }
    return { index, dropped };
  }

  /** An own message got its seq (its ack): history brings it back under that seq, and it is shown already. */
  numbered(entry, seq) {
    entry.seq = seq;
    this.seqs.add(seq);
  }

  /** The lowest seq shown: where the page before begins. Null when no message with a seq is shown. */
  oldestSeq() {
    for (const entry of this.messages) {
      if (Number.isInteger(entry.seq)) {
        return entry.seq;
      }
    }
    return null;
  }

  entry(key) {
    return this.byKey.get(key);
  }

  /** Counts an entry that came while the room was not in view; true when it counts as unread. */
  countUnread(entry) {
    if (entry.own || !UNREAD_KINDS.has(entry.kind)) {
      return false;
    }
    if (this.unread === 0) {
      this.firstUnread = entry.key;
    }
    this.unread++;
    return true;
  }

  /** The room comes into view: returns the key of the first unread entry (or null) and clears the count. */
  markRead() {
    const first = this.unread > 0 ? this.firstUnread : null;
    this.unread = 0;
    this.firstUnread = null;
    return first;
  }

  /** A presence: left first (a name can be in both: it left and came back). */
  applyPresence(joined, left) {
    for (const gone of left) {
      this.members.delete(gone.name);
    }
    for (const user of joined) {
      this.members.set(user.name, user);
    }
  }

  /** The room's members as the server last announced them (its room message). */
  setMembers(users) {
    this.members.clear();
    this.applyPresence(users, []);
  }
}

export class Rooms {
  constructor() {
    this.rooms = new Map();
    /** The name of the room in view, or null when the user is in none. */
    this.current = null;
    /** What is shown when the user is in no room. */
    this.lobby = new Room('');
  }

  /** The room of that name, made on first use. */
  room(name) {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(name);
      this.rooms.set(name, room);
    }
    return room;
  }

  has(name) {
    return this.rooms.has(name);
  }

  currentRoom() {
    return this.current === null ? this.lobby : this.room(this.current);
  }

  /** The rooms the user is in, in the order joined. */
  joined() {
    return [...this.rooms.values()].filter((room) => room.joined);
  }

  /** The room the user is in under that name, in any case (#Dev for #dev), or undefined. */
  find(name) {
    const lower = name.toLowerCase();
    return this.joined().find((room) => room.name.toLowerCase() === lower);
  }

  /** A room is left: it is forgotten (its messages with it) and another takes its place in view. */
  forget(name) {
    this.rooms.delete(name);
    if (this.current === name) {
      this.current = this.joined()[0]?.name ?? null;
    }
  }

  /** The joined room `step` places after the current one (wrapping around), or null when there is none. */
  neighbour(step) {
    const list = this.joined();
    if (list.length === 0) {
      return null;
    }
    const at = list.findIndex((room) => room.name === this.current);
    return list[((at < 0 ? 0 : at + step) % list.length + list.length) % list.length].name;
  }
}
