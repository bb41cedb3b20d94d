// The conversation of the room in view: its entries in the log, the line where the unread ones begin, and the top of
// the log, where older messages are asked for (by scrolling there, or with the button, from the keyboard). History
// comes in above what the user reads; the user's place is kept by hand (the log's CSS anchoring is off), and a log
// at its end stays at its end.

import { element, renderEntry, updateMark, atEnd } from './view.js';
import { escapeText } from './safe-text.js';

/** Scrolled this close to the top of the conversation, older messages are asked for. */
const LOAD_OLDER_PX = 60;

export class Conversation {
  /**
   * @param ui {log, messages, older, logStart}: the elements of index.html
   * @param loadOlder called when the user asks for older messages
   */
  constructor(ui, loadOlder) {
    this.ui = ui;
    // Focusing the button scrolls it into view: that alone loads nothing (WCAG 3.2.1), Enter does.
    ui.log.addEventListener('scroll', () => {
      if (ui.log.scrollTop < LOAD_OLDER_PX && document.activeElement !== ui.older) {
        loadOlder();
      }
    });
    ui.older.addEventListener('click', loadOlder);
  }

  item(key) {
    return this.ui.messages.querySelector(`[data-key="${CSS.escape(key)}"]`);
  }

  /** Shows a room's entries; a line marks where the unread ones begin (`firstUnread`), else the log is at its end. */
  show(room, firstUnread, ownName) {
    const items = [];
    let divider = null;
    for (const entry of room.messages) {
      if (entry.key === firstUnread) {
        divider = element('li', 'divider', 'New messages');
        divider.dataset.kind = 'divider';
        items.push(divider);
      }
      items.push(renderEntry(entry, ownName));
    }
    const log = this.ui.log;
    // A room drawn whole is not news: a screen reader is not to read it all out as if it had just been said.
    log.setAttribute('aria-live', 'off');
    this.ui.messages.replaceChildren(...items);
    setTimeout(() => log.setAttribute('aria-live', 'polite'), 0);
    log.scrollTop = divider ? divider.offsetTop : log.scrollHeight; // the log is the divider's offsetParent
    this.drawStart(room);
  }

  /** An entry added to the room in view at `index` (see Room.add), and the one dropped from the top, if any. */
  added(room, entry, index, dropped, ownName) {
    const log = this.ui.log;
    const follow = atEnd(log);
    const height = log.scrollHeight;
    if (dropped) {
      this.item(dropped.key)?.remove();
    }
    const next = room.messages[index + 1];
    this.ui.messages.insertBefore(renderEntry(entry, ownName), next ? this.item(next.key) : null);
    if (follow) {
      log.scrollTop = log.scrollHeight;
    } else if (next) {
      log.scrollTop += log.scrollHeight - height; // history came in above: what the user reads stays put
    }
  }

  /** An own message's state changed (delivered, not sent). */
  updated(key, entry) {
    const item = this.item(key);
    if (item) {
      updateMark(item, entry);
    }
  }

  /** To the end: the user just wrote. */
  toEnd() {
    this.ui.log.scrollTop = this.ui.log.scrollHeight;
  }

  clear() {
    this.ui.messages.replaceChildren();
  }

  /** The top of the log: a button for older messages while the server has more, or where history begins. */
  drawStart(room) {
    const { log, older, logStart } = this.ui;
    const more = room.joined && room.more;
    if (!more && document.activeElement === older) {
      log.focus(); // the last page came: the keyboard's focus stays in the conversation
    }
    older.hidden = !more;
    log.setAttribute('aria-busy', String(room.loadingOlder)); // a page of older messages is read out as one
    older.textContent = room.loadingOlder ? 'Loading older messages…' : 'Load older messages';
    logStart.textContent = room.joined && room.historyKnown && !more
      ? `The beginning of what the server keeps of ${escapeText(room.name)}.` : '';
  }
}
