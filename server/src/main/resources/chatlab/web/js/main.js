// The chat page: joins the forms and lists of index.html to the v2 session. The session speaks the wire; rooms.js
// holds what the page knows; conversation.js, topic.js, view.js and room-list.js draw it.

import { ChatSession } from './session.js';
import { Rooms } from './rooms.js';
import { parse, roomName, HELP } from './commands.js';
import { renderMembers } from './view.js';
import { Conversation } from './conversation.js';
import { TopicView } from './topic.js';
import { renderMyRooms, renderAllRooms } from './room-list.js';
import { escapeText } from './safe-text.js';

/** How often the list of every room is asked for again while the page is in view. */
const ROOM_LIST_REFRESH_MS = 30000;
/** Joins and parts within this long are followed by one new list, not one each. */
const ROOM_LIST_SETTLE_MS = 300;
/** Errors that refuse a join: shown beside the join form. */
const JOIN_ERRORS = new Set(['room_name_invalid', 'too_many_rooms', 'rooms_full']);

const $ = (id) => document.getElementById(id);
const ui = {
  login: $('login'),
  loginForm: $('login-form'),
  name: $('name'),
  password: $('password'),
  loginError: $('login-error'),
  join: $('join'),
  chat: $('chat'),
  status: $('status'),
  banner: $('banner'),
  bannerText: $('banner-text'),
  retry: $('retry'),
  roomsPanel: $('rooms-panel'),
  roomsSummary: $('rooms-summary'),
  myRooms: $('my-rooms'),
  joinForm: $('join-form'),
  roomName: $('room-name'),
  joinError: $('join-error'),
  allRooms: $('all-rooms'),
  allRoomsCount: $('all-rooms-count'),
  refreshRooms: $('refresh-rooms'),
  roomTitle: $('room-title'),
  topic: $('topic'),
  editTopic: $('edit-topic'),
  topicForm: $('topic-form'),
  topicLabel: $('topic-label'),
  topicInput: $('topic-input'),
  topicCancel: $('topic-cancel'),
  topicError: $('topic-error'),
  log: $('log'),
  older: $('older'),
  logStart: $('log-start'),
  messages: $('messages'),
  composer: $('composer'),
  input: $('input'),
  inputLabel: $('input-label'),
  composerError: $('composer-error'),
  members: $('members'),
  memberCount: $('member-count'),
};

const socketUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
let rooms = new Rooms();
let ownName = null;
let ownUser = null;
let session = null;
let noticeCounter = 0;
/** A room the user asked to join: shown once the server says the page is in it. */
let pendingSwitch = null;
/** The server's last list of every room. */
let roomList = [];
let roomListTimer = null;
const conversation = new Conversation(ui, () => loadOlder());
const topicView = new TopicView(ui, (text) => {
  if (!session) {
    throw new Error('not connected');
  }
  session.setTopic(rooms.current, text);
});

function showLogin(problem) {
  ui.chat.hidden = true;
  ui.login.hidden = false;
  ui.banner.hidden = true;
  ui.join.disabled = false;
  ui.loginError.textContent = problem || '';
  ui.status.textContent = problem ? 'Not connected.' : '';
  document.title = 'chatlab';
  ui.name.focus();
}

/** On a phone the rooms fold above the conversation once one is picked (their summary says which is in view). */
function foldRoomsOnPhone() {
  if (matchMedia('(max-width: 40rem)').matches) {
    ui.roomsPanel.open = false;
  }
}

function showChat() {
  ui.login.hidden = true;
  ui.chat.hidden = false;
  foldRoomsOnPhone();
  ui.input.focus();
}

/** The room an entry is for: a room by name (whispers and the page's own notices: the one in view). */
function roomFor(name) {
  return name === undefined ? rooms.currentRoom() : rooms.room(name);
}

