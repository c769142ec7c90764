'use strict';
// Starts the telegram-test-api Bot API emulator on 127.0.0.1 for
// reportbot's end-to-end test (e2e_test.go). Usage: node emulator.js PORT
// Prints "listening PORT" once it accepts requests; stops on SIGTERM.
//
// Fills three gaps of telegram-test-api 4.2.1 (the published package has no
// start script of its own):
// - it has no files: a client route (POST /uploadFile {file_id, file_path,
//   data: base64}) stores one, and the Bot API's getFile and the file
//   download endpoint (/file/bot<token>/<path>) serve it, as Telegram does;
// - an unreachable or refusing webhook rejects a promise nobody awaits,
//   which would crash Node: the guard below logs it instead;
// - webhook deliveries lack the X-Telegram-Bot-Api-Secret-Token header that
//   real Telegram sends when setWebhook had a secret_token: added here, so
//   the bot's secret check is exercised as in production.
// - answerCallbackQuery is accepted but forgotten: the patch below keeps
//   each call, and POST /e2e/answeredCallbacks lists them, so the test can
//   see that every button press was answered.
const callbackRoute = require('telegram-test-api/lib/routes/bot/answerCallbackQuery');

const answeredCallbacks = [];
callbackRoute.answerCallbackQuery = (app) => {
  app.all('/bot:token/answerCallbackQuery', (req, res) => {
    answeredCallbacks.push({ token: req.params.token, ...req.body });
    res.sendResult({ ok: true, result: true });
  });
  app.post('/e2e/answeredCallbacks', (req, res) => {
    res.sendResult({ ok: true, result: answeredCallbacks.filter((c) => c.token === req.body.token) });
  });
};

const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');

// Files by file_id, as the test uploaded them. Routes are added to the
// package's route list before the server is built, so that they come
// before its catch-all unknown-method route and "Route not found".
const files = new Map();
routes.unshift((app) => {
  app.post('/uploadFile', (req, res) => {
    const { file_id: id, file_path: path, data } = req.body || {};
    if (!id || !path || typeof data !== 'string') {
      res.status(400).json({ ok: false, description: 'file_id, file_path and data (base64) are required' });
      return;
    }
    files.set(id, { path, bytes: Buffer.from(data, 'base64') });
    res.json({ ok: true, result: true });
  });
  app.all('/bot:token/getFile', (req, res) => {
    const id = (req.body && req.body.file_id) || req.query.file_id;
    const f = files.get(id);
    if (!f) {
      res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      return;
    }
    res.json({ ok: true, result: { file_id: id, file_unique_id: id, file_size: f.bytes.length, file_path: f.path } });
  });
  app.get('/file/bot:token/*', (req, res) => {
    const path = req.params[0];
    for (const f of files.values()) {
      if (f.path === path) {
        res.type('application/octet-stream').send(f.bytes);
        return;
      }
    }
    res.status(404).send('Not Found');
  });
});

process.on('unhandledRejection', (err) => {
  console.error('emulator: unhandled rejection:', err && err.message ? err.message : err);
});

TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
  if (!update || !update.botToken) {
    throw new Error('The message must contain a botToken field.');
  }
  const webhook = this.webhooks[update.botToken];
  if (!webhook) {
    this.storage.userMessages.push(update);
    this.updateId++;
    return;
  }
  const headers = { 'Content-Type': 'application/json' };
  if (webhook.secret_token) {
    headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
  }
  const body = JSON.stringify(TelegramServer.formatUpdate(update));
  this.updateId++;
  const resp = await fetch(webhook.url, { method: 'POST', headers, body });
  if (!resp.ok) {
    throw new Error(`webhook answered ${resp.status}`);
  }
};

async function main() {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error('usage: node emulator.js PORT');
  }
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  console.log(`listening ${port}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error('emulator:', err);
  process.exit(1);
});
