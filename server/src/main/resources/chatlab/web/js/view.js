// The page's DOM, built with createElement and textContent only: no text from anyone is ever parsed as HTML (the
// server's Content-Security-Policy makes the browser refuse HTML strings in any case). Names and texts are shown
// escaped as the console client shows them (safe-text.js); links are http(s) only, opened apart from this page.

import { escapeText, textParts } from './safe-text.js';

/** An element with a class and a text (never HTML). */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The text of a message, with its links. */
export function renderText(container, text) {
  for (const part of textParts(text)) {
    if (part.href) {
      const link = element('a', 'link', part.text);
      link.href = part.href;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      container.append(link);
    } else {
      container.append(document.createTextNode(part.text));
    }
  }
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function timeElement(iso) {
  const date = iso ? new Date(iso) : new Date();
  const node = element('time', 'time', timeFormat.format(date));
  node.dateTime = date.toISOString();
  return node;
}

const MARKS = {
  pending: { symbol: '…', label: 'sending' },
  acked: { symbol: '✓', label: 'delivered' },
  failed: { symbol: '✗', label: 'not sent' },
};

/**
 * An entry's line in the list. Kinds: message, action, whisper, notice, mark (the line below the history sent on
 * joining). History (messages from before the user came in, or scrolled back to) is marked as such.
 */
export function renderEntry(entry, ownName) {
  const item = element('li', `entry ${entry.kind}${entry.own ? ' own' : ''}${entry.history ? ' history' : ''}`);
  item.dataset.kind = entry.kind;
  item.dataset.key = entry.key;
  if (entry.from !== undefined) {
    item.dataset.from = entry.from;
  }
  if (entry.history) {
    item.dataset.history = 'true';
  }
  if (entry.kind === 'mark') {
    item.append(element('span', 'text', entry.text));
    return item;
  }
  item.append(timeElement(entry.time));
  if (entry.kind === 'notice') {
    const text = element('span', 'text');
    renderText(text, entry.text);
    item.append(' ', text);
    return item;
  }
  if (entry.kind === 'whisper') {
    const who = entry.own ? `you → ${escapeText(entry.to)}` : `${escapeText(entry.from)} → you`;
    item.append(' ', element('span', 'tag', 'direct'), ' ', element('span', 'from', who), ': ');
  } else if (entry.kind === 'action') {
    item.append(' ', element('span', 'from', `* ${escapeText(entry.from)}`), ' ');
  } else {
    item.append(' ', element('span', 'from', escapeText(entry.from)), ': ');
  }
  const text = element('span', 'text');
  renderText(text, entry.text);
  item.append(text);
  if (entry.own) {
    item.append(' ', element('span', 'mark'));
    updateMark(item, entry);
  } else if (entry.wire === 'lab') {
    item.append(' ', element('span', 'wire', '(lab)'));
  }
  return item;
}

/** Shows an own message's state: on its way, delivered, or not sent (with why). */
export function updateMark(item, entry) {
  item.dataset.state = entry.state;
  const mark = item.querySelector('.mark');
  if (!mark) {
    return;
  }
  const shown = MARKS[entry.state];
  mark.textContent = entry.state === 'failed' ? `${shown.symbol} not sent: ${entry.problem}` : shown.symbol;
  mark.title = shown.label;
  mark.setAttribute('aria-label', entry.state === 'failed' ? `not sent: ${entry.problem}` : shown.label);
}

/** The list of who is here: each name a button that starts a direct message. */
export function renderMembers(list, members, ownName, onPick) {
  const items = [];
  const sorted = [...members.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const user of sorted) {
    const item = element('li', 'member');
    item.dataset.name = user.name;
    const shown = escapeText(user.name);
    if (user.name === ownName) {
      item.append(element('span', 'name', `${shown} (you)`));
    } else {
      const button = element('button', 'name', shown);
      button.type = 'button';
      button.setAttribute('aria-label', `Write to ${shown} directly`);
      button.addEventListener('click', () => onPick(user.name));
      item.append(button);
    }
    if (user.wire === 'lab') {
      item.append(' ', element('span', 'wire', 'lab'));
    }
    items.push(item);
  }
  list.replaceChildren(...items);
}

/** Whether the list is scrolled to (near) its end: new lines then keep it there. */
export function atEnd(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
}
