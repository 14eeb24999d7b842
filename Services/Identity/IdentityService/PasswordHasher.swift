import Crypto
import Foundation
import _CryptoExtras

/// Admin passwords, stored as scrypt hashes (memory-hard) with a random salt and the parameters used, so that
/// stronger parameters can be adopted later without invalidating stored hashes.
enum PasswordHasher {
    struct Hash {
        let hash: Data
        let salt: Data
        /// `scrypt:N=…,r=…,p=…`.
        let kdf: String
    }

    /// 2^15 rounds × 8 × 128 bytes: 32 MiB and ~0.1 s per hash on this machine.
    static let rounds = 1 << 15
    static let blockSize = 8
    static let parallelism = 1

    static func hash(_ password: String) throws -> Hash {
        let salt = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
        let key = try Self.derive(
            password,
            salt: salt,
            rounds: Self.rounds,
            blockSize: Self.blockSize,
            parallelism: Self.parallelism
        )
        return Hash(hash: key, salt: salt, kdf: "scrypt:N=\(Self.rounds),r=\(Self.blockSize),p=\(Self.parallelism)")
    }

    /// Whether `password` matches; the comparison takes the same time wherever the bytes differ.
    static func verify(_ password: String, against stored: Hash) throws -> Bool {
        guard let parameters = Self.parameters(stored.kdf) else { return false }
        let key = try Self.derive(
            password,
            salt: stored.salt,
            rounds: parameters.0,
            blockSize: parameters.1,
            parallelism: parameters.2
        )
        guard key.count == stored.hash.count else { return false }
        return zip(key, stored.hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(_ password: String, salt: Data, rounds: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Data(password.utf8),
            salt: salt,
            outputByteCount: 32,
            rounds: rounds,
            blockSize: blockSize,
            parallelism: parallelism
        )
        return key.withUnsafeBytes { Data($0) }
    }

    private static func parameters(_ kdf: String) -> (Int, Int, Int)? {
        guard kdf.hasPrefix("scrypt:") else { return nil }
        var values: [String: Int] = [:]
        for pair in kdf.dropFirst("scrypt:".count).split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard let n = values["N"], let r = values["r"], let p = values["p"] else { return nil }
        return (n, r, p)
    }
}
