// helpers/dashboard.js BASE_URL TOKEN OUTDIR: drives Debian's chromium through
// playwright-core over the dashboard as a person would: opens the portfolio
// (sent to sign in), signs in with the token, browses the portfolio, opens a
// product, a claim and the deadlines, signs out. Takes screenshots and records
// every request and console message; prints a JSON summary and exits 1 when a
// request leaves the server, a console error occurs or a step fails.
'use strict';
const path = require('path');
const { chromium } = require(path.join(process.env.NODE_DIR, 'node_modules/playwright-core'));

const [base, token, outdir] = process.argv.slice(2);
const summary = { requests: [], foreign: [], console_errors: [], steps: [], cookie: null };

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
	});
	let ok = false;
	try {
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		const page = await context.newPage();
		page.on('request', (r) => {
			summary.requests.push(r.url());
			if (!r.url().startsWith(base + '/')) summary.foreign.push(r.url());
		});
		page.on('console', (m) => { if (m.type() === 'error') summary.console_errors.push(m.text()); });
		page.on('pageerror', (e) => summary.console_errors.push(String(e)));

		await page.goto(base + '/portfolio');
		if (!page.url().endsWith('/login')) throw new Error('not sent to /login: ' + page.url());
		summary.steps.push('sent to sign-in');
		await page.fill('#token', token);
		await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
		if (!page.url().endsWith('/portfolio')) throw new Error('sign-in failed: ' + page.url());
		const c = (await context.cookies()).find((x) => x.name === 'vouch_session');
		summary.cookie = c ? { httpOnly: c.httpOnly, sameSite: c.sameSite, secure: c.secure } : null;
		summary.steps.push('signed in');
		const rows = await page.$$eval('tbody tr', (trs) => trs.map((t) => t.innerText));
		summary.portfolio_rows = rows.length;
		summary.portfolio_text = rows.join('\n');
		await page.screenshot({ path: path.join(outdir, 'portfolio.png'), fullPage: true });
		await Promise.all([page.waitForNavigation(), page.click('p.nav a:text("Worst first")')]);
		const u = new URL(page.url());
		summary.worst_url = u.pathname + u.search;
		summary.worst_rows = await page.$$eval('tbody tr', (t) => t.length);
		await Promise.all([page.waitForNavigation(), page.click('p.nav a:text("By name")')]);
		summary.steps.push('portfolio worst first and back');
		await Promise.all([page.waitForNavigation(), page.click('a[href="/product/lantern"]')]);
		summary.product_title = await page.textContent('h1');
		summary.product_claims = await page.$$eval('a[href^="/claim/"]', (a) => a.length);
		await page.screenshot({ path: path.join(outdir, 'product.png'), fullPage: true });
		summary.steps.push('product page');
		await Promise.all([page.waitForNavigation(), page.click('a[href="/claim/1.1.1"]')]);
		summary.claim_rows = await page.$$eval('tbody tr', (t) => t.length);
		await page.goto(base + '/deadlines');
		summary.deadlines_title = await page.textContent('h1');
		summary.deadlines = await page.$$eval('tbody tr', (trs) =>
			trs.map((t) => ({
				cells: [...t.querySelectorAll('td')].map((c) => c.innerText),
				late: t.classList.contains('late'),
			})));
		await page.screenshot({ path: path.join(outdir, 'deadlines.png'), fullPage: true });
		summary.steps.push('deadlines page');
		if (summary.deadlines.length) {
			await Promise.all([page.waitForNavigation(), page.click('tbody tr a[href^="/product/"]')]);
			summary.deadline_link = new URL(page.url()).pathname;
		}
		await Promise.all([page.waitForNavigation(), page.click('header form button')]);
		summary.after_signout = new URL(page.url()).pathname;
		await page.goto(base + '/portfolio');
		summary.after_signout_portfolio = new URL(page.url()).pathname;
		summary.steps.push('signed out');
		ok = summary.foreign.length === 0 && summary.console_errors.length === 0;
	} catch (e) {
		summary.error = String(e);
	} finally {
		await browser.close();
	}
	console.log(JSON.stringify(summary, null, 1));
	process.exit(ok ? 0 : 1);
})();
