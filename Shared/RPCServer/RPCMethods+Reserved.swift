import JSONRPC

extension RPCMethods {
    /// Adds `rpc.discover` and `health.check`, answered inline (no task hop): the OpenRPC document is built once,
    /// from these very registrations, so it cannot drift from what is dispatched.
    public mutating func registerReserved(title: String, version: String, state: ServerState) {
        var all = self.descriptors
        all.append(Reserved.discover.descriptor)
        all.append(Reserved.healthCheck.descriptor)
        let document = OpenRPC.document(title: title, version: version, methods: all)
        self.registerInline(Reserved.discover) { _, _ in document }
        self.registerInline(Reserved.healthCheck) { _, _ in
            HealthStatus(status: state.isReady ? .serving : .notServing)
        }
    }
}