/** Adds an entry to its room (unless it is shown there already) and, when the room is in view, to the view. */
function addEntry(entry, name) {
  const room = roomFor(name);
  if (room.has(entry)) {
    return;
  }
  entry.room = room.name;
  const { index, dropped } = room.add(entry);
  if (room !== rooms.currentRoom()) {
    if (!entry.history && room.countUnread(entry)) {
      drawMyRooms();
    }
    return;
  }
  conversation.added(room, entry, index, dropped, ownName);
}

function notice(text, room) {
  addEntry({ key: `n:${++noticeCounter}`, kind: 'notice', text, time: null }, room);
}

function updateEntry(roomName, key, change) {
  const room = roomName === rooms.lobby.name ? rooms.lobby : rooms.rooms.get(roomName);
  const entry = room?.entry(key);
  if (!entry) {
    return;
  }
  Object.assign(entry, change);
  if (room === rooms.currentRoom()) {
    conversation.updated(key, entry);
  }
}

function drawMembers() {
  const room = rooms.currentRoom();
  renderMembers(ui.members, room.members, ownName, (name) => {
    ui.input.value = `@${name}: `;
    ui.input.focus();
  });
  ui.memberCount.textContent = String(room.members.size);
}

function drawMyRooms() {
  const joined = rooms.joined();
  renderMyRooms(ui.myRooms, joined, rooms.current, { show: showRoomAndType, part: partRoom });
  const unread = joined.reduce((sum, room) => sum + room.unread, 0);
  const where = rooms.current === null ? 'in no room' : escapeText(rooms.current);
  ui.roomsSummary.textContent = unread > 0 ? `${where}; ${unread} unread` : where;
  document.title = unread > 0 ? `(${unread}) chatlab` : 'chatlab';
}

/** Asks for the page of history before the oldest message shown in the room in view. */
function loadOlder() {
  const room = rooms.currentRoom();
  const before = room.oldestSeq();
  if (!room.joined || !room.more || room.loadingOlder || before === null || !session) {
    return;
  }
  if (session.historyBefore(room.name, before)) {
    room.loadingOlder = true;
    conversation.drawStart(room);
  }
}

/**
 * The list of every room: the server's last answer, with what the page knows better for its own rooms (their people
 * and topic, from their presence and topic messages). So nothing in the user's rooms makes the page ask the server
 * again: only joining and leaving, the refresh every 30 s and the button do.
 */
function drawAllRooms() {
  const live = roomList.map((summary) => {
    const room = rooms.rooms.get(summary.room);
    return room?.joined ? { room: room.name, members: room.members.size, topic: room.topic?.text } : summary;
  });
  renderAllRooms(ui.allRooms, live, (name) => rooms.rooms.get(name)?.joined === true, joinRoom);
  ui.allRoomsCount.textContent = String(roomList.length);
}

/** Shows a room: its messages (a line marks where the unread ones begin), topic, members, and the lists. */
function showRoom(name) {
  rooms.current = name;
  const room = rooms.currentRoom();
  const firstUnread = room.markRead();
  const shown = room.joined ? escapeText(room.name) : 'No room';
  ui.roomTitle.textContent = shown;
  ui.inputLabel.textContent = room.joined ? `Message to ${shown}` : 'Message';
  conversation.show(room, firstUnread, ownName);
  topicView.show(room);
  drawMembers();
  drawMyRooms();
  drawAllRooms();
}

/** The user picked a room: it comes into view, ready to write in. */
function showRoomAndType(name) {
  showRoom(name);
  foldRoomsOnPhone();
  ui.input.focus();
}

/** Joins a room as typed ('#' added when missing), or shows it when the page is in it already. */
function joinRoom(typed) {
  const name = roomName(typed);
  ui.joinError.textContent = '';
  if (name.length <= 1) {
    ui.joinError.textContent = 'Type the name of a room, like #dev.';
    return false;
  }
  const known = rooms.find(name);
  if (known) {
    showRoomAndType(known.name);
    return true;
  }
  if (!session) {
    return false;
  }
  pendingSwitch = name;
  session.join(name);
  return true;
}

