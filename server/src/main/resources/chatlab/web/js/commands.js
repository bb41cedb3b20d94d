// What the user typed, as the console client reads it (client/.../UserInput.java): @NAME: TEXT and /msg NAME TEXT
// are direct messages, /me an action, #ls or /names lists who is here, /help, /quit; anything else goes to the
// room, and //text sends "/text". The page adds IRC's room commands: /join, /part, /topic, /rooms.

export const HELP = [
  'Type a message and press Enter to send it to the room.',
  '/me waves — an action: shown as "* you waves".',
  '@NAME: text or /msg NAME text — a direct message to NAME only (it goes through the server).',
  '#ls or /names — who is here.  /quit — leave.  //text sends "/text".',
  '/join #room — join a room (made if there is none).  /part — leave this room.  /rooms — every room.',
  '/topic text — set this room\'s topic.  Alt+↑ and Alt+↓ — the previous and the next of your rooms.',
  'A ✓ beside your message means the server has delivered it; … means it is on its way.',
];

/** @returns {{kind: string, text?: string, to?: string, problem?: string}} */
export function parse(line) {
  if (line.length === 0) {
    return { kind: 'nothing' };
  }
  if (line === '#ls' || line === '/names' || line === '/ls') {
    return { kind: 'names' };
  }
  if (line === '/help' || line === '/?') {
    return { kind: 'help' };
  }
  if (line === '/quit' || line === '/exit') {
    return { kind: 'quit' };
  }
  const room = roomCommand(line);
  if (room) {
    return room;
  }
  if (line[0] === '@') {
    const colon = line.indexOf(':');
    if (colon < 0) {
      return { kind: 'invalid', problem: 'a direct message is written @NAME: TEXT' };
    }
    const to = line.slice(1, colon).trim();
    if (to.length === 0) {
      return { kind: 'invalid', problem: 'a direct message needs a name after \'@\'' };
    }
    return { kind: 'direct', to, text: line.slice(colon + 1) };
  }
  if (line.startsWith('/msg ')) {
    const rest = line.slice(5).trim();
    const space = rest.indexOf(' ');
    if (space < 0 || rest.slice(space + 1).trim().length === 0) {
      return { kind: 'invalid', problem: 'write /msg NAME TEXT' };
    }
    return { kind: 'direct', to: rest.slice(0, space), text: rest.slice(space + 1) };
  }
  if (line.startsWith('/me ') && line.slice(4).trim().length > 0) {
    return { kind: 'action', text: line.slice(4).trim() };
  }
  if (line[0] === '/' && !line.startsWith('//')) {
    return { kind: 'invalid', problem: `unknown command ${line.split(' ', 1)[0]}; type /help for the list` };
  }
  return { kind: 'say', text: line.startsWith('//') ? line.slice(1) : line };
}

/** A room name as typed: '#' is added when it is missing ("dev" is "#dev"); the server checks the rest. */
export function roomName(typed) {
  const name = typed.trim();
  return name.length === 0 || name.startsWith('#') ? name : `#${name}`;
}

/** /join ROOM, /part [ROOM] (or /leave), /topic [TEXT], /rooms; null for any other line. */
function roomCommand(line) {
  const [command, ...rest] = line.split(' ');
  const argument = rest.join(' ').trim();
  switch (command) {
    case '/join':
    case '/j':
      return argument ? { kind: 'join', room: roomName(argument) } : { kind: 'invalid', problem: 'write /join #ROOM' };
    case '/part':
    case '/leave':
      return { kind: 'part', room: argument ? roomName(argument) : null };
    case '/topic':
      return { kind: 'topic', text: argument.length > 0 ? argument : null };
    case '/rooms':
    case '/list':
      return argument ? null : { kind: 'rooms' };
    default:
      return null;
  }
}
