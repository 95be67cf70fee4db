/**
 * Text from Octomind on its way to a terminal. A title, a URL or a status name is one line: a
 * newline in it would let a server print a forged `✓ … passed` line under the list reporter, an
 * OSC 52 sequence would write the user's clipboard. ECMA-48 escape sequences are removed whole (not
 * only their ESC, which would leave `[31m` behind), then every other control character.
 */

/**
 * CSI (`ESC [` or its C1 form) with its parameter, intermediate and final bytes; OSC, DCS, SOS, PM
 * and APC up to their terminator (BEL or ST) or the end of the text; any other `ESC` with what
 * follows it.
 */
/* eslint-disable no-control-regex -- matching control characters is this file's job */
const ESCAPE_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[ -/]*[0-~]?/g;
/** Select Graphic Rendition: the colours Playwright itself puts in error messages. */
const SGR = /^\x1b\[[0-9;:]*m$/;
/** C0, DEL and C1. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
/** What a message keeps of C0: tab, newline, a CR before a newline, and ESC (only inside an SGR by then). */
const MESSAGE_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]|\r(?!\n)/g;

/** A title, URL, status name or printed line: newline and tab become a space, other control characters go. */
export function cleanLine(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(/[\n\t]/g, ' ').replace(CONTROL, '');
}

/**
 * An error message: its lines and colours (SGR) stay, every other escape sequence, a bare CR, NUL
 * and the other control characters go. Otherwise verbatim.
 */
export function cleanMessage(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, (sequence) => (SGR.test(sequence) ? sequence : '')).replace(MESSAGE_CONTROL, '');
}
