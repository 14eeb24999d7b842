import JSONRPC

extension RPCMethods {
    /// Adds `rpc.discover` and `health.check`, answered inline (no task hop): the OpenRPC document is built once,
    /// from these very registrations, so it cannot drift from what is dispatched.
    public mutating func registerReserved(title: String, version: String, state: ServerState) {
        var all = self.descriptors
        all.append(Reserved.discover.descriptor)
        all.append(Reserved.healthCheck.descriptor)
        // Encoding these fixed values cannot fail; a failure would be a programming error caught by every test.
        let document = try! Encoded(OpenRPC.document(title: title, version: version, methods: all))
        let serving = try! Encoded(HealthStatus(status: .serving))
        let notServing = try! Encoded(HealthStatus(status: .notServing))
        self.registerInline(Reserved.discover) { _ in document }
        self.registerInline(Reserved.healthCheck) { _ in state.isReady ? serving : notServing }
    }
}
