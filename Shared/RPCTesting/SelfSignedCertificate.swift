import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate for `localhost`/127.0.0.1 and its key, written as PEM files, for TLS tests.
public struct SelfSignedCertificate: Sendable {
    public let certificatePath: String
    public let keyPath: String

    public init(in directory: URL) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-60),
            notValidAfter: now.addingTimeInterval(3600),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(key)
        )
        self.certificatePath = directory.appendingPathComponent("cert.pem").path
        self.keyPath = directory.appendingPathComponent("key.pem").path
        let certificatePEM = try certificate.serializeAsPEM().pemString
        try certificatePEM.write(toFile: self.certificatePath, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: self.keyPath, atomically: true, encoding: .utf8)
    }
}
