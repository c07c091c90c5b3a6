<?php
// composer_compare.php: reads "A B" lines and prints "A B OP" as Composer
// orders them: both normalised by composer/semver's VersionParser (Debian's
// php-composer-semver), then compared with version_compare(), as Composer
// matches a version against a constraint. Pairs Composer cannot normalise are
// written to stderr and left out.
require '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\VersionParser;

$p = new VersionParser();
while (($l = fgets(STDIN)) !== false) {
    $f = preg_split('/\s+/', trim($l));
    if (count($f) < 2) {
        continue;
    }
    try {
        $c = version_compare($p->normalize($f[0]), $p->normalize($f[1]));
    } catch (UnexpectedValueException $e) {
        fwrite(STDERR, "not normalisable: $f[0] $f[1]\n");
        continue;
    }
    echo $f[0], ' ', $f[1], ' ', $c < 0 ? '<' : ($c > 0 ? '>' : '='), "\n";
}
