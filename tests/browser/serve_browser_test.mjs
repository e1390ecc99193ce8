// hearsay serve in a real browser: Debian's chromium driven by playwright-core
// (web/node_modules). Usage:
//   node tests/browser/serve_browser_test.mjs BASE_URL SCREENSHOT_DIR
// against a server on the store tests/serve_test.py builds (`fixture`).
// Searches for a statement, opens its speaker's page, opens the page of the
// report they cited and sees who cited it; opens the crafted article and
// checks that its markup stayed text. Screenshots go to SCREENSHOT_DIR.
import {createRequire} from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const {chromium} = require('playwright-core');

const [base, shots] = process.argv.slice(2);
fs.mkdirSync(shots, {recursive: true});
let failures = 0;
function check(cond, what) {
  if (!cond) {
    failures++;
    console.log('FAIL:', what);
  }
}

const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                       args: ['--no-sandbox', '--disable-gpu']});
try {
  const page = await browser.newPage({viewport: {width: 1200, height: 900}});
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('dialog', d => { errors.push('dialog: ' + d.message()); d.dismiss(); });

  // 1. Search for a statement.
  await page.goto(base + '/#/');
  await page.fill('input[name=q]', 'school');
  await page.click('form.search button[type=submit]');
  await page.waitForSelector('#results .statement');
  const found = await page.locator('#results .statement .content').allTextContents();
  check(found.length === 2 && found.every(t => t.includes('We did not cut a single school')), `search: ${found}`);
  await page.screenshot({path: path.join(shots, '1-search.png'), fullPage: true});

  // 2. Open the speaker's page.
  await page.locator('#results .statement a.speaker').first().click();
  await page.waitForSelector('h1:has-text("Ingrid Solberg")');
  const outlets = await page.locator('table').nth(1).innerText();
  check(outlets.includes('Daily Planet') && outlets.includes('Evening Star'), `speaker outlets: ${outlets}`);
  await page.screenshot({path: path.join(shots, '2-speaker.png'), fullPage: true});

  // 3. Open the report they cited and see who cited it, and how.
  await page.locator('a[href^="#/cited/"]').first().click();
  await page.waitForSelector('h1:has-text("housing report")');
  const who = await page.locator('table').first().innerText();
  check(who.includes('Ingrid Solberg') && who.includes('Erik Berg'), `cited by: ${who}`);
  const stances = await page.locator('.stances').innerText();
  check(stances.includes('support: 1') && stances.includes('reject: 1'), `stances: ${stances}`);
  await page.screenshot({path: path.join(shots, '3-cited.png'), fullPage: true});

  // 4. The crafted article: its <script> and <img onerror> are shown as text.
  await page.goto(base + '/#/?speaker=Mallory');
  await page.waitForSelector('#results .statement');
  await page.locator('#results .statement a.doc').first().click();
  await page.waitForSelector('#article mark');
  const article = await page.locator('#article').innerText();
  check(article.includes('<script>window.__pwned = 1</script>'), `article text: ${article}`);
  check(await page.locator('#article script, #article img, main img').count() === 0, 'no element made from the text');
  check(await page.evaluate(() => window.__pwned) === undefined, 'the crafted markup did not run');
  const hover = await page.locator('#article mark').first().getAttribute('title');
  check(hover.includes('cue: said'), `hover shows the cue: ${hover}`);
  await page.screenshot({path: path.join(shots, '4-crafted-article.png'), fullPage: true});

  // 5. The graph renders its nodes.
  await page.goto(base + '/#/graph');
  await page.waitForSelector('#graph canvas');
  await page.screenshot({path: path.join(shots, '5-graph.png')});
  check(errors.length === 0, `page errors: ${errors}`);
} finally {
  await browser.close();
}
console.log(failures ? `${failures} checks failed` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
