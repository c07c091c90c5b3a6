// usage: node csaf-cvss-doc.js N SEED > doc.json
// A CSAF document with N random CVSS v2, v3.0 and v3.1 vectors (base, temporal and environmental
// metrics) whose scores and severities ae-cvss-calculator (npm) computed: the oracle of
// vouch advisory check's test 6.1.9. NODE_PATH must reach ae-cvss-calculator.
const m = require('ae-cvss-calculator');
let seed = +process.argv[3] || 1;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = (a) => a[rnd(a.length)];
const sev = (s) => s === 0 ? 'NONE' : s < 4 ? 'LOW' : s < 7 ? 'MEDIUM' : s < 9 ? 'HIGH' : 'CRITICAL';
const scores = [];
for (let i = 0; i < +process.argv[2]; i++) {
  if (rnd(3) === 0) { // CVSS v2: the schema has scores only, no severities
    let vec = `AV:${pick(['L', 'A', 'N'])}/AC:${pick(['H', 'M', 'L'])}/Au:${pick(['M', 'S', 'N'])}/C:${pick(['N', 'P', 'C'])}/I:${pick(['N', 'P', 'C'])}/A:${pick(['N', 'P', 'C'])}`;
    const opt2 = { E: ['U', 'POC', 'F', 'H', 'ND'], RL: ['OF', 'TF', 'W', 'U', 'ND'], RC: ['UC', 'UR', 'C', 'ND'],
      CDP: ['N', 'L', 'LM', 'MH', 'H', 'ND'], TD: ['N', 'L', 'M', 'H', 'ND'], CR: ['L', 'M', 'H', 'ND'], IR: ['L', 'M', 'H', 'ND'], AR: ['L', 'M', 'H', 'ND'] };
    for (const k of Object.keys(opt2)) if (rnd(3) === 0) vec += `/${k}:${pick(opt2[k])}`;
    const c = new m.Cvss2(vec).calculateScores();
    const o = { version: '2.0', vectorString: vec, baseScore: c.base };
    if (c.temporal !== undefined) o.temporalScore = c.temporal;
    scores.push({ products: ['P1'], cvss_v2: o }); // v2 environmental: not judged by vouch
    continue;
  }
  const v31 = rnd(2) === 0;
  let vec = `CVSS:${v31 ? '3.1' : '3.0'}/AV:${pick('NALP')}/AC:${pick('LH')}/PR:${pick('NLH')}/UI:${pick('NR')}/S:${pick('UC')}/C:${pick('NLH')}/I:${pick('NLH')}/A:${pick('NLH')}`;
  const opt = { E: 'XUPFH', RL: 'XOTWU', RC: 'XURC', CR: 'XLMH', IR: 'XLMH', AR: 'XLMH', MAV: 'XNALP', MAC: 'XLH', MPR: 'XNLH', MUI: 'XNR', MS: 'XUC', MC: 'XNLH', MI: 'XNLH', MA: 'XNLH' };
  for (const k of Object.keys(opt)) if (rnd(3) === 0) vec += `/${k}:${pick(opt[k])}`;
  const c = new (v31 ? m.Cvss3P1 : m.Cvss3P0)(vec).calculateScores();
  scores.push({ products: ['P1'], cvss_v3: { version: v31 ? '3.1' : '3.0', vectorString: vec,
    baseScore: c.base, baseSeverity: sev(c.base) } });
  const o = scores[scores.length - 1].cvss_v3;
  if (c.temporal !== undefined) { o.temporalScore = c.temporal; o.temporalSeverity = sev(c.temporal); }
  if (c.environmental !== undefined) { o.environmentalScore = c.environmental; o.environmentalSeverity = sev(c.environmental); }
}
// one score per product and version (6.1.7): a product per score
scores.forEach((s, i) => { s.products = ['P' + i]; });
const doc = { document: { category: 'csaf_base', csaf_version: '2.0', publisher: { category: 'vendor', name: 'x', namespace: 'https://x.example' },
  title: 't', tracking: { current_release_date: '2026-01-01T00:00:00Z', id: 'X-1', initial_release_date: '2026-01-01T00:00:00Z',
  revision_history: [{ date: '2026-01-01T00:00:00Z', number: '1', summary: 's' }], status: 'final', version: '1' } },
  product_tree: { full_product_names: scores.map((s, i) => ({ name: 'p' + i, product_id: 'P' + i })) },
  vulnerabilities: [{ scores }] };
console.log(JSON.stringify(doc, null, 1));
