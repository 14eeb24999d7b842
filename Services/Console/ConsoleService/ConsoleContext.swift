import Foundation
import Hummingbird

/// The console's request context: the session the request's cookie names, once ``SessionMiddleware`` found it.
struct ConsoleContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var session: ConsoleSession?

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.session = nil
    }

    /// Forms are small: a sign-in or a decision with its reason.
    var maxUploadSize: Int { 64 * 1024 }
}
