// What the page knows of the rooms: per room, its members and its messages, keyed by the room's name. The v2 wire
// of today has one room; its messages carry no room and belong to DEFAULT_ROOM. Rooms, history and scrolling back
// add rooms and older messages here; the view draws whichever room is current.

/** The room a v2 message without a room belongs to (old clients stay there). */
export const DEFAULT_ROOM = '#general';

/** Most messages a room keeps on the page; older ones are dropped from the top (scrolling back fetches them). */
export const MAX_MESSAGES_PER_ROOM = 2000;

export class Room {
  constructor(name) {
    this.name = name;
    /** By name: {name, address, udpPort, wire, joined}. */
    this.members = new Map();
    /** In the order shown: entries made by entries.js. */
    this.messages = [];
    /** The entries of this room by key, for updates (an ack, a failure). */
    this.byKey = new Map();
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

  /** A presence: left first (a name can be in both: it left and came back). */
  applyPresence(joined, left) {
    for (const gone of left) {
      this.members.delete(gone.name);
    }
    for (const user of joined) {
      this.members.set(user.name, user);
    }
  }

  clearMembers() {
    this.members.clear();
  }
}

export class Rooms {
  constructor() {
    this.rooms = new Map();
    this.current = DEFAULT_ROOM;
    this.room(DEFAULT_ROOM);
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

  currentRoom() {
    return this.room(this.current);
  }

  /** The room a server message belongs to. */
  roomOf(message) {
    return this.room(typeof message.room === 'string' && message.room ? message.room : DEFAULT_ROOM);
  }
}
