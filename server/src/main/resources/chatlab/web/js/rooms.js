// What the page knows of the rooms: per room, its members, topic, messages and unread count, keyed by the room's
// name as the server spells it. The view draws whichever room is current. Messages that name no room (whispers,
// the page's own notices) go to the current room.

/** Most messages a room keeps on the page; older ones are dropped from the top (scrolling back fetches them). */
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
  }

  add(entry) {
    this.messages.push(entry);
    this.byKey.set(entry.key, entry);
    let dropped = null;
    if (this.messages.length > MAX_MESSAGES_PER_ROOM) {
      dropped = this.messages.shift();
      this.byKey.delete(dropped.key);
    }
    return dropped;
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
