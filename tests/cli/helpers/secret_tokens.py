#!/usr/bin/env python3
"""Plants credentials for `vouch secrets` tests and the bench.

    secret_tokens.py planted DIR    one file per rule holding one valid token of
                                    that rule in a realistic context; prints
                                    "RULE PATH LINE SECRET" lines (the manifest)
    secret_tokens.py nearmiss DIR   files that must give no finding: bad
                                    checksums, placeholders, lockfile hashes,
                                    vouch:allow lines, heuristics in fixtures

Tokens are random (os.urandom) and follow each provider's documented format;
GitHub and npm checksums are computed with zlib.crc32, independently of vouch.
"""
import base64
import json
import os
import secrets as rnd
import sys
import zlib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PLACEHOLDER_WORDS = ("example", "xxxx", "your", "dummy", "sample", "fake", "12345",
                     "abcdef", "lorem", "insert", "replace")


def clean(s):
    low = s.lower()
    if any(w in low for w in PLACEHOLDER_WORDS):
        return False
    return all(s[i:i + 6] != s[i] * 6 for i in range(len(s)))


def rand(alphabet, n):
    while True:
        s = "".join(rnd.choice(alphabet) for _ in range(n))
        if clean(s):
            return s


def b62(v, width=6):
    out = ""
    while v:
        out = B62[v % 62] + out
        v //= 62
    return out.rjust(width, "0")


def crc_token(prefix):
    body = rand(B62, 30)
    return prefix + body + b62(zlib.crc32(body.encode()))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt():
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps({"sub": rand(B62, 10), "iat": 1760000000}).encode())
    return head + "." + body + "." + b64url(os.urandom(32))


def pem_body(nbytes):
    raw = base64.b64encode(os.urandom(nbytes)).decode()
    return "\n".join(raw[i:i + 64] for i in range(0, len(raw), 64))


B64URL = B62 + "-_"
AWS_ID = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def aws_secret():
    while True:
        v = rand(B62 + "+/", 40)
        if any(c.isdigit() for c in v) and any(c.islower() for c in v) and \
                any(c.isupper() for c in v):
            return v


def planted():
    """(rule, file name, text with {s} where the secret goes, secret) for every rule."""
    aws_id = "AKIA" + rand(AWS_ID, 16)
    rsa, ossh, pgp = pem_body(1190), pem_body(300), pem_body(900)
    return [
        ("github-pat", "deploy.sh", "#!/bin/sh\nexport GITHUB_TOKEN={s}\n", crc_token("ghp_")),
        ("github-oauth", "oauth.json", '{{\n  "access_token": "{s}"\n}}\n', crc_token("gho_")),
        ("github-user-to-server", "app.py", "TOKEN = '{s}'\n", crc_token("ghu_")),
        ("github-server-to-server", "ci.yml", "env:\n  GH: {s}\n", crc_token("ghs_")),
        ("github-refresh", "refresh.txt", "refresh {s}\n", crc_token("ghr_")),
        ("github-fine-grained-pat", "fine.env", "GH_PAT={s}\n",
         "github_pat_" + rand(B62, 22) + "_" + rand(B62, 59)),
        ("gitlab-pat", "gitlab.sh", "curl -H 'PRIVATE-TOKEN: {s}' x\n", "glpat-" + rand(B64URL, 20)),
        ("gitlab-deploy-token", "deploy.txt", "{s}\n", "gldt-" + rand(B64URL, 20)),
        ("gitlab-runner-token", "runner.toml", 'token = "{s}"\n', "glrt-" + rand(B64URL, 20)),
        ("gitlab-pipeline-trigger", "trigger.sh", "T={s}\n",
         "glptt-" + rand("0123456789abcdef", 40)),
        ("gitlab-other-token", "oauth.cfg", "secret: {s}\n", "gloas-" + rand(B64URL, 64)),
        ("aws-access-key", "credentials",
         "[default]\naws_access_key_id = {s}\naws_secret_access_key = " + aws_secret() + "\n",
         aws_id),
        ("google-api-key", "maps.js", 'const key = "{s}";\n', "AIza" + rand(B64URL, 35)),
        ("slack-token", "slack.env", "SLACK_BOT_TOKEN={s}\n",
         "xoxb-%s-%s-%s" % (rand("0123456789", 12), rand("0123456789", 13), rand(B62, 24))),
        ("slack-webhook", "notify.sh", "curl -X POST {s}\n",
         "https://hooks.slack.com/services/T%s/B%s/%s" % (rand(AWS_ID, 10), rand(AWS_ID, 10),
                                                           rand(B62, 24))),
        ("stripe-secret-key", "pay.rb", "Stripe.api_key = '{s}'\n", "sk_live_" + rand(B62, 99)),
        ("npm-token", ".npmrc", "//registry.npmjs.org/:_authToken={s}\n", crc_token("npm_")),
        ("pypi-token", ".pypirc", "[pypi]\nusername = __token__\npassword = {s}\n",
         "pypi-AgEIcHlwaS5vcmc" + rand(B64URL, 150)),
        ("dockerhub-token", "docker.sh", "echo {s} | docker login\n",
         "dckr_pat_" + rand(B64URL, 27)),
        ("private-key", "id_rsa", "{s}\n", "-----BEGIN RSA PRIVATE KEY-----\n%s\n"
         "-----END RSA PRIVATE KEY-----" % rsa),
        ("private-key", "id_ed25519", "{s}\n", "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n"
         "-----END OPENSSH PRIVATE KEY-----" % ossh),
        ("private-key", "secret.asc", "{s}\n", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n%s\n"
         "-----END PGP PRIVATE KEY BLOCK-----" % pgp),
        ("jwt", "session.txt", "Authorization: Bearer {s}\n", jwt()),
        ("url-password", "settings.py",
         "DATABASE_URL = 'postgres://app:{s}@db.internal:5432/app'\n", rand(B62, 16)),
        # letters and digits mixed, as the rule asks (32 random base62 characters are all
        # letters about once in 300 runs)
        ("secret-generic", "config.yaml", 'service:\n  client_secret: "{s}"\n',
         rand(B62, 31) + rnd.choice("0123456789")),
    ]