function partRoom(name) {
  session?.part(name);
}

/** Asks for the list of every room again, once changes have settled. */
function refreshRoomList(delayMs = ROOM_LIST_SETTLE_MS) {
  clearTimeout(roomListTimer);
  roomListTimer = setTimeout(() => session?.listRooms(), delayMs);
}

function showAway(detail) {
  const seconds = Math.max(1, Math.round(detail.inMs / 1000));
  const waiting = detail.waiting === 0 ? ''
      : detail.waiting === 1 ? ' 1 message waits to be sent.' : ` ${detail.waiting} messages wait to be sent.`;
  ui.bannerText.textContent = detail.nameHeld
    ? `The server still holds your previous connection; it lets it go when it hears nothing more from it. `
      + `Trying again in ${seconds} s.${waiting}`
    : `The server is away. Trying again in ${seconds} s.${waiting}`;
  ui.banner.hidden = false;
  ui.status.textContent = 'Not connected.';
}

const listener = {
  state(state, detail) {
    if (state === 'connecting') {
      ui.status.textContent = 'Connecting…';
    } else if (state === 'login') {
      ui.status.textContent = 'Logging in…';
    } else if (state === 'joined') {
      ui.banner.hidden = true;
      ui.status.textContent = `Connected as ${escapeText(ownName)}.`;
    } else if (state === 'away') {
      showAway(detail);
    }
  },
  welcome(welcome) {
    const first = ownName === null;
    ownName = welcome.name;
    ownUser = (welcome.users || []).find((user) => user.name === ownName) || { name: ownName, wire: 'v2' };
    if (first) {
      rooms.current = welcome.default_room || '#general'; // the server puts a new user there
      showChat();
      notice(`You joined as ${welcome.name}. Type /help for what you can do.`);
    } else {
      notice('You are back.');
    }
    refreshRoomList(0);
  },
  room(state) {
    const room = rooms.room(state.room);
    const news = !room.joined;
    room.joined = true;
    room.setMembers(state.users || []);
    room.members.set(ownName, ownUser); // the room's next presence announces the page's own join
    room.topic = state.topic ? { text: state.topic, by: state.topic_by, time: state.topic_time } : null;
    room.setEpoch(state.epoch);
    if (news) {
      notice(`You are in ${state.room}.${room.topic ? ` Topic: ${room.topic.text}` : ''}`, state.room);
      refreshRoomList();
    }
    if (pendingSwitch !== null) {
      pendingSwitch = null;
      showRoom(state.room);
      foldRoomsOnPhone();
    } else if (rooms.current === null || rooms.current === state.room) {
      showRoom(state.room);
    } else {
      drawMyRooms();
    }
  },
  presence(name, joined, left) {
    const room = rooms.rooms.get(name);
    if (!room) {
      return;
    }
    room.applyPresence(joined, left);
    for (const gone of left) {
      notice(`${gone.name} left${gone.reason ? ` (${gone.reason})` : ''}`, name);
    }
    for (const user of joined) {
      if (user.name !== ownName) {
        notice(`${user.name} joined`, name);
      }
    }
    if (room === rooms.currentRoom()) {
      drawMembers();
    }
    drawAllRooms();
  },
  topic(topic) {
    const room = rooms.rooms.get(topic.room);
    if (!room) {
      return;
    }
    room.topic = topic.text ? { text: topic.text, by: topic.by, time: topic.time } : null;
    notice(topic.text ? `${topic.by} set the topic: ${topic.text}` : `${topic.by} cleared the topic`, topic.room);
    if (room === rooms.currentRoom()) {
      topicView.draw();
    }
    drawAllRooms();
  },
  parted(name) {
    const wasCurrent = rooms.current === name;
    rooms.forget(name);
    notice(`You left ${name}.`, wasCurrent ? undefined : rooms.current ?? undefined);
    showRoom(rooms.current);
    if (document.activeElement === document.body && !ui.chat.hidden) {
      ui.input.focus(); // the room's leave button is gone with it: the keyboard goes on from the message box
    }
    refreshRoomList();
  },
  historyFailed(name, sentence) {
    const room = rooms.rooms.get(name);
    if (!room) {
      return;
    }
    room.loadingOlder = false;
    if (sentence) {
      notice(sentence, name);
    }
    if (room === rooms.currentRoom()) {
      conversation.drawStart(room);
    }
  },
  roomList(list) {
    roomList = list;
    drawAllRooms();
  },
  message(message) {
    const name = session.roomOf(message);
    const history = message.history === true;
    const room = rooms.rooms.get(name);
    if (history && room && Number.isInteger(message.seq) && !room.historyKnown) {
      room.newestHistorySeq = Math.max(room.newestHistorySeq, message.seq); // the page sent on joining
    }
    addEntry({
      key: `m:${message.from}:${message.id ?? `seq${message.seq}`}`,
      kind: message.action ? 'action' : 'message',
      from: message.from,
      text: message.text,
      time: message.time,
      wire: message.wire,
      seq: message.seq,
      history,
    }, name);
  },
  historyEnd(end) {
    const room = rooms.rooms.get(end.room);
    if (!room) {
      return;
    }
    if (!room.historyKnown && room.newestHistorySeq > 0) {
      // The messages from before the user came in: a line below them says so.
      addEntry({ key: `earlier:${room.name}`, kind: 'mark', history: true, seq: room.newestHistorySeq + 0.5,
        text: 'Earlier messages, from before you came in, are above this line.', time: null }, room.name);
    }
    room.historyKnown = true;
    room.more = end.more === true;
    room.loadingOlder = false;
    if (room === rooms.currentRoom()) {
      conversation.drawStart(room);
    }
  },
  whisper(whisper) {
    addEntry({ key: `w:${whisper.from}:${whisper.id}`, kind: 'whisper', from: whisper.from, text: whisper.text,
      time: whisper.time });
  },
  ack(item, ack) {
    updateEntry(item.shownIn, item.key, { state: 'acked', time: ack.time });
    const room = rooms.rooms.get(item.shownIn);
    const entry = room?.entry(item.key);
    if (entry && item.type === 'say' && !ack.duplicate && Number.isInteger(ack.seq)) {
      room.numbered(entry, ack.seq);
    }
  },
  failed(item, problem) {
    updateEntry(item.shownIn, item.key, { state: 'failed', problem });
  },
  notice(sentence, error) {
    if (error && JOIN_ERRORS.has(error.code)) {
      pendingSwitch = null;
      ui.joinError.textContent = sentence;
    } else if (error && error.code === 'topic_invalid') {
      topicView.refused(sentence);
    } else {
      notice(sentence);
    }
  },
  refused(sentence, code) {
    session = null;
    ownName = null;
    showLogin(sentence);
    if (code === 'auth_required' || code === 'login_failed') {
      ui.password.focus(); // the name is right; the password is what is missing or wrong
    }
  },
};

