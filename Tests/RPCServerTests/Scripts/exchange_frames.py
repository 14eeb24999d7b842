# What a client sees of one exchange on the wire, for HTTPExchangeTests; prints one JSON object.
#   http10      an HTTP/1.0 GET /healthz without keep-alive: the answer, and whether the server then closed
#   http11      two HTTP/1.1 requests on one connection: both answered on it
#   h2          HTTP/2: the frames answering POST /rpc (health.check), HEAD /healthz and a 415 refusal
# usage: exchange_frames.py PORT
import socket, sys, json
port = int(sys.argv[1])
out = {}

def read_all(s):
    data = b""
    s.settimeout(10)
    while True:
        try:
            chunk = s.recv(65535)
        except socket.timeout:
            return data, False
        if not chunk:
            return data, True
        data += chunk

s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n")
data, closed = read_all(s)
out["http10"] = {"status": data.split(b"\r\n", 1)[0].decode(), "closed": closed, "body": data.split(b"\r\n\r\n", 1)[-1].decode()}
s.close()

s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data, closed = read_all(s)
out["http11"] = {"answers": data.count(b"HTTP/1.1 200"), "closed": closed}
s.close()

# Two calls answered in tasks, pipelined, the second asking to close: NIO hands over the second while the first's
# answer is written, so the close must wait for the second's answer.
def post(call, close):
    return (b"POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + (b"Connection: close\r\n" if close else b"")
            + b"Content-Length: " + str(len(call)).encode() + b"\r\n\r\n" + call)
s = socket.create_connection(("127.0.0.1", port))
s.sendall(post(b'{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2]},"id":7}', False)
          + post(b'{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[3,4]},"id":8}', True))
data, closed = read_all(s)
out["pipelined"] = {"answers": data.count(b"HTTP/1.1 200"), "result": b'"result":7' in data, "closed": closed}
s.close()

import h2.connection, h2.config, h2.events
c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
c.initiate_connection()
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(10)
s.sendall(c.data_to_send())
body = b'{"jsonrpc":"2.0","method":"health.check","id":1}'
requests = {
    "post": ([(":method", "POST"), (":path", "/rpc"), (":scheme", "http"), (":authority", "x"),
              ("content-type", "application/json")], body),
    "head": ([(":method", "HEAD"), (":path", "/healthz"), (":scheme", "http"), (":authority", "x")], None),
    "refused": ([(":method", "POST"), (":path", "/rpc"), (":scheme", "http"), (":authority", "x"),
                 ("content-type", "text/plain")], b"x"),
}
streams = {}
for name, (headers, payload) in requests.items():
    sid = c.get_next_available_stream_id()
    streams[sid] = name
    c.send_headers(sid, headers, end_stream=payload is None)
    if payload is not None:
        c.send_data(sid, payload, end_stream=True)
s.sendall(c.data_to_send())
frames = {name: [] for name in requests}
status = {}
done = set()
while len(done) < len(streams):
    data = s.recv(65535)
    if not data:
        break
    for event in c.receive_data(data):
        sid = getattr(event, "stream_id", None)
        if sid not in streams:
            continue
        name = streams[sid]
        if isinstance(event, h2.events.ResponseReceived):
            frames[name].append("HEADERS")
            status[name] = dict(event.headers).get(b":status", b"").decode()
        elif isinstance(event, h2.events.DataReceived):
            frames[name].append("DATA(%d)" % len(event.data))
            c.acknowledge_received_data(event.flow_controlled_length, sid)
        elif isinstance(event, h2.events.StreamEnded):
            frames[name].append("END")
            done.add(sid)
        elif isinstance(event, h2.events.StreamReset):
            frames[name].append("RST(%d)" % event.error_code)
            done.add(sid)
    s.sendall(c.data_to_send())
out["h2"] = {"frames": frames, "status": status}
print(json.dumps(out))
