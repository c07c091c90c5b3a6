# webhook-receiver.py PORT-FILE OUT: a webhook receiver for the vouch serve
# tests; each POST body is appended to OUT as one line, and the port it
# listens on (loopback, picked by the system) is written to PORT-FILE.
import http.server, sys


class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        with open(sys.argv[2], "ab") as f:
            f.write(self.rfile.read(n) + b"\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
