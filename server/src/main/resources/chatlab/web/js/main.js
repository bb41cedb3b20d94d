// The chat page: joins the forms and lists of index.html to the v2 session. The session speaks the wire; rooms.js
// holds what the page knows; view.js draws it.

import { ChatSession } from './session.js';
import { Rooms } from './rooms.js';
import { parse, HELP } from './commands.js';
import { renderEntry, renderMembers, updateMark, atEnd } from './view.js';
import { escapeText } from './safe-text.js';

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
  roomTitle: $('room-title'),
  log: $('log'),
  messages: $('messages'),
  composer: $('composer'),
  input: $('input'),
  composerError: $('composer-error'),
  members: $('members'),
  memberCount: $('member-count'),
};

const socketUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
let rooms = new Rooms();
let ownName = null;
let session = null;
let snapshotNext = false;
let noticeCounter = 0;

function showLogin(problem) {
  ui.chat.hidden = true;
  ui.login.hidden = false;
  ui.banner.hidden = true;
  ui.join.disabled = false;
  ui.loginError.textContent = problem || '';
  ui.status.textContent = problem ? 'Not connected.' : '';
  ui.name.focus();
}

function showChat() {
  ui.login.hidden = true;
  ui.chat.hidden = false;
  ui.input.focus();
}

function addEntry(entry) {
  const room = rooms.room(entry.room || rooms.current);
  const dropped = room.add(entry);
  if (room.name !== rooms.current) {
    return;
  }
  const follow = atEnd(ui.log);
  if (dropped) {
    ui.messages.querySelector(`[data-key="${CSS.escape(dropped.key)}"]`)?.remove();
  }
  ui.messages.append(renderEntry(entry, ownName));
  if (follow) {
    ui.log.scrollTop = ui.log.scrollHeight;
  }
}

function notice(text) {
  addEntry({ key: `n:${++noticeCounter}`, kind: 'notice', text, time: null });
}

function updateEntry(key, change) {
  const room = rooms.currentRoom();
  const entry = room.entry(key);
  if (!entry) {
    return;
  }
  Object.assign(entry, change);
  const item = ui.messages.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (item) {
    updateMark(item, entry);
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
    snapshotNext = Boolean(welcome.users_follow);
    rooms.currentRoom().clearMembers();
    if (first) {
      showChat();
      notice(`You joined as ${welcome.name}. Type /help for what you can do.`);
    } else {
      notice('You are back in the room.');
    }
  },
  presence(joined, left, first) {
    const room = rooms.currentRoom();
    const snapshot = first || snapshotNext;
    if (!first) {
      snapshotNext = false;
    }
    room.applyPresence(joined, left);
    if (!snapshot) {
      for (const gone of left) {
        notice(`${gone.name} left${gone.reason ? ` (${gone.reason})` : ''}`);
      }
      for (const user of joined) {
        if (user.name !== ownName) {
          notice(`${user.name} joined`);
        }
      }
    }
    drawMembers();
  },
  message(message) {
    addEntry({
      key: `m:${message.from}:${message.id ?? `seq${message.seq}`}`,
      room: rooms.roomOf(message).name,
      kind: message.action ? 'action' : 'message',
      from: message.from,
      text: message.text,
      time: message.time,
      wire: message.wire,
    });
  },
  whisper(whisper) {
    addEntry({ key: `w:${whisper.from}:${whisper.id}`, kind: 'whisper', from: whisper.from, text: whisper.text,
      time: whisper.time });
  },
  ack(item, ack) {
    updateEntry(item.key, { state: 'acked', time: ack.time });
  },
  failed(item, problem) {
    updateEntry(item.key, { state: 'failed', problem });
  },
  notice(sentence) {
    notice(sentence);
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
  ownName = null;
  ui.messages.replaceChildren();
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
    case 'invalid':
      ui.composerError.textContent = input.problem;
      return;
    default: {
      const whisper = input.kind === 'direct';
      if (whisper && input.text.startsWith(' ')) {
        input.text = input.text.slice(1); // "@ben: hi" says "hi", as the console client whispers it
      }
      const entry = { kind: whisper ? 'whisper' : input.kind === 'action' ? 'action' : 'message', from: ownName,
        to: input.to, text: input.text, own: true, state: 'pending', time: null };
      try {
        const item = session.submit({ type: whisper ? 'whisper' : 'say', text: input.text, to: input.to,
          action: input.kind === 'action' });
        entry.key = `own:${item.id}`;
        item.key = entry.key;
        entry.id = item.id;
      } catch (e) {
        ui.composerError.textContent = e.message;
        return;
      }
      addEntry(entry);
      ui.log.scrollTop = ui.log.scrollHeight;
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

ui.retry.addEventListener('click', () => session?.retryNow());
// The network is gone (the socket may not know for a while) or back (try at once, not at the next attempt).
window.addEventListener('offline', () => session?.networkLost());
window.addEventListener('online', () => session?.retryNow());

showLogin();
