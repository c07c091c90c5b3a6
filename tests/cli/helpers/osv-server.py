#!/usr/bin/python3
"""A small HTTP server for `vouch db update` tests, on 127.0.0.1.

usage: osv-server.py ROOT PORTFILE LOG [CERT.pem]
Serves the files under ROOT with a strong ETag (hash of the content) and
Last-Modified, answers If-None-Match with 304 and Range (with If-Range) with
206. A file ROOT/NAME.cut makes the next GET of NAME send only half of the
body and then drop the connection (the .cut file is removed): an interrupted
download. Each request is logged as "METHOD PATH STATUS RANGE" in LOG.
Crafted answers, while a file beside NAME exists:
  NAME.html      200 with an HTML error page instead of NAME, under NAME's ETag
  NAME.redirect  302 to the URL the file holds
  NAME.stall     the headers and 1000 bytes of NAME, then nothing for 120 s
  NAME.trickle   NAME at about 2000 bytes a second
With CERT.pem (certificate and key), it serves https instead of http.
"""
import email.utils
import hashlib
import http.server
import os
import socketserver
import ssl
import sys
import time

root, portfile, log = sys.argv[1:4]
cert = sys.argv[4] if len(sys.argv) > 4 else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def note(self, status):
        with open(log, 'a') as f:
            f.write('%s %s %d %s\n' % (self.command, self.path, status, self.headers.get('Range', '-')))

    def do_GET(self):
        path = os.path.join(root, self.path.lstrip('/'))
        if not os.path.isfile(path):
            self.note(404)
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        if os.path.exists(path + '.redirect'):
            self.note(302)
            self.send_response(302)
            self.send_header('Location', open(path + '.redirect').read().strip())
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        if os.path.exists(path + '.html'):
            page = b'<!DOCTYPE html><html><body><h1>Service unavailable</h1></body></html>\n'
            self.note(200)
            self.send_response(200)
            self.send_header('Content-Type', 'text/html')
            # with the archive's own ETag, as a proxy that keeps the headers would
            real = hashlib.sha256(open(path, 'rb').read()).hexdigest()[:16]
            self.send_header('ETag', '"%s"' % real)
            self.send_header('Content-Length', str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        data = open(path, 'rb').read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        if self.headers.get('If-None-Match') == etag:
            self.note(304)
            self.send_response(304)
            self.send_header('ETag', etag)
            self.end_headers()
            return
        start = 0
        rng = self.headers.get('Range')
        if rng and rng.startswith('bytes=') and self.headers.get('If-Range', etag) == etag:
            start = int(rng[6:].split('-')[0])
        body = data[start:]
        status = 206 if start else 200
        self.note(status)
        self.send_response(status)
        self.send_header('ETag', etag)
        self.send_header('Last-Modified', mtime)
        self.send_header('Content-Length', str(len(body)))
        if start:
            self.send_header('Content-Range', 'bytes %d-%d/%d' % (start, len(data) - 1, len(data)))
        self.end_headers()
        if os.path.exists(path + '.stall'):
            self.wfile.write(body[:1000])
            self.wfile.flush()
            time.sleep(120)
            self.close_connection = True
            return
        if os.path.exists(path + '.trickle'):
            for i in range(0, len(body), 100):
                self.wfile.write(body[i:i + 100])
                self.wfile.flush()
                time.sleep(0.05)
            return
        if os.path.exists(path + '.cut'):
            os.unlink(path + '.cut')
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(('127.0.0.1', 0), Handler)
if cert:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(portfile + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + '.tmp', portfile)
srv.serve_forever()
