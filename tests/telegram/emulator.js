'use strict';
// Starts the telegram-test-api Bot API emulator on 127.0.0.1 for
// reportbot's end-to-end test (e2e_test.go). Usage: node emulator.js PORT
// Prints "listening PORT" once it accepts requests; stops on SIGTERM.
//
// Fills three gaps of telegram-test-api 4.2.1 (the published package has no
// start script of its own):
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
