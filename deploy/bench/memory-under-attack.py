"""Memory of a service under the attacks of issue 14, measured from /proc (not a test; deploy/bench/memory-under-attack.sh
runs it). Each scenario prints one line: the service's RSS before, the peak during, and what the clients saw.

  anonymous   4 connections x 100 streams, no token, each sending just under 1 MiB and never ending
  token       the same with a valid access token (per-connection budget applies)
  forms       20 concurrent 5 MiB application-form uploads (PUT /forms/{sha256}) by a teacher
  bodies      20 concurrent JSON-RPC bodies of just under 1 MiB with a token, each ended
"""
import hashlib, json, select, socket, sys, time
import h2.config, h2.connection, h2.events, h2.exceptions

port, pid, scenario, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]

def rss_kib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])

def run(conns_streams, body_of, path_of, headers_extra, end, seconds):
    conns = []
    counter = iter(range(1 << 30))  # numbers the streams over all connections
    for streams in conns_streams:
        s = socket.create_connection(("127.0.0.1", port))
        c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        c.initiate_connection()
        pending = {}
        for _ in range(streams):
            i = next(counter)
            sid = c.get_next_available_stream_id()
            body = body_of(i)
            c.send_headers(sid, [(":method", "PUT" if path_of(i, body) != "/rpc" else "POST"), (":path", path_of(i, body)),
                                 (":scheme", "http"), (":authority", "x"), ("content-length", str(len(body)))] + headers_extra)
            pending[sid] = body
        # Blocking sends: flow control keeps what each pump sends small; reads wait on select.
        conns.append((s, c, pending))
    statuses, peak, start = {}, rss_kib(), time.time()
    def pump(s, c, pending):
        # Sends what flow control allows; a body that never ends keeps back its last byte for good.
        for sid in list(pending):
            data = pending[sid]
            try:
                room = min(c.local_flow_control_window(sid), c.max_outbound_frame_size)
            except h2.exceptions.StreamClosedError:
                del pending[sid]; continue
            while room > 0 and len(data) > (0 if end else 1):
                chunk, data = data[:min(room, len(data) - (0 if end else 1))], data[min(room, len(data) - (0 if end else 1)):]
                c.send_data(sid, chunk, end_stream=end and not data)
                room = min(c.local_flow_control_window(sid), c.max_outbound_frame_size)
            if len(data) > (0 if end else 1): pending[sid] = data
            else: del pending[sid]
        try: s.sendall(c.data_to_send())
        except (BlockingIOError, OSError): pass
    for s, c, p in conns: pump(s, c, p)
    while time.time() - start < seconds:
        r, _, _ = select.select([s for s, _, _ in conns], [], [], 0.1)
        for s, c, pending in conns:
            if s in r:
                try: data = s.recv(1 << 20)
                except OSError: data = b""
                if data:
                    try: events = c.receive_data(data)
                    except h2.exceptions.ProtocolError: events = []
                    for e in events:
                        if isinstance(e, h2.events.ResponseReceived):
                            st = dict(e.headers)[b":status"].decode(); statuses[st] = statuses.get(st, 0) + 1
                        if isinstance(e, (h2.events.StreamReset, h2.events.StreamEnded)): pending.pop(e.stream_id, None)
            pump(s, c, pending)
        peak = max(peak, rss_kib())
    return statuses, peak

before = rss_kib()
bearer = [("authorization", "Bearer " + token), ("content-type", "application/json")]
if scenario in ("anonymous", "token"):
    body = b" " * ((1 << 20) - 1024)
    statuses, peak = run([100] * 4, lambda i: body, lambda i, b: "/rpc", [("content-type", "application/json")] +
                         (bearer[:1] if scenario == "token" else []), False, 20)
elif scenario == "forms":
    scans = [b"%PDF-1.7\n" + bytes([i]) * ((5 << 20) - 9) for i in range(20)]
    statuses, peak = run([1] * 20, lambda i: scans[i], lambda i, b: "/forms/" + hashlib.sha256(b).hexdigest(),
                         [("authorization", "Bearer " + token)], True, 25)
elif scenario == "bodies":
    call = json.dumps({"jsonrpc": "2.0", "method": "health.check", "id": 1}).encode()
    body = call[:-1] + b" " * ((1 << 20) - 1024 - len(call)) + b"}"
    statuses, peak = run([1] * 20, lambda i: body, lambda i, b: "/rpc", bearer, True, 15)
print(json.dumps({"scenario": scenario, "rss_before_mib": round(before / 1024, 1), "rss_peak_mib": round(peak / 1024, 1),
                  "answers": statuses}))
