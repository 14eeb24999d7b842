extension Duration {
    /// Whole nanoseconds, clamped to zero below and to what an `Int64` holds above (for timers and headers).
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = self.components
        if seconds < 0 { return 0 }
        if seconds > 9_000_000_000 { return Int64.max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
