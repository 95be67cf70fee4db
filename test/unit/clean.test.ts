/** Text from Octomind on its way to a terminal: what a line and what an error message keep. */
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanMessage } from '../../src/text/clean.js';

const ESC = '\x1b';
const OSC52 = `${ESC}]52;c;ZXZpbA==\x07`;

describe('cleanLine', () => {
  it('newline and tab become a space, so no line can be forged', () => {
    expect(cleanLine('log in\n  ✓  1 [chromium] › forged passing test')).toBe('log in   ✓  1 [chromium] › forged passing test');
    expect(cleanLine('a\tb\r\nc')).toBe('a b c');
  });

  it('removes other C0, DEL and C1 characters', () => {
    expect(cleanLine('a\x00b\x07c\x08d\x7fe\x85f\x9cg\rh')).toBe('abcdefgh');
  });

  it('removes escape sequences whole: colours, cursor moves, OSC 52 (clipboard), DCS, C1 CSI', () => {
    expect(cleanLine(`${ESC}[31mred${ESC}[0m`)).toBe('red');
    expect(cleanLine(`up${ESC}[2Aagain${ESC}[2K`)).toBe('upagain');
    expect(cleanLine(`https://app.octomind.dev/r/1${OSC52}`)).toBe('https://app.octomind.dev/r/1');
    expect(cleanLine(`a${ESC}]8;;https://evil${ESC}\\link${ESC}]8;;${ESC}\\b`)).toBe('alinkb');
    expect(cleanLine(`a${ESC}Pq#0;2;0;0;0${ESC}\\b`)).toBe('ab');
    expect(cleanLine('a\x9b31mb\x9d0;title\x07c')).toBe('abc');
    expect(cleanLine(`reset${ESC}c${ESC}7x`)).toBe('resetx');
    expect(cleanLine(`cut ${ESC}]52;c;unterminated`)).toBe('cut ');
    expect(cleanLine(`lone ${ESC}`)).toBe('lone ');
  });

  it('leaves text, unicode and emoji as they are', () => {
    for (const text of ['checkout as guest', 'Warenkorb füllen 🛒 – Größe', '注文を確定する', 'a [b] (c) {d} ~e']) expect(cleanLine(text)).toBe(text);
  });
});

describe('cleanMessage', () => {
  it('keeps lines, CRLF, tabs and colours (SGR), as Playwright error messages have them', () => {
    const message = `TimeoutError: locator.click: Timeout 5000ms exceeded.\nCall log:\r\n\t- waiting for ${ESC}[2mgetByRole('button')${ESC}[22m`;
    expect(cleanMessage(message)).toBe(message);
  });

  it('removes every other escape sequence, bare CR and NUL', () => {
    expect(cleanMessage(`boom${OSC52}\nline 2`)).toBe('boom\nline 2');
    expect(cleanMessage(`a${ESC}[2Jb${ESC}[1;1Hc`)).toBe('abc');
    expect(cleanMessage('progress 10%\rprogress 100%\x00')).toBe('progress 10%progress 100%');
    expect(cleanMessage(`x\x9b2Jy\x90dcs\x9cz`)).toBe('xyz');
    expect(cleanMessage('bell\x07 back\x08 del\x7f c1\x85')).toBe('bell back del c1');
  });
});
