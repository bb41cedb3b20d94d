// The rooms panel's DOM, built with createElement and textContent only (as view.js): the rooms the user is in (each
// a button that shows it, with its unread count, and one that leaves it) and every room on the server (with its
// members and topic, each a button that joins it). Room names are restricted by the server, topics are anyone's
// text: both are shown escaped. The lists change often (an unread line, a new list every 30 s): their items are
// updated in place, so a button that has the keyboard's focus keeps it.

import { escapeText } from './safe-text.js';
import { element, renderText } from './view.js';

/**
 * Keeps one item per key in `list`, in the keys' order: an item already there is updated in place, a new one is
 * made, one whose key is gone is removed.
 */
function reconcile(list, keys, make, update) {
  const existing = new Map([...list.children].map((item) => [item.dataset.room, item]));
  keys.forEach((key, index) => {
    let item = existing.get(key);
    existing.delete(key);
    if (!item) {
      item = make(key);
      item.dataset.room = key;
    }
    update(item);
    if (list.children[index] !== item) {
      list.insertBefore(item, list.children[index] || null);
    }
  });
  for (const gone of existing.values()) {
    gone.remove();
  }
}

function button(className, text, onClick) {
  const node = element('button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/**
 * The rooms the user is in. `actions`: show(name), part(name).
 * @param {import('./rooms.js').Room[]} joined
 */
export function renderMyRooms(list, joined, current, actions) {
  const byName = new Map(joined.map((room) => [room.name, room]));
  reconcile(list, [...byName.keys()], (name) => {
    const item = element('li', 'my-room');
    const shown = escapeText(name);
    const part = button('part', '×', () => actions.part(name));
    part.title = `Leave ${shown}`;
    part.setAttribute('aria-label', `Leave ${shown}`);
    item.append(button('room-name', shown, () => actions.show(name)), part);
    return item;
  }, (item) => {
    const room = byName.get(item.dataset.room);
    item.dataset.unread = String(room.unread);
    const open = item.querySelector('.room-name');
    open.textContent = escapeText(room.name);
    if (room.unread > 0) {
      const badge = element('span', 'badge', String(room.unread));
      badge.append(element('span', 'visually-hidden', room.unread === 1 ? ' unread message' : ' unread messages'));
      open.append(' ', badge);
    }
    if (room.name === current) {
      open.setAttribute('aria-current', 'true');
    } else {
      open.removeAttribute('aria-current');
    }
  });
}

/**
 * Every room on the server, as its last `rooms` answer listed them: a button that joins (or shows) each, its number
 * of members and its topic. `isIn(name)` tells the rooms the user is in; `join(name)` joins or shows one.
 */
export function renderAllRooms(list, summaries, isIn, join) {
  const byName = new Map(summaries.filter((s) => typeof s.room === 'string').map((s) => [s.room, s]));
  reconcile(list, [...byName.keys()], (name) => {
    const item = element('li', 'any-room');
    item.append(button('room-name', escapeText(name), () => join(name)), ' ', element('span', 'count'), ' ',
        element('span', 'tag'), element('span', 'room-topic'));
    return item;
  }, (item) => {
    const summary = byName.get(item.dataset.room);
    const members = Number(summary.members) || 0;
    const inIt = isIn(summary.room);
    item.dataset.members = String(members);
    item.querySelector('.room-name').setAttribute('aria-label', `${inIt ? 'Show' : 'Join'} `
        + `${escapeText(summary.room)}`);
    item.querySelector('.count').textContent = members === 1 ? '1 person' : `${members} people`;
    item.querySelector('.tag').textContent = inIt ? 'joined' : '';
    const topic = item.querySelector('.room-topic');
    topic.replaceChildren();
    if (typeof summary.topic === 'string') {
      renderText(topic, summary.topic);
    }
  });
}