ui.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = ui.name.value.trim();
  if (name.length === 0) {
    ui.loginError.textContent = 'Type the name you want the others to see.';
    ui.name.focus();
    return;
  }
  rooms = new Rooms();
  roomList = [];
  pendingSwitch = null;
  ownName = null;
  conversation.clear();
  ui.loginError.textContent = '';
  ui.join.disabled = true;
  session = new ChatSession(listener, socketUrl);
  try {
    session.start(name, ui.password.value);
  } catch (e) {
    session = null;
    showLogin(e.message);
  }
});

/** A line for the room or someone: shown at once as the others will see it, marked once the server has it. */
function send(input) {
  const whisper = input.kind === 'direct';
  const room = rooms.currentRoom();
  if (!whisper && !room.joined) {
    ui.composerError.textContent = 'You are in no room: join one first (the list of rooms, or /join #room).';
    return false;
  }
  if (whisper && input.text.startsWith(' ')) {
    input.text = input.text.slice(1); // "@ben: hi" says "hi", as the console client whispers it
  }
  const entry = { kind: whisper ? 'whisper' : input.kind === 'action' ? 'action' : 'message', from: ownName,
    to: input.to, text: input.text, own: true, state: 'pending', time: null };
  try {
    const item = session.submit({ type: whisper ? 'whisper' : 'say', text: input.text, to: input.to,
      action: input.kind === 'action', room: whisper ? undefined : room.name });
    entry.key = `m:${ownName}:${item.id}`; // as the server's history names it
    item.key = entry.key;
    item.shownIn = room.name;
    entry.id = item.id;
  } catch (e) {
    ui.composerError.textContent = e.message;
    return false;
  }
  addEntry(entry);
  conversation.toEnd();
  return true;
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!session) {
    return;
  }
  const line = ui.input.value;
  const input = parse(line);
  ui.composerError.textContent = '';
  switch (input.kind) {
    case 'nothing':
      return;
    case 'help':
      HELP.forEach((sentence) => notice(sentence));
      break;
    case 'names': {
      const names = [...rooms.currentRoom().members.keys()].join(', ');
      notice(`Here: ${names}`);
      break;
    }
    case 'quit':
      session.quit();
      session = null;
      ownName = null;
      showLogin('You left the chat.');
      break;
    case 'join':
      if (!joinRoom(input.room)) {
        ui.composerError.textContent = ui.joinError.textContent;
        return;
      }
      break;
    case 'part': {
      const room = input.room ? rooms.find(input.room) : rooms.currentRoom();
      if (!room || !room.joined) {
        ui.composerError.textContent = input.room ? `You are not in ${input.room}.` : 'You are in no room.';
        return;
      }
      partRoom(room.name);
      break;
    }
    case 'topic': {
      const room = rooms.currentRoom();
      if (input.text === null) {
        notice(room.topic ? `The topic of ${room.name}: ${room.topic.text}` : `${room.name || 'This'} has no topic.`);
        break;
      }
      try {
        session.setTopic(room.name, input.text);
      } catch (e) {
        ui.composerError.textContent = e.message;
        return;
      }
      break;
    }
    case 'rooms':
      ui.roomsPanel.open = true;
      refreshRoomList(0);
      notice(`Rooms: ${roomList.map((r) => `${r.room} (${r.members})`).join(', ') || 'asked the server…'}`);
      break;
    case 'invalid':
      ui.composerError.textContent = input.problem;
      return;
    default:
      if (!send(input)) {
        return;
      }
  }
  ui.input.value = '';
});

ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    ui.input.value = '';
    ui.composerError.textContent = '';
  }
});

ui.joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (joinRoom(ui.roomName.value)) {
    ui.roomName.value = '';
  }
});

ui.refreshRooms.addEventListener('click', () => refreshRoomList(0));

// Alt+Up and Alt+Down: the previous and the next of the user's rooms, from anywhere on the page.
document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey || ui.chat.hidden
      || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) {
    return;
  }
  const next = rooms.neighbour(event.key === 'ArrowDown' ? 1 : -1);
  if (next !== null) {
    event.preventDefault();
    showRoom(next);
  }
});

setInterval(() => {
  if (session && document.visibilityState === 'visible') {
    session.listRooms();
  }
}, ROOM_LIST_REFRESH_MS);

ui.retry.addEventListener('click', () => session?.retryNow());
// The network is gone (the socket may not know for a while) or back (try at once, not at the next attempt).
window.addEventListener('offline', () => session?.networkLost());
window.addEventListener('online', () => session?.retryNow());

showLogin();
