// Serves the demo shop on 127.0.0.1 for the demo's local specs (started by Playwright's webServer).
const http = require('node:http');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const port = Number(process.argv[2] ?? 4510);
const page = readFileSync(path.join(__dirname, 'index.html'));
http
  .createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  })
  .listen(port, '127.0.0.1');
