// A room's topic under its name, and the form that sets it (empty clears it; Escape or Cancel closes the form and
// gives the focus back to its button). Topics are anyone's text: shown escaped, links as links (view.js).

import { element, renderText } from './view.js';
import { escapeText } from './safe-text.js';

export class TopicView {
  /**
   * @param ui {topic, editTopic, topicForm, topicLabel, topicInput, topicCancel, topicError}: index.html's elements
   * @param setTopic (text) sets the topic of the room in view; throws with a sentence when it cannot
   */
  constructor(ui, setTopic) {
    this.ui = ui;
    this.room = null;
    ui.editTopic.addEventListener('click', () => {
      if (ui.topicForm.hidden) {
        this.open();
      } else {
        this.close();
      }
    });
    ui.topicForm.addEventListener('submit', (event) => {
      event.preventDefault();
      ui.topicError.textContent = '';
      try {
        setTopic(ui.topicInput.value.trim());
      } catch (e) {
        ui.topicError.textContent = e.message;
        return;
      }
      this.close();
    });
    ui.topicCancel.addEventListener('click', () => this.close());
    ui.topicInput.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        this.close();
      }
    });
  }

  open() {
    this.ui.topicForm.hidden = false;
    this.ui.editTopic.setAttribute('aria-expanded', 'true');
    this.ui.topicInput.value = this.room?.topic?.text ?? '';
    this.ui.topicInput.focus();
  }

  close() {
    const hadFocus = this.ui.topicForm.contains(document.activeElement);
    this.ui.topicForm.hidden = true;
    this.ui.editTopic.setAttribute('aria-expanded', 'false');
    if (hadFocus) {
      this.ui.editTopic.focus();
    }
  }

  /** A room came into view: its topic, the form closed. */
  show(room) {
    this.room = room;
    this.ui.topicLabel.textContent = `Topic of ${escapeText(room.name)}`;
    this.ui.topicError.textContent = '';
    this.ui.topicForm.hidden = true;
    this.ui.editTopic.setAttribute('aria-expanded', 'false');
    this.draw();
  }

  /** The topic of the room in view, as it is now. */
  draw() {
    const { topic, editTopic } = this.ui;
    const room = this.room;
    topic.replaceChildren();
    editTopic.hidden = !room.joined;
    topic.title = room.topic ? `set by ${escapeText(room.topic.by || '')}` : '';
    if (!room.joined) {
      topic.textContent = 'You are in no room: join one from the list of rooms.';
    } else if (room.topic) {
      renderText(topic, room.topic.text);
    } else {
      topic.append(element('span', 'hint', 'No topic.'));
    }
  }

  /** The server refused the topic: why, under the form. */
  refused(sentence) {
    this.ui.topicError.textContent = sentence;
  }
}
