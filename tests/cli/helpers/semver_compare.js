// Reads "A B" lines, prints "A B OP" as the npm semver package orders them
// (strict parsing). With --go, Go module versions are mapped first: the
// leading "v" dropped and vMAJOR / vMAJOR.MINOR padded with ".0".
const semver = require(process.env.SEMVER_DIR);
const go = process.argv.includes("--go");
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
const map = (v) => {
	if (!go) return v;
	v = v.replace(/^v/, "");
	const m = /^(\d+)(\.\d+)?$/.exec(v);
	if (m) v = m[1] + (m[2] || ".0") + ".0";
	return v;
};
const ok = (v) => {
	const p = semver.parse(v);
	return p && p.prerelease.every((id) => typeof id === "number" || !/^[0-9]+$/.test(id));
};
let dropped = 0;
const out = [];
for (const l of lines) {
	const [a, b] = l.split(" ");
	const x = map(a), y = map(b);
	if (!ok(x) || !ok(y)) {
		dropped++;
		continue;
	}
	const c = semver.compare(x, y);
	out.push(a + " " + b + " " + (c < 0 ? "<" : c > 0 ? ">" : "="));
}
process.stdout.write(out.join("\n") + "\n");
process.stderr.write("dropped " + dropped + " pairs npm semver refuses\n");