def cmd_planted(d):
    """Writes the files; prints RULE FILE LINE PROBE, PROBE being a part of
    the secret no output may show (its middle third, or a key's second line)."""
    os.makedirs(d, exist_ok=True)
    for rule, name, text, secret in planted():
        full = text.format(s=secret)
        with open(os.path.join(d, name), "w") as f:
            f.write(full)
        line = full[:full.index(secret)].count("\n") + 1
        if secret.startswith("-----BEGIN"):
            probe = [l for l in secret.split("\n") if l and not l.startswith("-")][1]
        else:
            n = len(secret)
            probe = secret[n // 3:n - n // 3]
        print(rule, name, line, probe)


def cmd_nearmiss(d):
    os.makedirs(os.path.join(d, "tests", "fixtures"), exist_ok=True)
    good = crc_token("ghp_")
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    badnpm = crc_token("npm_")
    badnpm = badnpm[:-2] + ("zz" if badnpm[-2:] != "zz" else "yy")
    files = {
        "badcrc.txt": "token %s\nnpm %s\n" % (bad, badnpm),
        "placeholders.md": "\n".join([
            "AWS key AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "STRIPE=sk_live_000000000000000000000000",
            "url = https://user:password@example.com/",
            "url = postgres://postgres:${DB_PASSWORD}@db/app",
            "password = \"<your-password-here>\"",
            "api_key = \"YOUR_API_KEY_1234567890\"",
            "slack https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "-----BEGIN RSA PRIVATE KEY-----", "...", "-----END RSA PRIVATE KEY-----",
            "const pem = \"-----BEGIN PRIVATE KEY-----\\n\" + body;",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9"
            "lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "token_type = \"Bearer-x1234567890abc\"",
            "password_file = \"/run/secrets/db_password_2\"",
            "  \"opencompensationtokenlicenseversion021\": \"LicenseRef-scancode-octl-0.21\",",
            "  \"secretlabs\": \"LicenseRef-scancode-secret-labs-2011\",",
            "  password: 'bm90IG15IHJlYWwgcGFzc3dvcmQ=',",
            ""]),
        "package-lock.json": json.dumps({"packages": {"node_modules/x": {
            "integrity": "sha512-" + base64.b64encode(os.urandom(64)).decode(),
            "resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz",
            "token": "r" + rand(B62, 31)}}}, indent=2) + "\n",
        "yarn.lock": 'x@^1:\n  integrity sha1-%s\n  secret "%s"\n' % (
            base64.b64encode(os.urandom(20)).decode(), rand(B62, 30)),
        "go.sum": "example.com/x v1.0.0 h1:%s=\n" % base64.b64encode(os.urandom(32)).decode()[:43],
        "allowed.env": "GITHUB_TOKEN=%s # vouch:allow test account, revoked\n" % crc_token("ghp_"),
        "tests/fixtures/db.env": "password = \"%s\"\nurl=mysql://u:%s@db1.internal/x\n" % (
            rand(B62, 24), rand(B62, 16)),
        "jwt_none.txt": "%s.%s.\n" % (b64url(b'{"alg":"none"}'), b64url(b'{"sub":"a"}')),
        "notjwt.txt": "eyJhbGciOiJIUzI1NiJ9x.notbase64json.%s\n" % rand(B62, 30),
        "binary.bin": None,
    }
    for name, text in files.items():
        path = os.path.join(d, name)
        if text is None:
            with open(path, "wb") as f:
                f.write(b"\0\x01\x02" + crc_token("ghp_").encode() + b"\n")
            continue
        with open(path, "w") as f:
            f.write(text)


def cmd_seeds(d):
    """Fuzz seeds: each planted file with "EXAMPLE" in its secret (a placeholder,
    so the repository holds no token of a valid format), then the near misses;
    the first byte of a seed is fuzz_secrets' choice of file name."""
    os.makedirs(d, exist_ok=True)
    for i, (rule, name, text, secret) in enumerate(planted()):
        k = len(secret) // 2
        fake = secret[:k] + "EXAMPLE" + secret[k + 7:]
        with open(os.path.join(d, "planted-%02d-%s" % (i, rule)), "w") as f:
            f.write("\0" + text.format(s=fake))
    tmp = os.path.join(d, ".nm")
    cmd_nearmiss(tmp)
    for root, _, files in os.walk(tmp):
        for n in files:
            data = open(os.path.join(root, n), "rb").read()
            if b"ghp_" in data and b"vouch:allow" in data:
                continue  # a valid token, allowed on its line: not for the repository
            with open(os.path.join(d, "nearmiss-" + n), "wb") as f:
                f.write(b"\0" + data)
            os.unlink(os.path.join(root, n))
    import shutil
    shutil.rmtree(tmp)


if __name__ == "__main__":
    cmds = {"planted": cmd_planted, "nearmiss": cmd_nearmiss, "seeds": cmd_seeds}
    if len(sys.argv) != 3 or sys.argv[1] not in cmds:
        sys.exit("usage: secret_tokens.py planted|nearmiss|seeds DIR")
    cmds[sys.argv[1]](sys.argv[2])
