// Lantern status page: renders the backend's status for the browser.
const escapeHtml = require('escape-html');
const ms = require('ms');
const dayjs = require('dayjs');

function render(status, checkedAt) {
  const age = ms(Date.now() - checkedAt, { long: true });
  return `<p>Language ${escapeHtml(status.language)}, checked ${age} ago ` +
    `(${dayjs(checkedAt).format('YYYY-MM-DD HH:mm')})</p>`;
}

module.exports = { render };
