// Random CVSS vectors of every version, scored by ae-cvss-calculator.
// usage: node cvss-oracle.js COUNT SEED  -> lines "VECTOR<TAB>SCORE"
// For 2.0, 3.0 and 3.1 the base score is compared (vouch cvss prints it);
// for 4.0 the overall CVSS-B/BT/BE/BTE score.
'use strict';
const path = require('path');
const c = require(path.join(process.env.NODE_DIR, 'node_modules', 'ae-cvss-calculator'));
const count = +process.argv[2] || 1000;
let seed = +process.argv[3] || 1;
function rnd(n) { // xorshift32: reproducible without a dependency
	seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
	return seed % n;
}
const pick = a => a[rnd(a.length)];
const v2 = [['AV', 'LAN'], ['AC', 'HML'], ['Au', 'MSN'], ['C', 'NPC'], ['I', 'NPC'], ['A', 'NPC']];
const v2t = [['E', ['U', 'POC', 'F', 'H', 'ND']], ['RL', ['OF', 'TF', 'W', 'U', 'ND']], ['RC', ['UC', 'UR', 'C', 'ND']]];
const v2e = [['CDP', ['N', 'L', 'LM', 'MH', 'H', 'ND']], ['TD', ['N', 'L', 'M', 'H', 'ND']],
	['CR', ['L', 'M', 'H', 'ND']], ['IR', ['L', 'M', 'H', 'ND']], ['AR', ['L', 'M', 'H', 'ND']]];
const v3 = [['AV', 'NALP'], ['AC', 'LH'], ['PR', 'NLH'], ['UI', 'NR'], ['S', 'UC'], ['C', 'HLN'], ['I', 'HLN'], ['A', 'HLN']];
const v3o = [['E', 'XHFPU'], ['RL', 'XUWTO'], ['RC', 'XCRU'], ['CR', 'XHML'], ['IR', 'XHML'], ['AR', 'XHML'],
	['MAV', 'XNALP'], ['MAC', 'XLH'], ['MPR', 'XNLH'], ['MUI', 'XNR'], ['MS', 'XUC'], ['MC', 'XHLN'], ['MI', 'XHLN'], ['MA', 'XHLN']];
const v4 = [['AV', 'NALP'], ['AC', 'LH'], ['AT', 'NP'], ['PR', 'NLH'], ['UI', 'NPA'], ['VC', 'HLN'], ['VI', 'HLN'], ['VA', 'HLN'], ['SC', 'HLN'], ['SI', 'HLN'], ['SA', 'HLN']];
const v4o = [['E', 'XAPU'], ['CR', 'XHML'], ['IR', 'XHML'], ['AR', 'XHML'], ['MAV', 'XNALP'], ['MAC', 'XLH'], ['MAT', 'XNP'],
	['MPR', 'XNLH'], ['MUI', 'XNPA'], ['MVC', 'XHLN'], ['MVI', 'XHLN'], ['MVA', 'XHLN'], ['MSC', 'XHLN'], ['MSI', 'XSHLN'], ['MSA', 'XSHLN'],
	['S', 'XNP'], ['AU', 'XNY'], ['R', 'XAUI'], ['V', 'XDC'], ['RE', 'XLMH'], ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']]];
const base = ms => ms.map(([k, vs]) => k + ':' + pick([...vs]));
const some = (ms, p) => ms.filter(() => rnd(100) < p).map(([k, vs]) => k + ':' + pick([...vs]));
const out = [];
for (let i = 0; i < count; i++) {
	const kind = i % 4;
	let vec, score;
	if (kind === 0) {
		let parts = base(v2);
		if (rnd(3) === 0) parts = parts.concat(base(v2t));
		if (rnd(3) === 0) parts = parts.concat(base(v2e));
		vec = parts.join('/');
		score = new c.Cvss2(vec).calculateScores().base;
	} else if (kind === 1 || kind === 2) {
		const ver = kind === 1 ? '3.0' : '3.1';
		vec = 'CVSS:' + ver + '/' + base(v3).concat(some(v3o, 30)).join('/');
		score = (ver === '3.0' ? new c.Cvss3P0(vec) : new c.Cvss3P1(vec)).calculateScores().base;
	} else {
		const p = rnd(3) === 0 ? 0 : rnd(60);
		vec = 'CVSS:4.0/' + base(v4).concat(some(v4o, p)).join('/');
		score = new c.Cvss4P0(vec).calculateScores().overall;
	}
	out.push(vec + '\t' + score.toFixed(1));
}
process.stdout.write(out.join('\n') + '\n');
