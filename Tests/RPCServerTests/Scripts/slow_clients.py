# Slow and stalled clients against a server's port, for SlowClientTests: opens `count` connections that behave as
# `scenario` says and reports, as one JSON line, what the server did with them within `wait` seconds.
#   silent          connect and send nothing
#   preface         send the HTTP/2 preface and an empty SETTINGS frame, then nothing
#   half-headers    send half an HTTP/1.1 request head, then nothing
#   stalled-body    HTTP/2: open `streams` POST /rpc streams per connection, send 17 bytes of body, never end them
#   anonymous-body  HTTP/2: the same, each stream sending 64 kB of body without a token
#   big-bodies      HTTP/2: each stream sends 40 kB with the bearer token `token`, never ending
# usage: slow_clients.py PORT SCENARIO COUNT WAIT [STREAMS [TOKEN]]
import socket, sys, time, select, json
port, scenario, count, wait = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
socks = []
def connect():
    s = socket.create_connection(("127.0.0.1", port)); s.setblocking(False); return s
results = {}
if scenario in ("silent", "preface", "half-headers"):
    for _ in range(count):
        s = connect()
        if scenario == "preface": s.sendall(PREFACE + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        if scenario == "half-headers": s.sendall(b"POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Ty")
        socks.append(s)
    start = time.time(); closed = {}
    while len(closed) < len(socks) and time.time() - start < wait:
        r, _, _ = select.select([s for s in socks if s not in closed], [], [], 0.2)
        for s in r:
            try:
                data = s.recv(65535)
                if not data: closed[s] = time.time() - start
            except (ConnectionResetError, OSError): closed[s] = time.time() - start
    print(json.dumps({"closed": len(closed), "open": len(socks) - len(closed), "slowest": max(closed.values(), default=0)}))
elif scenario in ("stalled-body", "anonymous-body", "big-bodies"):
    import h2.connection, h2.events, h2.config, h2.exceptions
    streams = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    body = {"stalled-body": b'{"jsonrpc":"2.0",', "anonymous-body": b" " * 64000, "big-bodies": b" " * 40000}[scenario]
    conns = []  # (socket, connection, {stream: bytes still to send})
    statuses = {}; ended = set(); closed = {}
    def pump(s, c, pending):
        # Sends what flow control allows of each stream's remaining body (never ending the stream).
        for sid in list(pending):
            try:
                room = min(c.local_flow_control_window(sid), c.max_outbound_frame_size)
            except h2.exceptions.StreamClosedError:
                del pending[sid]; continue
            while room > 0 and pending[sid]:
                chunk, pending[sid] = pending[sid][:room], pending[sid][room:]
                c.send_data(sid, chunk)
                room = min(c.local_flow_control_window(sid), c.max_outbound_frame_size)
            if not pending[sid]: del pending[sid]
        try: s.sendall(c.data_to_send())
        except OSError: pass
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        c.initiate_connection()
        pending = {}
        for i in range(streams):
            sid = c.get_next_available_stream_id()
            headers = [(":method", "POST"), (":path", "/rpc"), (":scheme", "http"), (":authority", "x"),
                       ("content-type", "application/json")]
            if scenario == "big-bodies": headers.append(("authorization", "Bearer " + sys.argv[6]))
            c.send_headers(sid, headers)
            pending[sid] = body
        pump(s, c, pending)
        s.setblocking(False)
        conns.append((s, c, pending))
    start = time.time()
    while time.time() - start < wait and len(closed) < len(conns):
        r, _, _ = select.select([s for s, _, _ in conns if s not in closed], [], [], 0.2)
        for s, c, pending in conns:
            if s not in r: continue
            try:
                data = s.recv(65535)
            except (ConnectionResetError, OSError): data = b""
            if not data: closed[s] = time.time() - start; continue
            try:
                events = c.receive_data(data)
            except h2.exceptions.ProtocolError:
                events = []
            for e in events:
                if isinstance(e, h2.events.ResponseReceived):
                    st = dict(e.headers).get(b":status", b"?").decode(); statuses[st] = statuses.get(st, 0) + 1
                if isinstance(e, (h2.events.StreamReset, h2.events.StreamEnded)):
                    ended.add((id(s), e.stream_id)); pending.pop(e.stream_id, None)
            pump(s, c, pending)
    print(json.dumps({"streams": count * streams, "ended": len(ended), "statuses": statuses,
                      "closed": len(closed), "slowest": max(closed.values(), default=0)}))
