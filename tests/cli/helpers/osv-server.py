#!/usr/bin/python3
"""A small HTTP server for `vouch db update` tests, on 127.0.0.1.

usage: osv-server.py ROOT PORTFILE LOG
Serves the files under ROOT with a strong ETag (hash of the content) and
Last-Modified, answers If-None-Match with 304 and Range (with If-Range) with
206. A file ROOT/NAME.cut makes the next GET of NAME send only half of the
body and then drop the connection (the .cut file is removed): an interrupted
download. Each request is logged as "METHOD PATH STATUS RANGE" in LOG.
"""
import email.utils
import hashlib
import http.server
import os
import socketserver
import sys

root, portfile, log = sys.argv[1:4]


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
with open(portfile + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + '.tmp', portfile)
srv.serve_forever()
