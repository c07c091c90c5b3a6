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


def planted():
    """(rule, file name, text, secret substring) for every rule."""
    gh = {p: crc_token(p) for p in ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")}
    aws_id = "AKIA" + rand(AWS_ID, 16)
    aws_secret = rand(B62 + "+/", 40)
    while not (any(c.isdigit() for c in aws_secret) and any(c.islower() for c in aws_secret)
               and any(c.isupper() for c in aws_secret)):
        aws_secret = rand(B62 + "+/", 40)
    fine = "github_pat_" + rand(B62, 22) + "_" + rand(B62, 59)
    rsa = pem_body(1190)
    ossh = pem_body(300)
    pgp = pem_body(900)
    pw = rand(B62, 16)
    gen = rand(B62, 32)
    items = [
        ("github-pat", "deploy.sh", "#!/bin/sh\nexport GITHUB_TOKEN=%s\n" % gh["ghp_"], gh["ghp_"]),
        ("github-oauth", "oauth.json", '{\n  "access_token": "%s"\n}\n' % gh["gho_"], gh["gho_"]),
        ("github-user-to-server", "app.py", "TOKEN = '%s'\n" % gh["ghu_"], gh["ghu_"]),
        ("github-server-to-server", "ci.yml", "env:\n  GH: %s\n" % gh["ghs_"], gh["ghs_"]),
        ("github-refresh", "refresh.txt", "refresh %s\n" % gh["ghr_"], gh["ghr_"]),
        ("github-fine-grained-pat", "fine.env", "GH_PAT=%s\n" % fine, fine),
        ("gitlab-pat", "gitlab.sh", "curl -H 'PRIVATE-TOKEN: glpat-%s' x\n" % rand(B64URL, 20),
         None),
        ("gitlab-deploy-token", "deploy.txt", "gldt-%s\n" % rand(B64URL, 20), None),
        ("gitlab-runner-token", "runner.toml", 'token = "glrt-%s"\n' % rand(B64URL, 20), None),
        ("gitlab-pipeline-trigger", "trigger.sh", "T=glptt-%s\n" % rand("0123456789abcdef", 40),
         None),
        ("gitlab-other-token", "oauth.cfg", "secret: gloas-%s\n" % rand(B64URL, 64), None),
        ("aws-access-key", "credentials",
         "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (aws_id, aws_secret),
         aws_id),
        ("google-api-key", "maps.js", 'const key = "AIza%s";\n' % rand(B64URL, 35), None),
        ("slack-token", "slack.env",
         "SLACK_BOT_TOKEN=xoxb-%s-%s-%s\n" % (rand("0123456789", 12), rand("0123456789", 13),
                                              rand(B62, 24)), None),
        ("slack-webhook", "notify.sh",
         "curl -X POST https://hooks.slack.com/services/T%s/B%s/%s\n" % (
             rand(AWS_ID, 10), rand(AWS_ID, 10), rand(B62, 24)), None),
        ("stripe-secret-key", "pay.rb", "Stripe.api_key = 'sk_live_%s'\n" % rand(B62, 99), None),
        ("npm-token", ".npmrc", "//registry.npmjs.org/:_authToken=%s\n" % crc_token("npm_"),
         None),
        ("pypi-token", ".pypirc",
         "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc%s\n" % rand(B64URL, 150),
         None),
        ("dockerhub-token", "docker.sh", "echo dckr_pat_%s | docker login\n" % rand(B64URL, 27),
         None),
        ("private-key", "id_rsa",
         "-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----\n" % rsa, None),
        ("private-key", "id_ed25519",
         "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n-----END OPENSSH PRIVATE KEY-----\n" % ossh,
         None),
        ("private-key", "secret.asc",
         "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n%s\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----\n"
         % pgp, None),
        ("jwt", "session.txt", "Authorization: Bearer %s\n" % jwt(), None),
        ("url-password", "settings.py",
         "DATABASE_URL = 'postgres://app:%s@db.internal:5432/app'\n" % pw, pw),
        ("secret-generic", "config.yaml", "service:\n  client_secret: \"%s\"\n" % gen, gen),
    ]
    return items


def token_of(rule, text):
    return text


def cmd_planted(d):
    os.makedirs(d, exist_ok=True)
    for rule, name, text, secret in planted():
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        line = 1
        if secret:
            line = text[:text.index(secret)].count("\n") + 1
        else:
            for i, l in enumerate(text.split("\n")):
                if any(ch.isalnum() for ch in l) and not l.startswith("[") and \
                        not l.startswith("username"):
                    line = i + 1
                    break
        print(rule, name, line, secret or "-")


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


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("planted", "nearmiss"):
        sys.exit("usage: secret_tokens.py planted|nearmiss DIR")
    (cmd_planted if sys.argv[1] == "planted" else cmd_nearmiss)(sys.argv[2])
